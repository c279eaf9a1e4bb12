import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Shortest accepted secret, in characters: 32 random base64url characters carry 192 bits. */
export const SESSION_SECRET_MIN_LENGTH = 32;
export const SESSION_SECRET_FILE = 'session-secret';

/**
 * The key that signs session tokens. `SESSION_SECRET` wins when set (several servers sharing one key);
 * otherwise `<dataDir>/session-secret`, created on first start. Either way the key is the UTF-8 bytes of
 * the text, so the file's content can be copied into `SESSION_SECRET` and old tokens stay valid.
 */
export function loadSessionSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.SESSION_SECRET;
  // Empty counts as unset, like every other setting (`SESSION_SECRET=` in a compose file).
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < SESSION_SECRET_MIN_LENGTH) {
      throw new Error(
        `SESSION_SECRET must be at least ${SESSION_SECRET_MIN_LENGTH} characters (got ${fromEnv.length}); ` +
          `unset it to have one generated in ${path.join(dataDir, SESSION_SECRET_FILE)}`,
      );
    }
    return new TextEncoder().encode(fromEnv);
  }
  return new TextEncoder().encode(readOrCreate(path.join(dataDir, SESSION_SECRET_FILE)));
}

function readOrCreate(file: string): string {
  const existing = readIfPresent(file);
  if (existing !== null) return checked(existing, file);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole under a temporary name, then linked into place: a crash never leaves a half-written
  // secret, and if two processes start at once the second link fails and both use the first one's key.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  } finally {
    unlinkSync(temp);
  }
  return checked(readFileSync(file, 'utf8'), file);
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

// Someone may have edited the file by hand; refuse a weak key rather than sign with it.
function checked(content: string, file: string): string {
  const secret = content.trim();
  if (secret.length < SESSION_SECRET_MIN_LENGTH) {
    throw new Error(
      `${file} holds a secret shorter than ${SESSION_SECRET_MIN_LENGTH} characters; ` +
        'delete it to have a new one generated (everyone will have to sign in again)',
    );
  }
  return secret;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
