import { describe, expect, it } from 'vitest';
import { AccountsRoute } from '../../shared/accounts.ts';
import { type NoticeChangedNotice, type NoticeList, NoticesRoute, type NoticeView } from '../../shared/boardNotices.ts';
import { stationDay } from '../../shared/dates.ts';
import { HallNotice } from '../../shared/protocol.ts';
import type { MyTicketsNotice } from '../../shared/queue.ts';
import { DashboardRoute, type DashboardToday } from '../../shared/dashboard.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { VisitsRoute } from '../../shared/visits.ts';
import { STATION_QUERY, StationRefusal } from '../../shared/stations.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { twoStations, TZ } from '../support/twoStations.ts';
import { staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station tests skip ${s.name}: ${s.reason}`);

function last<T>(box: Inbox, type: string): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) if (box[i]!.type === type) return box[i]!.message as T;
  return undefined;
}

const numbersOf = (v: Visitor) => last<MyTicketsNotice>(v.box, HallNotice.myTickets)?.tickets.map((t) => t.number);

describe.each(available.map((d) => hallTarget(d.name, 'hall-stations')))('two stations on $name', (target) => {
  const two = twoStations(target, { env: { STATION_NAME: '湖滨执法服务站' } });
  const { call, enter } = two;
  let inMain: Visitor;
  let inXihu: Visitor;

  it('a join without a station is the default station; a join naming another is that station’s own hall', async () => {
    inMain = await enter(two.merchant);
    inXihu = await enter(two.neighbour, 'xihu');
    expect(inXihu.room.roomId).not.toBe(inMain.room.roomId);
    // Naming the default station is the same as naming none.
    const again = await visitWithToken(two.hall, two.merchant, { station: 'main' });
    expect(again.room.roomId).toBe(inMain.room.roomId);
    await again.room.leave();
    // Never each other's people.
    const alone = (v: Visitor) => v.room.state.avatars.size === 1 && v.room.state.people === 1;
    await until(() => alone(inMain) && alone(inXihu), 'one person in each hall');
  });

  it('refuses a join or a request for a station that does not exist', async () => {
    await expect(visitWithToken(two.hall, two.merchant, { station: 'nowhere' })).rejects.toThrow(
      StationRefusal.unknown,
    );
    await expect(visitWithToken(two.hall, two.merchant, { station: '../main' })).rejects.toThrow(
      StationRefusal.unknown,
    );
    expect(await call(two.merchant, 'GET', NoticesRoute.notices, 'nowhere')).toEqual({
      status: 404,
      body: { error: StationRefusal.unknown },
    });
    const byQuery = await fetch(new URL(`${NoticesRoute.notices}?${STATION_QUERY}=nowhere`, two.url), {
      headers: { Authorization: `Bearer ${two.merchant}` },
    });
    expect(byQuery.status).toBe(404);
    // Without a station, the default one: as every page did before there were several.
    expect((await call(two.merchant, 'GET', NoticesRoute.notices)).status).toBe(200);
  });

  it('numbers tickets per station, and neither hall sees the other’s tickets', async () => {
    inMain.room.send('takeTicket', { service: 'renovation' });
    const mainNumber = (await until(() => numbersOf(inMain)?.[0], 'a number in main'))!;
    inXihu.room.send('takeTicket', { service: 'renovation' });
    const xihuNumber = (await until(() => numbersOf(inXihu)?.[0], 'a number in xihu'))!;
    // The first renovation number of the day in each station.
    expect(xihuNumber).toBe(mainNumber);
    expect(mainNumber).toMatch(/-001$/);
    // The same merchant, one identity, takes a number in the other station too: the next there.
    const visiting = await enter(two.merchant, 'xihu');
    visiting.room.send('takeTicket', { service: 'renovation' });
    expect(await until(() => numbersOf(visiting)?.[0], 'a second number in xihu')).toMatch(/-002$/);
    const waiting = (v: Visitor) => v.room.state.lines.get('renovation')?.waiting;
    await until(() => waiting(inXihu) === 2, 'two waiting in xihu');
    await until(() => waiting(inMain) === 1, 'one waiting in main');
    expect(numbersOf(inMain)).toEqual([mainNumber]);
  });

  it('lets an officer open a desk only in their own station', async () => {
    await expect(visitWithToken(two.hall, two.mainOfficer, { station: 'xihu' })).rejects.toThrow(
      StationRefusal.notMember,
    );
    expect(await call(two.mainOfficer, 'GET', NoticesRoute.notices, 'xihu')).toEqual({
      status: 403,
      body: { error: StationRefusal.notMember },
    });
    await expect(visitWithToken(two.hall, two.xihuOfficer)).rejects.toThrow(StationRefusal.notMember);
    const officer = await enter(two.xihuOfficer, 'xihu');
    officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
    await until(() => inXihu.room.state.desks.get('desk-1')?.open, 'desk 1 open in xihu');
    expect(inMain.room.state.desks.get('desk-1')?.open ?? false).toBe(false);
    // Desk 1 of the default station is a desk of its own.
    const local = await enter(two.mainOfficer);
    local.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
    await until(() => inMain.room.state.desks.get('desk-1')?.open, 'desk 1 open in main');
  });

  it('keeps each station’s notice board to itself', async () => {
    const today = stationDay(Date.now(), TZ);
    const form = { title: '湖滨夜市通知', text: '本周六夜市延长至23点。', category: 'signFiling', validFrom: today };
    const posted = await call<NoticeView>(two.mainOfficer, 'POST', NoticesRoute.notices, undefined, form);
    expect(posted.status).toBe(201);
    await until(
      () =>
        inMain.box.some(
          (m) => m.type === HallNotice.noticeChanged && (m.message as NoticeChangedNotice).id === posted.body.id,
        ),
      'main hears of its notice',
    );
    const mainBoard = await call<NoticeList>(two.merchant, 'GET', NoticesRoute.notices);
    expect(mainBoard.body.notices.map((n) => n.id)).toContain(posted.body.id);
    const xihuBoard = await call<NoticeList>(two.neighbour, 'GET', NoticesRoute.notices, 'xihu');
    expect(xihuBoard.body.notices.map((n) => n.id)).not.toContain(posted.body.id);
    // Xihu's own notice reaches xihu; by then main's would have reached it too, had it gone there.
    const own = await call<NoticeView>(two.xihuOfficer, 'POST', NoticesRoute.notices, 'xihu', {
      ...form,
      title: '文三路通知',
    });
    expect(own.status).toBe(201);
    await until(
      () =>
        inXihu.box.some(
          (m) => m.type === HallNotice.noticeChanged && (m.message as NoticeChangedNotice).id === own.body.id,
        ),
      'xihu hears of its notice',
    );
    const heardInXihu = inXihu.box
      .filter((m) => m.type === HallNotice.noticeChanged)
      .map((m) => (m.message as NoticeChangedNotice).id);
    expect(heardInXihu).toEqual([own.body.id]);
    // Another station's notice is not found from here.
    const foreign = await call(two.neighbour, 'POST', NoticesRoute.read.replace(':id', posted.body.id), 'xihu');
    expect(foreign.status).toBe(404);
  });

  it('shows a session on the board of the station it was scheduled in only', async () => {
    const manager = await staffToken(two.hall, 'parkManager', 'qian', '钱经理');
    const session = {
      title: '夜市摊位协调会',
      date: stationDay(Date.now() + 86_400_000, TZ),
      time: '10:00',
      minutes: 60,
      agenda: ['摊位划分'],
      invitees: [],
    };
    const scheduled = await call<{ id: string }>(manager, 'POST', MeetingsRoute.list, undefined, session);
    expect(scheduled.status).toBe(201);
    const board = async (station?: string) =>
      (await call<{ meetings: { id: string }[] }>(two.merchant, 'GET', MeetingsRoute.board, station)).body.meetings.map(
        (m) => m.id,
      );
    expect(await board()).toContain(scheduled.body.id);
    expect(await board('xihu')).not.toContain(scheduled.body.id);
  });

  it('offers a station’s visit windows to the merchants who come to that station only', async () => {
    const window = { date: stationDay(Date.now() + 2 * 86_400_000, TZ), from: '14:00', to: '15:00' };
    const published = await call<{ id: string }>(two.xihuOfficer, 'POST', VisitsRoute.slots, 'xihu', window);
    expect(published.status).toBe(201);
    const free = async (station?: string) =>
      (await call<{ free: { id: string }[] }>(two.merchant, 'GET', VisitsRoute.slots, station)).body.free.map(
        (s) => s.id,
      );
    expect(await free('xihu')).toContain(published.body.id);
    expect(await free()).not.toContain(published.body.id);
  });

  it('shows each station’s dashboard its own desks and lines today', async () => {
    const today = async (token: string, station?: string) =>
      (await call<DashboardToday>(token, 'GET', DashboardRoute.today, station)).body;
    const xihu = await today(two.xihuOfficer, 'xihu');
    expect(xihu.desks.map((d) => d.officerName)).toEqual(['赵警官']);
    expect(xihu.services.find((l) => l.service === 'renovation')?.waiting).toBe(2);
    const main = await today(two.mainOfficer);
    expect(main.desks.map((d) => d.officerName)).toEqual(['孙警官']);
    expect(main.services.find((l) => l.service === 'renovation')?.waiting).toBe(1);
  });

  it('lets staff sign out from another station’s page, which ends their sign-in everywhere', async () => {
    const officer = await staffToken(two.hall, 'officer', 'zhou', '周警官'); // of the default station
    expect((await call(officer, 'GET', NoticesRoute.notices, 'xihu')).status).toBe(403);
    expect(await call(officer, 'POST', AccountsRoute.signOut, 'xihu')).toEqual({ status: 200, body: { ok: true } });
    // Signed out for real: the token no longer admits them, in their own station either.
    expect((await call(officer, 'GET', AccountsRoute.me)).status).toBe(401);
    expect((await call(officer, 'GET', NoticesRoute.notices)).status).toBe(401);
  });
});
