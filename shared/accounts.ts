import { z } from './zod.ts';
import { merchantProfileSchema } from './profile.ts';

/** HTTP routes of the accounts API. */
export const AccountsRoute = {
  staffLogin: '/api/staff/login',
  merchants: '/api/merchants',
  recover: '/api/merchants/recover',
  me: '/api/me',
  recoveryCode: '/api/me/recovery-code',
  signOut: '/api/me/sign-out',
  /** A short-lived pass for entering a room, fetched with the sign-in token right before each join. */
  roomPass: '/api/session/pass',
} as const;

/** Longest username and password accepted at the door, before anything is looked up. */
export const USERNAME_MAX = 64;
export const PASSWORD_INPUT_MAX = 200;

export const staffLoginSchema = z.strictObject({
  username: z.string().trim().min(1).max(USERNAME_MAX),
  password: z.string().min(1).max(PASSWORD_INPUT_MAX),
});

/** A phone number as people type it: digits with optional +, spaces and dashes; optional. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, { error: 'invalid_phone' })
  .nullish()
  .or(z.literal('').transform(() => null));

export const merchantSignUpSchema = merchantProfileSchema.extend({ phone: phoneSchema });
export type MerchantSignUp = z.output<typeof merchantSignUpSchema>;

export const recoverSchema = z.strictObject({ code: z.string().min(1).max(100) });

/**
 * Asking for a new recovery code ends every earlier sign-in; the room connections of the asking device
 * (their session ids) stay, under the new token the answer carries.
 */
export const renewRecoverySchema = z.strictObject({ keep: z.array(z.string().min(1).max(64)).max(4).default([]) });

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
} as const;
export type AccountsError = (typeof AccountsError)[keyof typeof AccountsError];

/** What the API says about the signed-in person. */
export type MeResponse =
  | { kind: 'staff'; id: string; role: 'officer' | 'parkManager' | 'admin'; name: string }
  | { kind: 'merchant'; id: string; name: string; shop: string; phone: string | null };
