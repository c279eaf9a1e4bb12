import type { Db } from '../store/db.ts';
import { recordAudit } from '../store/auditRepo.ts';
import {
  createStaff,
  findStaffByUsername,
  listStaff,
  setStaffDisabled,
  setStaffLead,
  setStaffPassword,
  type StaffRole,
} from './staffStore.ts';
import { newStaffId } from './codes.ts';
import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { joinProblem, leaveProblem } from '../stations/rules.ts';
import { addMembership, findStation, removeMembership } from '../stations/store.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['officer', 'parkManager', 'admin'];

/** An administrator's change to staff accounts, with the password already hashed by whoever asked. */
export type StaffCommand =
  | {
      op: 'add';
      role: StaffRole;
      username: string;
      name: string;
      passwordHash: string;
      lead?: boolean;
      /** The station the account belongs to; default the default station. */
      station?: string;
    }
  /** An account belongs to one more station (an administrator), or no longer to one. */
  | { op: 'join' | 'leave'; username: string; station: string }
  | { op: 'list' }
  | { op: 'disable' | 'enable'; username: string }
  /** Mark an officer station lead, or clear the mark: it counts from their next request. */
  | { op: 'lead' | 'unlead'; username: string }
  | { op: 'reset'; username: string; passwordHash: string };

export type StaffCommandError = Error & { code: 'username_taken' | 'no_such_staff' | 'invalid_input' };

async function knownStation(db: Db, slug: string): Promise<void> {
  if (!(await findStation(db, slug)))
    throw refuse('invalid_input', `No station "${slug}": add it first with npm run station -- add.`);
}

function refuse(code: StaffCommandError['code'], message: string): StaffCommandError {
  return Object.assign(new Error(message), { code });
}

/** Shape checks shared by the command line and the hall's admin route; the message says what to fix. */
export function checkAddition(role: string, username: string, name: string, lead = false): string | null {
  if (!STAFF_ROLES.includes(role as StaffRole)) return `--role must be one of ${STAFF_ROLES.join(', ')}.`;
  if (!/^[a-zA-Z0-9._-]{2,64}$/.test(username)) {
    return '--username: 2 to 64 letters, digits, dots, dashes or underscores.';
  }
  if (!name.trim() || [...name].length > 40) return '--name: 1 to 40 characters.';
  if (lead && role !== 'officer') return '--lead: only an officer can be the station lead.';
  return null;
}

/**
 * Apply one staff command and write it to the audit log with the operating-system user who ran it. The
 * command line calls this directly, or through the running hall when it owns the embedded database.
 */
export async function runStaffCommand(db: Db, cmd: StaffCommand, actor: string): Promise<string> {
  const audit = (action: string, id: string, detail: Record<string, unknown> = {}) =>
    recordAudit(db, { actorKind: 'admin-cli', actorId: actor, action, targetKind: 'staff', targetId: id, detail });
  switch (cmd.op) {
    case 'add': {
      const problem = checkAddition(cmd.role, cmd.username, cmd.name, cmd.lead);
      if (problem) throw refuse('invalid_input', problem);
      if (await findStaffByUsername(db, cmd.username)) {
        throw refuse('username_taken', `The username "${cmd.username}" is taken.`);
      }
      const station = cmd.station ?? DEFAULT_STATION_SLUG;
      await knownStation(db, station);
      const staff = await db.transaction(async (tx) => {
        const made = await createStaff(tx, {
          id: newStaffId(),
          username: cmd.username,
          displayName: cmd.name.trim(),
          role: cmd.role,
          passwordHash: cmd.passwordHash,
          lead: cmd.lead === true,
        });
        await addMembership(tx, made.id, station);
        return made;
      });
      await audit('staff.add', staff.id, { username: staff.username, role: staff.role, lead: staff.lead, station });
      return `Added ${staff.role}${staff.lead ? ' (station lead)' : ''} ${staff.username} (${staff.displayName}) to station ${station}.`;
    }
    case 'join':
    case 'leave': {
      const staff = await findStaffByUsername(db, cmd.username);
      if (!staff) throw refuse('no_such_staff', `No staff account "${cmd.username}".`);
      await knownStation(db, cmd.station);
      const problem =
        cmd.op === 'join'
          ? joinProblem(staff.role, staff.stations, cmd.station)
          : leaveProblem(staff.stations, cmd.station);
      if (problem) throw refuse('invalid_input', `${staff.username} ${problem}`);
      if (cmd.op === 'join') await addMembership(db, staff.id, cmd.station);
      else await removeMembership(db, staff.id, cmd.station);
      await audit(`staff.${cmd.op}`, staff.id, { station: cmd.station });
      return cmd.op === 'join'
        ? `${staff.username} now belongs to station ${cmd.station} as well.`
        : `${staff.username} no longer belongs to station ${cmd.station}, from their next request.`;
    }
    case 'list': {
      const all = await listStaff(db);
      if (all.length === 0) return 'No staff accounts yet. Add one with: npm run staff -- add …';
      return all
        .map(
          (s) =>
            `${s.username.padEnd(20)} ${(s.lead ? `${s.role}+lead` : s.role).padEnd(13)} ${s.disabledAt ? 'disabled' : 'active  '} ${s.displayName}  [${s.stations.join(', ')}]`,
        )
        .join('\n');
    }
    case 'disable':
    case 'enable': {
      const staff = await findStaffByUsername(db, cmd.username);
      if (!staff) throw refuse('no_such_staff', `No staff account "${cmd.username}".`);
      await setStaffDisabled(db, staff.id, cmd.op === 'disable');
      await audit(`staff.${cmd.op}`, staff.id);
      return `${cmd.op === 'disable' ? 'Disabled' : 'Enabled'} ${staff.username}.`;
    }
    case 'lead':
    case 'unlead': {
      const staff = await findStaffByUsername(db, cmd.username);
      if (!staff) throw refuse('no_such_staff', `No staff account "${cmd.username}".`);
      if (staff.role !== 'officer') {
        throw refuse('invalid_input', `${staff.username} is ${staff.role}: only an officer can be the station lead.`);
      }
      await setStaffLead(db, staff.id, cmd.op === 'lead');
      await audit(`staff.${cmd.op}`, staff.id);
      return cmd.op === 'lead'
        ? `${staff.username} is now the station lead: they read the dashboard's periods from their next request.`
        : `${staff.username} is no longer the station lead, from their next request.`;
    }
    case 'reset': {
      const staff = await findStaffByUsername(db, cmd.username);
      if (!staff) throw refuse('no_such_staff', `No staff account "${cmd.username}".`);
      await setStaffPassword(db, staff.id, cmd.passwordHash);
      await audit('staff.reset', staff.id);
      return `New password set for ${staff.username}; their earlier sign-ins have ended.`;
    }
  }
}
