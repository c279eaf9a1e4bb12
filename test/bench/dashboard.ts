/**
 * `npm run bench -- dashboard`: the station dashboard's period over a year of a busy station. Seeds
 * {@link DASHBOARD_DAYS} days of {@link TICKETS_PER_DAY} tickets (their cases; most served, some missed), a
 * rating for a third of those served (a comment on one in four), {@link CONCERNS_PER_DAY} concerns a day with
 * their replies, and {@link FILINGS_PER_DAY} filings a day with their review steps, straight into a fresh
 * database (PGlite; PostgreSQL too when `DASHBOARD_BENCH_DATABASE_URL` names one, in a schema of its own that
 * is dropped after), then times the lead's period (every table) for the last month and for the whole year,
 * with the dashboard's indexes and again without them, and today at a glance. Figures are reported, never
 * asserted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DashboardService } from '../../server/dashboard/service.ts';
import { openDb, type Db } from '../../server/store/db.ts';

export const DASHBOARD_DAYS = 365;
export const TICKETS_PER_DAY = 250;
export const CONCERNS_PER_DAY = 10;
export const FILINGS_PER_DAY = 6;
export const DASHBOARD_TZ = 'Asia/Shanghai';
/** Each period is read this many times; the median is reported. */
const RUNS = 5;
/** The last day seeded; the year ends on it. */
const LAST_DAY = '2026-11-30';

/**
 * The indexes the dashboard added (migration 16; concerns by station since migration 21), dropped and made
 * again to time the period without them.
 */
const DASHBOARD_INDEXES = {
  ratings_at_idx: 'CREATE INDEX ratings_at_idx ON ratings (at)',
  concerns_station_received_idx: 'CREATE INDEX concerns_station_received_idx ON concerns (station, received_at)',
  filing_events_submitted_idx:
    "CREATE INDEX filing_events_submitted_idx ON filing_events (at) WHERE state = 'submitted'",
} as const;

export interface DashboardBenchRow {
  database: string;
  rows: { tickets: number; ratings: number; concerns: number; filingEvents: number };
  seedS: number;
  /** Median ms of the period read (every table), with the indexes and without. */
  monthMs: number;
  yearMs: number;
  monthNoIndexMs: number;
  yearNoIndexMs: number;
  todayMs: number;
}

function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** A year of a busy station, made by the database itself (generate_series), in a few statements. */
async function seed(db: Db, first: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(first)) throw new Error(`not a day: ${first}`);
  const services = `(ARRAY['renovation','signboard','concerns','consultation'])`;
  // Days counted from `first`, each day's station opening at 09:00 Shanghai (01:00 UTC).
  const dayStart = `(('${first}'::date + d) + time '01:00') AT TIME ZONE 'UTC'`;
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `INSERT INTO staff (id, username, display_name, role, password_hash)
     SELECT 'bench-s' || i, 'bench' || i, '工作人员' || i, 'officer', 'x' FROM generate_series(1, 8) i`,
  );
  await db.query(
    `INSERT INTO merchants (id, display_name, shop_name, recovery_hash)
     SELECT 'bench-m' || i, '商户' || i, '店铺' || i, 'x' FROM generate_series(1, 2000) i`,
  );
  // Tickets and their cases: waits skewed (mostly short, some long), service times 3 to 25 minutes.
  await db.query(
    `CREATE TEMP TABLE bench_t AS
     SELECT d, n, d * ${TICKETS_PER_DAY} + n AS g,
       ${services}[1 + (n % 4)] AS service,
       'bench-m' || (1 + (d * 37 + n * 11) % 2000) AS merchant,
       'bench-s' || (1 + n % 8) AS officer,
       ${dayStart} + (n * interval '115 seconds') AS taken,
       (1 + 30 * power(random(), 2)) * interval '1 minute' AS wait,
       (3 + 22 * random()) * interval '1 minute' AS spent,
       CASE WHEN random() < 0.06 THEN 'noShow' WHEN random() < 0.03 THEN 'left' ELSE 'done' END AS status
     FROM generate_series(0, ${DASHBOARD_DAYS - 1}) d, generate_series(0, ${TICKETS_PER_DAY - 1}) n`,
  );
  await db.query(
    `INSERT INTO cases (id, number, merchant_id, service, status, outcome, officer_id, desk_id, created_at, updated_at,
       closed_at)
     SELECT 'bench-c' || g, 'BC' || g, merchant, service, 'closed', 'resolved', officer, 'desk-1', taken, taken, taken
     FROM bench_t WHERE status = 'done'`,
  );
  await db.query(
    `INSERT INTO tickets (id, day, seq, number, service, merchant_id, taken_at, status, desk_id, officer_id, called_at,
       call_count, served_at, ended_at, case_id)
     SELECT 'bench-t' || g, to_char('${first}'::date + d, 'YYYY-MM-DD'), n + 1, 'B' || n, service, merchant, taken, status,
       'desk-1', officer,
       CASE WHEN status <> 'left' THEN taken + wait END, CASE WHEN status <> 'left' THEN 1 ELSE 0 END,
       CASE WHEN status = 'done' THEN taken + wait + interval '30 seconds' END,
       CASE WHEN status = 'done' THEN taken + wait + interval '30 seconds' + spent END,
       CASE WHEN status = 'done' THEN 'bench-c' || g END
     FROM bench_t`,
  );
  await db.query(
    `INSERT INTO ratings (case_id, ticket_id, merchant_id, officer_id, desk_id, level, comment, at)
     SELECT 'bench-c' || g, 'bench-t' || g, merchant, officer, 'desk-1', 1 + floor(random() * 5)::int,
       CASE WHEN g % 4 = 0 THEN '办事效率高，态度很好' ELSE '' END, taken + wait + spent + interval '5 minutes'
     FROM bench_t WHERE status = 'done' AND g % 3 = 0`,
  );
  // Concerns with their first reply, some late.
  await db.query(
    `CREATE TEMP TABLE bench_c AS
     SELECT d * ${CONCERNS_PER_DAY} + n AS g, ${dayStart} + n * interval '40 minutes' AS received,
       (ARRAY['noise','parking','cookingFumes','streetTrading'])[1 + n % 4] AS category,
       'bench-m' || (1 + (d * 13 + n) % 2000) AS merchant,
       random() * interval '3 days' AS contact_after, random() * interval '9 days' AS answer_after
     FROM generate_series(0, ${DASHBOARD_DAYS - 1}) d, generate_series(0, ${CONCERNS_PER_DAY - 1}) n`,
  );
  await db.query(
    `INSERT INTO concerns (id, number, merchant_id, category, place, what, status, assignee_id, version, received_at,
       contact_by, answer_by, contacted_at, updated_at)
     SELECT 'bench-q' || g, 'BQ' || g, merchant,
       jsonb_build_object('id', category, 'zh', category, 'en', category), '某街', '某事', 'settled', 'bench-s1', 3,
       received, received + interval '1 day', received + interval '7 days', received + contact_after,
       received + answer_after
     FROM bench_c`,
  );
  await db.query(
    `INSERT INTO concern_entries (concern_id, seq, kind, actor_role, actor_id, actor_name, at, detail)
     SELECT 'bench-q' || g, 1, 'raised', 'merchant', merchant, '商户', received, '{}'::jsonb FROM bench_c
     UNION ALL
     SELECT 'bench-q' || g, 2, 'reply', 'officer', 'bench-s1', '工作人员1', received + answer_after, '{}'::jsonb
     FROM bench_c`,
  );
  // Filings: submitted, taken up, decided (a third sent back and submitted again, then filed).
  await db.query(
    `CREATE TEMP TABLE bench_f AS
     SELECT d * ${FILINGS_PER_DAY} + n AS g, ${dayStart} + n * interval '70 minutes' AS submitted,
       'bench-m' || (1 + (d * 7 + n) % 2000) AS merchant, random() * interval '4 days' AS took
     FROM generate_series(0, ${DASHBOARD_DAYS - 1}) d, generate_series(0, ${FILINGS_PER_DAY - 1}) n`,
  );
  await db.query(
    `INSERT INTO cases (id, number, merchant_id, service, status, created_at, updated_at)
     SELECT 'bench-fc' || g, 'BF' || g, merchant, 'signboard', 'open', submitted, submitted FROM bench_f`,
  );
  await db.query(
    `INSERT INTO filings (id, merchant_id, case_id, state, form, created_at, updated_at)
     SELECT 'bench-f' || g, merchant, 'bench-fc' || g, 'filed', '{}'::jsonb, submitted, submitted FROM bench_f`,
  );
  await db.query(
    `INSERT INTO filing_events (filing_id, state, actor_kind, actor_id, at)
     SELECT f, state, kind, who, at FROM (
       SELECT 'bench-f' || g AS f, 1 AS k, 'submitted' AS state, 'merchant' AS kind, merchant AS who, submitted AS at
       FROM bench_f
       UNION ALL SELECT 'bench-f' || g, 2, 'underReview', 'officer', 'bench-s2', submitted + took / 2 FROM bench_f
       UNION ALL SELECT 'bench-f' || g, 3, CASE WHEN g % 3 = 0 THEN 'changesRequested' ELSE 'filed' END, 'officer',
         'bench-s2', submitted + took FROM bench_f
       UNION ALL SELECT 'bench-f' || g, 4, 'submitted', 'merchant', merchant, submitted + took + interval '1 day'
         FROM bench_f WHERE g % 3 = 0
       UNION ALL SELECT 'bench-f' || g, 5, 'filed', 'officer', 'bench-s2', submitted + took + interval '2 days'
         FROM bench_f WHERE g % 3 = 0
     ) e ORDER BY f, k`,
  );
  for (const temp of ['bench_t', 'bench_c', 'bench_f']) await db.query(`DROP TABLE ${temp}`);
  await db.query('ANALYZE');
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm: plans and caches, as a station's second look would find them
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

async function count(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
}

/** Seed one database and time the period on it. */
async function benchOn(database: string, db: Db): Promise<DashboardBenchRow> {
  const first = dayBefore(LAST_DAY, DASHBOARD_DAYS - 1);
  const t0 = performance.now();
  await seed(db, first);
  const seedS = Math.round((performance.now() - t0) / 100) / 10;
  const dashboard = new DashboardService(db, {
    timeZone: DASHBOARD_TZ,
    periodDaysMax: 366,
    commentsMax: 500,
    now: () => Date.parse(`${LAST_DAY}T06:00:00Z`),
  });
  const month = { from: dayBefore(LAST_DAY, 29), to: LAST_DAY };
  const year = { from: first, to: LAST_DAY };
  const monthMs = await median(() => dashboard.tables(month));
  const yearMs = await median(() => dashboard.tables(year));
  const todayMs = await median(() => dashboard.today());
  for (const name of Object.keys(DASHBOARD_INDEXES)) await db.query(`DROP INDEX ${name}`);
  await db.query('ANALYZE');
  const monthNoIndexMs = await median(() => dashboard.tables(month));
  const yearNoIndexMs = await median(() => dashboard.tables(year));
  for (const sql of Object.values(DASHBOARD_INDEXES)) await db.query(sql);
  return {
    database,
    rows: {
      tickets: await count(db, 'tickets'),
      ratings: await count(db, 'ratings'),
      concerns: await count(db, 'concerns'),
      filingEvents: await count(db, 'filing_events'),
    },
    seedS,
    monthMs,
    yearMs,
    monthNoIndexMs,
    yearNoIndexMs,
    todayMs,
  };
}

/** On PGlite in a throwaway folder, and on PostgreSQL when `DASHBOARD_BENCH_DATABASE_URL` is set. */
export async function dashboardBench(log: (line: string) => void): Promise<DashboardBenchRow[]> {
  const out: DashboardBenchRow[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'));
  try {
    const db = await openDb({ dataDir });
    try {
      out.push(await benchOn('PGlite', db));
      log(`dashboard on PGlite: ${JSON.stringify(out.at(-1))}`);
    } finally {
      await db.close();
    }
    const url = process.env.DASHBOARD_BENCH_DATABASE_URL;
    if (url) {
      const schema = `bench_dashboard_${crypto.randomBytes(4).toString('hex')}`;
      const pgDb = await openDb({ dataDir, databaseUrl: url, schema });
      try {
        out.push(await benchOn('PostgreSQL', pgDb));
        log(`dashboard on PostgreSQL: ${JSON.stringify(out.at(-1))}`);
      } finally {
        await pgDb.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
        await client.end();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

/** The report's lines. */
export function dashboardReport(rows: readonly DashboardBenchRow[]): string[] {
  const out = [
    `database     tickets  ratings  concerns  filing steps  seed s   month ms (no idx)   year ms (no idx)   today ms`,
  ];
  for (const r of rows)
    out.push(
      `${r.database.padEnd(12)} ${String(r.rows.tickets).padStart(7)}  ${String(r.rows.ratings).padStart(7)}  ` +
        `${String(r.rows.concerns).padStart(8)}  ${String(r.rows.filingEvents).padStart(12)}  ${String(r.seedS).padStart(6)}  ` +
        `${String(r.monthMs).padStart(8)} (${r.monthNoIndexMs})`.padEnd(19) +
        `${String(r.yearMs).padStart(8)} (${r.yearNoIndexMs})`.padEnd(19) +
        `${String(r.todayMs).padStart(8)}`,
    );
  return out;
}
