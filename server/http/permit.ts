import type { Request, Response } from 'express';
import { AccountsError, accountsErrorStatus } from '../../shared/accounts.ts';
import { decide, type Action } from '../../shared/permissions.ts';
import type { Result, StatusMap } from '../../shared/result.ts';
import { actorOf, type Accounts, type Principal } from '../accounts/accounts.ts';
import { memberHere } from '../stations/scope.ts';

export { actorOf };

/**
 * The person behind a request's bearer token, or null after answering 401 — or 403 `station_not_member` for
 * staff acting in a station they do not belong to, unless `anyStation`: for what concerns the person alone
 * and no station, such as signing out, which must work from whatever station's page they happen to be on.
 */
export function signedIn(accounts: Accounts, { anyStation = false }: { anyStation?: boolean } = {}) {
  return async (req: Request, res: Response): Promise<Principal | null> => {
    const h = req.headers.authorization;
    const result = await accounts.authenticate(h?.startsWith('Bearer ') ? h.slice(7) : undefined);
    if (result.ok) return anyStation || memberHere(res, result.value) ? result.value : null;
    // 401 whatever the reason, a disabled account's too: the page signs in again.
    res.status(401).json({ error: result.error });
    return null;
  };
}

/**
 * The person behind a request's bearer token, if the permission matrix lets them take this action; else
 * the answer is sent (401 without a valid token, 403 for the wrong role) and null returned.
 */
export function permit(accounts: Accounts) {
  const who = signedIn(accounts);
  return async (req: Request, res: Response, action: Action): Promise<Principal | null> => {
    const p = await who(req, res);
    if (!p) return null;
    if (!decide(actorOf(p), action).allowed) {
      refuse(res, AccountsError.notPermitted, accountsErrorStatus);
      return null;
    }
    return p;
  };
}

/**
 * Send a service's result: the value with `ok`, or its error with the status the feature's map gives it
 * (`statuses` must name every code the result may carry, so an unmapped code does not compile), with the
 * refused fields when there are some.
 */
export function answer<T, E extends string>(
  res: Response,
  r: Result<T, E, { fields?: unknown }>,
  statuses: StatusMap<NoInfer<E>>,
  ok = 200,
): void {
  if (r.ok) {
    res.status(ok).json(r.value);
    return;
  }
  res.status(statuses[r.error]).json(r.fields ? { error: r.error, fields: r.fields } : { error: r.error });
}

/** Send a refusal the route decided itself (a body that fails its schema), with its feature's status. */
export function refuse<E extends string>(
  res: Response,
  error: E,
  statuses: StatusMap<NoInfer<E>>,
  more: Record<string, unknown> = {},
): void {
  res.status(statuses[error]).json({ error, ...more });
}
