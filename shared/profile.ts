import { z } from './zod.ts';

import { NAME_MAX, SHOP_MAX } from './fieldLimits.ts';

export { NAME_MAX, SHOP_MAX };

/** Reasons a profile field is refused; the client translates them. */
export const ProfileError = {
  required: 'required',
  tooLong: 'too_long',
  invalidChars: 'invalid_chars',
} as const;
export type ProfileError = (typeof ProfileError)[keyof typeof ProfileError];

// Control, format and private-use characters never belong in a name shown above someone's head; they
// are also how people spoof text direction or hide content.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

/** A one-line text field: normalised, trimmed, required, at most `max` characters, no control or format characters. */
export function textField(max: number) {
  return z
    .string({ error: ProfileError.required })
    .transform((s) => s.normalize('NFC').replace(/\s+/gu, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, { error: ProfileError.required })
        .refine((s) => [...s].length <= max, { error: ProfileError.tooLong })
        .refine((s) => !FORBIDDEN.test(s), { error: ProfileError.invalidChars }),
    );
}

/** A merchant's sign-in: display name and shop. Shared by the form and the server, which is the judge. */
export const merchantProfileSchema = z.object({
  name: textField(NAME_MAX),
  shop: textField(SHOP_MAX),
});
export type MerchantProfile = z.output<typeof merchantProfileSchema>;

/** Field-by-field reasons, for showing each error beside its input. */
export function profileErrors(input: unknown): Partial<Record<keyof MerchantProfile, ProfileError>> {
  const result = merchantProfileSchema.safeParse(input);
  if (result.success) return {};
  const out: Partial<Record<keyof MerchantProfile, ProfileError>> = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    if ((key === 'name' || key === 'shop') && !out[key]) {
      const msg = issue.message as ProfileError;
      out[key] = Object.values(ProfileError).includes(msg) ? msg : ProfileError.required;
    }
  }
  return out;
}
