/**
 * What every rule and service of the hall answers: the value, or the refusal's code. One shape on both
 * sides, so a route, a room or a panel reads any of them the same way (`r.ok`, then `r.value` or
 * `r.error`), and the codes a feature may refuse with are a closed union the compiler checks.
 *
 * - `T` is the value of a success.
 * - `E` is the feature's refusal codes (`VisitError`, `MeetingError`…), a union of string literals.
 * - `More` is what a refusal may carry besides its code: the refused `fields` of a form, the `limit` that
 *   refused an upload, when to try again (`retryAfter`, in seconds).
 * - `Done` is what a success carries besides its value: the queue names the tickets an operation `changed`.
 *
 * A feature whose refusals carry different things for different codes (a filing's `fields` only with
 * `invalid_input`) writes its result as a union of `Ok` and several `Refused`; it is still one of these.
 */
export interface Ok<T> {
  ok: true;
  value: T;
}

/** A refusal: its code, and whatever `More` says it carries. */
export type Refused<E extends string, More = unknown> = { ok: false; error: E } & More;

export type Result<T, E extends string, More = unknown, Done = unknown> = (Ok<T> & Done) | Refused<E, More>;

/** A success with its value. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** A refusal with its code, and what it carries besides (`refused('invalid_input', { fields })`). */
export function refused<E extends string>(error: E): Refused<E>;
export function refused<E extends string, More extends object>(error: E, more: More): Refused<E, More>;
export function refused<E extends string>(error: E, more: object = {}): Refused<E> {
  return { ...more, ok: false, error };
}

/**
 * The HTTP status of each refusal code of a feature, beside its codes in the feature's shared contract:
 * `{ … } as const satisfies StatusMap<VisitError>` does not compile until every code has one.
 */
export type StatusMap<E extends string> = Readonly<Record<E, number>>;
