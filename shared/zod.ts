import { z } from 'zod';

// Every schema in the hall comes through here, so this setting holds before any of them is built. The
// page's Content-Security-Policy forbids eval: zod would probe for it (and log a CSP error) the first
// time an object schema is built, then fall back to the same checks without compiled code.
z.config({ jitless: true });

export { z };

/**
 * An id a request body names, at most `max` characters and never holding a NUL: no id the hall makes has one and
 * PostgreSQL refuses it in text, so such a body is refused as bad input (400) instead of failing storage (500).
 * The same rule as server/http/pathId.ts for ids in a path; `error` is the code a form shows, if it has one.
 */
export function idField(max = 64, error?: string) {
  const says = error === undefined ? {} : { error };
  return z
    .string(says)
    .min(1, says)
    .max(max, says)
    .refine((id) => !id.includes('\0'), says);
}
