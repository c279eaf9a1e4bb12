import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64url, SignJWT, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSessionSecret, SESSION_SECRET_FILE } from '../../server/accounts/secret.ts';
import {
  issueRoomPass,
  issueToken,
  MERCHANT_TOKEN_TTL_S,
  ROOM_PASS_AUDIENCE,
  ROOM_PASS_TTL_S,
  STAFF_TOKEN_TTL_S,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  tokenExpiresAt,
  type TokenSubject,
  verifyRoomPass,
  verifyToken,
} from '../../server/accounts/tokens.ts';

const secret = new TextEncoder().encode('a test secret that is long enough for HS256');
const otherSecret = new TextEncoder().encode('another secret, just as long as the first one');
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

const officer: TokenSubject = { kind: 'staff', id: 'staff-1', role: 'officer', version: 3 };
const merchant: TokenSubject = { kind: 'merchant', id: 'm-42', version: 2 };

/** Signs arbitrary claims with our secret and the usual issuer/audience, to test what verify accepts. */
function signed(claims: JWTPayload, options: { issuer?: string; audience?: string; key?: Uint8Array } = {}) {
  const iat = Math.floor(NOW / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(options.key ?? secret);
}

describe('issueToken / verifyToken', () => {
  it('round-trips a staff subject with its role and version', async () => {
    const token = await issueToken(secret, officer, NOW);
    expect(await verifyToken(secret, token, NOW)).toEqual({
      ok: true,
      subject: officer,
      expiresAt: NOW + STAFF_TOKEN_TTL_S * 1000,
    });
  });

  it('says when a token issued at a moment expires, exactly as verifying it reads it', async () => {
    const at = NOW + 999; // tokens count whole seconds
    for (const subject of [officer, merchant]) {
      const check = await verifyToken(secret, await issueToken(secret, subject, at), at);
      expect(check).toMatchObject({ ok: true, expiresAt: tokenExpiresAt(subject.kind, at) });
    }
    expect(tokenExpiresAt('staff', at)).toBe(NOW + STAFF_TOKEN_TTL_S * 1000);
  });

  it.each(['parkManager', 'admin'] as const)('round-trips the %s staff role', async (role) => {
    const subject: TokenSubject = { kind: 'staff', id: 'staff-2', role, version: 0 };
    const check = await verifyToken(secret, await issueToken(secret, subject, NOW), NOW);
    expect(check).toMatchObject({ ok: true, subject });
  });

  it('round-trips a merchant subject, which carries a version and no role', async () => {
    const token = await issueToken(secret, merchant, NOW);
    expect(await verifyToken(secret, token, NOW)).toEqual({
      ok: true,
      subject: merchant,
      expiresAt: NOW + MERCHANT_TOKEN_TTL_S * 1000,
    });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] ?? ''))) as JWTPayload;
    expect(payload).toEqual({
      sub: 'm-42',
      k: 'merchant',
      v: 2,
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat: NOW / 1000,
      exp: NOW / 1000 + MERCHANT_TOKEN_TTL_S,
    });
  });

  it('expires each kind after its own lifetime', async () => {
    const staffToken = await issueToken(secret, officer, NOW);
    const staffEnd = NOW + STAFF_TOKEN_TTL_S * 1000;
    expect((await verifyToken(secret, staffToken, staffEnd - 1000)).ok).toBe(true);
    expect(await verifyToken(secret, staffToken, staffEnd)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyToken(secret, staffToken, staffEnd + 86_400_000)).toEqual({ ok: false, reason: 'expired' });

    const merchantToken = await issueToken(secret, merchant, NOW);
    expect((await verifyToken(secret, merchantToken, staffEnd + 1000)).ok).toBe(true);
    const merchantEnd = NOW + MERCHANT_TOKEN_TTL_S * 1000;
    expect(await verifyToken(secret, merchantToken, merchantEnd)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, even an expired one', async () => {
    const forged = await issueToken(otherSecret, officer, NOW);
    expect(await verifyToken(secret, forged, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyToken(secret, forged, NOW + STAFF_TOKEN_TTL_S * 2000)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a payload changed after signing', async () => {
    const [header, , signature] = (await issueToken(secret, officer, NOW)).split('.');
    const promoted = base64url.encode(
      JSON.stringify({
        sub: 'staff-1',
        k: 'staff',
        r: 'admin',
        v: 3,
        iss: TOKEN_ISSUER,
        aud: TOKEN_AUDIENCE,
        iat: NOW / 1000,
        exp: NOW / 1000 + STAFF_TOKEN_TTL_S,
      }),
    );
    expect(await verifyToken(secret, `${header}.${promoted}.${signature}`, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses an unsigned token with alg "none"', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({
        sub: 'staff-1',
        k: 'staff',
        r: 'admin',
        v: 0,
        iss: TOKEN_ISSUER,
        aud: TOKEN_AUDIENCE,
        iat: NOW / 1000,
        exp: NOW / 1000 + 3600,
      }),
    );
    expect(await verifyToken(secret, `${header}.${payload}.`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyToken(secret, `${header}.${payload}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses another HMAC algorithm even with the right secret', async () => {
    const iat = Math.floor(NOW / 1000);
    const token = await new SignJWT({ k: 'merchant' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('m-1')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(new TextEncoder().encode('x'.repeat(64)));
    expect(await verifyToken(new TextEncoder().encode('x'.repeat(64)), token, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token for another issuer or audience', async () => {
    const wrongIssuer = await signed({ sub: 'm-1', k: 'merchant' }, { issuer: 'someone-else' });
    const wrongAudience = await signed({ sub: 'm-1', k: 'merchant' }, { audience: 'admin-console' });
    expect(await verifyToken(secret, wrongIssuer, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyToken(secret, wrongAudience, NOW)).toEqual({ ok: false, reason: 'invalid' });
    // The helper itself makes tokens we accept, so the two refusals above are about issuer and audience.
    expect((await verifyToken(secret, await signed({ sub: 'm-1', k: 'merchant' }), NOW)).ok).toBe(true);
  });

  it.each<[string, JWTPayload]>([
    ['an unknown kind', { sub: 'x', k: 'visitor' }],
    ['no kind', { sub: 'x' }],
    ['a merchant role on a staff token', { sub: 'x', k: 'staff', r: 'merchant', v: 1 }],
    ['an unknown staff role', { sub: 'x', k: 'staff', r: 'superuser', v: 1 }],
    ['a staff token without a version', { sub: 'x', k: 'staff', r: 'officer' }],
    ['a fractional version', { sub: 'x', k: 'staff', r: 'officer', v: 1.5 }],
    ['a negative version', { sub: 'x', k: 'staff', r: 'officer', v: -1 }],
    ['a version as text', { sub: 'x', k: 'staff', r: 'officer', v: '1' }],
    ['a merchant token carrying a role', { sub: 'x', k: 'merchant', r: 'officer' }],
    ['a merchant version as text', { sub: 'x', k: 'merchant', v: '0' }],
    ['a negative merchant version', { sub: 'x', k: 'merchant', v: -1 }],
    ["a room pass's sign-in end on a sign-in token", { sub: 'x', k: 'merchant', v: 0, se: 1 }],
    ['no subject', { k: 'merchant' }],
    ['an empty subject', { sub: '', k: 'merchant' }],
    ['an unknown extra claim', { sub: 'x', k: 'merchant', admin: true }],
  ])('refuses a token we signed that carries %s', async (_name, claims) => {
    expect(await verifyToken(secret, await signed(claims), NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { token: 'x' }],
    ['an empty string', ''],
    ['garbage', 'not a token'],
    ['three dots of garbage', 'a.b.c'],
    ['bad JSON in the header', `${base64url.encode('{')}.${base64url.encode('{}')}.sig`],
    ['an enormous string', 'a'.repeat(100_000)],
  ])('answers invalid, without throwing, for %s', async (_name, input) => {
    await expect(verifyToken(secret, input, NOW)).resolves.toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('merchant tokens from before token versions', () => {
  it('stand for version 0, the version every merchant account started with', async () => {
    const legacy = await signed({ sub: 'm-7', k: 'merchant' });
    expect(await verifyToken(secret, legacy, NOW)).toMatchObject({
      ok: true,
      subject: { kind: 'merchant', id: 'm-7', version: 0 },
    });
  });
});

describe('issueRoomPass / verifyRoomPass', () => {
  it('round-trips the subject and says when the sign-in behind it ends', async () => {
    for (const subject of [officer, merchant]) {
      const signInEnds = tokenExpiresAt(subject.kind, NOW);
      const { pass, expiresAt } = await issueRoomPass(secret, subject, signInEnds, NOW);
      expect(expiresAt).toBe(NOW + ROOM_PASS_TTL_S * 1000);
      expect(await verifyRoomPass(secret, pass, NOW)).toEqual({ ok: true, subject, expiresAt: signInEnds });
    }
  });

  it('lives a minute, and never past the end of the sign-in it was made from', async () => {
    const { pass } = await issueRoomPass(secret, merchant, tokenExpiresAt('merchant', NOW), NOW);
    expect((await verifyRoomPass(secret, pass, NOW + ROOM_PASS_TTL_S * 1000 - 1000)).ok).toBe(true);
    expect(await verifyRoomPass(secret, pass, NOW + ROOM_PASS_TTL_S * 1000)).toEqual({ ok: false, reason: 'expired' });
    const nearEnd = await issueRoomPass(secret, officer, NOW + 5000, NOW);
    expect(nearEnd.expiresAt).toBe(NOW + 5000);
    expect(await verifyRoomPass(secret, nearEnd.pass, NOW + 5000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('cannot stand in for a sign-in token, nor a sign-in token for a pass', async () => {
    const { pass } = await issueRoomPass(secret, officer, tokenExpiresAt('staff', NOW), NOW);
    const token = await issueToken(secret, officer, NOW);
    expect(await verifyToken(secret, pass, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyRoomPass(secret, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each<[string, JWTPayload]>([
    ['no sign-in end', { sub: 'x', k: 'merchant', v: 0 }],
    ['a sign-in end before the pass ends', { sub: 'x', k: 'merchant', v: 0, se: NOW / 1000 }],
    ['a sign-in end as text', { sub: 'x', k: 'merchant', v: 0, se: 'later' }],
    ['an unknown extra claim', { sub: 'x', k: 'merchant', v: 0, se: NOW / 1000 + 7200, admin: true }],
  ])('refuses a pass we signed that carries %s', async (_name, claims) => {
    const pass = await signed(claims, { audience: ROOM_PASS_AUDIENCE });
    expect(await verifyRoomPass(secret, pass, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a pass signed with another secret', async () => {
    const { pass } = await issueRoomPass(otherSecret, merchant, tokenExpiresAt('merchant', NOW), NOW);
    expect(await verifyRoomPass(secret, pass, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('loadSessionSecret', () => {
  const dirs: string[] = [];
  function tempDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'hall-secret-'));
    dirs.push(dir);
    return dir;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the secret file once, private to the owner, in a folder it makes, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadSessionSecret(dataDir, {});
    const file = path.join(dataDir, SESSION_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.length).toBe(43);

    const again = loadSessionSecret(dataDir, {});
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(new TextDecoder().decode(first));
  });

  it('gives each new data folder its own secret', () => {
    const a = loadSessionSecret(tempDir(), {});
    const b = loadSessionSecret(tempDir(), {});
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('prefers SESSION_SECRET and then writes no file', () => {
    const dataDir = tempDir();
    const value = 's'.repeat(32);
    expect(new TextDecoder().decode(loadSessionSecret(dataDir, { SESSION_SECRET: value }))).toBe(value);
    expect(() => statSync(path.join(dataDir, SESSION_SECRET_FILE))).toThrow();
  });

  it('signs the same tokens whether the file content comes from the file or from SESSION_SECRET', async () => {
    const dataDir = tempDir();
    const fromFile = loadSessionSecret(dataDir, {});
    const text = readFileSync(path.join(dataDir, SESSION_SECRET_FILE), 'utf8').trim();
    const fromEnv = loadSessionSecret(tempDir(), { SESSION_SECRET: text });
    const token = await issueToken(fromFile, merchant, NOW);
    expect((await verifyToken(fromEnv, token, NOW)).ok).toBe(true);
  });

  it('throws a clear error when SESSION_SECRET is too short', () => {
    expect(() => loadSessionSecret(tempDir(), { SESSION_SECRET: 'short' })).toThrow(
      /SESSION_SECRET must be at least 32 characters/,
    );
    expect(() => loadSessionSecret(tempDir(), { SESSION_SECRET: 's'.repeat(31) })).toThrow(/at least 32/);
  });

  it('treats an empty SESSION_SECRET as unset', () => {
    expect(loadSessionSecret(tempDir(), { SESSION_SECRET: '' }).length).toBe(43);
  });

  it('refuses a secret file that was emptied or shortened by hand rather than signing with it', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, SESSION_SECRET_FILE), 'tiny\n');
    expect(() => loadSessionSecret(dataDir, {})).toThrow(/shorter than 32 characters/);
  });
});
