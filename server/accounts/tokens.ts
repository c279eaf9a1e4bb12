import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export type StaffRole = 'officer' | 'parkManager' | 'admin';

/**
 * Who a token speaks for. `version` is the account's token version when it was issued: bumping the stored
 * number (a sign-out, a new recovery code, a reset password) ends every token carrying an older one.
 */
export type TokenSubject =
  { kind: 'staff'; id: string; role: StaffRole; version: number } | { kind: 'merchant'; id: string; version: number };

/** A working day: staff sign in each shift, and a stolen staff token dies by the evening. */
export const STAFF_TOKEN_TTL_S = 12 * 3600;
/** Merchants visit now and then from their own phone; making them sign in every week would drive them off. */
export const MERCHANT_TOKEN_TTL_S = 180 * 24 * 3600;

/**
 * A room pass lives one minute: long enough for the matchmaking request and the socket that follows it
 * (both carry it), short enough that a pass written into a proxy's log of WebSocket URLs is dead by the
 * time anyone reads it. It is fetched right before each join, so its lifetime never has to cover more.
 */
export const ROOM_PASS_TTL_S = 60;

export const TOKEN_ISSUER = 'reception-hall';
/** The long-lived sign-in token, sent as a bearer token to the HTTP API only. */
export const TOKEN_AUDIENCE = 'hall';
/** The short-lived pass that admits a connection to a room; no HTTP route accepts it. */
export const ROOM_PASS_AUDIENCE = 'room';

/**
 * `expiresAt` is in epoch milliseconds, like `Date.now()`: for a sign-in token its own end, for a room pass
 * the end of the sign-in it was made from (a room keeps a connection no longer than the sign-in holds).
 */
export type TokenCheck =
  { ok: true; subject: TokenSubject; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' };

const ALGORITHM = 'HS256';
const STAFF_ROLES: readonly StaffRole[] = ['officer', 'parkManager', 'admin'];
const KNOWN_CLAIMS = new Set(['sub', 'k', 'r', 'v', 'iss', 'aud', 'iat', 'exp']);
/** A pass also says when the sign-in it was made from ends (`se`, epoch seconds). */
const KNOWN_PASS_CLAIMS = new Set([...KNOWN_CLAIMS, 'se']);
// Far longer than any token we issue; anything bigger is refused before it is parsed.
const MAX_TOKEN_LENGTH = 4096;
const MAX_ID_LENGTH = 200;

/** When a token of this kind issued at `now` expires, epoch ms (tokens count whole seconds). */
export function tokenExpiresAt(kind: TokenSubject['kind'], now = Date.now()): number {
  return (Math.floor(now / 1000) + (kind === 'staff' ? STAFF_TOKEN_TTL_S : MERCHANT_TOKEN_TTL_S)) * 1000;
}

// `v` lets the server end every token of an account at once by bumping a number.
function subjectClaims(subject: TokenSubject): JWTPayload {
  return subject.kind === 'staff'
    ? { k: subject.kind, r: subject.role, v: subject.version }
    : { k: subject.kind, v: subject.version };
}

export async function issueToken(secret: Uint8Array, subject: TokenSubject, now = Date.now()): Promise<string> {
  return new SignJWT(subjectClaims(subject))
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(subject.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(tokenExpiresAt(subject.kind, now) / 1000)
    .sign(secret);
}

/**
 * A room pass for the holder of a verified sign-in token: the same subject and version, its own audience,
 * {@link ROOM_PASS_TTL_S} to live, and never past the sign-in's own end (`signInExpiresAt`, epoch ms).
 */
export async function issueRoomPass(
  secret: Uint8Array,
  subject: TokenSubject,
  signInExpiresAt: number,
  now = Date.now(),
): Promise<{ pass: string; expiresAt: number }> {
  const issuedAt = Math.floor(now / 1000);
  const signInEnd = Math.floor(signInExpiresAt / 1000);
  const exp = Math.min(issuedAt + ROOM_PASS_TTL_S, signInEnd);
  const pass = await new SignJWT({ ...subjectClaims(subject), se: signInEnd })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(subject.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(ROOM_PASS_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(exp)
    .sign(secret);
  return { pass, expiresAt: exp * 1000 };
}

/** Never throws: whatever arrives from a client is either a sign-in token we issued or a refusal. */
export async function verifyToken(secret: Uint8Array, token: unknown, now = Date.now()): Promise<TokenCheck> {
  const read = await readJwt(secret, token, TOKEN_AUDIENCE, now);
  if (!read.ok) return read;
  const subject = subjectOf(read.payload, KNOWN_CLAIMS);
  if (!subject || typeof read.payload.exp !== 'number') return invalid();
  return { ok: true, subject, expiresAt: read.payload.exp * 1000 };
}

/**
 * Never throws: a room pass we issued, or a refusal. A sign-in token is refused here (another audience),
 * as a pass is refused by {@link verifyToken}: neither can stand in for the other.
 */
export async function verifyRoomPass(secret: Uint8Array, pass: unknown, now = Date.now()): Promise<TokenCheck> {
  const read = await readJwt(secret, pass, ROOM_PASS_AUDIENCE, now);
  if (!read.ok) return read;
  const subject = subjectOf(read.payload, KNOWN_PASS_CLAIMS);
  const { exp, se } = read.payload;
  if (!subject || typeof exp !== 'number' || typeof se !== 'number' || !Number.isSafeInteger(se) || se < exp)
    return invalid();
  return { ok: true, subject, expiresAt: se * 1000 };
}

async function readJwt(
  secret: Uint8Array,
  token: unknown,
  audience: string,
  now: number,
): Promise<{ ok: true; payload: JWTPayload } | { ok: false; reason: 'expired' | 'invalid' }> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return invalid();
  try {
    const { payload } = await jwtVerify(token, secret, {
      // Pinning the algorithm shuts out `alg: none` and algorithm-confusion tricks.
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience,
      requiredClaims: ['sub', 'iat', 'exp'],
      currentDate: new Date(now),
    });
    return { ok: true, payload };
  } catch (error) {
    // jose checks the signature before any claim, so "expired" is only ever said of a token we signed.
    return error instanceof errors.JWTExpired ? { ok: false, reason: 'expired' } : invalid();
  }
}

// Our own signature on it is not enough: a token from an older or newer build may carry claims this
// build does not understand, and guessing at them could hand out the wrong powers.
function subjectOf(payload: JWTPayload, known: ReadonlySet<string>): TokenSubject | null {
  if (Object.keys(payload).some((claim) => !known.has(claim))) return null;
  const { sub: id, k: kind, r: role, v: version } = payload;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
  if (kind === 'merchant') {
    if (role !== undefined) return null;
    // Merchant tokens issued before merchants had a token version carry none: they stand for version 0,
    // the version every merchant account started with, so an upgrade signs nobody out.
    if (version === undefined) return { kind, id, version: 0 };
    return isVersion(version) ? { kind, id, version } : null;
  }
  if (kind === 'staff') {
    if (!isStaffRole(role) || !isVersion(version)) return null;
    return { kind, id, role, version };
  }
  return null;
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isStaffRole(value: unknown): value is StaffRole {
  return STAFF_ROLES.some((role) => role === value);
}

function invalid(): { ok: false; reason: 'invalid' } {
  return { ok: false, reason: 'invalid' };
}
