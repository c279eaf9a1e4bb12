import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationDay } from '../../server/domain/queue.ts';
import { MeetingsRoute, type MeetingSummary, type PublicMeeting } from '../../shared/meetings.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const inDays = (n: number) => stationDay(Date.now() + n * 86_400_000, TZ);

async function call<T = Record<string, unknown>>(
  hall: RunningHall,
  token: string,
  method: string,
  route: string,
  body?: unknown,
) {
  const res = await fetch(new URL(route, hallUrl(hall)), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`meeting tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-meet')))(
  'scheduling three-party sessions on $name',
  (target) => {
    let hall: RunningHall;
    let host: string;
    let otherHost: string;
    let officer: string;
    let merchant: string;
    let outsider: string;
    let people: { id: string; name: string; party: string }[];
    let session: MeetingSummary;

    beforeAll(async () => {
      hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
      host = await staffToken(hall, 'parkManager', 'zhou', '周经理');
      otherHost = await staffToken(hall, 'parkManager', 'wu', '吴经理');
      officer = await staffToken(hall, 'officer', 'li', '李警官');
      merchant = await signUpMerchant(hallUrl(hall), '王女士', '老王面馆');
      outsider = await signUpMerchant(hallUrl(hall), '赵先生', '赵记五金');
    });
    afterAll(async () => {
      await hall.close();
      await target.cleanup();
    });

    const invite = () => {
      const pick = (name: string) => people.find((p) => p.name === name)!;
      return [
        { id: pick('李警官').id, party: 'officer' },
        { id: pick('吴经理').id, party: 'property' },
        { id: pick('王女士').id, party: 'merchant' },
      ];
    };

    it('only park managers see who can be invited and schedule; bad input is refused clearly', async () => {
      expect((await call(hall, officer, 'GET', MeetingsRoute.people)).status).toBe(403);
      expect((await call(hall, merchant, 'GET', MeetingsRoute.people)).status).toBe(403);
      people = (await call<{ people: typeof people }>(hall, host, 'GET', MeetingsRoute.people)).body.people;
      expect(people.map((p) => [p.name, p.party])).toEqual(
        expect.arrayContaining([
          ['李警官', 'officer'],
          ['吴经理', 'property'],
          ['王女士', 'merchant'],
        ]),
      );
      const base = {
        title: '科教园区三方会谈',
        date: inDays(2),
        time: '14:30',
        minutes: 90,
        agenda: ['外摆管理', '招牌整治'],
      };
      expect((await call(hall, officer, 'POST', MeetingsRoute.list, { ...base, invitees: invite() })).status).toBe(403);
      const wrongParty = invite().map((i) => (i.party === 'officer' ? { ...i, party: 'merchant' } : i));
      expect(
        (await call<{ error: string }>(hall, host, 'POST', MeetingsRoute.list, { ...base, invitees: wrongParty })).body
          .error,
      ).toBe('invalid_invitee');
      const past = await call<{ error: string }>(hall, host, 'POST', MeetingsRoute.list, {
        ...base,
        date: inDays(-1),
        invitees: [],
      });
      expect(past.body.error).toBe('in_past');
      const bad = await call<{ field: string }>(hall, host, 'POST', MeetingsRoute.list, {
        ...base,
        title: '',
        invitees: [],
      });
      expect(bad.body.field).toBe('title');
      const twice = [...invite(), invite()[0]!];
      expect((await call(hall, host, 'POST', MeetingsRoute.list, { ...base, invitees: twice })).status).toBe(400);
    });

    it('invitees see the session in My meetings and hear of changes and the cancellation at once', async () => {
      const officerIn = await visitWithToken(hall, officer);
      const merchantIn = await visitWithToken(hall, merchant);
      const outsiderIn = await visitWithToken(hall, outsider);
      const scheduled = await call<MeetingSummary>(hall, host, 'POST', MeetingsRoute.list, {
        title: '科教园区三方会谈',
        date: inDays(2),
        time: '14:30',
        minutes: 90,
        agenda: ['外摆管理', '招牌整治'],
        invitees: invite(),
      });
      expect(scheduled.status).toBe(201);
      session = scheduled.body;
      expect(session).toMatchObject({
        hostName: '周经理',
        status: 'scheduled',
        agenda: [{ title: '外摆管理' }, { title: '招牌整治' }],
      });
      expect(Date.parse(session.startsAt) - Date.parse(session.opensAt)).toBe(10 * 60_000);
      const heard = (box: typeof officerIn.box) => box.filter((m) => m.type === HallNotice.meetingChanged).length;
      await until(() => heard(officerIn.box) === 1 && heard(merchantIn.box) === 1, 'invitees told');

      const mine = await call<{ meetings: MeetingSummary[] }>(hall, merchant, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.map((m) => m.id)).toEqual([session.id]);
      expect(
        (await call<{ meetings: MeetingSummary[] }>(hall, outsider, 'GET', MeetingsRoute.list)).body.meetings,
      ).toEqual([]);
      // The notice board tells everyone what and when, never who is invited.
      const board = await call<{ meetings: PublicMeeting[] }>(hall, outsider, 'GET', MeetingsRoute.board);
      expect(board.body.meetings).toEqual([
        { id: session.id, title: '科教园区三方会谈', startsAt: session.startsAt, minutes: 90, status: 'scheduled' },
      ]);

      // Another park manager cannot edit or cancel it; the host can.
      const one = MeetingsRoute.one.replace(':id', session.id);
      const edit = {
        title: '科教园区三方会谈（改期）',
        date: inDays(3),
        time: '09:00',
        minutes: 60,
        agenda: ['外摆管理'],
        invitees: invite().slice(0, 2),
      };
      expect((await call(hall, otherHost, 'PUT', one, edit)).status).toBe(403);
      const edited = await call<MeetingSummary>(hall, host, 'PUT', one, edit);
      expect(edited.body).toMatchObject({ title: '科教园区三方会谈（改期）', minutes: 60 });
      // The merchant was dropped from the list and is told so, as are those still invited.
      await until(() => heard(merchantIn.box) === 2 && heard(officerIn.box) === 2, 'edit told to old and new invitees');
      expect(
        (await call<{ meetings: MeetingSummary[] }>(hall, merchant, 'GET', MeetingsRoute.list)).body.meetings,
      ).toEqual([]);

      const cancel = MeetingsRoute.cancel.replace(':id', session.id);
      expect((await call(hall, otherHost, 'POST', cancel)).status).toBe(403);
      expect((await call<MeetingSummary>(hall, host, 'POST', cancel)).body.status).toBe('cancelled');
      await until(() => heard(officerIn.box) === 3, 'cancellation told');
      expect((await call(hall, host, 'PUT', one, edit)).status).toBe(409);
      expect(heard(outsiderIn.box)).toBe(0);
      for (const v of [officerIn, merchantIn, outsiderIn]) await v.room.leave(true);
    });

    it('keeps sessions through a restart', async () => {
      await hall.close();
      hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
      const mine = await call<{ meetings: MeetingSummary[] }>(hall, officer, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.map((m) => [m.id, m.status])).toEqual([[session.id, 'cancelled']]);
    });
  },
);
