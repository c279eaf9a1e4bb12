import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export type StaffRole = 'officer' | 'parkManager' | 'admin';

export type TokenSubject =
  { kind: 'staff'; id: string; role: StaffRole; version: number } | { kind: 'merchant'; id: string };

/** A working day: staff sign in each shift, and a stolen staff token dies by the evening. */
export const STAFF_TOKEN_TTL_S = 12 * 3600;
/** Merchants visit now and then from their own phone; making them sign in every week would drive them off. */
export const MERCHANT_TOKEN_TTL_S = 180 * 24 * 3600;

export const TOKEN_ISSUER = 'reception-hall';
export const TOKEN_AUDIENCE = 'hall';

/** `expiresAt` is in epoch milliseconds, like `Date.now()`. */
export type TokenCheck =
  { ok: true; subject: TokenSubject; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' };

const ALGORITHM = 'HS256';
const STAFF_ROLES: readonly StaffRole[] = ['officer', 'parkManager', 'admin'];
const KNOWN_CLAIMS = new Set(['sub', 'k', 'r', 'v', 'iss', 'aud', 'iat', 'exp']);
// Far longer than any token we issue; anything bigger is refused before it is parsed.
const MAX_TOKEN_LENGTH = 4096;
const MAX_ID_LENGTH = 200;

/** When a token of this kind issued at `now` expires, epoch ms (tokens count whole seconds). */
export function tokenExpiresAt(kind: TokenSubject['kind'], now = Date.now()): number {
  return (Math.floor(now / 1000) + (kind === 'staff' ? STAFF_TOKEN_TTL_S : MERCHANT_TOKEN_TTL_S)) * 1000;
}

export async function issueToken(secret: Uint8Array, subject: TokenSubject, now = Date.now()): Promise<string> {
  const issuedAt = Math.floor(now / 1000);
  // `v` lets the server revoke every staff token at once (password change, role change) by bumping a number.
  const claims: JWTPayload =
    subject.kind === 'staff' ? { k: subject.kind, r: subject.role, v: subject.version } : { k: subject.kind };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(subject.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(tokenExpiresAt(subject.kind, now) / 1000)
    .sign(secret);
}

/** Never throws: whatever arrives from a client is either a subject we issued or a refusal. */
export async function verifyToken(secret: Uint8Array, token: unknown, now = Date.now()): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return invalid();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      // Pinning the algorithm shuts out `alg: none` and algorithm-confusion tricks.
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp'],
      currentDate: new Date(now),
    }));
  } catch (error) {
    // jose checks the signature before any claim, so "expired" is only ever said of a token we signed.
    return error instanceof errors.JWTExpired ? { ok: false, reason: 'expired' } : invalid();
  }
  const subject = subjectOf(payload);
  if (!subject || typeof payload.exp !== 'number') return invalid();
  return { ok: true, subject, expiresAt: payload.exp * 1000 };
}

// Our own signature on it is not enough: a token from an older or newer build may carry claims this
// build does not understand, and guessing at them could hand out the wrong powers.
function subjectOf(payload: JWTPayload): TokenSubject | null {
  if (Object.keys(payload).some((claim) => !KNOWN_CLAIMS.has(claim))) return null;
  const { sub: id, k: kind, r: role, v: version } = payload;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
  if (kind === 'merchant') {
    if (role !== undefined || version !== undefined) return null;
    return { kind, id };
  }
  if (kind === 'staff') {
    if (!isStaffRole(role)) return null;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
    return { kind, id, role, version };
  }
  return null;
}

function isStaffRole(value: unknown): value is StaffRole {
  return STAFF_ROLES.some((role) => role === value);
}

function invalid(): TokenCheck {
  return { ok: false, reason: 'invalid' };
}
