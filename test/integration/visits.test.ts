import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationDay } from '../../shared/dates.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { VisitsRoute, type VisitChangedNotice, type VisitSlot } from '../../shared/visits.ts';
import type { CaseDetail } from '../../shared/queue.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken, api } from './helpers.ts';
import { createCase } from '../../server/cases/store.ts';
import { randomUUID } from 'node:crypto';

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const tomorrow = () => stationDay(Date.now() + DAY_MS, TZ);

const route = (r: string, id: string) => r.replace(':id', id);

/** A case for a merchant, as a desk visit or a filing would have opened it. */
async function caseFor(hall: RunningHall, token: string): Promise<string> {
  const me = await api<{ me: { id: string } }>(hall, token, 'GET', '/api/me');
  const id = randomUUID();
  await createCase(hall.db, {
    id,
    number: `BJ-TEST-${id.slice(0, 6)}`,
    merchantId: me.body.me.id,
    service: 'signboard',
    description: '门头招牌核查',
    officerId: null,
    deskId: null,
  });
  return id;
}

/** The visit's time has come: its window is moved to start a few minutes ago. */
async function startNow(hall: RunningHall, slotId: string): Promise<void> {
  await hall.db.query(
    `UPDATE visit_slots SET starts_at = now() - interval '5 minutes', ends_at = now() + interval '55 minutes'
     WHERE id = $1`,
    [slotId],
  );
}

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`visit tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-visit')))('door-to-door visits on $name', (target) => {
  let hall: RunningHall;
  let officer: string;
  let other: string;
  let m1: string;
  let m2: string;
  let case1: string;
  let case2: string;
  const slots: VisitSlot[] = [];

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    officer = await staffToken(hall, 'officer', 'he', '何警官');
    other = await staffToken(hall, 'officer', 'lu', '陆警官');
    m1 = await signUpMerchant(hallUrl(hall), '郑女士', '郑家小馆');
    m2 = await signUpMerchant(hallUrl(hall), '冯先生', '冯记修车');
    case1 = await caseFor(hall, m1);
    case2 = await caseFor(hall, m2);
  });
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  it('officers publish windows; bad, past, far and overlapping ones are refused', async () => {
    for (const [from, to] of [
      ['09:00', '10:00'],
      ['10:00', '11:00'],
      ['14:00', '15:30'],
    ]) {
      const r = await api<VisitSlot>(hall, officer, 'POST', VisitsRoute.slots, { date: tomorrow(), from, to });
      expect(r.status).toBe(201);
      slots.push(r.body);
    }
    expect(slots[0]).toMatchObject({ booked: false, officer: { name: '何警官' } });
    expect(Date.parse(slots[0]!.endsAt) - Date.parse(slots[0]!.startsAt)).toBe(3_600_000);
    const refused = async (body: unknown) =>
      (await api<{ error: string }>(hall, officer, 'POST', VisitsRoute.slots, body)).body.error;
    expect(await refused({ date: tomorrow(), from: '09:30', to: '10:30' })).toBe('overlaps');
    expect(await refused({ date: tomorrow(), from: '11:00', to: '10:00' })).toBe('invalid_time');
    expect(await refused({ date: tomorrow(), from: '25:00', to: '26:00' })).toBe('invalid_time');
    expect(await refused({ date: stationDay(Date.now() - DAY_MS, TZ), from: '09:00', to: '10:00' })).toBe('in_past');
    expect(await refused({ date: stationDay(Date.now() + 90 * DAY_MS, TZ), from: '09:00', to: '10:00' })).toBe(
      'too_far',
    );
    expect(await refused({ date: tomorrow(), from: '09:00', to: '10:00', extra: 1 })).toBe('invalid_time');
    // Another officer's window at the same time is fine; a merchant cannot publish.
    expect(
      (await api(hall, other, 'POST', VisitsRoute.slots, { date: tomorrow(), from: '09:00', to: '10:00' })).status,
    ).toBe(201);
    expect(
      (await api(hall, m1, 'POST', VisitsRoute.slots, { date: tomorrow(), from: '16:00', to: '17:00' })).status,
    ).toBe(403);
  });

  it('two merchants booking the same window at the same moment: exactly one gets it', async () => {
    const [a, b] = await Promise.all([
      api<VisitSlot>(hall, m1, 'POST', route(VisitsRoute.book, slots[0]!.id), { caseId: case1 }),
      api<VisitSlot>(hall, m2, 'POST', route(VisitsRoute.book, slots[0]!.id), { caseId: case2 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? m1 : m2;
    const loser = winner === m1 ? m2 : m1;
    const loserCase = winner === m1 ? case2 : case1;
    // The one who lost books the next window instead; nobody can book with someone else's case.
    expect(
      (
        await api(hall, loser, 'POST', route(VisitsRoute.book, slots[1]!.id), {
          caseId: winner === m1 ? case1 : case2,
        })
      ).status,
    ).toBe(400);
    expect((await api(hall, loser, 'POST', route(VisitsRoute.book, slots[1]!.id), { caseId: loserCase })).status).toBe(
      200,
    );
    // Both windows are now taken for everyone else, and no merchant sees who holds them.
    const free = await api<{ free: VisitSlot[]; mine: VisitSlot[] }>(hall, m1, 'GET', VisitsRoute.slots);
    expect(free.body.free.map((s) => s.id)).not.toContain(slots[0]!.id);
    expect(free.body.mine).toHaveLength(1);
    expect(JSON.stringify(free.body.free)).not.toMatch(/冯|郑/);
    // Cancel and rebook to settle who holds what for the next tests: m1 on slot 0, m2 on slot 1.
    if (winner !== m1) {
      await api(hall, m2, 'POST', route(VisitsRoute.cancel, slots[0]!.id));
      await api(hall, m1, 'POST', route(VisitsRoute.cancel, slots[1]!.id));
      await api(hall, m1, 'POST', route(VisitsRoute.book, slots[0]!.id), { caseId: case1 });
      await api(hall, m2, 'POST', route(VisitsRoute.book, slots[1]!.id), { caseId: case2 });
    }
  });

  it('a change moves the booking; both sides hear of booking, change and cancellation at once', async () => {
    const merchant = await visitWithToken(hall, m1);
    const officerIn = await visitWithToken(hall, officer);
    const heard = (box: typeof merchant.box) =>
      box.filter((m) => m.type === HallNotice.visitChanged).map((m) => (m.message as VisitChangedNotice).change);

    const moved = await api<VisitSlot>(hall, m1, 'POST', route(VisitsRoute.book, slots[2]!.id), { caseId: case1 });
    expect(moved.status).toBe(200);
    const mine = await api<{ mine: VisitSlot[] }>(hall, m1, 'GET', VisitsRoute.slots);
    expect(mine.body.mine.map((s) => s.id)).toEqual([slots[2]!.id]);
    await until(
      () => heard(merchant.box).join() === 'booked,cancelled' || heard(merchant.box).join() === 'cancelled,booked',
      'merchant told',
    );
    await until(() => heard(officerIn.box).length === 2, 'officer told');

    // A stranger cannot cancel it, nor another officer; the merchant can.
    expect((await api(hall, m2, 'POST', route(VisitsRoute.cancel, slots[2]!.id))).status).toBe(404);
    expect((await api(hall, other, 'POST', route(VisitsRoute.cancel, slots[2]!.id))).status).toBe(403);
    expect((await api(hall, m1, 'POST', route(VisitsRoute.cancel, slots[2]!.id))).status).toBe(200);
    await until(() => heard(officerIn.box).length === 3, 'officer told of the cancellation');
    expect((await api(hall, m1, 'POST', route(VisitsRoute.book, slots[2]!.id), { caseId: case1 })).status).toBe(200);
    await merchant.room.leave(true);
    await officerIn.room.leave(true);
  });

  it('the officer sees the day’s visits with who and what, and records the result on the case', async () => {
    const day = await api<{ day: VisitSlot[] }>(hall, officer, 'GET', `${VisitsRoute.slots}?date=${tomorrow()}`);
    expect(day.body.day.map((s) => [s.merchant?.shop ?? null, s.booked])).toEqual([
      [null, false],
      ['冯记修车', true],
      ['郑家小馆', true],
    ]);
    const result = '现场核查：招牌尺寸与备案一致，安装牢固。';
    expect((await api(hall, other, 'POST', route(VisitsRoute.result, slots[2]!.id), { result })).status).toBe(403);
    expect((await api(hall, officer, 'POST', route(VisitsRoute.result, slots[2]!.id), { result: '' })).status).toBe(
      400,
    );
    // Not before the visit's window has started.
    const early = await api<{ error: string }>(hall, officer, 'POST', route(VisitsRoute.result, slots[2]!.id), {
      result,
    });
    expect([early.status, early.body.error]).toEqual([409, 'not_started']);
    await startNow(hall, slots[2]!.id);
    const done = await api<VisitSlot>(hall, officer, 'POST', route(VisitsRoute.result, slots[2]!.id), { result });
    expect(done.body.result).toBe(result);
    // Once only: a second result neither replaces the first nor adds a second note to the case.
    const again = await api<{ error: string }>(hall, officer, 'POST', route(VisitsRoute.result, slots[2]!.id), {
      result: '另一份结果',
    });
    expect([again.status, again.body.error]).toEqual([409, 'finished']);
    const c = await api<CaseDetail>(hall, m1, 'GET', `/api/cases/${case1}`);
    expect(c.body.entries.map((e) => [e.kind, e.notes])).toEqual([['visit', result]]);
    expect(JSON.stringify(c.body)).not.toContain('另一份结果');
    const today = stationDay(Date.now(), TZ);
    const kept = await api<{ day: VisitSlot[] }>(hall, officer, 'GET', `${VisitsRoute.slots}?date=${today}`);
    expect(kept.body.day.find((s) => s.id === slots[2]!.id)?.result).toBe(result);
    // Once a visit is done it cannot be cancelled.
    expect((await api(hall, m1, 'POST', route(VisitsRoute.cancel, slots[2]!.id))).status).toBe(409);
  });

  it('an officer offers one of their own windows for a case; not another officer’s window', async () => {
    const w = await api<VisitSlot>(hall, officer, 'POST', VisitsRoute.slots, {
      date: tomorrow(),
      from: '16:00',
      to: '17:00',
    });
    const theirs = await api<VisitSlot>(hall, other, 'POST', VisitsRoute.slots, {
      date: tomorrow(),
      from: '16:00',
      to: '17:00',
    });
    expect((await api(hall, officer, 'POST', route(VisitsRoute.offer, theirs.body.id), { caseId: case2 })).status).toBe(
      403,
    );
    expect((await api(hall, m2, 'POST', route(VisitsRoute.offer, w.body.id), { caseId: case2 })).status).toBe(403);
    const offered = await api<VisitSlot>(hall, officer, 'POST', route(VisitsRoute.offer, w.body.id), {
      caseId: case2,
    });
    expect(offered.body).toMatchObject({ booked: true, merchant: { shop: '冯记修车' } });
    // The merchant's earlier window for the same case was moved to the offered one.
    const mine = await api<{ mine: VisitSlot[] }>(hall, m2, 'GET', VisitsRoute.slots);
    expect(mine.body.mine.map((s) => s.id)).toEqual([w.body.id]);
    slots[1] = offered.body;
  });

  it('a merchant cannot book a visit for a closed case', async () => {
    const w = await api<VisitSlot>(hall, officer, 'POST', VisitsRoute.slots, {
      date: tomorrow(),
      from: '18:00',
      to: '19:00',
    });
    const closed = await caseFor(hall, m1);
    await hall.db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [closed]);
    const r = await api<{ error: string }>(hall, m1, 'POST', route(VisitsRoute.book, w.body.id), { caseId: closed });
    expect([r.status, r.body.error]).toEqual([409, 'case_closed']);
    const free = await api<{ free: VisitSlot[] }>(hall, m1, 'GET', VisitsRoute.slots);
    expect(free.body.free.map((s) => s.id)).toContain(w.body.id);
  });

  it('keeps windows and bookings through a restart', async () => {
    await hall.close();
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    const mine = await api<{ mine: VisitSlot[] }>(hall, m2, 'GET', VisitsRoute.slots);
    expect(mine.body.mine.map((s) => s.id)).toEqual([slots[1]!.id]);
  });
});
