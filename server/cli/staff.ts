import os from 'node:os';
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { newStaffId } from '../auth/codes.ts';
import { loadConfig } from '../config.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import { createStaff, findStaffByUsername, listStaff, setStaffDisabled, setStaffPassword } from '../store/staffRepo.ts';
import { openStore, readPassword } from './common.ts';

const ROLES = ['officer', 'parkManager', 'admin'] as const;
type StaffRole = (typeof ROLES)[number];

const USAGE = `Staff accounts of the Reception Hall.

  npm run staff -- add --role officer|parkManager|admin --username <name> --name <display name>
  npm run staff -- list
  npm run staff -- disable --username <name>
  npm run staff -- enable --username <name>
  npm run staff -- reset --username <name>

add and reset ask for the password twice, or read it from standard input when that is not a terminal:
  printf '%s\\n' "$PASSWORD" | npm run staff -- add --role officer --username li --name 李警官`;

class UsageError extends Error {}

/** Every change an administrator makes is written to the audit log with the operating-system user. */
async function audit(db: Db, action: string, staffId: string, detail: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(db, {
    actorKind: 'admin-cli',
    actorId: os.userInfo().username,
    action,
    targetKind: 'staff',
    targetId: staffId,
    detail,
  });
}

async function newPassword(): Promise<string> {
  const password = await readPassword('Password: ', 'Repeat the password: ');
  const problem = passwordProblem(password);
  if (problem === 'too_short') throw new UsageError('The password is too short: use at least 10 characters.');
  if (problem === 'too_long') throw new UsageError('The password is too long: use at most 200 characters.');
  return password;
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const need = (key: 'role' | 'username' | 'name'): string => {
    const v = values[key]?.trim();
    if (!v) throw new UsageError(`Missing --${key}.\n\n${USAGE}`);
    return v;
  };

  const db = await openStore(loadConfig());
  try {
    switch (command) {
      case 'add': {
        const role = need('role');
        if (!ROLES.includes(role as StaffRole)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
        const username = need('username');
        if (!/^[a-zA-Z0-9._-]{2,64}$/.test(username)) {
          throw new UsageError('--username: 2 to 64 letters, digits, dots, dashes or underscores.');
        }
        const name = need('name');
        if ([...name].length > 40) throw new UsageError('--name: at most 40 characters.');
        if (await findStaffByUsername(db, username)) throw new UsageError(`The username "${username}" is taken.`);
        const password = await newPassword();
        const staff = await createStaff(db, {
          id: newStaffId(),
          username,
          displayName: name,
          role: role as StaffRole,
          passwordHash: await hashPassword(password),
        });
        await audit(db, 'staff.add', staff.id, { username: staff.username, role: staff.role });
        console.log(`Added ${staff.role} ${staff.username} (${staff.displayName}).`);
        return;
      }
      case 'list': {
        const all = await listStaff(db);
        if (all.length === 0) console.log('No staff accounts yet. Add one with: npm run staff -- add …');
        for (const s of all) {
          console.log(
            `${s.username.padEnd(20)} ${s.role.padEnd(12)} ${s.disabledAt ? 'disabled' : 'active  '} ${s.displayName}`,
          );
        }
        return;
      }
      case 'disable':
      case 'enable': {
        const staff = await findStaffByUsername(db, need('username'));
        if (!staff) throw new UsageError(`No staff account "${values.username}".`);
        await setStaffDisabled(db, staff.id, command === 'disable');
        await audit(db, `staff.${command}`, staff.id);
        console.log(`${command === 'disable' ? 'Disabled' : 'Enabled'} ${staff.username}.`);
        return;
      }
      case 'reset': {
        const staff = await findStaffByUsername(db, need('username'));
        if (!staff) throw new UsageError(`No staff account "${values.username}".`);
        await setStaffPassword(db, staff.id, await hashPassword(await newPassword()));
        await audit(db, 'staff.reset', staff.id);
        console.log(`New password set for ${staff.username}; their earlier sign-ins have ended.`);
        return;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } finally {
    await db.close();
  }
}

try {
  await run(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof UsageError || (err as { code?: string }).code ? (err as Error).message : err);
  process.exitCode = 1;
}
