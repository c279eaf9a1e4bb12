import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardService } from '../../server/dashboard/service.ts';
import type { Db } from '../../server/store/db.ts';
import type { DashboardPeriod } from '../../shared/dashboard.ts';
import { testDatabases } from '../support/databases.ts';

const TZ = 'Asia/Shanghai';
const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`dashboard month tests skip ${s.name}: ${s.reason}`);

/**
 * A past month's ticket figures are counted once and kept per station (dashboard_ticket_months): what a
 * station's period shows must be what its own tickets say, the first read and the next, and again after a
 * ticket of that month changes; another station's tickets of the same days never count, and a change at one
 * station leaves the other's kept month in place.
 */
describe.each(available)('the dashboard’s kept months on $name', (database) => {
  let db: Db;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-months-'));
  // The station's clock stands on 15 March 2026: February is over, March is not.
  const dashboard = () =>
    new DashboardService(db, {
      timeZone: TZ,
      periodDaysMax: 366,
      commentsMax: 50,
      now: () => Date.parse('2026-03-15T04:00:00Z'),
    });
  const table = (p: DashboardPeriod, name: string) => p.tables.find((t) => t.name === name)!;
  /** A table's column of a row, by the column's key. */
  const cell = (p: DashboardPeriod, name: string, first: unknown, key: string) => {
    const t = table(p, name);
    return t.rows.find((r) => r[0] === first)?.[t.columns.findIndex((c) => c.key === key)];
  };
  /** The months kept, as 'station month'. */
  const keptAll = async () =>
    (
      await db.query<{ station: string; month: string }>(
        'SELECT station, month FROM dashboard_ticket_months ORDER BY station, month',
      )
    ).map((r) => `${r.station} ${r.month}`);
  const kept = async (station = 'main') =>
    (await keptAll()).filter((k) => k.startsWith(`${station} `)).map((k) => k.slice(station.length + 1));
  const countedAt = async (station: string, month: string) =>
    (
      await db.query<{ at: string }>(
        'SELECT counted_at::text AS at FROM dashboard_ticket_months WHERE station = $1 AND month = $2',
        [station, month],
      )
    )[0]?.at;

  beforeAll(async () => {
    db = await database.open(dir);
    await db.query(
      `INSERT INTO merchants (id, display_name, shop_name, recovery_hash) VALUES ('m1', '甲女士', '甲记面馆', 'x')`,
    );
    // Two tickets a day from 25 February to 5 March, taken at 10:00 and 15:00 station time: waits of 4 and
    // 10 minutes; the morning one served for 6 minutes, the afternoon one missed.
    await db.query(
      `INSERT INTO tickets (id, day, seq, number, service, merchant_id, taken_at, status, call_count, called_at,
         served_at, ended_at)
       SELECT 't' || d || '-' || n, to_char(day, 'YYYY-MM-DD'), n, 'R-' || n, 'renovation', 'm1', at,
         CASE WHEN n = 1 THEN 'done' ELSE 'noShow' END, 1, at + wait,
         CASE WHEN n = 1 THEN at + wait END, CASE WHEN n = 1 THEN at + wait + interval '6 minutes' END
       FROM generate_series(0, 8) d, generate_series(1, 2) n,
         LATERAL (SELECT date '2026-02-25' + d AS day) x,
         LATERAL (SELECT ((day + CASE WHEN n = 1 THEN time '02:00' ELSE time '07:00' END) AT TIME ZONE 'UTC') AS at,
                         CASE WHEN n = 1 THEN interval '4 minutes' ELSE interval '10 minutes' END AS wait) y`,
    );
    // The east station, the same service and days around them: one ticket a day from 20 February to 3 March,
    // taken at 11:00 station time, a wait of 2 minutes and 3 minutes served. Counted with the main station's,
    // they would change every figure above.
    await db.query(
      `INSERT INTO tickets (id, station, day, seq, number, service, merchant_id, taken_at, status, call_count,
         called_at, served_at, ended_at)
       SELECT 'e' || d, 'east', to_char(day, 'YYYY-MM-DD'), 1, 'R-1', 'renovation', 'm1', at, 'done', 1,
         at + interval '2 minutes', at + interval '2 minutes', at + interval '5 minutes'
       FROM generate_series(0, 11) d,
         LATERAL (SELECT date '2026-02-20' + d AS day) x,
         LATERAL (SELECT ((day + time '03:00') AT TIME ZONE 'UTC') AS at) y`,
    );
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await database.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a whole past month, and shows the same figures from it as from the tickets', async () => {
    const period = { from: '2026-02-01', to: '2026-03-31' };
    const first = await dashboard().tables(period);
    expect(await keptAll()).toEqual(['main 2026-02']); // March is not over; the east station was not read
    const again = await dashboard().tables(period);
    expect(again).toEqual(first);
    const byService = table(first, 'byService').rows.find((r) => r[0] === 'renovation')!;
    const col = (key: string) => byService[table(first, 'byService').columns.findIndex((c) => c.key === key)];
    expect([col('served'), col('noShows')]).toEqual([9, 9]);
    expect(col('waitMean')).toBe(7);
    expect(col('serviceMedian')).toBe(6);
    expect(table(first, 'byHour').rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [10, 9, 0],
      [15, 0, 9],
    ]);
    // February's days from the kept month, March's counted now: each day once.
    const days = table(first, 'byDay').rows.filter((r) => r[1] !== 0 || r[2] !== 0);
    expect(days.map((r) => r[0])).toEqual([
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
  });

  it('counts a kept month afresh once one of its tickets changes', async () => {
    const period = { from: '2026-02-01', to: '2026-02-28' };
    await dashboard().tables(period);
    expect(await kept()).toEqual(['2026-02']);
    // A correction: the missed ticket of 27 February was served after all.
    await db.query(`UPDATE tickets SET status = 'done', served_at = called_at, ended_at = called_at + interval '2 minutes'
      WHERE id = 't2-2'`);
    expect(await kept()).toEqual([]);
    const after = await dashboard().tables(period);
    const row = table(after, 'byService').rows.find((r) => r[0] === 'renovation')!;
    const cols = table(after, 'byService').columns;
    expect([row[cols.findIndex((c) => c.key === 'served')], row[cols.findIndex((c) => c.key === 'noShows')]]).toEqual([
      5, 3,
    ]);
    expect(await kept()).toEqual(['2026-02']);
  });

  it('does not keep a past month with a ticket still open, and keeps it once the ticket has ended', async () => {
    await db.query(`UPDATE tickets SET status = 'waiting' WHERE id = 't3-2'`);
    const period = { from: '2026-02-01', to: '2026-02-28' };
    const open = await dashboard().tables(period);
    expect(await kept()).toEqual([]);
    const row = table(open, 'byService').rows.find((r) => r[0] === 'renovation')!;
    expect(row[table(open, 'byService').columns.findIndex((c) => c.key === 'noShows')]).toBe(2);
    await db.query(`UPDATE tickets SET status = 'noShow' WHERE id = 't3-2'`);
    await dashboard().tables(period);
    expect(await kept()).toEqual(['2026-02']);
  });

  it('keeps each station’s month on its own, counted from its own tickets only', async () => {
    const period = { from: '2026-02-01', to: '2026-03-31' };
    const east = await dashboard().tables(period, undefined, 'east');
    expect(await keptAll()).toEqual(['east 2026-02', 'main 2026-02']);
    // February from the east station's kept month, March counted now: its own tickets, never the main's.
    expect(cell(east, 'byService', 'renovation', 'served')).toBe(12);
    expect(cell(east, 'byService', 'renovation', 'noShows')).toBe(0);
    expect(cell(east, 'byService', 'renovation', 'waitMean')).toBe(2);
    expect(cell(east, 'byService', 'renovation', 'serviceMedian')).toBe(3);
    expect(table(east, 'byHour').rows.map((r) => [r[0], r[1], r[2]])).toEqual([[11, 12, 0]]);
    expect(
      table(east, 'byDay')
        .rows.filter((r) => r[1] !== 0 || r[2] !== 0)
        .map((r) => r[0]),
    ).toEqual([
      ...['20', '21', '22', '23', '24', '25', '26', '27', '28'].map((d) => `2026-02-${d}`),
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ]);
    // And the main station, read again from its kept February, still shows its own.
    const main = await dashboard().tables(period);
    expect([cell(main, 'byService', 'renovation', 'served'), cell(main, 'byService', 'renovation', 'noShows')]).toEqual(
      [10, 8],
    );
    expect(table(main, 'byHour').rows.map((r) => r[0])).toEqual([10, 15]);
    // The next read, from the kept month, shows the same.
    const again = await dashboard().tables(period, undefined, 'east');
    expect(again).toEqual(east);
  });

  it('drops only the changed ticket’s station’s month', async () => {
    const period = { from: '2026-02-01', to: '2026-02-28' };
    await dashboard().tables(period);
    await dashboard().tables(period, undefined, 'east');
    expect(await keptAll()).toEqual(['east 2026-02', 'main 2026-02']);
    const mainCounted = await countedAt('main', '2026-02');
    // A correction at the east station: the ticket of 24 February was a no-show after all.
    await db.query(`UPDATE tickets SET status = 'noShow', served_at = NULL, ended_at = NULL WHERE id = 'e4'`);
    expect(await keptAll()).toEqual(['main 2026-02']);
    const east = await dashboard().tables(period, undefined, 'east');
    expect([cell(east, 'byService', 'renovation', 'served'), cell(east, 'byService', 'renovation', 'noShows')]).toEqual(
      [8, 1],
    );
    const main = await dashboard().tables(period);
    expect([cell(main, 'byService', 'renovation', 'served'), cell(main, 'byService', 'renovation', 'noShows')]).toEqual(
      [5, 3],
    );
    expect(await countedAt('main', '2026-02')).toBe(mainCounted); // read from what was kept, not counted again
    // And the other way round: a new ticket at the main station leaves the east station's month kept.
    await db.query(
      `INSERT INTO tickets (id, station, day, seq, number, service, merchant_id, taken_at, status, call_count)
       VALUES ('late', 'main', '2026-02-28', 9, 'R-9', 'renovation', 'm1', '2026-02-28T08:00:00Z', 'noShow', 1)`,
    );
    expect(await keptAll()).toEqual(['east 2026-02']);
  });

  it('keeps a station’s month while another station has a ticket of that month still open', async () => {
    // The east station's month was dropped by the correction before; now one of its tickets is open again.
    await db.query(`UPDATE tickets SET status = 'waiting', served_at = NULL, ended_at = NULL WHERE id = 'e5'`);
    const period = { from: '2026-02-01', to: '2026-02-28' };
    await dashboard().tables(period);
    const east = await dashboard().tables(period, undefined, 'east');
    expect(await keptAll()).toEqual(['main 2026-02']);
    expect(cell(east, 'byService', 'renovation', 'served')).toBe(7);
  });
});
