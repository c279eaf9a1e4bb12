/**
 * Narrowing for codes that reach the page as plain strings (a stored record, a close reason), so the key
 * built from them is checked against the code's union instead of cast: a value outside it is said as it is.
 */

/** Whether `value` is one of the codes of an `as const` code object such as `FilingState`. */
export function isCode<C extends Readonly<Record<string, string>>>(
  codes: C,
  value: string | null | undefined,
): value is C[keyof C] {
  return value != null && Object.values(codes).includes(value);
}

/** Whether the catalogue group `words` (e.g. `zhCN.meeting.reasons`) has words for `code`. */
export function hasWords<W extends object>(
  words: W,
  code: string | null | undefined,
): code is Extract<keyof W, string> {
  return code != null && Object.hasOwn(words, code);
}
