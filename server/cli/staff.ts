import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem } from '../accounts/passwords.ts';
import { checkAddition, runStaffCommand, type StaffCommand } from '../accounts/staffAdmin.ts';
import { loadConfig } from '../config.ts';
import { ADMIN_STAFF_ROUTE } from '../accounts/adminHttp.ts';
import type { StaffRole } from '../accounts/staffStore.ts';
import { runAdminCommand, runCommandLine, UsageError } from './adminCommand.ts';
import { readPassword } from './common.ts';
import { isStationSlug } from '../../shared/stations.ts';

const USAGE = `Staff accounts of the Reception Hall.

  npm run staff -- add --role officer|parkManager|admin --username <name> --name <display name> [--lead]
                        [--station <slug>]      the station the account belongs to (default main)
  npm run staff -- list
  npm run staff -- join --username <name> --station <slug>    an administrator looks after one more station
  npm run staff -- leave --username <name> --station <slug>   …or no longer after this one
  npm run staff -- lead --username <name>      mark an officer station lead (reads the dashboard's periods)
  npm run staff -- unlead --username <name>    clear the mark; it counts from their next request
  npm run staff -- disable --username <name>
  npm run staff -- enable --username <name>
  npm run staff -- reset --username <name>

add and reset ask for the password twice, or read it from standard input when that is not a terminal:
  printf '%s\\n' "$PASSWORD" | npm run staff -- add --role officer --username li --name 李警官

While the hall runs on the embedded database, the command goes through the running hall (it takes effect
there at once); otherwise it opens the storage directly.`;

async function newPasswordHash(): Promise<string> {
  const password = await readPassword('Password: ', 'Repeat the password: ');
  const problem = passwordProblem(password);
  if (problem === 'too_short') throw new UsageError('The password is too short: use at least 10 characters.');
  if (problem === 'too_long') throw new UsageError('The password is too long: use at most 200 characters.');
  return hashPassword(password);
}

/** Turn the command line into a command, asking for the password where one is needed. */
async function parse(argv: string[]): Promise<StaffCommand | null> {
  const [op, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      lead: { type: 'boolean' },
      station: { type: 'string' },
    },
    strict: true,
  });
  const need = (key: 'role' | 'username' | 'name' | 'station'): string => {
    const v = values[key]?.trim();
    if (!v) throw new UsageError(`Missing --${key}.\n\n${USAGE}`);
    return v;
  };
  switch (op) {
    case undefined:
    case 'help':
    case '--help':
      return null;
    case 'add': {
      const [role, username, name] = [need('role'), need('username'), need('name')];
      const lead = values.lead === true;
      const problem = checkAddition(role, username, name, lead);
      if (problem) throw new UsageError(problem);
      const station = values.station?.trim();
      if (station !== undefined && !isStationSlug(station)) throw new UsageError(`--station: no station "${station}".`);
      return {
        op,
        role: role as StaffRole,
        username,
        name,
        passwordHash: await newPasswordHash(),
        lead,
        ...(station ? { station } : {}),
      };
    }
    case 'join':
    case 'leave':
      return { op, username: need('username'), station: need('station') };
    case 'list':
      return { op };
    case 'disable':
    case 'enable':
    case 'lead':
    case 'unlead':
      return { op, username: need('username') };
    case 'reset': {
      const username = need('username');
      return { op, username, passwordHash: await newPasswordHash() };
    }
    default:
      throw new UsageError(`Unknown command "${op}".\n\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const command = await parse(process.argv.slice(2));
  if (!command) {
    console.log(USAGE);
    return;
  }
  await runAdminCommand(config, ADMIN_STAFF_ROUTE, command, runStaffCommand);
}

await runCommandLine(main);
