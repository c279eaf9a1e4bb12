import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Config } from '../config.ts';
import { openDb, type Db } from '../store/db.ts';

/** File the hall writes while it runs on the embedded database, holding its process id. */
export const PID_FILE = 'hall.pid';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Open the hall's storage from a command-line tool. The embedded database belongs to one process at a
 * time, so while the hall runs on it the tool stops with what to do instead of risking the data.
 */
export async function openStore(config: Config): Promise<Db> {
  if (!config.databaseUrl) {
    const pidFile = path.join(config.dataDir, PID_FILE);
    const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : NaN);
    if (Number.isInteger(pid) && pid !== process.pid && running(pid)) {
      throw Object.assign(
        new Error(
          `The hall is running on this data folder (${config.dataDir}, process ${pid}). The embedded database ` +
            'can be used by one process at a time: stop the hall first, or run it on PostgreSQL (DATABASE_URL) ' +
            'to manage accounts while it runs.',
        ),
        { code: 'store_busy' },
      );
    }
  }
  return openDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, schema: config.databaseSchema });
}

/** Mark the data folder as in use by this process (embedded database only); returns the undo. */
export function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(prompt)) process.stdout.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

/**
 * A password from a person at a terminal (asked twice, not echoed) or from a script on standard input
 * (the first line). Never from the command line, where it would land in shell history.
 */
export async function readPassword(prompt: string, repeat: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const first = (await readAllStdin()).split(/\r?\n/)[0] ?? '';
    return first;
  }
  const a = await askHidden(prompt);
  const b = await askHidden(repeat);
  if (a !== b) throw Object.assign(new Error('The two passwords differ.'), { code: 'mismatch' });
  return a;
}
