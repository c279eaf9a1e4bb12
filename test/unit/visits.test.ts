import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlaps, slotWindow } from '../../server/visits/rules.ts';
import { stationInstant } from '../../shared/workingDays.ts';
import { createCase, entriesOf } from '../../server/cases/store.ts';
import { openDb, type Db } from '../../server/store/db.ts';
import { createMerchant } from '../../server/accounts/merchantStore.ts';
import { createStaff } from '../../server/accounts/staffStore.ts';
import { VisitService } from '../../server/visits/service.ts';
import { SLOT_DAYS_AHEAD, SLOT_MAX_MINUTES, SLOT_MIN_MINUTES, VisitError } from '../../shared/visits.ts';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY_MS = 24 * HOUR;
/** 2026-03-10 09:00 in Shanghai (01:00 UTC). */
const NOW = Date.UTC(2026, 2, 10, 1, 0);

/** "HH:MM" for a number of minutes after midnight. */
function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

describe('stationInstant', () => {
  describe('Asia/Shanghai (UTC+8, no DST)', () => {
    it('maps a morning time to eight hours earlier in UTC', () => {
      expect(stationInstant('2026-03-10', '09:00', TZ)).toBe(Date.UTC(2026, 2, 10, 1, 0));
    });

    it('maps midnight to 16:00 UTC the day before', () => {
      expect(stationInstant('2026-03-10', '00:00', TZ)).toBe(Date.UTC(2026, 2, 9, 16, 0));
    });

    it('maps 23:59 to 15:59 UTC the same day', () => {
      expect(stationInstant('2026-03-10', '23:59', TZ)).toBe(Date.UTC(2026, 2, 10, 15, 59));
    });

    it('crosses a year boundary backwards in UTC', () => {
      expect(stationInstant('2026-01-01', '07:00', TZ)).toBe(Date.UTC(2025, 11, 31, 23, 0));
    });

    it('crosses a month boundary backwards in UTC', () => {
      expect(stationInstant('2026-03-01', '05:30', TZ)).toBe(Date.UTC(2026, 1, 28, 21, 30));
    });
  });

  describe('Europe/Berlin across DST', () => {
    const BERLIN = 'Europe/Berlin';

    it('uses +01:00 the day before spring forward', () => {
      expect(stationInstant('2026-03-28', '12:00', BERLIN)).toBe(Date.UTC(2026, 2, 28, 11, 0));
    });

    it('uses +02:00 the day after spring forward', () => {
      expect(stationInstant('2026-03-30', '12:00', BERLIN)).toBe(Date.UTC(2026, 2, 30, 10, 0));
    });

    it('gets both sides right on the day of spring forward', () => {
      expect(stationInstant('2026-03-29', '01:30', BERLIN)).toBe(Date.UTC(2026, 2, 29, 0, 30));
      expect(stationInstant('2026-03-29', '03:30', BERLIN)).toBe(Date.UTC(2026, 2, 29, 1, 30));
      expect(stationInstant('2026-03-29', '12:00', BERLIN)).toBe(Date.UTC(2026, 2, 29, 10, 0));
    });

    it('gives a finite instant near 01:30Z for a time in the skipped hour', () => {
      const at = stationInstant('2026-03-29', '02:30', BERLIN);
      expect(Number.isFinite(at)).toBe(true);
      expect(at).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 29, 0, 30));
      expect(at).toBeLessThanOrEqual(Date.UTC(2026, 2, 29, 1, 30));
      // What the code does: it lands on 01:30Z (03:30 CEST), i.e. the wall time pushed forward an hour.
      expect(at).toBe(Date.UTC(2026, 2, 29, 1, 30));
    });

    it('uses +02:00 the day before fall back and +01:00 the day after', () => {
      expect(stationInstant('2026-10-24', '12:00', BERLIN)).toBe(Date.UTC(2026, 9, 24, 10, 0));
      expect(stationInstant('2026-10-26', '12:00', BERLIN)).toBe(Date.UTC(2026, 9, 26, 11, 0));
    });

    it('gets both sides right on the day of fall back', () => {
      expect(stationInstant('2026-10-25', '01:30', BERLIN)).toBe(Date.UTC(2026, 9, 24, 23, 30));
      expect(stationInstant('2026-10-25', '03:30', BERLIN)).toBe(Date.UTC(2026, 9, 25, 2, 30));
    });

    it('picks one of the two instants for a repeated time at fall back', () => {
      const at = stationInstant('2026-10-25', '02:30', BERLIN);
      // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET); the first of them is the one meant.
      expect([Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]).toContain(at);
      expect(at).toBe(Date.UTC(2026, 9, 25, 0, 30));
    });
  });

  describe('UTC', () => {
    it('is the identity on wall time', () => {
      expect(stationInstant('2026-03-10', '09:00', 'UTC')).toBe(Date.UTC(2026, 2, 10, 9, 0));
      expect(stationInstant('2026-01-01', '00:00', 'UTC')).toBe(Date.UTC(2026, 0, 1, 0, 0));
      expect(stationInstant('2025-12-31', '23:59', 'UTC')).toBe(Date.UTC(2025, 11, 31, 23, 59));
    });
  });

  describe('America/New_York', () => {
    it('uses -05:00 in winter', () => {
      expect(stationInstant('2026-01-15', '09:00', 'America/New_York')).toBe(Date.UTC(2026, 0, 15, 14, 0));
    });
  });
});

describe('slotWindow', () => {
  it('accepts a sensible window ahead and returns its instants', () => {
    const r = slotWindow({ date: '2026-03-11', from: '10:00', to: '11:30' }, NOW, TZ);
    expect(r).toEqual({ ok: true, startsAt: Date.UTC(2026, 2, 11, 2, 0), endsAt: Date.UTC(2026, 2, 11, 3, 30) });
  });

  it('refuses a window whose end is before its start', () => {
    const r = slotWindow({ date: '2026-03-11', from: '11:00', to: '10:00' }, NOW, TZ);
    expect(r).toEqual({ ok: false, error: VisitError.invalidTime });
  });

  it('refuses a window whose end equals its start', () => {
    const r = slotWindow({ date: '2026-03-11', from: '10:00', to: '10:00' }, NOW, TZ);
    expect(r).toEqual({ ok: false, error: VisitError.invalidTime });
  });

  it(`refuses a window shorter than ${SLOT_MIN_MINUTES} minutes and accepts exactly that`, () => {
    const start = 10 * 60;
    const short = slotWindow(
      { date: '2026-03-11', from: clock(start), to: clock(start + SLOT_MIN_MINUTES - 1) },
      NOW,
      TZ,
    );
    expect(short).toEqual({ ok: false, error: VisitError.invalidTime });
    const exact = slotWindow({ date: '2026-03-11', from: clock(start), to: clock(start + SLOT_MIN_MINUTES) }, NOW, TZ);
    expect(exact).toEqual({
      ok: true,
      startsAt: Date.UTC(2026, 2, 11, 2, 0),
      endsAt: Date.UTC(2026, 2, 11, 2, 0) + SLOT_MIN_MINUTES * MIN,
    });
  });

  it(`refuses a window longer than ${SLOT_MAX_MINUTES} minutes and accepts exactly that`, () => {
    const start = 8 * 60;
    const long = slotWindow(
      { date: '2026-03-11', from: clock(start), to: clock(start + SLOT_MAX_MINUTES + 1) },
      NOW,
      TZ,
    );
    expect(long).toEqual({ ok: false, error: VisitError.invalidTime });
    const exact = slotWindow({ date: '2026-03-11', from: clock(start), to: clock(start + SLOT_MAX_MINUTES) }, NOW, TZ);
    expect(exact).toEqual({
      ok: true,
      startsAt: Date.UTC(2026, 2, 11, 0, 0),
      endsAt: Date.UTC(2026, 2, 11, 0, 0) + SLOT_MAX_MINUTES * MIN,
    });
  });

  it('measures length in real time across a DST change', () => {
    // 01:30 to 03:30 local on spring-forward day in Berlin is one real hour.
    const now = Date.UTC(2026, 2, 28, 0, 0);
    const r = slotWindow({ date: '2026-03-29', from: '01:30', to: '03:30' }, now, 'Europe/Berlin');
    expect(r).toEqual({ ok: true, startsAt: Date.UTC(2026, 2, 29, 0, 30), endsAt: Date.UTC(2026, 2, 29, 1, 30) });
  });

  it('refuses a window starting exactly now', () => {
    const r = slotWindow({ date: '2026-03-10', from: '09:00', to: '10:00' }, NOW, TZ);
    expect(r).toEqual({ ok: false, error: VisitError.inPast });
  });

  it('refuses a window starting before now', () => {
    expect(slotWindow({ date: '2026-03-10', from: '08:59', to: '10:00' }, NOW, TZ)).toEqual({
      ok: false,
      error: VisitError.inPast,
    });
    expect(slotWindow({ date: '2026-03-09', from: '10:00', to: '11:00' }, NOW, TZ)).toEqual({
      ok: false,
      error: VisitError.inPast,
    });
  });

  it('accepts a window starting a minute after now', () => {
    const r = slotWindow({ date: '2026-03-10', from: '09:01', to: '10:00' }, NOW, TZ);
    expect(r).toEqual({ ok: true, startsAt: NOW + MIN, endsAt: Date.UTC(2026, 2, 10, 2, 0) });
  });

  it('reports a bad length before a past start', () => {
    const r = slotWindow({ date: '2026-03-09', from: '11:00', to: '10:00' }, NOW, TZ);
    expect(r).toEqual({ ok: false, error: VisitError.invalidTime });
  });

  it(`accepts a start exactly ${SLOT_DAYS_AHEAD} days ahead and refuses one a minute later`, () => {
    // NOW + 60 days is 2026-05-09 01:00 UTC, 09:00 in Shanghai.
    const limit = NOW + SLOT_DAYS_AHEAD * DAY_MS;
    expect(limit).toBe(Date.UTC(2026, 4, 9, 1, 0));
    const atLimit = slotWindow({ date: '2026-05-09', from: '09:00', to: '10:00' }, NOW, TZ);
    expect(atLimit).toEqual({ ok: true, startsAt: limit, endsAt: limit + HOUR });
    const beyond = slotWindow({ date: '2026-05-09', from: '09:01', to: '10:00' }, NOW, TZ);
    expect(beyond).toEqual({ ok: false, error: VisitError.tooFar });
    const nextDay = slotWindow({ date: '2026-05-10', from: '08:00', to: '09:00' }, NOW, TZ);
    expect(nextDay).toEqual({ ok: false, error: VisitError.tooFar });
  });
});

describe('overlaps', () => {
  const w = (startHour: number, endHour: number) => ({
    startsAt: NOW + startHour * HOUR,
    endsAt: NOW + endHour * HOUR,
  });

  /** Checks both orders give the same answer. */
  function both(a: ReturnType<typeof w>, b: ReturnType<typeof w>): boolean {
    const ab = overlaps(a, b);
    expect(overlaps(b, a)).toBe(ab);
    return ab;
  }

  it('is true for partly overlapping windows', () => {
    expect(both(w(0, 2), w(1, 3))).toBe(true);
  });

  it('is true when one window contains the other', () => {
    expect(both(w(0, 4), w(1, 2))).toBe(true);
  });

  it('is true for identical windows', () => {
    expect(both(w(1, 2), w(1, 2))).toBe(true);
  });

  it('is true when windows share a start or an end', () => {
    expect(both(w(1, 2), w(1, 3))).toBe(true);
    expect(both(w(0, 2), w(1, 2))).toBe(true);
  });

  it('is false when one ends exactly as the other starts', () => {
    expect(both(w(0, 1), w(1, 2))).toBe(false);
  });

  it('is false for disjoint windows', () => {
    expect(both(w(0, 1), w(2, 3))).toBe(false);
  });

  it('is true for windows overlapping by a single millisecond', () => {
    const a = { startsAt: NOW, endsAt: NOW + HOUR };
    const b = { startsAt: NOW + HOUR - 1, endsAt: NOW + 2 * HOUR };
    expect(both(a, b)).toBe(true);
  });
});

describe('days that do not exist', () => {
  it('are refused, not rolled over into the next month', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(slotWindow({ date: '2026-02-31', from: '10:00', to: '11:00' }, now, 'Asia/Shanghai')).toEqual({
      ok: false,
      error: 'invalid_time',
    });
    expect(slotWindow({ date: '2026-02-28', from: '10:00', to: '11:00' }, now, 'Asia/Shanghai').ok).toBe(true);
  });
});

describe('booking a window, on an embedded store', () => {
  let db: Db;
  let dir: string;
  let visits: VisitService;
  const officer = `officer-${randomUUID()}`;
  const merchants = [`m-${randomUUID()}`, `m-${randomUUID()}`] as const;
  const cases: string[] = [];
  /** The service's clock: 2026-03-10 09:00 in Shanghai. */
  const now = NOW;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visits-unit-'));
    db = await openDb({ dataDir: dir });
    visits = new VisitService(db, TZ);
    await createStaff(db, {
      id: officer,
      username: officer,
      displayName: '何警官',
      role: 'officer',
      passwordHash: 'x',
    });
    for (const [i, id] of merchants.entries()) {
      await createMerchant(db, { id, displayName: `商户${i}`, shopName: `店${i}`, phone: null, recoveryHash: 'x' });
      const caseId = randomUUID();
      await createCase(db, {
        id: caseId,
        number: `BJ-U-${i}`,
        merchantId: id,
        service: 'signboard',
        description: '',
        officerId: null,
        deskId: null,
      });
      cases.push(caseId);
    }
  }, 60_000); // opening and migrating an embedded database is slow on a busy machine
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const publish = async (from: string, to: string) => {
    const r = await visits.publish(officer, { date: '2026-03-11', from, to }, now);
    if (!r.ok) throw new Error(r.error);
    return r.value.id;
  };

  it('gives a window to exactly one of two merchants booking it at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const slot = await publish(
        `${String(9 + round).padStart(2, '0')}:00`,
        `${String(9 + round).padStart(2, '0')}:30`,
      );
      const results = await Promise.all(
        merchants.map((m, i) => visits.book(slot, m, cases[i]!, { kind: 'merchant', id: m }, now)),
      );
      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok);
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost.map((r) => !r.ok && r.error)).toEqual([VisitError.taken]);
      // Storage agrees: the window is booked once, by the winner, and not free for anyone.
      const holders = await db.query<{ merchant_id: string }>('SELECT merchant_id FROM visit_slots WHERE id = $1', [
        slot,
      ]);
      const winner = merchants[results.findIndex((r) => r.ok)]!;
      expect(holders).toEqual([{ merchant_id: winner }]);
      expect((await visits.free({ kind: 'merchant', id: merchants[0] }, now)).map((s) => s.id)).not.toContain(slot);
      // Free it again for the next round (and so each merchant holds at most one window per case).
      expect((await visits.cancel(slot, { kind: 'merchant', id: winner })).ok).toBe(true);
    }
  });

  it('takes a result only once the window has started, and only once', async () => {
    const slot = await publish('15:00', '16:00');
    expect((await visits.book(slot, merchants[0], cases[0]!, { kind: 'merchant', id: merchants[0] }, now)).ok).toBe(
      true,
    );
    const starts = stationInstant('2026-03-11', '15:00', TZ);
    expect(await visits.result(slot, officer, '提前写的结果', starts - 60_000)).toEqual({
      ok: false,
      error: VisitError.notStarted,
    });
    const first = await visits.result(slot, officer, '现场核查一致', starts);
    expect(first.ok && first.value.result).toBe('现场核查一致');
    expect(await visits.result(slot, officer, '第二次', starts + 60_000)).toEqual({
      ok: false,
      error: VisitError.finished,
    });
    // One entry on the case, dated by the visit's window on the station's clock.
    const entries = await entriesOf(db, cases[0]!, TZ);
    expect(entries.map((e) => [e.kind, e.notes, e.visitStation])).toEqual([
      ['visit', '现场核查一致', { date: '2026-03-11', time: '15:00' }],
    ]);
  });

  it('notes an early-morning visit under the station’s day, not the UTC one', async () => {
    // 07:00 in Shanghai is 23:00 UTC the day before.
    const slot = await publish('07:00', '07:30');
    expect((await visits.book(slot, merchants[1], cases[1]!, { kind: 'merchant', id: merchants[1] }, now)).ok).toBe(
      true,
    );
    const starts = stationInstant('2026-03-11', '07:00', TZ);
    expect(new Date(starts).toISOString().slice(0, 10)).toBe('2026-03-10');
    expect((await visits.result(slot, officer, '招牌已整改', starts + 10 * MIN)).ok).toBe(true);
    const entries = await entriesOf(db, cases[1]!, TZ);
    expect(entries.map((e) => [e.kind, e.notes, e.visitStation])).toEqual([
      ['visit', '招牌已整改', { date: '2026-03-11', time: '07:00' }],
    ]);
  });

  it('refuses a merchant’s booking for a closed case', async () => {
    const slot = await publish('17:00', '18:00');
    await db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [cases[1]]);
    expect(await visits.book(slot, merchants[1], cases[1]!, { kind: 'merchant', id: merchants[1] }, now)).toEqual({
      ok: false,
      error: VisitError.caseClosed,
    });
  });
});
