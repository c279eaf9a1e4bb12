/** Longest id a route reads from its path, in characters; every id the hall makes is shorter. */
export const PATH_ID_MAX = 80;

/**
 * A record's id from a request's path, bounded before it reaches storage. An id holding a NUL names nothing:
 * no id the hall makes has one, and PostgreSQL refuses it in text, so it becomes the empty id and the record is
 * simply not found (404) instead of the query failing (500).
 */
export function pathId(raw: unknown): string {
  const id = String(raw).slice(0, PATH_ID_MAX);
  return id.includes('\0') ? '' : id;
}
