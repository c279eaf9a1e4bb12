import crypto from 'node:crypto';
import express, { type Application } from 'express';
import { z } from '../../shared/zod.ts';
import type { Accounts } from './accounts.ts';
import { runStaffCommand, STAFF_ROLES, type StaffCommand } from './staffAdmin.ts';
import type { Db } from '../store/db.ts';
import { log } from '../log.ts';

export const ADMIN_STAFF_ROUTE = '/api/admin/staff';

const username = z.string().min(1).max(64);
const commandSchema = z.strictObject({
  actor: z.string().min(1).max(64),
  command: z.discriminatedUnion('op', [
    z.strictObject({
      op: z.literal('add'),
      role: z.enum(STAFF_ROLES as ['officer', 'parkManager', 'admin']),
      username,
      name: z.string().min(1).max(200),
      passwordHash: z.string().min(1).max(500),
    }),
    z.strictObject({ op: z.literal('list') }),
    z.strictObject({ op: z.enum(['disable', 'enable']), username }),
    z.strictObject({ op: z.literal('reset'), username, passwordHash: z.string().min(1).max(500) }),
  ]),
});

function loopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameKey(given: unknown, key: string): boolean {
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
  app.post(ADMIN_STAFF_ROUTE, express.json({ limit: '8kb' }), async (req, res) => {
    if (!loopback(req.socket.remoteAddress) || !sameKey(req.headers['x-admin-key'], adminKey)) {
      log.warn('admin.refused', { address: req.socket.remoteAddress });
      return res.status(403).json({ error: 'not_permitted' });
    }
    const body = commandSchema.safeParse(req.body);
    if (!body.success) return res.status(400).json({ error: 'invalid_input', message: body.error.issues[0]?.message });
    try {
      const message = await runStaffCommand(db, body.data.command as StaffCommand, body.data.actor);
      if (body.data.command.op !== 'list') accounts.staffChanged();
      res.json({ message });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!code) throw err;
      res.status(code === 'no_such_staff' ? 404 : code === 'username_taken' ? 409 : 400).json({
        error: code,
        message: (err as Error).message,
      });
    }
  });
}
