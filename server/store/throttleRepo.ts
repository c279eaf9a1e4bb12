import type { Db } from './db.ts';

export interface ThrottleState {
  /** Failures counted in the current window. */
  failures: number;
  windowStartedAt: string;
  /** While in the future, the key is locked out. */
  lockedUntil: string | null;
}

export interface FailurePolicy {
  /** A failure this long after the window opened starts a new window. */
  windowMs: number;
  /** Reaching this many failures in one window locks the key (again on each further failure). */
  maxFailures: number;
  lockMs: number;
  now: Date;
}

interface ThrottleRow {
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

function toState(row: ThrottleRow): ThrottleState {
  return { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}

function checkPolicy(policy: FailurePolicy): void {
  const { windowMs, maxFailures, lockMs, now } = policy;
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError('windowMs must be a positive number');
  if (!(lockMs >= 0) || !Number.isFinite(lockMs)) throw new RangeError('lockMs must be zero or more');
  if (!Number.isInteger(maxFailures) || maxFailures < 1) throw new RangeError('maxFailures must be a whole number ≥ 1');
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
}

export async function getThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  const [row] = await db.query<ThrottleRow>(
    'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = $1',
    [key],
  );
  return row ? toState(row) : null;
}

/**
 * Counts one failure in a single statement, so concurrent failures for one key are all counted.
 * In the update every expression sees the row as it was, hence the window test appears three times.
 */
export async function recordFailure(db: Db, key: string, policy: FailurePolicy): Promise<ThrottleState> {
  checkPolicy(policy);
  const rows = await db.query<ThrottleRow>(
    `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
     VALUES ($1, 1, $2::timestamptz,
             CASE WHEN $4::int <= 1 THEN $2::timestamptz + $5::float8 * interval '1 millisecond' END)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE
         WHEN t.window_started_at + $3::float8 * interval '1 millisecond' <= $2::timestamptz THEN 1
         ELSE t.failures + 1
       END,
       window_started_at = CASE
         WHEN t.window_started_at + $3::float8 * interval '1 millisecond' <= $2::timestamptz THEN $2::timestamptz
         ELSE t.window_started_at
       END,
       locked_until = CASE
         WHEN (CASE
                 WHEN t.window_started_at + $3::float8 * interval '1 millisecond' <= $2::timestamptz THEN 1
                 ELSE t.failures + 1
               END) >= $4::int
           THEN $2::timestamptz + $5::float8 * interval '1 millisecond'
         WHEN t.locked_until > $2::timestamptz THEN t.locked_until
       END
     RETURNING failures, window_started_at, locked_until`,
    [key, policy.now.toISOString(), policy.windowMs, policy.maxFailures, policy.lockMs],
  );
  return toState(rows[0] as ThrottleRow);
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}
