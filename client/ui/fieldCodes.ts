import type { z } from 'zod';

/** The first issue's code for each field, from a zod issue list (a field's first problem is the one to fix). */
export function codesOfIssues<F extends string>(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  fields: readonly F[],
  known: readonly string[],
  fallback = 'required',
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '') as F;
    if (!fields.includes(key) || out[key]) continue;
    out[key] = known.includes(issue.message) ? issue.message : fallback;
  }
  return out;
}

/**
 * Judge a form's values with the shared schema the server applies, field by field: each refused field gets
 * the code of its first issue when the page has words for it (`known`), else `fallback`. Empty when valid.
 */
export function fieldCodes<F extends string>(
  schema: z.ZodType,
  values: unknown,
  fields: readonly F[],
  known: readonly string[],
  fallback = 'required',
): Partial<Record<F, string>> {
  const r = schema.safeParse(values);
  return r.success ? {} : codesOfIssues(r.error.issues, fields, known, fallback);
}
