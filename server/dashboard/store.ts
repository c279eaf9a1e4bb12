import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import type { ConcernCategory } from '../../shared/concerns.ts';
import { FilingState } from '../../shared/filing.ts';
import type { Db } from '../store/db.ts';
import {
  DECISIONS,
  DURATION_BUCKET_MS,
  DURATION_BUCKETS,
  dayOffsets,
  daysOf,
  histogramSummary,
  type Bucket,
  type ConcernFact,
  type FilingFact,
  type LevelCounts,
  type RatingFact,
  type RatingGroups,
  type TicketGroup,
  type TicketGroups,
} from './rules.ts';

/**
 * What the station dashboard reads from storage: the period's tickets, ratings, concerns and filings as plain
 * facts (rules.ts sums them up), and today's counts. Instants come back as epoch milliseconds (float8), so the
 * same statement reads the same numbers on PGlite and PostgreSQL. Periods are half-open: [start, end).
 */

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** A timestamp's ms since the epoch, or an interval's ms, as float8 (extract() would compute in numeric, slowly). */
const msFloat = (expression: string) => `date_part('epoch', ${expression}) * 1000`;

/**
 * A group of tickets: its kind, key (day or service), hour, bucket, served, no-shows, count, sum, min, max. A
 * day's row has its day; a count's its service and hour; a bucket of waits or service times either its service
 * (hour null) or its hour (service null), so a month of groups stays small whatever the spread of the hours.
 */
type GroupRow = [
  by: 'day' | 'counts' | 'wait' | 'spent',
  key: string | null,
  hour: number | null,
  bucket: number | null,
  served: number,
  noShows: number,
  n: number,
  sum: number | null,
  min: number | null,
  max: number | null,
];

/** A ticket not yet come to its end: the month it was taken in may still change. */
const OPEN_STATUSES = ['waiting', 'called', 'serving'];

/**
 * The tickets of the station days `days` (ascending, no gaps needed), read in one pass and summed up by simple
 * hash aggregates: by day (counts, the waits' count and sum), by service and the station's hour the number
 * was taken in (counts), and by service and by hour a histogram of the waits and one of the service times (in
 * buckets of DURATION_BUCKET_MS: how many, their sum, smallest and largest). The hour is the instant plus its
 * day's offset (`offsets`, ms, one per day from the first of `days` to the last), so no row needs a time-zone
 * look-up.
 */
async function countTickets(
  db: Db,
  station: string,
  days: readonly string[],
  offsets: readonly number[],
): Promise<GroupRow[]> {
  if (days.length === 0) return [];
  // The groups come back as one JSON array of arrays: PGlite hands a result over row by row and field by
  // field, which for a year's few thousand groups cost more than counting them.
  const [result] = await db.query<{ groups: GroupRow[] }>(
    `WITH t AS MATERIALIZED (
       SELECT tk.day, tk.service, tk.status,
         floor((${msFloat('tk.taken_at')} + ($3::float8[])[tk.day::date - $1::text::date + 1]) / 3600000)::int % 24
           AS hour,
         CASE WHEN tk.called_at IS NOT NULL
           THEN ${msFloat('tk.called_at - greatest(tk.taken_at, coalesce(tk.appointment_at, tk.taken_at))')} END AS wait,
         CASE WHEN tk.status = 'done' AND tk.served_at IS NOT NULL AND tk.ended_at IS NOT NULL
           THEN ${msFloat('tk.ended_at - tk.served_at')} END AS spent
       FROM tickets tk
       -- The range lets the (station, day) index narrow the read; the list leaves out the days counted elsewhere.
       WHERE tk.station = $7::text AND tk.day >= $1::text AND tk.day <= $6::text AND tk.day = ANY($2::text[])
     ), b AS MATERIALIZED (
       SELECT service, hour, wait, spent,
         least(floor(wait / $4::float8), $5::int)::int AS wb, least(floor(spent / $4::float8), $5::int)::int AS sb
       FROM t
     )
     SELECT coalesce(json_agg(json_build_array(by, key, hour, bucket, served, no_shows, n, sum, min, max)), '[]')
       AS groups
     FROM (
     SELECT 'day' AS by, day AS key, NULL::int AS hour, NULL::int AS bucket,
       count(*) FILTER (WHERE status = 'done')::int AS served, count(*) FILTER (WHERE status = 'noShow')::int AS no_shows,
       count(wait)::int AS n, sum(wait)::float8 AS sum, NULL::float8 AS min, NULL::float8 AS max
     FROM t GROUP BY day
     UNION ALL
     SELECT 'counts', service, hour, NULL,
       count(*) FILTER (WHERE status = 'done')::int, count(*) FILTER (WHERE status = 'noShow')::int, 0, NULL, NULL, NULL
     FROM t GROUP BY service, hour
     UNION ALL
     SELECT 'wait', service, hour, wb, 0, 0, count(*)::int, sum(wait)::float8, min(wait)::float8, max(wait)::float8
     FROM b WHERE wait IS NOT NULL GROUP BY GROUPING SETS ((service, wb), (hour, wb))
     UNION ALL
     SELECT 'spent', service, hour, sb, 0, 0, count(*)::int, sum(spent)::float8, min(spent)::float8, max(spent)::float8
     FROM b WHERE spent IS NOT NULL GROUP BY GROUPING SETS ((service, sb), (hour, sb))
     ) g`,
    [days[0], days, offsets, DURATION_BUCKET_MS, DURATION_BUCKETS, days.at(-1), station],
  );
  return result?.groups ?? [];
}

/** The station days of a month ('YYYY-MM'), first to last. */
function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return daysOf(`${month}-01`, last);
}

/**
 * A station's groups of the whole months of a period that are over (their last day before `today`), counted
 * once and kept in dashboard_ticket_months under (station, month): a month with a ticket of the station still
 * open is not kept, so only tickets that have come to their end are summed up, and any ticket of a kept month
 * written again drops that station's month, not the other stations' (migration 22's trigger). Counted from
 * what this read sees: a month is kept only once over and settled, when nothing writes to it.
 */
async function pastMonths(
  db: Db,
  station: string,
  days: readonly string[],
  timeZone: string,
  today: string,
): Promise<Map<string, GroupRow[]>> {
  const inPeriod = new Set(days);
  const whole = [...new Set(days.map((d) => d.slice(0, 7)))].filter((month) => {
    const its = daysOfMonth(month);
    return its.every((d) => inPeriod.has(d)) && its.at(-1)! < today;
  });
  const kept = new Map<string, GroupRow[]>();
  if (whole.length === 0) return kept;
  const stored = await db.query<{ month: string; groups: GroupRow[] }>(
    `SELECT month, groups FROM dashboard_ticket_months
     WHERE station = $4 AND month = ANY($1::text[]) AND time_zone = $2 AND bucket_ms = $3`,
    [whole, timeZone, DURATION_BUCKET_MS, station],
  );
  for (const s of stored) kept.set(s.month, s.groups);
  const missing = whole.filter((m) => !kept.has(m));
  if (missing.length === 0) return kept;
  const unsettled = await db.query<{ month: string }>(
    `SELECT DISTINCT left(day, 7) AS month FROM tickets
     WHERE station = $4 AND status = ANY($1::text[]) AND day >= $2 AND day <= $3`,
    [OPEN_STATUSES, `${missing[0]}-01`, daysOfMonth(missing.at(-1)!).at(-1), station],
  );
  const open = new Set(unsettled.map((u) => u.month));
  for (const month of missing) {
    if (open.has(month)) continue;
    const its = daysOfMonth(month);
    const groups = await countTickets(db, station, its, dayOffsets(its, timeZone));
    await db.query(
      `INSERT INTO dashboard_ticket_months (station, month, time_zone, bucket_ms, groups)
       VALUES ($5, $1, $2, $3, $4::json)
       ON CONFLICT (station, month) DO UPDATE SET time_zone = EXCLUDED.time_zone, bucket_ms = EXCLUDED.bucket_ms,
         groups = EXCLUDED.groups, counted_at = now()`,
      [month, timeZone, DURATION_BUCKET_MS, JSON.stringify(groups), station],
    );
    kept.set(month, groups);
  }
  return kept;
}

/**
 * A station's tickets of the station days `from` to `to` summed up by day, by service and by the station's
 * hour: the whole past months from their kept groups, the other days counted now (see countTickets). Services
 * and hours are then added up here and rules.ts reads medians and 90th percentiles from the buckets, so no
 * ticket is sorted. `today` is the station's day now.
 */
export async function ticketGroups(
  db: Db,
  from: string,
  to: string,
  timeZone: string,
  today: string,
  station = DEFAULT_STATION_SLUG,
): Promise<TicketGroups> {
  const days = daysOf(from, to);
  const kept = await pastMonths(db, station, days, timeZone, today);
  const rest = days.filter((d) => !kept.has(d.slice(0, 7)));
  const counted =
    rest.length > 0 ? await countTickets(db, station, rest, dayOffsets(daysOf(rest[0]!, rest.at(-1)!), timeZone)) : [];
  const rows = [...[...kept.values()].flat(), ...counted].map(
    ([by, key, hour, bucket, served, no_shows, n, sum, min, max]) => ({
      by,
      key,
      hour,
      bucket,
      served,
      no_shows,
      n,
      sum,
      min,
      max,
    }),
  );
  interface Durations {
    count: number;
    sum: number;
    buckets: Map<number, Bucket>;
  }
  interface Sums {
    served: number;
    noShows: number;
    wait: Durations;
    spent: Durations;
  }
  const durations = (): Durations => ({ count: 0, sum: 0, buckets: new Map() });
  const byDay = new Map<string, Sums>();
  const byService = new Map<string, Sums>();
  const byHour = new Map<number, Sums>();
  const sumsOf = <K>(map: Map<K, Sums>, key: K): Sums => {
    let sums = map.get(key);
    if (!sums) {
      sums = { served: 0, noShows: 0, wait: durations(), spent: durations() };
      map.set(key, sums);
    }
    return sums;
  };
  for (const r of rows) {
    if (r.by === 'day') {
      const day = sumsOf(byDay, r.key ?? '');
      day.served = r.served;
      day.noShows = r.no_shows;
      day.wait.count = r.n;
      day.wait.sum = r.sum ?? 0;
      continue;
    }
    const of: Sums[] = [];
    if (r.key !== null) of.push(sumsOf(byService, r.key));
    if (r.hour !== null) of.push(sumsOf(byHour, r.hour));
    for (const sums of of) {
      if (r.by === 'counts') {
        sums.served += r.served;
        sums.noShows += r.no_shows;
        continue;
      }
      if (r.bucket === null || r.min === null || r.max === null) continue;
      const d = sums[r.by];
      d.count += r.n;
      d.sum += r.sum ?? 0;
      // The same bucket of several months (or of a month and the days counted now) is one bucket.
      const b = d.buckets.get(r.bucket);
      d.buckets.set(
        r.bucket,
        b
          ? { count: b.count + r.n, min: Math.min(b.min, r.min), max: Math.max(b.max, r.max) }
          : { count: r.n, min: r.min, max: r.max },
      );
    }
  }
  const histogram = (d: Durations) => ({ count: d.count, sum: d.sum, buckets: [...d.buckets.values()] });
  const group = (s: Sums): TicketGroup => ({
    served: s.served,
    noShows: s.noShows,
    wait: histogramSummary(histogram(s.wait)),
    service: histogramSummary(histogram(s.spent)),
  });
  const groups = <K>(map: Map<K, Sums>) => new Map([...map].map(([k, s]) => [k, group(s)] as const));
  return { byDay: groups(byDay), byService: groups(byService), byHour: groups(byHour) };
}

const RANGE = `r.at >= to_timestamp($1::float8 / 1000) AND r.at < to_timestamp($2::float8 / 1000)`;

/** A rating is the station's whose ticket it was given for (a merchant's case spans stations, a ticket does not). */
const OF_STATION = `JOIN tickets tk ON tk.id = r.ticket_id AND tk.station = $3::text`;

/**
 * Ratings given in [start, end) at a station, counted per level by service and by officer rated: never by who
 * rated.
 */
export async function ratingGroups(
  db: Db,
  start: number,
  end: number,
  station = DEFAULT_STATION_SLUG,
): Promise<RatingGroups> {
  const rows = await db.query<{
    service: string | null;
    officer_id: string | null;
    name: string | null;
    levels: number[];
  }>(
    `SELECT c.service, r.officer_id, max(s.display_name) AS name,
       ARRAY[count(*) FILTER (WHERE r.level = 1), count(*) FILTER (WHERE r.level = 2),
             count(*) FILTER (WHERE r.level = 3), count(*) FILTER (WHERE r.level = 4),
             count(*) FILTER (WHERE r.level = 5)]::int[] AS levels
     FROM ratings r
     JOIN cases c ON c.id = r.case_id
     JOIN staff s ON s.id = r.officer_id
     ${OF_STATION}
     WHERE ${RANGE}
     GROUP BY GROUPING SETS ((c.service), (r.officer_id))`,
    [start, end, station],
  );
  const byService = new Map<string, LevelCounts>();
  const byOfficer: { name: string; levels: LevelCounts }[] = [];
  for (const r of rows) {
    const levels = r.levels.map(Number) as unknown as LevelCounts;
    if (r.service !== null) byService.set(r.service, levels);
    else if (r.officer_id !== null) byOfficer.push({ name: r.name ?? '', levels });
  }
  return { byService, byOfficer };
}

/**
 * The newest `max` comments written with ratings in [start, end), with the service and the officer rated
 * (never who wrote them), and how many there are in all.
 */
export async function ratingComments(
  db: Db,
  start: number,
  end: number,
  max: number,
  station = DEFAULT_STATION_SLUG,
): Promise<{ comments: RatingFact[]; total: number }> {
  const rows = await db.query<{
    at: number;
    service: string;
    officer_id: string;
    officer_name: string;
    level: number;
    comment: string;
  }>(
    `SELECT ${ms('r.at')} AS at, c.service, r.officer_id, s.display_name AS officer_name, r.level, r.comment
     FROM ratings r
     JOIN cases c ON c.id = r.case_id
     JOIN staff s ON s.id = r.officer_id
     ${OF_STATION}
     WHERE ${RANGE} AND btrim(r.comment) <> ''
     ORDER BY r.at DESC LIMIT $4`,
    [start, end, station, max],
  );
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ratings r ${OF_STATION} WHERE ${RANGE} AND btrim(r.comment) <> ''`,
    [start, end, station],
  );
  return {
    comments: rows.map((r) => ({
      at: r.at,
      service: r.service,
      officerId: r.officer_id,
      officerName: r.officer_name,
      level: r.level,
      comment: r.comment,
    })),
    total: count?.n ?? 0,
  };
}

/**
 * Concerns received at a station in [start, end), with their deadlines, when each was met and the first reply.
 * The first replies are found by one grouped join rather than a look-up per concern, and everything comes back
 * as one JSON value (PGlite hands results over field by field).
 */
export async function concernFacts(
  db: Db,
  start: number,
  end: number,
  station = DEFAULT_STATION_SLUG,
): Promise<ConcernFact[]> {
  const RECEIVED = (c: string) =>
    `${c}.station = $4::text AND ${c}.received_at >= to_timestamp($1::float8 / 1000)
       AND ${c}.received_at < to_timestamp($2::float8 / 1000)`;
  const [result] = await db.query<{
    facts: [ConcernCategory, number, number | null, number | null, number, number | null, number | null][];
  }>(
    `SELECT coalesce(json_agg(json_build_array(c.category, ${msFloat('c.contact_by')}, ${msFloat('c.contacted_at')},
       ${msFloat('c.contact_late_at')}, ${msFloat('c.answer_by')}, ${msFloat('r.at')}, ${msFloat('c.answer_late_at')})),
       '[]') AS facts
     FROM concerns c
     LEFT JOIN (
       SELECT e.concern_id, min(e.at) AS at FROM concern_entries e JOIN concerns q ON q.id = e.concern_id
       WHERE e.kind = $3 AND ${RECEIVED('q')} GROUP BY e.concern_id
     ) r ON r.concern_id = c.id
     WHERE ${RECEIVED('c')}`,
    [start, end, 'reply', station],
  );
  return (result?.facts ?? []).map(([category, contactBy, contactedAt, contactLateAt, answerBy, answeredAt, late]) => ({
    category,
    contactBy,
    contactedAt,
    contactLateAt,
    answerBy,
    answeredAt,
    answerLateAt: late,
  }));
}

/**
 * A station's filings submitted (or submitted again) in [start, end), each with the officer's first decision
 * after it: changes requested, accepted with items to follow, a site visit booked, or filed. As one JSON value.
 */
export async function filingFacts(
  db: Db,
  start: number,
  end: number,
  station = DEFAULT_STATION_SLUG,
): Promise<FilingFact[]> {
  const [result] = await db.query<{ facts: [number, number | null, string | null][] }>(
    `SELECT coalesce(json_agg(json_build_array(${msFloat('s.at')}, ${msFloat('d.at')}, d.state)), '[]') AS facts
     FROM filing_events s
     JOIN filings f ON f.id = s.filing_id AND f.station = $5::text
     LEFT JOIN LATERAL (
       SELECT e.at, e.state FROM filing_events e
       WHERE e.filing_id = s.filing_id AND e.id > s.id AND e.state = ANY($3::text[])
       ORDER BY e.id LIMIT 1
     ) d ON true
     WHERE s.state = $4 AND s.at >= to_timestamp($1::float8 / 1000) AND s.at < to_timestamp($2::float8 / 1000)`,
    [start, end, [...DECISIONS], FilingState.submitted, station],
  );
  return (result?.facts ?? []).map(([submittedAt, decidedAt, decision]) => ({ submittedAt, decidedAt, decision }));
}

/** Today's stored counts: served and no-shows on the station day, filings waiting, visits booked today. */
export async function todayCounts(
  db: Db,
  day: string,
  start: number,
  end: number,
  station = DEFAULT_STATION_SLUG,
): Promise<{ served: number; noShows: number; filingsAwaitingReview: number; visitsBookedToday: number }> {
  const [tickets] = await db.query<{ served: number; no_shows: number }>(
    `SELECT count(*) FILTER (WHERE status = 'done')::int AS served,
            count(*) FILTER (WHERE status = 'noShow')::int AS no_shows
     FROM tickets WHERE station = $2 AND day = $1`,
    [day, station],
  );
  const [filings] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM filings WHERE station = $2 AND state = ANY($1::text[])`,
    [[FilingState.submitted, FilingState.underReview], station],
  );
  const [visits] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM visit_slots
     WHERE station = $3 AND merchant_id IS NOT NULL AND starts_at >= to_timestamp($1::float8 / 1000)
       AND starts_at < to_timestamp($2::float8 / 1000)`,
    [start, end, station],
  );
  return {
    served: tickets?.served ?? 0,
    noShows: tickets?.no_shows ?? 0,
    filingsAwaitingReview: filings?.n ?? 0,
    visitsBookedToday: visits?.n ?? 0,
  };
}

/**
 * Deadlines of the station's concerns still open: the contact deadline while no one has made contact, and the
 * answer's.
 */
export async function openConcernDeadlines(
  db: Db,
  station: string,
): Promise<{ contactBy: number | null; answerBy: number }[]> {
  const rows = await db.query<{ contact_by: number | null; answer_by: number }>(
    `SELECT CASE WHEN contacted_at IS NULL THEN ${ms('contact_by')} END AS contact_by, ${ms('answer_by')} AS answer_by
     FROM concerns WHERE station = $1 AND status IN ('received', 'assigned', 'inProgress')`,
    [station],
  );
  return rows.map((r) => ({ contactBy: r.contact_by, answerBy: r.answer_by }));
}

/**
 * The hall as storage has it, for when no hall runs in this process: the open desks and their officers, and
 * the waiting tickets of today (appointments counted from their time).
 */
export async function storedHall(
  db: Db,
  day: string,
  now: number,
  station = DEFAULT_STATION_SLUG,
): Promise<{
  desks: { deskId: string; officerName: string; services: string[]; held: boolean; ticket: string | null }[];
  waiting: { service: string; since: number }[];
}> {
  const desks = await db.query<{ id: string; name: string; services: string[]; paused: boolean }>(
    `SELECT d.id, s.display_name AS name, d.services, d.paused
     FROM desks d JOIN staff s ON s.id = d.officer_id WHERE d.station = $1 ORDER BY d.id`,
    [station],
  );
  const waiting = await db.query<{ service: string; since: number }>(
    `SELECT service, ${ms('greatest(taken_at, coalesce(appointment_at, taken_at))')} AS since
     FROM tickets
     WHERE station = $3 AND day = $1 AND status = 'waiting'
       AND (appointment_at IS NULL OR appointment_at <= to_timestamp($2::float8 / 1000))`,
    [day, now, station],
  );
  return {
    desks: desks.map((d) => ({
      deskId: d.id,
      officerName: d.name,
      services: d.services,
      held: d.paused,
      ticket: null,
    })),
    waiting,
  };
}
