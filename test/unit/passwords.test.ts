import { scryptSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dummyHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  verifyPassword,
  verifyUnknownUser,
} from '../../server/accounts/passwords.ts';

// Each scrypt call costs ~50–100 ms, so one pair of hashes serves the whole file.
const PASSWORD = 'correct horse battery';
let first: string;
let second: string;

beforeAll(async () => {
  [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
});

describe('hashPassword', () => {
  it('writes a self-describing scrypt string', () => {
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  });

  it('salts every hash, so the same password never hashes the same twice', () => {
    expect(second).not.toBe(first);
    expect(second.split('$')[4]).not.toBe(first.split('$')[4]);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const [right, wrong, almost] = await Promise.all([
      verifyPassword(PASSWORD, first),
      verifyPassword('wrong horse battery', first),
      verifyPassword(`${PASSWORD} `, second),
    ]);
    expect(right).toBe(true);
    expect(wrong).toBe(false);
    expect(almost).toBe(false);
  });

  it('refuses a hash whose bytes were changed', async () => {
    const parts = first.split('$');
    const hash = Buffer.from(parts[5] ?? '', 'base64');
    hash[0] = (hash[0] ?? 0) ^ 1;
    parts[5] = hash.toString('base64');
    expect(await verifyPassword(PASSWORD, parts.join('$'))).toBe(false);
  });

  it('honours the parameters written in the stored string, so they can change later', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('old password!', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('old password!', stored)).toBe(true);
    expect(await verifyPassword('old password?', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('caf\u00e9 au lait', salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true);
  });

  const salt = Buffer.alloc(16, 7).toString('base64');
  const hash = Buffer.alloc(32, 9).toString('base64');
  it.each([
    ['empty', ''],
    ['plain text', 'hunter2hunter2'],
    ['another scheme', `bcrypt$32768$8$1$${salt}$${hash}`],
    ['too few parts', `scrypt$32768$8$1$${salt}`],
    ['too many parts', `scrypt$32768$8$1$${salt}$${hash}$x`],
    ['N not a power of two', `scrypt$1000$8$1$${salt}$${hash}`],
    ['N absurdly large', `scrypt$1073741824$8$1$${salt}$${hash}`],
    ['N zero', `scrypt$0$8$1$${salt}$${hash}`],
    ['N with a sign', `scrypt$+1024$8$1$${salt}$${hash}`],
    ['r huge', `scrypt$1024$4096$1$${salt}$${hash}`],
    ['p not a number', `scrypt$1024$8$x$${salt}$${hash}`],
    ['salt not base64', `scrypt$1024$8$1$sa!lt$${hash}`],
    ['salt empty', `scrypt$1024$8$1$$${hash}`],
    ['hash not base64', `scrypt$1024$8$1$${salt}$****`],
    ['hash too short', `scrypt$1024$8$1$${salt}$AAAA`],
  ])('answers false, without throwing, for a malformed stored string: %s', async (_name, stored) => {
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(false);
  });

  it('answers false for stored data that is not even a string', async () => {
    await expect(verifyPassword(PASSWORD, null as unknown as string)).resolves.toBe(false);
    await expect(verifyPassword(PASSWORD, 42 as unknown as string)).resolves.toBe(false);
  });
});

describe('unknown usernames', () => {
  it('verify against a real dummy hash made once, and always fail', async () => {
    const hash = await dummyHash();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await dummyHash()).toBe(hash);
    expect(await verifyUnknownUser(PASSWORD)).toBe(false);
  });
});

describe('passwordProblem', () => {
  it('applies the length rules at their edges', () => {
    expect(passwordProblem('')).toBe('too_short');
    expect(passwordProblem('a'.repeat(PASSWORD_MIN_LENGTH - 1))).toBe('too_short');
    expect(passwordProblem('a'.repeat(PASSWORD_MIN_LENGTH))).toBeNull();
    expect(passwordProblem('a'.repeat(PASSWORD_MAX_LENGTH))).toBeNull();
    expect(passwordProblem('a'.repeat(PASSWORD_MAX_LENGTH + 1))).toBe('too_long');
  });

  it('counts characters rather than UTF-16 units', () => {
    // Ten emoji are twenty UTF-16 units but ten characters; nine are still too short.
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH))).toBeNull();
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH - 1))).toBe('too_short');
    expect(passwordProblem('城'.repeat(PASSWORD_MIN_LENGTH))).toBeNull();
  });
});
