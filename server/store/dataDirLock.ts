import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** File the hall writes while it runs on the embedded database: its process id and port. */
const LOCK_FILE = 'hall.pid';
/** Key the command line shows the running hall to manage accounts through it; readable by this user only. */
const ADMIN_KEY_FILE = 'admin-key';

export interface HallHolder {
  pid: number;
  port: number | null;
  adminKey: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running hall that owns this data folder's embedded database, if any (other than this process). */
export function hallHolding(dataDir: string): HallHolder | null {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as {
      pid?: unknown;
      port?: unknown;
    };
    const pid = Number(lock.pid);
    if (!Number.isInteger(pid) || pid === process.pid || !alive(pid)) return null;
    let adminKey: string | null = null;
    try {
      adminKey = fs.readFileSync(path.join(dataDir, ADMIN_KEY_FILE), 'utf8').trim();
    } catch {
      // another user's hall, or an older one: the caller says what to do
    }
    return { pid, port: typeof lock.port === 'number' ? lock.port : null, adminKey };
  } catch {
    return null;
  }
}

/**
 * Mark the data folder as owned by this process (embedded database only) and make a fresh admin key. The
 * embedded database may be opened by one process at a time; the command line uses this to go through the
 * running hall instead of opening it.
 */
export function claimDataDir(dataDir: string): { adminKey: string; setPort(port: number): void; release(): void } {
  const lockFile = path.join(dataDir, LOCK_FILE);
  const keyFile = path.join(dataDir, ADMIN_KEY_FILE);
  const adminKey = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(keyFile, adminKey, { mode: 0o600 });
  fs.chmodSync(keyFile, 0o600);
  const write = (port: number | null) => fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port }));
  write(null);
  return {
    adminKey,
    setPort: (port) => write(port),
    release: () => {
      try {
        const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid?: number };
        if (lock.pid !== process.pid) return;
        fs.unlinkSync(lockFile);
        fs.unlinkSync(keyFile);
      } catch {
        // already gone
      }
    },
  };
}
