import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDataDir } from './pgliteTemplate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Settings a test's child process must not inherit from the shell that runs the tests: with DATABASE_URL
 * exported, a test would make accounts with well-known passwords in that (perhaps real) database.
 */
export const UNINHERITED_ENV = [
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'SESSION_SECRET',
  // Nor join the processes of a deployment sharing that Redis.
  'REDIS_URL',
  'PUBLIC_ADDRESS',
] as const;

/**
 * The environment for a child process of a test: this process's, without {@link UNINHERITED_ENV}, then
 * `env` on top — so a test that wants a database or a secret names it on purpose.
 */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of UNINHERITED_ENV) delete inherited[name];
  return { ...inherited, ...env };
}

export interface HallProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** What it printed until it said it was open (its start-up log lines, when LOG_LEVEL lets it speak). */
  opening: string;
  stop(): Promise<void>;
}

/**
 * Start the hall as its own process, exactly as `npm start` runs it (after the build), on a free port with a
 * fresh data folder (or `env.DATA_DIR`), on the embedded database unless `env` names another. Resolves once
 * it prints its URL. A folder with no database yet gets a copy of the test run's migrated one (pgliteTemplate.ts).
 */
export function startHallProcess(env: Record<string, string> = {}): Promise<HallProcess> {
  return startHallProcessWithin(env, 20_000);
}

/**
 * {@link startHallProcess}, waiting up to `startMs` for it to open: a first start on the embedded database
 * applies every migration, which on a busy shared machine takes longer than the usual 20 s. `nodeArgs` go to
 * Node itself, ahead of the server (flags Node does not take from NODE_OPTIONS, such as the soak's).
 */
export async function startHallProcessWithin(
  env: Record<string, string>,
  startMs: number,
  nodeArgs: readonly string[] = [],
): Promise<HallProcess> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hall-data-'));
  // A folder without a database yet starts from a copy of the run's migrated one, when there is one.
  if (!env.DATABASE_URL) seedDataDir(dataDir);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'server', 'main.ts')], {
    cwd: root,
    // Loopback only: tests and the bench never open the hall to the network.
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env, DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running: a hall that opens late would hold its port and memory past the test.
      child.kill('SIGKILL');
      reject(new Error(`hall did not start in ${startMs / 1000} s:\n${output}`));
    }, startMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /open at (https?:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hall exited with ${code}:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    child,
    opening: output,
    stop: () =>
      new Promise<void>((resolve) => {
        // A process ended by a signal (SIGKILL in a fault test) has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        // A hall closes in one or two seconds; a loaded machine may need several times that.
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export type StaffAccount = { role: 'officer' | 'parkManager'; username: string; name: string; password: string };

function staffAddArgs(account: StaffAccount): string[] {
  return ['server/cli/staff.ts', 'add', '--role', account.role, '--username', account.username, '--name', account.name];
}

/**
 * A staff account made with `npm run staff` on the storage `env` names (its DATA_DIR, and DATABASE_URL and
 * DATABASE_SCHEMA for PostgreSQL), before a hall runs there; the password goes in on stdin as a script gives it.
 */
export function addStaffAccountTo(env: Record<string, string>, account: StaffAccount): void {
  const added = spawnSync(process.execPath, staffAddArgs(account), {
    cwd: root,
    env: childEnv({ LOG_LEVEL: 'silent', ...env }),
    input: `${account.password}\n`,
    encoding: 'utf8',
  });
  if (added.status !== 0) throw new Error(`npm run staff add failed: ${added.stderr || added.stdout}`);
}

/**
 * The same while a hall runs (on the embedded database the command goes through the running hall, without
 * opening the database itself), without blocking this process: its sockets keep being served meanwhile.
 */
export function addStaffAccountBeside(env: Record<string, string>, account: StaffAccount): Promise<void> {
  const child = spawn(process.execPath, staffAddArgs(account), {
    cwd: root,
    env: childEnv({ LOG_LEVEL: 'silent', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  child.stdin!.end(`${account.password}\n`);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run staff add failed (${code}): ${output.trim()}`)),
    );
  });
}

/**
 * A hall process on `env`'s storage, then these staff accounts made with `npm run staff` beside it, all at once
 * (each goes through the running hall, without opening the database itself): a few seconds in all, where one
 * command each before the hall starts opens the database once per account.
 */
export async function startHallWithStaff(
  env: Record<string, string>,
  staff: StaffAccount[],
  // A first start: every migration is applied, which on a busy machine takes longer than the usual 20 s.
  startMs = 60_000,
): Promise<HallProcess> {
  const hall = await startHallProcessWithin(env, startMs);
  try {
    await Promise.all(staff.map((account) => addStaffAccountBeside(env, account)));
  } catch (err) {
    await hall.stop();
    throw err;
  }
  return hall;
}

/** Every line the hall prints from now on (its log, when LOG_LEVEL lets it speak), for a test to read. */
export function hallLines(hall: HallProcess): string[] {
  const lines: string[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push(line);
  };
  hall.child.stdout!.on('data', take);
  hall.child.stderr!.on('data', take);
  return lines;
}
