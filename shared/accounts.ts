import { idField, z } from './zod.ts';
import { merchantProfileSchema } from './profile.ts';
import type { Appearance } from './appearance.ts';
import { appearanceSchema } from './appearanceSchema.ts';
import type { StatusMap } from './result.ts';

import { AccountsRoute } from './accountRoutes.ts';
import { PASSWORD_INPUT_MAX, USERNAME_MAX } from './fieldLimits.ts';

// Re-exported from their own small modules, which the sign-in page loads without the schema library.
export { AccountsRoute, PASSWORD_INPUT_MAX, USERNAME_MAX };

export const staffLoginSchema = z.strictObject({
  username: z.string().trim().pipe(idField(USERNAME_MAX)),
  password: z.string().min(1).max(PASSWORD_INPUT_MAX),
});

/** A phone number as people type it: digits with optional +, spaces and dashes; optional. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, { error: 'invalid_phone' })
  .nullish()
  .or(z.literal('').transform(() => null));

/** Characters of a merchant's account id: Crockford's base32, 60 random bits (server/accounts/codes.ts). */
export const MERCHANT_ID_LENGTH = 12;
const MERCHANT_ID = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]+$/;
const WHOLE_PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/**
 * What a text names exactly, if anything: a merchant's account id (any case, with or without dashes and
 * spaces, O for 0 and I/L for 1, as a recovery code is read) and a whole phone number (its digits, as the
 * merchant gave it). Either or both may be null. Staff find a merchant their station has never dealt with
 * only this way (server/stations/knownMerchants.ts).
 */
export function exactMerchant(text: string): { id: string | null; phoneDigits: string | null } {
  const trimmed = text.trim();
  const raw = trimmed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return {
    id: raw.length === MERCHANT_ID_LENGTH && MERCHANT_ID.test(raw) ? raw : null,
    phoneDigits: WHOLE_PHONE.test(trimmed) ? trimmed.replace(/\D/g, '') : null,
  };
}

/** Without an appearance, sign-up gives the merchant their default look and a profile change keeps theirs. */
export const merchantSignUpSchema = merchantProfileSchema.extend({
  phone: phoneSchema,
  appearance: appearanceSchema.optional(),
});
export type MerchantSignUp = z.output<typeof merchantSignUpSchema>;

export const recoverSchema = z.strictObject({ code: idField(100) });

/**
 * Asking for a new recovery code ends every earlier sign-in; the room connections of the asking device
 * (their session ids) stay, under the new token the answer carries.
 */
export const renewRecoverySchema = z.strictObject({ keep: z.array(idField()).max(4).default([]) });

/** Error codes of the accounts API; the client translates them. */
export const AccountsError = {
  invalidInput: 'invalid_input',
  invalidCredentials: 'invalid_credentials',
  throttled: 'throttled',
  accountDisabled: 'account_disabled',
  invalidToken: 'invalid_token',
  expiredToken: 'expired_token',
  invalidRecoveryCode: 'invalid_recovery_code',
  notPermitted: 'not_permitted',
  /** Something failed on the hall's side; nothing was changed. */
  serverError: 'server_error',
} as const;
export type AccountsError = (typeof AccountsError)[keyof typeof AccountsError];

/**
 * The HTTP status of each accounts refusal: a new code does not compile until it has one. A token that no
 * longer passes is always 401, whatever its reason (a disabled account included): the page then signs in
 * again. Only a sign-in or a room pass refused for a disabled account is 403.
 */
export const accountsErrorStatus = {
  [AccountsError.invalidInput]: 400,
  [AccountsError.invalidCredentials]: 401,
  [AccountsError.throttled]: 429,
  [AccountsError.accountDisabled]: 403,
  [AccountsError.invalidToken]: 401,
  [AccountsError.expiredToken]: 401,
  [AccountsError.invalidRecoveryCode]: 401,
  [AccountsError.notPermitted]: 403,
  [AccountsError.serverError]: 500,
} as const satisfies StatusMap<AccountsError>;

/**
 * What any route of the API may answer before its feature is asked: the sign-in (401), the permission table
 * (403), the request limits (429), a body that is not JSON or too large (`invalid_input`), a failure on the
 * hall's side. Every feature's API refusals are its own codes and these.
 */
export type GateError = Extract<
  AccountsError,
  | 'invalid_token'
  | 'expired_token'
  | 'account_disabled'
  | 'not_permitted'
  | 'throttled'
  | 'invalid_input'
  | 'server_error'
>;

/** Refusals of the administrators' staff commands (`npm run staff`), sent to this machine only. */
export const AdminError = {
  notPermitted: 'not_permitted',
  invalidInput: 'invalid_input',
  noSuchStaff: 'no_such_staff',
  usernameTaken: 'username_taken',
} as const;
export type AdminError = (typeof AdminError)[keyof typeof AdminError];

export const adminErrorStatus = {
  [AdminError.notPermitted]: 403,
  [AdminError.invalidInput]: 400,
  [AdminError.noSuchStaff]: 404,
  [AdminError.usernameTaken]: 409,
} as const satisfies StatusMap<AdminError>;

/** What the API says about the signed-in person. */
export type MeResponse =
  | { kind: 'staff'; id: string; role: 'officer' | 'parkManager' | 'admin'; name: string }
  | { kind: 'merchant'; id: string; name: string; shop: string; phone: string | null; appearance: Appearance };
