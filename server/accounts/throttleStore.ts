import type { Db } from '../store/db.ts';

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

/**
 * How one counter answers attempts: the first `freeAttempts` pass without delay; from then on each attempt
 * that passes makes the next one wait `baseDelayMs · 2^(n − freeAttempts)`, at most `maxDelayMs` (equal base
 * and maximum make a plain lock). The count starts again after `quietMs` without any attempt; keep it longer
 * than `maxDelayMs`, or waiting out the longest delay would also wipe the count.
 */
export interface AttemptPolicy {
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  quietMs: number;
  now: Date;
}

/** One counted attempt: whether it may go ahead, and the counter as it wrote it. */
export interface AttemptResult {
  admitted: boolean;
  /** Attempts counted since the counter last started, this one included. */
  attempts: number;
  /** Until when the next attempt waits, if it does. */
  lockedUntil: string | null;
}

function checkAttemptPolicy(p: AttemptPolicy): void {
  if (!Number.isInteger(p.freeAttempts) || p.freeAttempts < 1) throw new RangeError('freeAttempts must be ≥ 1');
  if (!(p.baseDelayMs > 0) || !(p.maxDelayMs >= p.baseDelayMs) || !Number.isFinite(p.maxDelayMs))
    throw new RangeError('delays must be positive, the maximum at least the base');
  if (!(p.quietMs > 0) || !Number.isFinite(p.quietMs)) throw new RangeError('quietMs must be a positive number');
  if (Number.isNaN(p.now.getTime())) throw new RangeError('now must be a valid date');
}

/**
 * Count an attempt and decide in the same statement whether it may go ahead: it may unless the counter was
 * waiting out a delay. Every attempt is counted, those refused too, so a burst sent at once is counted
 * whole and lets through no more than the free attempts; a refused attempt does not move the delay's end.
 * Counted before the password is checked: a sign-in that succeeds is forgiven afterwards.
 */
export async function countAttempt(db: Db, key: string, policy: AttemptPolicy): Promise<AttemptResult> {
  checkAttemptPolicy(policy);
  // $2 now, $3 free attempts, $4 base delay, $5 longest delay, $6 quiet time. The exponent is capped so
  // 2^n stays a finite number however long the hammering goes on; the delay is capped anyway.
  const delayAfter = (n: string) =>
    `CASE WHEN ${n} >= $3::int THEN $2::timestamptz + least($5::float8,
       $4::float8 * power(2::float8, least(${n} - $3::int, 60))) * interval '1 millisecond' END`;
  const quiet = `(t.last_attempt_at IS NULL OR t.last_attempt_at + $6::float8 * interval '1 millisecond' <= $2::timestamptz)`;
  const rows = await db.query<{ attempts: number; locked_until: string | null; admitted: boolean }>(
    `INSERT INTO login_throttle AS t (key, failures, window_started_at, last_attempt_at, locked_until, admitted)
     VALUES ($1, 1, $2::timestamptz, $2::timestamptz, ${delayAfter('1')}, true)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN ${quiet} THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN ${quiet} THEN $2::timestamptz ELSE t.window_started_at END,
       last_attempt_at = $2::timestamptz,
       admitted = ${quiet} OR t.locked_until IS NULL OR t.locked_until <= $2::timestamptz,
       locked_until = CASE
         WHEN ${quiet} THEN ${delayAfter('1')}
         WHEN t.locked_until > $2::timestamptz THEN t.locked_until
         ELSE ${delayAfter('t.failures + 1')}
       END
     RETURNING failures AS attempts, locked_until, admitted`,
    [key, policy.now.toISOString(), policy.freeAttempts, policy.baseDelayMs, policy.maxDelayMs, policy.quietMs],
  );
  const row = rows[0]!;
  return { admitted: row.admitted, attempts: row.attempts, lockedUntil: row.locked_until };
}

/**
 * Take back one counted attempt that turned out to be a successful sign-in. A delay it set is lifted
 * unless the attempts still counted would set one by themselves.
 */
export async function forgiveAttempt(db: Db, key: string, freeAttempts: number): Promise<void> {
  await db.query(
    `UPDATE login_throttle SET
       failures = greatest(failures - 1, 0),
       locked_until = CASE WHEN failures - 1 >= $2::int THEN locked_until END
     WHERE key = $1`,
    [key, freeAttempts],
  );
}
