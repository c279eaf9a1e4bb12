import crypto from 'node:crypto';
import { MERCHANT_ID_LENGTH } from '../../shared/accounts.ts';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Merchant ids are 12 characters (60 random bits); recovery secrets 20 (100 bits). */
export const ID_LENGTH = MERCHANT_ID_LENGTH;
const SECRET_LENGTH = 20;

export function randomBase32(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

export function newMerchantId(): string {
  return randomBase32(ID_LENGTH);
}

export function newStaffId(): string {
  return `S${randomBase32(ID_LENGTH - 1)}`;
}

/** A fresh recovery code for a merchant, and the hash the hall keeps of its secret half. */
export function newRecoveryCode(merchantId: string): { code: string; secretHash: string } {
  const secret = randomBase32(SECRET_LENGTH);
  const raw = merchantId + secret;
  return { code: raw.match(/.{1,4}/g)!.join('-'), secretHash: hashSecret(secret) };
}

/** Read a recovery code as typed: any case, with or without dashes and spaces, O for 0 and I/L for 1. */
export function parseRecoveryCode(input: unknown): { merchantId: string; secret: string } | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (raw.length !== ID_LENGTH + SECRET_LENGTH || ![...raw].every((c) => ALPHABET.includes(c))) return null;
  return { merchantId: raw.slice(0, ID_LENGTH), secret: raw.slice(ID_LENGTH) };
}

/**
 * A recovery secret carries 100 random bits, so a plain SHA-256 is enough to keep it unreadable at rest
 * (a slow hash protects guessable passwords, which this is not).
 */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
