import os from 'node:os';
import type { Config } from '../config.ts';
import { hallHolding } from '../store/dataDirLock.ts';
import type { Db } from '../store/db.ts';
import { openStore } from './common.ts';

/** A mistake of the person at the command line: its message alone is printed, without a stack. */
export class UsageError extends Error {}

/** Send the command to the hall that owns the embedded database (its route, mounted by mountAdminCommand). */
async function throughHall(port: number, adminKey: string, route: string, command: unknown, actor: string) {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Admin-Key': adminKey },
    body: JSON.stringify({ command, actor }),
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!res.ok) throw new UsageError(body.message ?? `The hall refused: ${body.error ?? res.status}`);
  return body.message ?? '';
}

/**
 * Run an administrator's command and print its answer: through the running hall while it holds the embedded
 * database (`route` on its port), otherwise on the storage opened here with `direct`. The actor is the user
 * at this machine's command line.
 */
export async function runAdminCommand<C>(
  config: Config,
  route: string,
  command: C,
  direct: (db: Db, command: C, actor: string) => Promise<string>,
): Promise<void> {
  const actor = os.userInfo().username;
  const holder = config.databaseUrl ? null : hallHolding(config.dataDir);
  if (holder) {
    if (!holder.port || !holder.adminKey) {
      throw new UsageError(
        `The hall (process ${holder.pid}) is using ${config.dataDir} and cannot be reached to make this ` +
          'change; run this as the user who runs the hall, or stop the hall first.',
      );
    }
    console.log(await throughHall(holder.port, holder.adminKey, route, command, actor));
    return;
  }
  const db = await openStore(config);
  try {
    console.log(await direct(db, command, actor));
  } finally {
    await db.close();
  }
}

/**
 * Run a command line's `main`: a person's mistake, or a refusal with a code, is printed as its message alone;
 * anything else in full. Either way the exit code is 1.
 */
export async function runCommandLine(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    console.error(err instanceof UsageError || (err as { code?: string }).code ? (err as Error).message : err);
    process.exitCode = 1;
  }
}
