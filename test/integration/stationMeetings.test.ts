import { randomUUID } from 'node:crypto';
import { Client } from '@colyseus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import { createCase } from '../../server/cases/store.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import { DashboardRoute, type DashboardPeriod } from '../../shared/dashboard.ts';
import { stationClock, stationDay } from '../../shared/dates.ts';
import { MeetingReason, MeetingState } from '../../shared/meetingRoom.ts';
import { MeetingsRoute, MinutesRoute, type MeetingSummary, type MyMeetings } from '../../shared/meetings.ts';
import { HallNotice, RoomName } from '../../shared/protocol.ts';
import { STATION_QUERY, StationRefusal } from '../../shared/stations.ts';
import { VisitsRoute, type VisitChangedNotice, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { twoStations, TZ } from '../support/twoStations.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { staffToken, until, type Visitor } from './helpers.ts';

const DAY_MS = 86_400_000;
const route = (r: string, id: string) => r.replace(':id', id);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station meeting tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-stmeet')))(
  'sessions, visits and the period per station on $name',
  (target) => {
    const two = twoStations(target);
    const { enter } = two;
    let merchantId: string;
    let mainManager: string;
    let xihuOfficerId: string;
    let mainOfficerId: string;
    let xihuManager: string;

    /** `two.call`, keeping the text of an answer that is not JSON (a CSV or Markdown download). */
    async function call<T>(token: string, method: string, path: string, station?: string, body?: unknown) {
      const res = await two.request(token, method, path, station, body);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // A CSV or Markdown download.
      }
      return { status: res.status, body: parsed as T, text };
    }

    const idOf = async (token: string, station?: string) =>
      (await call<{ me: { id: string } }>(token, 'GET', '/api/me', station)).body.me.id;

    /** A session starting in `minutes` (at 5 its door is open), as the scheduling form sends it. */
    const session = (title: string, invitees: { id: string; party: string }[], minutes = 24 * 60) => {
      const at = stationClock(Date.now() + minutes * 60_000, TZ);
      return { title, date: at.date, time: at.time, minutes: 60, agenda: ['议题一'], invitees };
    };

    /** Ask for a seat at a session's table as the page does, naming a station (or none). */
    async function knock(token: string, meetingId: string, station?: unknown) {
      const client = new Client(two.url);
      client.auth.token = await roomPassFor(two.url, token);
      const room = await client.join(
        RoomName.meeting,
        station === undefined ? { meetingId } : { meetingId, station },
        MeetingState,
      );
      return room;
    }

    beforeAll(async () => {
      mainManager = await staffToken(two.hall, 'parkManager', 'qian', '钱经理');
      xihuManager = await staffToken(two.hall, 'parkManager', 'feng', '冯经理', 'xihu');
      merchantId = await idOf(two.merchant);
      xihuOfficerId = await idOf(two.xihuOfficer, 'xihu');
      mainOfficerId = await idOf(two.mainOfficer);
    });

    describe('sessions', () => {
      let mainSession: MeetingSummary;
      let xihuSession: MeetingSummary;
      let inMain: Visitor;
      let inXihu: Visitor;

      it('invites a station’s own staff only, and tells each invitee in that station’s hall only', async () => {
        inMain = await enter(two.merchant);
        inXihu = await enter(two.merchant, 'xihu');
        const people = async (token: string, station?: string) =>
          (await call<{ people: { id: string }[] }>(token, 'GET', MeetingsRoute.people, station)).body.people.map(
            (p) => p.id,
          );
        // The merchant came into xihu's hall just now: known there, so on its list, once the hall has noted it.
        await until(async () => (await people(xihuManager, 'xihu')).includes(merchantId), 'the merchant listed');
        expect(await people(xihuManager, 'xihu')).toEqual(expect.arrayContaining([xihuOfficerId, merchantId]));
        expect(await people(xihuManager, 'xihu')).not.toContain(mainOfficerId);
        expect(await people(mainManager)).not.toContain(xihuOfficerId);
        // Main's officer is not on xihu's list: inviting him there is refused.
        const foreign = await call(xihuManager, 'POST', MeetingsRoute.list, 'xihu', {
          ...session('越站邀请', [{ id: mainOfficerId, party: 'officer' }]),
        });
        expect(foreign).toMatchObject({ status: 400, body: { error: 'invalid_invitee' } });

        const x = await call<MeetingSummary>(
          xihuManager,
          'POST',
          MeetingsRoute.list,
          'xihu',
          session(
            '文三路外摆协调会',
            [
              { id: merchantId, party: 'merchant' },
              { id: xihuOfficerId, party: 'officer' },
            ],
            5,
          ),
        );
        expect(x.status).toBe(201);
        xihuSession = x.body;
        const told = (v: Visitor, id: string) =>
          v.box.some((m) => m.type === HallNotice.meetingChanged && (m.message as { id: string }).id === id);
        await until(() => told(inXihu, xihuSession.id), 'the xihu hall tells the invitee');
        const m = await call<MeetingSummary>(
          mainManager,
          'POST',
          MeetingsRoute.list,
          undefined,
          session('湖滨夜市协调会', [{ id: merchantId, party: 'merchant' }]),
        );
        expect(m.status).toBe(201);
        mainSession = m.body;
        await until(() => told(inMain, mainSession.id), 'the main hall tells the invitee');
        // By then xihu's news would have reached main had it gone there, and main's xihu.
        expect(told(inMain, xihuSession.id)).toBe(false);
        expect(told(inXihu, mainSession.id)).toBe(false);
      });

      it('lists a merchant’s sessions per station, and finds another station’s nowhere here', async () => {
        const mine = async (station?: string) =>
          (await call<MyMeetings>(two.merchant, 'GET', MeetingsRoute.list, station)).body.meetings.map((m) => m.id);
        expect(await mine('xihu')).toEqual([xihuSession.id]);
        expect(await mine()).toEqual([mainSession.id]);
        expect(await mine('main')).toEqual([mainSession.id]);
        expect((await call(two.merchant, 'GET', route(MeetingsRoute.one, mainSession.id), 'xihu')).status).toBe(404);
        expect((await call(two.merchant, 'GET', route(MeetingsRoute.one, mainSession.id))).status).toBe(200);
        expect((await call(two.merchant, 'GET', route(MinutesRoute.minutes, xihuSession.id))).status).toBe(404);
        const byQuery = await fetch(
          new URL(`${route(MinutesRoute.minutes, mainSession.id)}?format=markdown&${STATION_QUERY}=xihu`, two.url),
          { headers: { Authorization: `Bearer ${two.merchant}` } },
        );
        expect(byQuery.status).toBe(404);
      });

      it('lets hosts act on their own station’s sessions only', async () => {
        // A main host on xihu's page: not a member there.
        const there = await call(mainManager, 'POST', route(MeetingsRoute.cancel, xihuSession.id), 'xihu');
        expect(there).toMatchObject({ status: 403, body: { error: StationRefusal.notMember } });
        // Xihu's host reaching for main's session from xihu's page: not found, and nothing changed.
        for (const [method, path, body] of [
          ['POST', route(MeetingsRoute.cancel, mainSession.id), undefined],
          ['POST', route(MeetingsRoute.end, mainSession.id), undefined],
          ['PUT', route(MeetingsRoute.one, mainSession.id), session('改名', [])],
          ['PUT', route(MinutesRoute.roles, mainSession.id), { coHostIds: [], secretaryIds: [] }],
          [
            'PUT',
            route(MinutesRoute.item, mainSession.id).replace(':index', '0'),
            { text: 'x', decisions: [], version: '' },
          ],
        ] as const) {
          const r = await call<{ error: string }>(xihuManager, method, path, 'xihu', body);
          expect([r.status, r.body.error], `${method} ${path}`).toEqual([404, 'not_found']);
        }
        const still = await call<MeetingSummary>(mainManager, 'GET', route(MeetingsRoute.one, mainSession.id));
        expect(still.body).toMatchObject({ status: 'scheduled', title: '湖滨夜市协调会' });
        // The host on its own page edits it; the audit names the station.
        const edited = await call(mainManager, 'PUT', route(MeetingsRoute.one, mainSession.id), undefined, {
          ...session('湖滨夜市协调会（改期）', [{ id: merchantId, party: 'merchant' }]),
        });
        expect(edited.status).toBe(200);
        const audit = await listAudit(two.hall.db);
        expect(audit.find((e) => e.action === 'meeting.edit' && e.targetId === mainSession.id)?.detail).toMatchObject({
          station: 'main',
        });
        expect(
          audit.find((e) => e.action === 'meeting.schedule' && e.targetId === xihuSession.id)?.detail,
        ).toMatchObject({ station: 'xihu' });
      });

      it('seats people at a session’s table through its own station’s page only', async () => {
        // The invited merchant, from main's page: told it is another station's session.
        await expect(knock(two.merchant, xihuSession.id)).rejects.toThrow(MeetingReason.otherStation);
        await expect(knock(two.merchant, xihuSession.id, 'main')).rejects.toThrow(MeetingReason.otherStation);
        // Someone not invited learns nothing of it from another station's page.
        await expect(knock(two.neighbour, xihuSession.id, 'main')).rejects.toThrow(MeetingReason.unknownMeeting);
        // Staff of main may not sit in on xihu's session, even through xihu's page.
        await expect(knock(two.mainOfficer, xihuSession.id, 'xihu')).rejects.toThrow(StationRefusal.notMember);
        // Bad station values get a clear refusal, never a crash.
        for (const bad of [{ toString: 1 }, '__proto__', 'x'.repeat(500), 42])
          await expect(knock(two.merchant, xihuSession.id, bad)).rejects.toThrow(StationRefusal.unknown);
        // Through xihu's own page the merchant and xihu's officer sit down.
        const room = await knock(two.merchant, xihuSession.id, 'xihu');
        await until(() => room.state.participants?.get(merchantId)?.present, 'the merchant seated in xihu');
        const officer = await knock(two.xihuOfficer, xihuSession.id, 'xihu');
        await until(() => room.state.participants?.get(xihuOfficerId)?.present, 'the officer seated in xihu');
        await officer.leave();
        await room.leave();
      });
    });

    describe('visits', () => {
      let slot: VisitSlot;
      let caseId: string;

      it('books, cancels and records a window only through its own station', async () => {
        const merchantInMain = await enter(two.merchant);
        const merchantInXihu = await enter(two.merchant, 'xihu');
        caseId = randomUUID();
        await createCase(two.hall.db, {
          id: caseId,
          number: `BJ-TEST-${caseId.slice(0, 6)}`,
          merchantId,
          service: 'signboard',
          description: '门头招牌核查',
          officerId: null,
          deskId: null,
          // The matter is xihu's: its officers visit for it (a case of main is none of theirs).
          station: 'xihu',
        });
        const window = { date: stationDay(Date.now() + 2 * DAY_MS, TZ), from: '09:00', to: '10:00' };
        const published = await call<VisitSlot>(two.xihuOfficer, 'POST', VisitsRoute.slots, 'xihu', window);
        expect(published.status).toBe(201);
        slot = published.body;

        // From main's page (header or none) the window is not found.
        for (const station of [undefined, 'main']) {
          const r = await call(two.merchant, 'POST', route(VisitsRoute.book, slot.id), station, { caseId });
          expect(r).toMatchObject({ status: 404, body: { error: 'not_found' } });
        }
        const offered = await call(two.mainOfficer, 'POST', route(VisitsRoute.offer, slot.id), undefined, { caseId });
        expect(offered.status).toBe(404);
        const booked = await call<VisitSlot>(two.merchant, 'POST', route(VisitsRoute.book, slot.id), 'xihu', {
          caseId,
        });
        expect(booked.status).toBe(200);
        expect(booked.body.mine).toBe(true);
        const heard = (v: Visitor) =>
          v.box.some((m) => m.type === HallNotice.visitChanged && (m.message as VisitChangedNotice).slotId === slot.id);
        await until(() => heard(merchantInXihu), 'the xihu hall tells the merchant of the booking');

        // The merchant's bookings, per station.
        const mine = async (station?: string) =>
          (await call<{ mine: VisitSlot[] }>(two.merchant, 'GET', VisitsRoute.slots, station)).body.mine.map(
            (s) => s.id,
          );
        expect(await mine('xihu')).toContain(slot.id);
        expect(await mine()).not.toContain(slot.id);

        // Cancelling or recording from main's page: not found, and the booking stands.
        expect((await call(two.merchant, 'POST', route(VisitsRoute.cancel, slot.id))).status).toBe(404);
        expect((await call(two.mainOfficer, 'POST', route(VisitsRoute.cancel, slot.id))).status).toBe(404);
        const noted = await call(two.mainOfficer, 'POST', route(VisitsRoute.result, slot.id), undefined, {
          result: '已整改',
        });
        expect(noted.status).toBe(404);
        expect((await call(two.xihuOfficer, 'POST', route(VisitsRoute.cancel, slot.id))).status).toBe(403);
        expect((await call(two.xihuOfficer, 'POST', route(VisitsRoute.cancel, slot.id), 'main')).status).toBe(403);
        expect(await mine('xihu')).toContain(slot.id);

        const cancelled = await call(two.merchant, 'POST', route(VisitsRoute.cancel, slot.id), 'xihu');
        expect(cancelled.status).toBe(200);
        expect(await mine('xihu')).not.toContain(slot.id);
        // Main's hall never heard of xihu's window.
        expect(heard(merchantInMain)).toBe(false);
        const audit = await listAudit(two.hall.db);
        expect(audit.find((e) => e.action === 'visit.book' && e.targetId === slot.id)?.detail).toMatchObject({
          station: 'xihu',
        });
      });
    });

    describe('the dashboard’s period', () => {
      it('gives each station’s lead that station’s figures and files', async () => {
        await runStaffCommand(two.hall.db, { op: 'lead', username: 'zhao' }, 'test');
        await runStaffCommand(two.hall.db, { op: 'lead', username: 'sun' }, 'test');
        const today = stationDay(Date.now(), TZ);
        // Tickets served today: two in xihu, one in main.
        const served = async (station: string, number: string) => {
          const id = randomUUID();
          await two.hall.db.query(
            `INSERT INTO tickets (id, day, seq, number, service, merchant_id, taken_at, status, desk_id, officer_id,
               called_at, served_at, ended_at, station)
             VALUES ($1, $2, $3, $4, 'renovation', $5, now() - interval '20 minutes', 'done', 'desk-1', $6,
               now() - interval '15 minutes', now() - interval '14 minutes', now() - interval '5 minutes', $7)`,
            [
              id,
              today,
              Number(number.slice(-3)),
              number,
              merchantId,
              station === 'xihu' ? xihuOfficerId : mainOfficerId,
              station,
            ],
          );
        };
        await served('xihu', 'Z-901');
        await served('xihu', 'Z-902');
        await served('main', 'Z-903');
        const periodOf = async (token: string, station?: string) => {
          const r = await call<DashboardPeriod>(
            token,
            'GET',
            `${DashboardRoute.period}?from=${today}&to=${today}`,
            station,
          );
          expect(r.status).toBe(200);
          return r.body.tables.find((t) => t.name === 'byDay')!.rows;
        };
        expect((await periodOf(two.xihuOfficer, 'xihu'))[0]?.[1]).toBe(2);
        expect((await periodOf(two.mainOfficer))[0]?.[1]).toBe(1);
        // A lead of xihu on main's page is not a member there.
        const across = await call(two.xihuOfficer, 'GET', `${DashboardRoute.period}?from=${today}&to=${today}`, 'main');
        expect(across).toMatchObject({ status: 403, body: { error: StationRefusal.notMember } });
        // The CSV of a station is its own figures, and the audit says which station.
        const csv = await call(
          two.xihuOfficer,
          'GET',
          `${DashboardRoute.csv}?table=byDay&from=${today}&to=${today}`,
          'xihu',
        );
        expect(csv.status).toBe(200);
        expect(csv.text).toContain(`${today},2,`);
        const audit = await listAudit(two.hall.db);
        expect(audit.filter((e) => e.action === 'dashboard.csv').map((e) => e.detail.station)).toEqual(['xihu']);
        expect(
          audit
            .filter((e) => e.action === 'dashboard.period')
            .map((e) => e.detail.station)
            .sort(),
        ).toEqual(['main', 'xihu']);
      });
    });
  },
);
