import { type Application, type Request, type Response } from 'express';
import {
  AccountsError,
  accountsErrorStatus,
  AccountsRoute,
  merchantSignUpSchema,
  recoverSchema,
  renewRecoverySchema,
  staffLoginSchema,
  type MeResponse,
} from '../../shared/accounts.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts, Principal } from './accounts.ts';
import { log } from '../log.ts';
import { tooMany } from '../http/limits.ts';
import { permit, refuse, signedIn } from '../http/permit.ts';
import { jsonBody } from '../http/jsonBody.ts';

/** Request bodies here are a few fields; anything larger is refused before it is parsed. */
const BODY_LIMIT = '8kb';

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

/** A refusal with its status from the accounts map, and what it carries besides. */
function fail(res: Response, error: AccountsError, extra: Record<string, unknown> = {}): void {
  refuse(res, error, accountsErrorStatus, extra);
}

function me(p: Principal): MeResponse {
  return p.kind === 'staff'
    ? { kind: 'staff', id: p.id, role: p.role, name: p.name }
    : { kind: 'merchant', id: p.id, name: p.name, shop: p.shop, phone: p.phone, appearance: p.appearance };
}

/** Which fields of a body failed validation, for the form to show each error beside its input. */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? '_');
    out[key] ??= i.message;
  }
  return out;
}

/**
 * The accounts API: staff sign-in, merchant sign-up and recovery, and the signed-in person's profile.
 * Validate → call the accounts service → answer; the service is the only thing that touches storage.
 */
export function mountAccountsApi(app: Application, accounts: Accounts): void {
  const json = jsonBody(BODY_LIMIT);
  const allowed = permit(accounts);
  const principal = signedIn(accounts);
  const anywhere = signedIn(accounts, { anyStation: true });

  app.post(AccountsRoute.staffLogin, json, async (req, res) => {
    const body = staffLoginSchema.safeParse(req.body);
    if (!body.success) return fail(res, AccountsError.invalidInput, { fields: fieldErrors(body.error.issues) });
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const result = await accounts.staffLogin(body.data.username, body.data.password, address);
    if (!result.ok) {
      log.warn('accounts.login.refused', { reason: result.error, address });
      if (result.error === AccountsError.throttled) return tooMany(req, res, result.retryAfter ?? 60);
      return fail(res, result.error);
    }
    log.info('accounts.login', { staff: result.value.staff.id, role: result.value.staff.role });
    res.json({ token: result.value.token, me: me(result.value.staff) });
  });

  app.post(AccountsRoute.merchants, json, async (req, res) => {
    const body = merchantSignUpSchema.safeParse(req.body);
    if (!body.success) return fail(res, AccountsError.invalidInput, { fields: fieldErrors(body.error.issues) });
    const session = await accounts.registerMerchant(body.data);
    log.info('accounts.merchant.created', { merchant: session.merchant.id });
    res.status(201).json({ token: session.token, me: me(session.merchant), recoveryCode: session.recoveryCode });
  });

  app.post(AccountsRoute.recover, json, async (req, res) => {
    const body = recoverSchema.safeParse(req.body);
    if (!body.success) return fail(res, AccountsError.invalidInput, { fields: fieldErrors(body.error.issues) });
    const result = await accounts.recoverMerchant(body.data.code);
    if (!result.ok) return fail(res, result.error);
    res.json({ token: result.value.token, me: me(result.value.merchant) });
  });

  app.get(AccountsRoute.me, async (req, res) => {
    const p = await principal(req, res);
    if (p) res.json({ me: me(p) });
  });

  // Staff profiles are an administrator's to change (npm run staff); the permission table says who may.
  app.patch(AccountsRoute.me, json, async (req, res) => {
    const p = await allowed(req, res, Action.editOwnProfile);
    if (!p) return;
    const body = merchantSignUpSchema.safeParse(req.body);
    if (!body.success) return fail(res, AccountsError.invalidInput, { fields: fieldErrors(body.error.issues) });
    res.json({ me: me(await accounts.updateMerchant(p.id, body.data)) });
  });

  // A new code ends every earlier sign-in (a lost phone's); the asking device carries on with a new token.
  app.post(AccountsRoute.recoveryCode, json, async (req, res) => {
    const p = await allowed(req, res, Action.editOwnProfile);
    if (!p) return;
    const body = renewRecoverySchema.safeParse(req.body ?? {});
    if (!body.success) return fail(res, AccountsError.invalidInput, { fields: fieldErrors(body.error.issues) });
    const renewed = await accounts.renewRecoveryCode(p.id, body.data.keep);
    log.info('accounts.merchant.recovery_code', { merchant: p.id });
    res.json({ recoveryCode: renewed.code, token: renewed.token });
  });

  // Signing out ends every token of the person, here and on other devices, and their room connections. It
  // concerns no station, so it works from any station's page: a refusal would leave the token alive.
  app.post(AccountsRoute.signOut, async (req, res) => {
    const p = await anywhere(req, res);
    if (!p) return;
    if (p.kind === 'staff') await accounts.staffSignOut(p.id);
    else await accounts.merchantSignOut(p.id);
    res.json({ ok: true });
  });

  // The pass a room admits (see ROOM_PASS_TTL_S): the long-lived token never goes into a WebSocket URL.
  app.post(AccountsRoute.roomPass, async (req, res) => {
    const result = await accounts.roomPass(bearer(req));
    if (!result.ok) return fail(res, result.error);
    res.setHeader('Cache-Control', 'no-store');
    res.json(result.value);
  });

  // Not the code's own status: whatever asks for a route that does not exist is told 404.
  app.use(
    '/api',
    (_req, res) => void res.status(404).json({ error: AccountsError.invalidInput, detail: 'no_such_route' }),
  );

  // A body that is not JSON, or too large, gets a clear answer instead of express's HTML error page.
  app.use('/api', (err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: () => void) => {
    if (err.type === 'entity.too.large')
      return res.status(413).json({ error: AccountsError.invalidInput, detail: 'body_too_large' });
    if (err.type === 'entity.parse.failed') return fail(res, AccountsError.invalidInput, { detail: 'malformed_json' });
    // A refusal express made itself, such as a path whose percent escapes decode to nothing (`%E0%A4%A`): the
    // asker's mistake, answered like any bad input, not the hall's failure.
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500)
      return fail(res, AccountsError.invalidInput, { detail: 'malformed_request' });
    if (err) {
      log.warn('api.error', { message: err.message });
      return fail(res, AccountsError.serverError);
    }
    next();
  });
}
