import { type Application } from 'express';
import { adminErrorStatus } from '../../shared/accounts.ts';
import type { StatusMap } from '../../shared/result.ts';
import { idField, z } from '../../shared/zod.ts';
import type { Accounts } from './accounts.ts';
import { runStaffCommand, STAFF_ROLES, type StaffCommand, type StaffCommandError } from './staffAdmin.ts';
import { mountAdminCommand } from '../http/adminCommand.ts';
import type { Db } from '../store/db.ts';

export const ADMIN_STAFF_ROUTE = '/api/admin/staff';

const username = idField(64);
const commands = z.discriminatedUnion('op', [
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
]);

/** Every refusal a staff command throws has a status: a new one does not compile until AdminError has it. */
const COMMAND_STATUS: StatusMap<StaffCommandError['code']> = adminErrorStatus;

/**
 * How `npm run staff` manages accounts while the hall owns the embedded database: from this machine only,
 * with the key the hall wrote into its data folder (readable by the user who runs the hall). A disable or
 * reset takes effect in the hall at once.
 */
export function mountAdminApi(app: Application, db: Db, accounts: Accounts, adminKey: string): void {
  mountAdminCommand(app, ADMIN_STAFF_ROUTE, adminKey, {
    commands,
    run: async (command, actor) => {
      const message = await runStaffCommand(db, command as StaffCommand, actor);
      if (command.op !== 'list') accounts.staffChanged();
      return message;
    },
    refusals: COMMAND_STATUS,
  });
}
