import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationDay } from '../../shared/dates.ts';
import {
  MeetingError,
  meetingErrorStatus,
  MeetingsRoute,
  MinutesRoute,
  type MeetingParty,
  type MeetingMinutes,
  type MeetingSummary,
  type MinutesClash,
  type MyMeetings,
  type PublicMeeting,
} from '../../shared/meetings.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import {
  getMeeting,
  loadRun,
  pastMeetingsOf,
  saveLive,
  saveMeeting,
  setMeetingRoles,
  setMeetingStatus,
  type SavedRun,
} from '../../server/meetings/store.ts';
import { takesPart } from '../../shared/meetingRules.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { merchantIdOf, signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken, api } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const inDays = (n: number) => stationDay(Date.now() + n * 86_400_000, TZ);

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
      expect((await api(hall, officer, 'GET', MeetingsRoute.people)).status).toBe(403);
      expect((await api(hall, merchant, 'GET', MeetingsRoute.people)).status).toBe(403);
      people = (await api<{ people: typeof people }>(hall, host, 'GET', MeetingsRoute.people)).body.people;
      // 王女士 is new to the station: not on its list, but found by her account id (or her whole phone number).
      expect(people.map((p) => p.name)).not.toContain('王女士');
      const wangId = await merchantIdOf(hallUrl(hall), merchant);
      const named = `${MeetingsRoute.people}?merchant=${wangId}`;
      people = [...people, ...(await api<{ people: typeof people }>(hall, host, 'GET', named)).body.people];
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
      expect((await api(hall, officer, 'POST', MeetingsRoute.list, { ...base, invitees: invite() })).status).toBe(403);
      const wrongParty = invite().map((i) => (i.party === 'officer' ? { ...i, party: 'merchant' } : i));
      expect(
        (await api<{ error: string }>(hall, host, 'POST', MeetingsRoute.list, { ...base, invitees: wrongParty })).body
          .error,
      ).toBe('invalid_invitee');
      const past = await api<{ error: string }>(hall, host, 'POST', MeetingsRoute.list, {
        ...base,
        date: inDays(-1),
        invitees: [],
      });
      expect(past.body.error).toBe('in_past');
      const bad = await api<{ field: string }>(hall, host, 'POST', MeetingsRoute.list, {
        ...base,
        title: '',
        invitees: [],
      });
      expect(bad.body.field).toBe('title');
      const twice = [...invite(), invite()[0]!];
      expect((await api(hall, host, 'POST', MeetingsRoute.list, { ...base, invitees: twice })).status).toBe(400);
    });

    it('invitees see the session in My meetings and hear of changes and the cancellation at once', async () => {
      const officerIn = await visitWithToken(hall, officer);
      const merchantIn = await visitWithToken(hall, merchant);
      const outsiderIn = await visitWithToken(hall, outsider);
      const scheduled = await api<MeetingSummary>(hall, host, 'POST', MeetingsRoute.list, {
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

      const mine = await api<MyMeetings>(hall, merchant, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.map((m) => m.id)).toEqual([session.id]);
      // The form fills in the start as the station's clock shows it, whatever the browser's zone.
      expect(mine.body.meetings[0]).toMatchObject({ stationDate: inDays(2), stationTime: '14:30' });
      // One session, to those who may read it.
      const one = MeetingsRoute.one.replace(':id', session.id);
      expect((await api<MeetingSummary>(hall, merchant, 'GET', one)).body.title).toBe('科教园区三方会谈');
      expect((await api(hall, outsider, 'GET', one)).status).toBe(404);
      expect(
        (await api<{ meetings: MeetingSummary[] }>(hall, outsider, 'GET', MeetingsRoute.list)).body.meetings,
      ).toEqual([]);
      // The notice board tells everyone what and when, never who is invited.
      const board = await api<{ meetings: PublicMeeting[] }>(hall, outsider, 'GET', MeetingsRoute.board);
      expect(board.body.meetings).toEqual([
        {
          id: session.id,
          title: '科教园区三方会谈',
          startsAt: session.startsAt,
          minutes: 90,
          status: 'scheduled',
          opensAt: session.opensAt,
        },
      ]);

      // Another park manager cannot edit or cancel it; the host can.
      const edit = {
        title: '科教园区三方会谈（改期）',
        date: inDays(3),
        time: '09:00',
        minutes: 60,
        agenda: ['外摆管理'],
        invitees: invite().slice(0, 2),
      };
      expect((await api(hall, otherHost, 'PUT', one, edit)).status).toBe(403);
      const edited = await api<MeetingSummary>(hall, host, 'PUT', one, edit);
      expect(edited.body).toMatchObject({ title: '科教园区三方会谈（改期）', minutes: 60 });
      // The merchant was dropped from the list and is told so, as are those still invited.
      await until(() => heard(merchantIn.box) === 2 && heard(officerIn.box) === 2, 'edit told to old and new invitees');
      // …but told only that: not who is still invited, nor the agenda.
      const told = merchantIn.box.filter((m) => m.type === HallNotice.meetingChanged).map((m) => m.message);
      expect(told[1]).toEqual({ id: session.id, title: '科教园区三方会谈（改期）', removed: true });
      expect(officerIn.box.filter((m) => m.type === HallNotice.meetingChanged).at(-1)?.message).toMatchObject({
        invitees: expect.any(Array),
      });
      expect(
        (await api<{ meetings: MeetingSummary[] }>(hall, merchant, 'GET', MeetingsRoute.list)).body.meetings,
      ).toEqual([]);

      const cancel = MeetingsRoute.cancel.replace(':id', session.id);
      expect((await api(hall, otherHost, 'POST', cancel)).status).toBe(403);
      expect((await api<MeetingSummary>(hall, host, 'POST', cancel)).body.status).toBe('cancelled');
      await until(() => heard(officerIn.box) === 3, 'cancellation told');
      expect((await api(hall, host, 'PUT', one, edit)).status).toBe(409);
      expect(heard(outsiderIn.box)).toBe(0);
      for (const v of [officerIn, merchantIn, outsiderIn]) await v.room.leave(true);
    });

    it('minutes are written by the chair or a secretary, published at the end, and open items return next time', async () => {
      const planned = await api<MeetingSummary>(hall, host, 'POST', MeetingsRoute.list, {
        title: '月度三方会谈',
        date: inDays(1),
        time: '10:00',
        minutes: 60,
        agenda: ['外摆管理', '夜间噪声'],
        invitees: invite(),
      });
      const m = planned.body;
      const pick = (name: string) => people.find((p) => p.name === name)!;
      const minutesOf = (token: string) =>
        api<MeetingMinutes>(hall, token, 'GET', MinutesRoute.minutes.replace(':id', m.id));
      const write = (token: string, index: number, body: unknown) =>
        api<MeetingMinutes>(
          hall,
          token,
          'PUT',
          MinutesRoute.item.replace(':id', m.id).replace(':index', String(index)),
          body,
        );

      // The host names the officer secretary; only invitees can be named.
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect((await api(hall, host, 'PUT', roles, { coHostIds: [], secretaryIds: ['nobody'] })).status).toBe(400);
      expect((await api(hall, officer, 'PUT', roles, { coHostIds: [], secretaryIds: [] })).status).toBe(403);
      expect((await api(hall, host, 'PUT', roles, { coHostIds: [], secretaryIds: [pick('李警官').id] })).status).toBe(
        200,
      );

      expect((await write(merchant, 0, { text: '我来写', decisions: [], version: '' })).status).toBe(403);
      const first = await write(officer, 0, { text: '初稿', decisions: [], version: '' });
      expect(first.status).toBe(200);
      const v1 = first.body.items[0]!.version;
      expect(v1).not.toBe('');
      const saved = await write(officer, 0, {
        text: '外摆区域以黄线为界。',
        decisions: ['外摆不超过黄线'],
        version: v1,
      });
      expect(saved.body.items[0]).toMatchObject({
        title: '外摆管理',
        text: '外摆区域以黄线为界。',
        decisions: ['外摆不超过黄线'],
      });
      // The host types over the same first draft: refused, with the secretary's text, so nothing is lost.
      const clash = await api<{ error: string; fields: MinutesClash }>(
        hall,
        host,
        'PUT',
        MinutesRoute.item.replace(':id', m.id).replace(':index', '0'),
        { text: '主持人的版本', decisions: [], version: v1 },
      );
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({
        error: MeetingError.minutesChanged,
        fields: { text: '外摆区域以黄线为界。', decisions: ['外摆不超过黄线'], version: saved.body.items[0]!.version },
      });
      // A writer who read nothing yet cannot overwrite a written item either.
      expect((await write(host, 0, { text: '空白起稿', decisions: [], version: '' })).status).toBe(409);
      expect((await minutesOf(host)).body.items[0]!.text).toBe('外摆区域以黄线为界。');
      const audit = await listAudit(hall.db, { targetKind: 'meeting', targetId: m.id });
      expect(audit.filter((a) => a.action === 'meeting.minutes')).toHaveLength(2);
      expect(audit.find((a) => a.action === 'meeting.minutes')).toMatchObject({
        actorKind: 'staff',
        actorId: pick('李警官').id,
        detail: { agendaIndex: 0 },
      });
      expect((await write(officer, 5, { text: 'x', decisions: [], version: '' })).status).toBe(404);
      // Not published yet: the merchant cannot read the minutes; the secretary can.
      expect((await minutesOf(merchant)).status).toBe(403);
      expect((await minutesOf(outsider)).status).toBe(404);

      const actions = MinutesRoute.actions.replace(':id', m.id);
      const act = (what: string, owner: string, party: string) =>
        api<MeetingMinutes>(hall, host, 'POST', actions, {
          agendaIndex: 0,
          what,
          ownerId: pick(owner).id,
          party,
          due: inDays(14),
        });
      const wrong = await act('画黄线', '王女士', 'officer'); // wrong party for the owner
      expect([wrong.status, (wrong.body as unknown as { error: string }).error]).toEqual([400, 'invalid_owner']);
      await act('在店门口画黄线', '王女士', 'merchant');
      const added = await act('巡查外摆', '李警官', 'officer');
      const [paint, patrol] = added.body.actions;

      const end = MeetingsRoute.end.replace(':id', m.id);
      expect((await api(hall, officer, 'POST', end)).status).toBe(403);
      // Not started yet: nothing to end, nothing published; the session stays planned.
      const early = await api<{ error: string }>(hall, host, 'POST', end);
      expect([early.status, early.body.error]).toEqual([409, MeetingError.notStarted]);
      expect((await getMeeting(hall.db, m.id))?.status).toBe('scheduled');
      expect((await minutesOf(merchant)).status).toBe(403);
      // Started at its table (as the chair's start there stores it), it can be ended.
      await setMeetingStatus(hall.db, m.id, 'running');
      expect((await api<MeetingSummary>(hall, host, 'POST', end)).body.status).toBe('ended');
      expect((await write(officer, 1, { text: '迟到的记录', decisions: [], version: '' })).status).toBe(409);
      const published = await minutesOf(merchant);
      expect(published.status).toBe(200);
      expect(published.body.publishedAt).toBeTruthy();
      const md = await fetch(new URL(`${MinutesRoute.minutes.replace(':id', m.id)}?format=markdown`, hallUrl(hall)), {
        headers: { Authorization: `Bearer ${merchant}` },
      });
      const text = await md.text();
      expect(text).toContain('# 月度三方会谈');
      expect(text).toContain('- 决定：外摆不超过黄线');
      expect(text).toContain('- [ ] 在店门口画黄线（王女士，商户代表，');
      const en = await fetch(
        new URL(`${MinutesRoute.minutes.replace(':id', m.id)}?format=markdown&lang=en`, hallUrl(hall)),
        { headers: { Authorization: `Bearer ${merchant}` } },
      );
      const english = await en.text();
      expect(english).toContain('- Decision: 外摆不超过黄线');
      expect(english).toContain('- [ ] 在店门口画黄线 (王女士, merchant representative, due ');

      // Ended: among the past sessions, most recent first, and the owner's open item is listed for them.
      const after = (await api<MyMeetings>(hall, merchant, 'GET', MeetingsRoute.list)).body;
      expect(after.meetings.map((x) => x.id)).not.toContain(m.id);
      expect(after.past.map((x) => x.id)).toContain(m.id);
      expect(after.actions.map((a) => [a.what, a.meetingTitle, a.status])).toEqual([
        ['在店门口画黄线', '月度三方会谈', 'open'],
      ]);

      // The owner marks theirs done; someone else cannot.
      const status = (token: string, a: { id: string }, s: string) =>
        api(hall, token, 'PUT', MinutesRoute.action.replace(':id', a.id), { status: s });
      expect((await status(outsider, paint!, 'done')).status).toBe(403);
      expect((await status(merchant, paint!, 'done')).status).toBe(200);
      expect((await api<MyMeetings>(hall, merchant, 'GET', MeetingsRoute.list)).body.actions).toEqual([]);
      expect(await listAudit(hall.db, { targetKind: 'meeting', targetId: m.id })).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'meeting.action.status',
            actorKind: 'merchant',
            detail: { actionId: paint!.id, status: 'done', station: 'main' },
          }),
        ]),
      );

      // Only someone who chairs a session of the series may continue it (its open items name people).
      const follow = {
        title: '月度三方会谈（下月）',
        date: inDays(20),
        time: '10:00',
        minutes: 60,
        agenda: ['新议题'],
        invitees: invite(),
      };
      const foreign = await api<{ error: string }>(hall, otherHost, 'POST', MeetingsRoute.list, {
        ...follow,
        seriesId: m.seriesId,
      });
      expect([foreign.status, foreign.body.error]).toEqual([403, 'invalid_series']);
      const unknown = await api<{ error: string }>(hall, host, 'POST', MeetingsRoute.list, {
        ...follow,
        seriesId: 'no-such-series',
      });
      expect([unknown.status, unknown.body.error]).toEqual([403, 'invalid_series']);

      // The next session of the series opens with the item still open.
      const next = await api<MeetingSummary>(hall, host, 'POST', MeetingsRoute.list, {
        ...follow,
        seriesId: m.seriesId,
      });
      // A follow-up carries the action item's data; the page words it in the reader's language.
      const { what, ownerName, due } = patrol!;
      expect(what).toContain('巡查外摆');
      expect(next.body.agenda).toEqual([
        { title: what, followUpOf: patrol!.id, followUp: { what, ownerName, due } },
        { title: '新议题' },
      ]);
    });

    it('a co-host dropped from the invitation no longer writes, updates items or continues the series', async () => {
      const all = (await api<{ people: typeof people }>(hall, host, 'GET', MeetingsRoute.people)).body.people;
      const id = (name: string) => all.find((p) => p.name === name)!.id;
      const [wu, li, wang] = [id('吴经理'), id('李警官'), id('王女士')];
      const invitees = [
        { id: li, party: 'officer' },
        { id: wu, party: 'property' },
        { id: wang, party: 'merchant' },
      ];
      const plan = { title: '换主持的会谈', date: inDays(3), time: '09:00', minutes: 60, agenda: ['外摆管理'] };
      const m = (await api<MeetingSummary>(hall, host, 'POST', MeetingsRoute.list, { ...plan, invitees })).body;
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect((await api(hall, host, 'PUT', roles, { coHostIds: [wu], secretaryIds: [] })).status).toBe(200);
      const write = (token: string, text: string) =>
        api(hall, token, 'PUT', MinutesRoute.item.replace(':id', m.id).replace(':index', '0'), {
          text,
          decisions: [],
          version: '',
        });
      const added = await api<MeetingMinutes>(hall, host, 'POST', MinutesRoute.actions.replace(':id', m.id), {
        agendaIndex: 0,
        what: '清理外摆',
        ownerId: wang,
        party: 'merchant',
        due: inDays(10),
      });
      const wangItem = MinutesRoute.action.replace(':id', added.body.actions[0]!.id);
      const mark = (token: string, status: string) => api(hall, token, 'PUT', wangItem, { status });
      // While invited, the co-host chairs: they update others' items.
      expect((await mark(otherHost, 'done')).status).toBe(200);

      // Dropped from the invitation: no chair, no pen, not even a look at the unpublished minutes.
      const edited = await api<MeetingSummary>(hall, host, 'PUT', MeetingsRoute.one.replace(':id', m.id), {
        ...plan,
        invitees: invitees.filter((i) => i.id !== wu),
      });
      expect(edited.body.coHostIds).toEqual([]);
      // Whatever the record still says: the rule reads the invitation, not only the list of co-hosts.
      await setMeetingRoles(hall.db, m.id, { coHostIds: [wu], secretaryIds: [] });
      const refused = await write(otherHost, '我还在主持');
      expect([refused.status, (refused.body as { error?: string }).error]).toEqual([
        meetingErrorStatus[MeetingError.notHost],
        MeetingError.notHost,
      ]);
      expect((await mark(otherHost, 'open')).status).toBe(403);
      expect((await api(hall, otherHost, 'GET', MinutesRoute.minutes.replace(':id', m.id))).status).toBe(404);
      const next = await api<{ error: string }>(hall, otherHost, 'POST', MeetingsRoute.list, {
        ...plan,
        date: inDays(30),
        invitees: [],
        seriesId: m.seriesId,
      });
      expect([next.status, next.body.error]).toEqual([403, MeetingError.invalidSeries]);
      // The host and the item's owner keep theirs.
      expect((await write(host, '主持人记录')).status).toBe(200);
      expect((await mark(merchant, 'open')).status).toBe(200);
    });

    it('the past sessions query names exactly those who take part by the shared rule', async () => {
      const all = (await api<{ people: typeof people }>(hall, host, 'GET', MeetingsRoute.people)).body.people;
      const id = (name: string) => all.find((p) => p.name === name)!.id;
      const [zhou, wu, li, wang] = [id('周经理'), id('吴经理'), id('李警官'), id('王女士')];
      const startsAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
      // A table of sessions: who is invited, who sat in uninvited, whom the chair removed.
      const sessions: { invitees: { id: string; party: MeetingParty }[]; run: SavedRun | null }[] = [
        { invitees: [{ id: wang, party: 'merchant' }], run: null },
        {
          invitees: [{ id: wang, party: 'merchant' }],
          run: { current: 0, muted: [], removed: [wang], attended: [{ id: li, name: '李警官', party: 'officer' }] },
        },
        {
          invitees: [],
          run: {
            current: 0,
            muted: [],
            removed: [li],
            attended: [
              { id: li, name: '李警官', party: 'officer' },
              { id: wu, name: '吴经理', party: 'property' },
            ],
          },
        },
        { invitees: [{ id: li, party: 'officer' }], run: { current: 0, muted: [], removed: [li], attended: [] } },
      ];
      const made: string[] = [];
      for (const [i, s] of sessions.entries()) {
        const mid = `past-rule-${i}`;
        await saveMeeting(hall.db, {
          id: mid,
          seriesId: mid,
          hostId: zhou,
          title: `规则 ${i}`,
          startsAt,
          minutes: 30,
          agenda: [],
          invitees: s.invitees,
        });
        await setMeetingStatus(hall.db, mid, 'ended');
        if (s.run) await saveLive(hall.db, mid, s.run, [], 10);
        made.push(mid);
      }
      const since = new Date(Date.now() - 5 * 86_400_000).toISOString();
      for (const person of [zhou, wu, li, wang, 'off-nobody']) {
        const listed = new Set((await pastMeetingsOf(hall.db, person, since, 500)).map((m) => m.id));
        for (const mid of made) {
          const record = (await getMeeting(hall.db, mid))!;
          const run = await loadRun(hall.db, mid);
          const table = run ? { attended: run.attended ?? [], removed: run.removed } : null;
          expect({ person, mid, listed: listed.has(mid) }).toEqual({
            person,
            mid,
            listed: takesPart(record, table, person),
          });
        }
      }
    });

    it('keeps sessions through a restart', async () => {
      await hall.close();
      hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
      const mine = await api<MyMeetings>(hall, officer, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.find((m) => m.id === session.id)?.status).toBe('cancelled');
      // The minutes written before the restart are all there.
      const ended = mine.body.past.find((m) => m.title === '月度三方会谈')!;
      const minutes = await api<MeetingMinutes>(hall, officer, 'GET', MinutesRoute.minutes.replace(':id', ended.id));
      expect(minutes.body.items[0]!.text).toBe('外摆区域以黄线为界。');
    });
  },
);
