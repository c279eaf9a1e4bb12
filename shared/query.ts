/**
 * What a list route answers to a query it cannot read: 400 `{ error: 'invalid_input', fields }`, `fields`
 * naming each refused parameter with one of these codes, so a misspelt filter is never taken for one that
 * matched nothing. The dashboard's period speaks the same (shared/dashboard.ts).
 */
export const QueryRefusal = { invalidInput: 'invalid_input' } as const;
export type QueryRefusal = (typeof QueryRefusal)[keyof typeof QueryRefusal];

export const QueryFieldError = {
  /** A parameter the route does not read. */
  unknownField: 'unknown_field',
  /** Given more than once, nested (`?a[b]=`), or a value the parameter does not take. */
  invalid: 'invalid',
} as const;
export type QueryFieldError = (typeof QueryFieldError)[keyof typeof QueryFieldError];
