import { beforeAll, describe, expect, it } from 'vitest';
import { addMembership, removeMembership } from '../../server/stations/store.ts';
import {
  type ConcernChangedNotice,
  type ConcernList,
  type ConcernOfficersAnswer,
  ConcernsRoute,
  type ConcernView,
} from '../../shared/concerns.ts';
import { DashboardRoute, type DashboardToday } from '../../shared/dashboard.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { type CaseCompletedNotice, CasesRoute, type DeskViewNotice, type RatingSummary } from '../../shared/queue.ts';
import { StationRefusal } from '../../shared/stations.ts';
import { MovableClock } from '../support/clock.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { twoStations } from '../support/twoStations.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { CaseFileRoute } from '../../shared/caseFile.ts';
import { until, type Inbox, type Visitor } from './helpers.ts';

const one = (id: string) => ConcernsRoute.one.replace(':id', id);
const steps = (id: string) => ConcernsRoute.steps.replace(':id', id);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station concern tests skip ${s.name}: ${s.reason}`);

const concernNews = (box: Inbox) =>
  box.filter((m) => m.type === HallNotice.concernChanged).map((m) => m.message as ConcernChangedNotice);

function last<T>(box: Inbox, type: string, match: (m: T) => boolean = () => true): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) {
    const m = box[i]!;
    if (m.type === type && match(m.message as T)) return m.message as T;
  }
  return undefined;
}

/**
 * Concerns and desk ratings in a deployment of two stations, 'main' (the default) and 'xihu': each station's
 * concerns are its own (lists, steps, officers, hall notices, the dashboard's due today), and a rating counts at
 * the station of the visit it is about, and is given on that station's page (its case is not found elsewhere).
 */
describe.each(available.map((d) => hallTarget(d.name, 'hall-station-concerns')))(
  'concerns of two stations on $name',
  (target) => {
    const clock = new MovableClock();
    const two = twoStations(target, { clock });
    const { call, enter } = two;
    let zhouInMain: Visitor;
    let zhouInXihu: Visitor;
    let mainOfficerIn: Visitor;
    let xihuOfficerIn: Visitor;
    let mainConcern: ConcernView;
    let xihuConcern: ConcernView;

    beforeAll(async () => {
      zhouInMain = await enter(two.merchant);
      zhouInXihu = await enter(two.merchant, 'xihu');
      mainOfficerIn = await enter(two.mainOfficer);
      xihuOfficerIn = await enter(two.xihuOfficer, 'xihu');
    });

    it('a concern raised on a station’s page is that station’s, heard in its hall only', async () => {
      const inXihu = await call<ConcernView>(two.merchant, 'POST', ConcernsRoute.concerns, 'xihu', {
        category: 'noise',
        place: '文三路口',
        what: '夜里施工很吵',
      });
      expect(inXihu.status).toBe(201);
      xihuConcern = inXihu.body;
      await until(
        () => concernNews(xihuOfficerIn.box).some((n) => n.id === xihuConcern.id),
        'the xihu officer hears of it',
      );
      await until(() => concernNews(zhouInXihu.box).some((n) => n.id === xihuConcern.id), 'zhou hears of it in xihu');
      // Without a station: the default one, as a one-station deployment always did.
      const inMain = await call<ConcernView>(two.merchant, 'POST', ConcernsRoute.concerns, undefined, {
        category: 'parking',
        place: '湖滨北门',
        what: '车辆堵门',
      });
      expect(inMain.status).toBe(201);
      mainConcern = inMain.body;
      await until(() => concernNews(mainOfficerIn.box).some((n) => n.id === mainConcern.id), 'main hears of its own');
      await until(() => concernNews(zhouInMain.box).some((n) => n.id === mainConcern.id), 'zhou hears of it in main');
      // By now each hall would have heard of the other's, had it gone there.
      expect(concernNews(mainOfficerIn.box).map((n) => n.id)).toEqual([mainConcern.id]);
      expect(concernNews(zhouInMain.box).map((n) => n.id)).toEqual([mainConcern.id]);
      expect(new Set(concernNews(xihuOfficerIn.box).map((n) => n.id))).toEqual(new Set([xihuConcern.id]));
      expect(concernNews(zhouInXihu.box).map((n) => n.id)).toEqual([xihuConcern.id]);
    });

    it('lists each station’s concerns on its own page: the merchant’s own, the officers’ open ones, one merchant’s', async () => {
      const ids = (r: { body: ConcernList }) => r.body.concerns.map((c) => c.id);
      expect(ids(await call<ConcernList>(two.merchant, 'GET', ConcernsRoute.concerns, 'xihu'))).toEqual([
        xihuConcern.id,
      ]);
      expect(ids(await call<ConcernList>(two.merchant, 'GET', ConcernsRoute.concerns))).toEqual([mainConcern.id]);
      expect(ids(await call<ConcernList>(two.xihuOfficer, 'GET', ConcernsRoute.concerns, 'xihu'))).toEqual([
        xihuConcern.id,
      ]);
      expect(ids(await call<ConcernList>(two.mainOfficer, 'GET', ConcernsRoute.concerns))).toEqual([mainConcern.id]);
      const merchantId = mainConcern.merchant.id;
      const ofZhou = `${ConcernsRoute.concerns}?merchant=${merchantId}`;
      expect(ids(await call<ConcernList>(two.xihuOfficer, 'GET', ofZhou, 'xihu'))).toEqual([xihuConcern.id]);
      expect(ids(await call<ConcernList>(two.mainOfficer, 'GET', ofZhou))).toEqual([mainConcern.id]);
      // The merchant's case file, read at a station, holds that station's concerns only.
      const fileOfZhou = CaseFileRoute.merchant.replace(':merchantId', merchantId);
      const xihuFile = JSON.stringify((await call(two.xihuOfficer, 'GET', fileOfZhou, 'xihu')).body);
      expect(xihuFile).toContain(xihuConcern.id);
      expect(xihuFile).not.toContain(mainConcern.id);
      const mainFile = JSON.stringify((await call(two.mainOfficer, 'GET', fileOfZhou)).body);
      expect(mainFile).toContain(mainConcern.id);
      expect(mainFile).not.toContain(xihuConcern.id);
      // A merchant named oddly is nobody's concerns, not a failure.
      for (const odd of ['__proto__', 'toString', 'x'.repeat(5000)]) {
        const r = await call<ConcernList>(two.xihuOfficer, 'GET', `${ConcernsRoute.concerns}?merchant=${odd}`, 'xihu');
        expect(r.status).toBe(200);
        expect(r.body.concerns).toEqual([]);
      }
      // The merchant's own concern, read on the other station's page, is not there.
      expect(await call(two.merchant, 'GET', one(xihuConcern.id))).toEqual({
        status: 404,
        body: { error: 'not_found' },
      });
      expect((await call<ConcernView>(two.merchant, 'GET', one(xihuConcern.id), 'xihu')).body.id).toBe(xihuConcern.id);
    });

    it('staff of one station neither see nor change another station’s concern', async () => {
      expect(await call(two.xihuOfficer, 'GET', one(mainConcern.id), 'xihu')).toEqual({
        status: 404,
        body: { error: 'not_found' },
      });
      for (const step of [
        { kind: 'note', text: '越站记录' },
        { kind: 'reply', text: '越站答复' },
        { kind: 'assign' },
      ]) {
        expect(await call(two.xihuOfficer, 'POST', steps(mainConcern.id), 'xihu', step)).toEqual({
          status: 404,
          body: { error: 'not_found' },
        });
      }
      // Naming the other station outright is refused before anything is read.
      expect(await call(two.xihuOfficer, 'GET', one(mainConcern.id))).toEqual({
        status: 403,
        body: { error: StationRefusal.notMember },
      });
      expect(await call(two.xihuOfficer, 'POST', steps(mainConcern.id), 'main', { kind: 'note', text: 'x' })).toEqual({
        status: 403,
        body: { error: StationRefusal.notMember },
      });
      // Main's concern is as it was: received, its one entry, nobody's.
      const untouched = await call<ConcernView>(two.mainOfficer, 'GET', one(mainConcern.id));
      expect(untouched.body).toMatchObject({ status: 'received', assignee: null });
      expect(untouched.body.entries.map((e) => e.kind)).toEqual(['raised']);
      // Each station's officers are whom its concerns go to; another station's officer is no officer here.
      const officersOf = async (token: string, station?: string) =>
        (await call<ConcernOfficersAnswer>(token, 'GET', ConcernsRoute.officers, station)).body.officers;
      const xihuOfficers = await officersOf(two.xihuOfficer, 'xihu');
      expect(xihuOfficers.map((o) => o.name)).toEqual(['赵警官']);
      expect((await officersOf(two.mainOfficer)).map((o) => o.name)).toEqual(['孙警官']);
      expect(
        await call(two.mainOfficer, 'POST', steps(mainConcern.id), undefined, {
          kind: 'assign',
          officerId: xihuOfficers[0]!.id,
        }),
      ).toEqual({ status: 400, body: { error: 'no_such_officer' } });
      // A step of its own station's officer goes through, and is heard in that hall only.
      const noted = await call<ConcernView>(two.xihuOfficer, 'POST', steps(xihuConcern.id), 'xihu', {
        kind: 'note',
        text: '已电话联系',
      });
      expect(noted.status).toBe(200);
      await until(
        () => concernNews(zhouInXihu.box).some((n) => n.id === xihuConcern.id && n.change === 'note'),
        'zhou hears of the note in xihu',
      );
      expect(concernNews(zhouInMain.box).map((n) => n.id)).toEqual([mainConcern.id]);
    });

    it('tells each station’s officers and dashboard of its own concerns past their deadline', async () => {
      const due = async (token: string, station?: string) => {
        const today = (await call<DashboardToday>(token, 'GET', DashboardRoute.today, station)).body;
        return { dueToday: today.concernsDueToday, overdue: today.concernsOverdue };
      };
      expect(await due(two.xihuOfficer, 'xihu')).toEqual({ dueToday: 0, overdue: 0 });
      // Xihu's first concern has had its contact (a note); a second one has not.
      const late = await call<ConcernView>(two.merchant, 'POST', ConcernsRoute.concerns, 'xihu', {
        category: 'cookingFumes',
        place: '文三路菜场',
        what: '油烟直排',
      });
      expect(late.status).toBe(201);
      const seenMain = mainOfficerIn.box.length;
      const seenXihu = xihuOfficerIn.box.length;
      // Past both contact deadlines (one working day), before any answer's.
      const latest = Math.max(Date.parse(late.body.contactBy.at), Date.parse(mainConcern.contactBy.at));
      clock.advance(latest - clock.now() + 60_000);
      const overdue = (box: Inbox) => concernNews(box).filter((n) => n.change === 'overdue');
      await until(
        () => overdue(xihuOfficerIn.box).some((n) => n.id === late.body.id),
        'xihu hears its concern is late',
      );
      await until(() => overdue(mainOfficerIn.box).some((n) => n.id === mainConcern.id), 'main hears its own is late');
      expect(overdue(mainOfficerIn.box.slice(seenMain)).map((n) => n.id)).toEqual([mainConcern.id]);
      expect(overdue(xihuOfficerIn.box.slice(seenXihu)).map((n) => n.id)).toEqual([late.body.id]);
      // Each station's dashboard counts its own: one late in each, none of the other's.
      expect(await due(two.xihuOfficer, 'xihu')).toEqual({ dueToday: 0, overdue: 1 });
      expect(await due(two.mainOfficer)).toEqual({ dueToday: 0, overdue: 1 });
    });

    it('counts a desk visit’s rating at the station of the visit, rated on that station’s page only', async () => {
      // Five merchants served at xihu's desk 1 by its officer: figures show once five ratings are in.
      xihuOfficerIn.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
      await until(() => zhouInXihu.room.state.desks.get('desk-1')?.open, 'desk 1 open in xihu');
      for (let i = 0; i < 5; i++) {
        const token = await signUpMerchant(two.url, `商户${i}`, `第${i}家店`);
        const m = await enter(token, 'xihu');
        m.room.send('takeTicket', { service: 'renovation', description: '门头改造' });
        await until(() => m.box.some((x) => x.type === HallNotice.myTickets), 'a ticket');
        xihuOfficerIn.room.send('callNext');
        await until(
          () => last<DeskViewNotice>(xihuOfficerIn.box, HallNotice.deskView, (v) => v.current?.status === 'called'),
          'called',
        );
        xihuOfficerIn.room.send('startService');
        await until(
          () => last<DeskViewNotice>(xihuOfficerIn.box, HallNotice.deskView, (v) => v.current?.status === 'serving'),
          'serving',
        );
        if (i === 0) {
          // A concern the officer records at the desk is the desk's station's.
          const atDesk = await call<ConcernView>(two.xihuOfficer, 'POST', ConcernsRoute.atDesk, 'xihu', {
            category: 'other',
            place: '服务站',
            what: '当面反映',
          });
          expect(atDesk.status).toBe(201);
          const xihuOpen = await call<ConcernList>(two.xihuOfficer, 'GET', ConcernsRoute.concerns, 'xihu');
          expect(xihuOpen.body.concerns.map((c) => c.id)).toContain(atDesk.body.id);
          const mainOpen = await call<ConcernList>(two.mainOfficer, 'GET', ConcernsRoute.concerns);
          expect(mainOpen.body.concerns.map((c) => c.id)).not.toContain(atDesk.body.id);
          expect((await call(two.mainOfficer, 'GET', ConcernsRoute.atDesk)).body).toEqual({ error: 'not_serving' });
        }
        xihuOfficerIn.room.send('complete', { notes: '已告知要求', checklist: [], outcome: 'resolved' });
        const done = await until(() => last<CaseCompletedNotice>(m.box, HallNotice.caseCompleted), 'completed');
        // The case is xihu's: from the default station's page it is not found, from xihu's it is rated there.
        const route = CasesRoute.rate.replace(':id', done.caseId);
        if (i < 3) expect((await call(token, 'POST', route, undefined, { level: 4 })).status).toBe(404);
        const rated = await call(token, 'POST', route, 'xihu', { level: 4 });
        expect(rated.status).toBe(201);
      }
      const xihuFigures = await call<RatingSummary>(two.xihuOfficer, 'GET', CasesRoute.myRatings, 'xihu');
      expect(xihuFigures.body.figures).toMatchObject({ count: 5, average: 4 });
      expect(await call(two.xihuOfficer, 'GET', CasesRoute.myRatings)).toEqual({
        status: 403,
        body: { error: StationRefusal.notMember },
      });
      expect((await call<RatingSummary>(two.mainOfficer, 'GET', CasesRoute.myRatings)).body.figures).toBeNull();
      // The officer moves to the default station: there they start with none of xihu's ratings.
      const zhaoId = (await call<ConcernOfficersAnswer>(two.xihuOfficer, 'GET', ConcernsRoute.officers, 'xihu')).body
        .officers[0]!.id;
      await addMembership(two.hall.db, zhaoId, 'main');
      await removeMembership(two.hall.db, zhaoId, 'xihu');
      const moved = await call<RatingSummary>(two.xihuOfficer, 'GET', CasesRoute.myRatings);
      expect(moved.status).toBe(200);
      expect(moved.body.figures).toBeNull();
    });
  },
);
