import type { Request, Response } from 'express';
import { decide, type Action } from '../../shared/permissions.ts';
import { actorOf, type Accounts, type Principal } from '../accounts/accounts.ts';

export { actorOf };

/** The person behind a request's bearer token, or null after answering 401. */
export function signedIn(accounts: Accounts) {
  return async (req: Request, res: Response): Promise<Principal | null> => {
    const h = req.headers.authorization;
    const result = await accounts.authenticate(h?.startsWith('Bearer ') ? h.slice(7) : undefined);
    if (result.ok) return result.value;
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
      res.status(403).json({ error: 'not_permitted' });
      return null;
    }
    return p;
  };
}

/**
 * Send a service's result: the value with `ok`, or its error with the status the route maps it to (400
 * when unmapped), with the refused fields when there are some.
 */
export function answer<T>(
  res: Response,
  r: { ok: true; value: T } | { ok: false; error: string; fields?: unknown },
  statuses: Record<string, number>,
  ok = 200,
): void {
  if (r.ok) {
    res.status(ok).json(r.value);
    return;
  }
  res.status(statuses[r.error] ?? 400).json(r.fields ? { error: r.error, fields: r.fields } : { error: r.error });
}
