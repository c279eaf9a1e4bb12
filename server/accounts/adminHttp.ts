import crypto from 'node:crypto';
import { type Application } from 'express';
import { AdminError, adminErrorStatus } from '../../shared/accounts.ts';
import type { StatusMap } from '../../shared/result.ts';
import { idField, z } from '../../shared/zod.ts';
import type { Accounts } from './accounts.ts';
import { runStaffCommand, STAFF_ROLES, type StaffCommand, type StaffCommandError } from './staffAdmin.ts';
import { refuse } from '../http/permit.ts';
import type { Db } from '../store/db.ts';
import { log } from '../log.ts';
import { jsonBody } from '../http/jsonBody.ts';

export const ADMIN_STAFF_ROUTE = '/api/admin/staff';

const username = idField(64);
const commandSchema = z.strictObject({
  actor: idField(64),
  command: z.discriminatedUnion('op', [
    z.strictObject({
      op: z.literal('add'),
      role: z.enum(STAFF_ROLES as ['officer', 'parkManager', 'admin']),
      username,
      name: z.string().min(1).max(200),
      passwordHash: z.string().min(1).max(500),
      lead: z.boolean().optional(),
      station: idField(32).optional(),
    }),
    z.strictObject({ op: z.enum(['join', 'leave']), username, station: idField(32) }),
    z.strictObject({ op: z.literal('list') }),
    z.strictObject({ op: z.enum(['disable', 'enable', 'lead', 'unlead']), username }),
    z.strictObject({ op: z.literal('reset'), username, passwordHash: z.string().min(1).max(500) }),
  ]),
});

/** Every refusal a staff command throws has a status: a new one does not compile until AdminError has it. */
const COMMAND_STATUS: StatusMap<StaffCommandError['code']> = adminErrorStatus;

function isCommandError(err: unknown): err is StaffCommandError {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && Object.hasOwn(COMMAND_STATUS, code);
}

export function loopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function sameKey(given: unknown, key: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(key).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * How `npm run staff` manages accounts while the hall owns the embedded database: from this machine only,
 * with the key the hall wrote into its data folder (readable by the user who runs the hall). A disable or
 * reset takes effect in the hall at once.
 */
export function mountAdminApi(app: Application, db: Db, accounts: Accounts, adminKey: string): void {
  app.post(ADMIN_STAFF_ROUTE, jsonBody('8kb'), async (req, res) => {
    if (!loopback(req.socket.remoteAddress) || !sameKey(req.headers['x-admin-key'], adminKey)) {
      log.warn('admin.refused', { address: req.socket.remoteAddress });
      return refuse(res, AdminError.notPermitted, adminErrorStatus);
    }
    const body = commandSchema.safeParse(req.body);
    if (!body.success)
      return refuse(res, AdminError.invalidInput, adminErrorStatus, { message: body.error.issues[0]?.message });
    try {
      const message = await runStaffCommand(db, body.data.command as StaffCommand, body.data.actor);
      if (body.data.command.op !== 'list') accounts.staffChanged();
      res.json({ message });
    } catch (err) {
      // Anything else (a failed write) is the hall's own failure, answered 500 without its details.
      if (!isCommandError(err)) throw err;
      refuse(res, err.code, COMMAND_STATUS, { message: err.message });
    }
  });
}
