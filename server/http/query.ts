import type { Request, Response } from 'express';
import { QueryFieldError, QueryRefusal } from '../../shared/query.ts';
import { STATION_QUERY } from '../../shared/stations.ts';

/** The parameters a route reads from its query, each with the check its one value must pass. */
export type QuerySpec<K extends string> = Readonly<Record<K, (value: string) => boolean>>;

/** Any text at all: the route bounds it itself (a search, an id that finds nothing). */
export const anyText = (): boolean => true;

/** A check that takes only these values. */
export const oneOf =
  (...values: readonly string[]) =>
  (value: string): boolean =>
    values.includes(value);

/**
 * A route's query, checked after who asks: each parameter it reads given at most once, as plain text that
 * passes its check, and none it does not read (`station` is read by the station scope for every route,
 * server/stations/scope.ts). Otherwise answers 400 `invalid_input` with `fields` naming each refused parameter
 * (`unknown_field`, `invalid`) and returns null. A filter the route cannot read would otherwise be ignored or
 * match nothing, and the page would show a list as if it were the one asked for.
 */
export function readQuery<K extends string>(
  req: Request,
  res: Response,
  spec: QuerySpec<K>,
): Partial<Record<K, string>> | null {
  const query = req.query as Record<string, unknown>;
  // A Map, then fromEntries: a parameter named `__proto__` is named back, not taken for the prototype.
  const fields = new Map<string, QueryFieldError>();
  const value: Partial<Record<K, string>> = {};
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (key === STATION_QUERY) continue;
    if (!Object.hasOwn(spec, key)) fields.set(key.slice(0, 40), QueryFieldError.unknownField);
    else if (typeof v !== 'string' || !spec[key as K](v)) fields.set(key, QueryFieldError.invalid);
    else value[key as K] = v;
  }
  if (fields.size === 0) return value;
  res.status(400).json({
    error: QueryRefusal.invalidInput,
    fields: Object.fromEntries(fields),
    message: [...fields].map(([k, code]) => `${k}: ${code}`).join('; '),
  });
  return null;
}
