import readline from 'node:readline';
import type { Config } from '../config.ts';
import { hallHolding } from '../store/dataDirLock.ts';
import { openDb, type Db } from '../store/db.ts';
import { ensureDefaultStation } from '../stations/service.ts';

/**
 * Open the hall's storage from a command-line tool. The embedded database belongs to one process at a
 * time, so while the hall runs on it the tool stops with what to do instead of risking the data.
 */
export async function openStore(config: Config): Promise<Db> {
  const holder = config.databaseUrl ? null : hallHolding(config.dataDir);
  if (holder) {
    throw Object.assign(
      new Error(
        `The hall is running on this data folder (${config.dataDir}, process ${holder.pid}). The embedded ` +
          'database can be used by one process at a time: stop the hall first, or run it on PostgreSQL ' +
          '(DATABASE_URL). Staff accounts can be managed while it runs: npm run staff goes through the hall.',
      ),
      { code: 'store_busy' },
    );
  }
  const db = await openDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, schema: config.databaseSchema });
  // Accounts made before the hall first starts belong to the default station: it exists from the first command.
  try {
    await ensureDefaultStation(db, config.station);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
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
  if (!process.stdin.isTTY) return (await readAllStdin()).split(/\r?\n/)[0] ?? '';
  const a = await askHidden(prompt);
  const b = await askHidden(repeat);
  if (a !== b) throw Object.assign(new Error('The two passwords differ.'), { code: 'mismatch' });
  return a;
}
