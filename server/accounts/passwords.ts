import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome; the cap only stops someone making every login hash megabytes. */
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long';

// Memory-hard enough (32 MiB per hash) to make offline guessing costly, cheap enough for a login (~50–100 ms).
const N = 2 ** 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds on what a stored string may ask for, so a corrupt or hostile row cannot make a login
// allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_KEY_BYTES = 128;

interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/** Counts characters, not UTF-16 units, so an emoji or a CJK extension character counts once. */
export function passwordProblem(plain: string): PasswordProblem | null {
  const length = [...plain.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  return null;
}

/** Returns `scrypt$N$r$p$salt$hash` (base64), so the parameters can be raised later without breaking old rows. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(plain, salt, KEY_BYTES, { n: N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** False for a wrong password and for any stored string it cannot read; never throws. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  try {
    const parsed = parseStored(stored);
    if (!parsed) return false;
    const key = await derive(plain, parsed.salt, parsed.hash.length, parsed.params);
    return timingSafeEqual(key, parsed.hash);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A real hash of a password nobody knows, made on first use. A login for an unknown username verifies
 * against it so that it takes as long as a wrong password for a real one and does not reveal who exists.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  return dummy;
}

/** Spends the time of one verification and always answers false; for logins naming no known account. */
export async function verifyUnknownUser(plain: string): Promise<false> {
  await verifyPassword(plain, await dummyHash());
  return false;
}

function derive(plain: string, salt: Buffer, keyBytes: number, { n, r, p }: ScryptParams): Promise<Buffer> {
  // Node refuses anything over 32 MiB by default, which N=2^15, r=8 just exceeds (128·N·r plus overhead).
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r * p };
  // NFC so the same password typed on two keyboards (composed vs decomposed accents) matches.
  const password = plain.normalize('NFC');
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parseStored(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  if (typeof stored !== 'string') return null;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, nText, rText, pText, saltText, hashText] = parts;
  const n = positiveInt(nText);
  const r = positiveInt(rText);
  const p = positiveInt(pText);
  if (n === null || r === null || p === null) return null;
  if (n < 2 || n > MAX_N || (n & (n - 1)) !== 0 || r > MAX_R || p > MAX_P) return null;
  const salt = base64(saltText);
  const hash = base64(hashText);
  if (!salt || !hash || salt.length < 8 || hash.length < 16 || hash.length > MAX_KEY_BYTES) return null;
  return { params: { n, r, p }, salt, hash };
}

function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return null;
  return Number(text);
}

// Buffer.from(…, 'base64') silently skips junk; insist the text is exactly what we would have written.
function base64(text: string | undefined): Buffer | null {
  if (text === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
