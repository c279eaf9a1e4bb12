import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './localServices.ts';

/**
 * A PostgreSQL server of a test's own, in a temporary folder on a free loopback port, that the test may stop
 * and start at will — never the machine's shared one, which other work is using.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl stop -m immediate`: every backend is killed at once, as in a crash; the next start recovers. */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stop it (if running) and remove its folder. */
  destroy(): Promise<void>;
}

/**
 * The PostgreSQL programs for a test that runs a server of its own, or why it is skipped: only where they are
 * not installed, never in CI (`CI=true`), where their absence fails the run. `what` names the tests skipped.
 */
export function postgresForTest(what: string): { bin: string | null; skip: string | null } {
  const bin = postgresBin();
  const skip = bin ? null : 'the PostgreSQL server programs (initdb, pg_ctl under /usr/lib/postgresql) are missing';
  if (skip && process.env.CI === 'true') throw new Error(`${skip}: they are required in CI (apt install postgresql)`);
  if (skip) console.warn(`${what} skipped: ${skip}`);
  return { bin, skip };
}

/** The newest installed PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  let majors: string[];
  try {
    majors = fs.readdirSync(base).filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const major of majors.sort((a, b) => Number(b) - Number(a))) {
    const bin = path.join(base, major, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** Longest a start or stop may take, ms; pg_ctl waits for the server and gives up after this. */
const PG_CTL_TIMEOUT_S = 60;

/**
 * initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user (with `runuser`, which
 * needs no terminal and no password), owning the folder; as anyone else they run as that user.
 */
function asOwner(program: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [program, args];
  return ['runuser', ['-u', 'postgres', '--', program, ...args]];
}

function run(program: string, args: string[]): Promise<string> {
  const [cmd, argv] = asOwner(program, args);
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: (PG_CTL_TIMEOUT_S + 10) * 1000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(program)} ${args[0] ?? ''} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Make a fresh cluster (trust on loopback, user `postgres`), start it, and return it running. */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  await run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // Loopback only, the socket in the test's own folder; fsync stays on, as a station's server would run.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const pgCtl = path.join(bin, 'pg_ctl');
  const ctl = (...args: string[]) => run(pgCtl, [...args, '-D', data, '-w', '-t', String(PG_CTL_TIMEOUT_S)]);
  const start = async () => void (await ctl('start', '-o', options, '-l', path.join(dir, 'server.log')));
  const stopNow = () => {
    const [cmd, argv] = asOwner(pgCtl, ['stop', '-D', data, '-m', 'immediate']);
    spawnSync(cmd, argv, { stdio: 'ignore', timeout: PG_CTL_TIMEOUT_S * 1000 });
  };
  // Should the test process end without its cleanup, the server does not outlive it.
  process.once('exit', stopNow);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    crash: async () => void (await ctl('stop', '-m', 'immediate')),
    start,
    destroy: async () => {
      process.off('exit', stopNow);
      stopNow();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
