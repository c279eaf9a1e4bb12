import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { RunningHall } from '../../server/app.ts';
import { HallNotice } from '../../shared/protocol.ts';
import {
  CasesRoute,
  type CalledNotice,
  type CaseDetail,
  type CaseSummary,
  type DeskChatNotice,
  type DeskViewNotice,
  type MyTicket,
  type MyTicketsNotice,
  type RatingSummary,
  RATING_FIGURES_MIN,
} from '../../shared/queue.ts';
import { hallTarget, testDatabases, type HallTarget } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import {
  bootHall,
  cutNetwork,
  hallUrl,
  staffToken,
  until,
  visitWithToken,
  type Inbox,
  type Visitor,
  api,
} from './helpers.ts';

function last<T>(box: Inbox, type: string): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) if (box[i]!.type === type) return box[i]!.message as T;
  return undefined;
}

function myTickets(box: Inbox) {
  return last<MyTicketsNotice>(box, HallNotice.myTickets)?.tickets;
}

interface Person extends Visitor {
  token: string;
}

async function enter(hall: RunningHall, token: string): Promise<Person> {
  return { ...(await visitWithToken(hall, token)), token };
}

const DESCRIPTION_A = '厨房改造，想咨询油烟净化器<script>';
const CHAT_A = '我下午能把图纸带来吗？';
const CHAT_OFFICER = '可以，带上租赁合同。';
const RATING_COMMENT = '很耐心';

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`queue tests skip ${s.name}: ${s.reason}`);

/** A merchant signs up and walks in. */
async function merchant(hall: RunningHall, name: string, shop: string): Promise<Person> {
  return enter(hall, await signUpMerchant(hallUrl(hall), name, shop));
}

/** The person's first open ticket, once the hall has sent it. */
function ticketOf(p: Person, what: string): Promise<MyTicket> {
  return until(() => myTickets(p.box)?.[0], what);
}

/** One desk's story: A then B in line for renovation, C in the hall taking no number, an officer with no desk yet. */
interface Line {
  a: Person;
  b: Person;
  c: Person;
  officer: Person;
}

async function lineUp(hall: RunningHall): Promise<Line> {
  const a = await merchant(hall, '甲', '甲记面馆');
  const b = await merchant(hall, '乙', '乙家超市');
  const c = await merchant(hall, '丙', '丙丙花店');
  const officer = await enter(hall, await staffToken(hall, 'officer', 'li', '李警官'));
  a.room.send('takeTicket', { service: 'renovation', description: DESCRIPTION_A });
  await ticketOf(a, 'A to get a ticket');
  b.room.send('takeTicket', { service: 'renovation' });
  await ticketOf(b, 'B to get a ticket');
  return { a, b, c, officer };
}

/** The officer opens desk 1 and calls A. */
async function callFirst({ a, c, officer }: Line): Promise<void> {
  officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation', 'consultation'] });
  await until(() => c.room.state.desks.get('desk-1')?.open, 'desk open for everyone');
  officer.room.send('callNext');
  await until(() => last<CalledNotice>(a.box, HallNotice.called), 'A called');
}

/** A says one line at the desk and the officer answers; each reads the other's. */
async function talkBothWays(a: Person, officer: Person, ticketId: string): Promise<void> {
  a.room.send('deskChat', { ticketId, text: CHAT_A });
  await until(
    () => last<DeskChatNotice>(officer.box, HallNotice.deskChat)?.lines.some((l) => l.text === CHAT_A),
    'officer reads A',
  );
  officer.room.send('deskChat', { ticketId, text: CHAT_OFFICER });
  await until(
    () => last<DeskChatNotice>(a.box, HallNotice.deskChat)?.lines.some((l) => l.text === CHAT_OFFICER),
    'A reads the officer',
  );
}

/** A is served and has exchanged one line each with the officer; returns the desk conversation. */
async function inConversation(line: Line): Promise<DeskChatNotice> {
  const { a, officer } = line;
  await callFirst(line);
  officer.room.send('startService');
  const talk = await until(() => last<DeskChatNotice>(a.box, HallNotice.deskChat), 'A gets the conversation');
  await talkBothWays(a, officer, talk.ticketId);
  return talk;
}

const NOTES = '需要补充图纸';
const CHECKLIST = ['施工前设置围挡', '油烟净化器去除效率≥60%'];

/** The officer completes A's service; returns the case A is told of. */
async function complete({ a, officer }: Line): Promise<{ caseId: string; number: string }> {
  officer.room.send('complete', { notes: NOTES, checklist: CHECKLIST, outcome: 'awaitingDocuments' });
  return until(() => last<{ caseId: string; number: string }>(a.box, HallNotice.caseCompleted), 'A told of the case');
}

/**
 * Fresh storage for each test: on PGlite a data folder of its own, which its first hall fills with a copy of
 * the run's migrated database (bootHall); on PostgreSQL a new schema. Both removed after the test.
 */
function freshStorage(name: string): HallTarget {
  const target = hallTarget(name, 'hall-queue');
  const dataDir = target.env.DATA_DIR!;
  return {
    ...target,
    cleanup: async () => {
      await target.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each(available.map((d) => ({ name: d.name })))('queue on $name', ({ name }) => {
  // Each test opens a hall of its own, on fresh storage, and sets up the people it needs.
  let target: HallTarget | undefined;
  let current: RunningHall | undefined;

  /** Open the test's hall, or reopen it on the same storage (a restart). */
  async function open(env: Record<string, string> = {}): Promise<RunningHall> {
    target ??= freshStorage(name);
    current = await bootHall({ ...target.env, RECONNECT_SECONDS: '30', ...env });
    return current;
  }

  afterEach(async () => {
    await current?.close();
    await target?.cleanup();
    current = undefined;
    target = undefined;
  });

  describe('queue, desk and case over real sockets', () => {
    it('merchants take numbers and see their place in line; others see only counts', async () => {
      const hall = await open();
      const { a, b, c } = await lineUp(hall);
      expect(myTickets(a.box)).toEqual([
        expect.objectContaining({ number: 'R-001', status: 'waiting', position: 1, eta: null }),
      ]);
      expect(myTickets(b.box)).toEqual([expect.objectContaining({ number: 'R-002', status: 'waiting', position: 2 })]);

      // A second number for the same service is refused; another service is fine.
      a.room.send('takeTicket', { service: 'renovation' });
      await until(() => a.rejected.find((r) => r.reason === 'already_queued'), 'one ticket per service');

      await until(() => c.room.state.lines.get('renovation')?.waiting === 2, 'C to see two waiting');
    });

    it('only officers staff desks and call; a merchant trying is refused', async () => {
      const hall = await open();
      const b = await merchant(hall, '乙', '乙家超市');
      const officer = await enter(hall, await staffToken(hall, 'officer', 'li', '李警官'));
      b.room.send('callNext');
      b.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
      await until(() => b.rejected.filter((r) => r.reason === 'not_permitted').length >= 2, 'merchant refused');
      officer.room.send('takeTicket', { service: 'renovation' });
      await until(() => officer.rejected.find((r) => r.intent === 'takeTicket'), 'officer cannot queue');
      officer.room.send('callNext');
      await until(() => officer.rejected.find((r) => r.reason === 'not_at_desk'), 'no desk yet');
    });

    it('the officer opens a desk, the estimate appears, and call next signals the first merchant', async () => {
      const { a, b, c, officer } = await lineUp(await open());
      officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation', 'consultation'] });
      await until(() => c.room.state.desks.get('desk-1')?.open, 'desk open for everyone');
      expect(c.room.state.desks.get('desk-1')!.officer).toBe('李警官');
      const eta = await until(() => myTickets(b.box)?.[0]?.eta, 'B to get an estimate');
      expect(eta.high).toBeGreaterThan(eta.low);

      officer.room.send('callNext');
      const called = await until(() => last<{ number: string; deskId: string }>(a.box, HallNotice.called), 'A called');
      expect(called).toMatchObject({ number: 'R-001', deskId: 'desk-1' });
      await until(() => c.room.state.desks.get('desk-1')?.serving === 'R-001', 'board shows R-001');
      expect(c.room.state.desks.get('desk-1')!.calling).toBe(true);
      await until(() => myTickets(b.box)?.[0]?.position === 1, 'B moves up');

      const view = await until(
        () => last<DeskViewNotice>(officer.box, HallNotice.deskView)?.current,
        'officer sees who is called',
      );
      expect(view.merchant).toMatchObject({ name: '甲', shop: '甲记面馆' });
      expect(view.description).toBe(DESCRIPTION_A);
    });

    it('recall signals again; the desk conversation stays between the two', async () => {
      const line = await lineUp(await open());
      const { a, b, officer } = line;
      await callFirst(line);
      officer.room.send('recall');
      await until(() => a.box.filter((m) => m.type === HallNotice.called).length >= 2, 'A signalled again');
      officer.room.send('startService');
      const talk = await until(() => last<DeskChatNotice>(a.box, HallNotice.deskChat), 'A gets the conversation');
      expect(talk).toMatchObject({ reset: true, ticketId: myTickets(a.box)![0]!.id });
      await talkBothWays(a, officer, talk.ticketId);
      // B cannot speak into A's conversation by naming A's ticket, nor into one on B's own waiting ticket.
      b.room.send('deskChat', { ticketId: talk.ticketId, text: 'hello?' });
      await until(() => b.rejected.find((r) => r.reason === 'no_such_ticket'), 'B refused A’s ticket');
      b.room.send('deskChat', { ticketId: myTickets(b.box)![0]!.id, text: 'hello?' });
      await until(() => b.rejected.find((r) => r.reason === 'not_serving'), 'B refused its own waiting ticket');
      // Nor can the officer write on a ticket not at their desk.
      officer.room.send('deskChat', { ticketId: myTickets(b.box)![0]!.id, text: 'hello?' });
      await until(() => officer.rejected.find((r) => r.reason === 'no_such_ticket'), 'officer refused');
      expect(JSON.stringify(a.box) + JSON.stringify(officer.box)).not.toContain('hello?');
    });

    it('completion makes a case the merchant reads and rates once; the officer sees only the aggregate', async () => {
      const hall = await open();
      const line = await lineUp(hall);
      const { a, b, officer } = line;
      await inConversation(line);
      const done = await complete(line);
      expect(done.number).toMatch(/^BJ-\d{8}-0001$/);
      await until(() => myTickets(a.box)?.length === 0, 'A has no open ticket');

      const list = await api<{ cases: CaseSummary[] }>(hall, a.token, 'GET', CasesRoute.mine);
      expect(list.body.cases).toHaveLength(1);
      const detail = await api<CaseDetail>(hall, a.token, 'GET', `/api/cases/${done.caseId}`);
      expect(detail.body).toMatchObject({
        number: done.number,
        service: 'renovation',
        status: 'open',
        outcome: 'awaitingDocuments',
        description: DESCRIPTION_A,
        checklist: CHECKLIST,
        officerName: '李警官',
        canRate: true,
      });
      expect(detail.body.messages.map((m) => [m.from, m.text])).toEqual([
        ['merchant', CHAT_A],
        ['officer', CHAT_OFFICER],
      ]);

      // Another merchant cannot read it, nor rate it; the officer cannot read it through the merchant route.
      expect((await api(hall, b.token, 'GET', `/api/cases/${done.caseId}`)).status).toBe(404);
      expect((await api(hall, b.token, 'POST', `/api/cases/${done.caseId}/rating`, { level: 1 })).status).toBe(404);
      expect((await api(hall, officer.token, 'GET', CasesRoute.mine)).status).toBe(403);

      expect((await api(hall, a.token, 'POST', `/api/cases/${done.caseId}/rating`, { level: 9 })).status).toBe(400);
      const rated = await api(hall, a.token, 'POST', `/api/cases/${done.caseId}/rating`, {
        level: 5,
        comment: RATING_COMMENT,
      });
      expect(rated.status).toBe(201);
      expect((await api(hall, a.token, 'POST', `/api/cases/${done.caseId}/rating`, { level: 1 })).status).toBe(409);

      // One rating gives the officer no figure at all: a count or a level would be this merchant's.
      const summary = await api<RatingSummary>(hall, officer.token, 'GET', CasesRoute.myRatings);
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ minimum: RATING_FIGURES_MIN, figures: null });
      expect(JSON.stringify(summary.body)).not.toContain(RATING_COMMENT);
      expect((await api(hall, a.token, 'GET', CasesRoute.myRatings)).status).toBe(403);
    });

    it('a third merchant in the hall receives no private field of anyone else', async () => {
      const hall = await open();
      const line = await lineUp(hall);
      const { a, c } = line;
      // A's whole visit, seen from the hall by C: called, served, a conversation, a case, a rating.
      await inConversation(line);
      const done = await complete(line);
      const rated = await api(hall, a.token, 'POST', `/api/cases/${done.caseId}/rating`, {
        level: 5,
        comment: RATING_COMMENT,
      });
      expect(rated.status).toBe(201);
      await until(() => myTickets(a.box)?.length === 0, 'A has no open ticket');

      const seen = JSON.stringify(c.box) + JSON.stringify(c.room.state.toJSON());
      // The shop name is on A's avatar (the hall sees who walks in); it must not be tied to a ticket.
      for (const secret of [DESCRIPTION_A, CHAT_A, CHAT_OFFICER, NOTES, ...CHECKLIST, RATING_COMMENT]) {
        expect(seen).not.toContain(secret);
      }
      // No case number (BJ-20261204-0001) either; a random session id may hold the letters "BJ-" by chance.
      expect(seen).not.toMatch(/BJ-\d{8}-\d{4}/);
      expect(c.box.filter((m) => m.type !== HallNotice.myTickets)).toEqual([]);
      expect(c.box.every((m) => (m.message as MyTicketsNotice).tickets.length === 0)).toBe(true);
    });

    it('a dropped connection keeps the ticket and the place in line', async () => {
      const { b } = await lineUp(await open());
      const mine = myTickets(b.box)![0]!;
      // The page reconnects only once it has been in the hall RECONNECT_MIN_UPTIME_MS (the client's own
      // rule): this test is about the hall keeping the place, so B does not wait that time out first.
      b.room.reconnection.minUptime = 0;
      let reconnected = false;
      b.room.onReconnect(() => (reconnected = true));
      const before = b.box.length;
      cutNetwork(b.room);
      await until(() => reconnected || b.left.length, 'B to reconnect by itself', 15_000);
      expect(b.left).toEqual([]);
      await until(() => b.box.length > before && myTickets(b.box)?.[0]?.position === 2, 'B resent its place');
      expect(myTickets(b.box)![0]).toMatchObject({ id: mine.id, number: 'R-002', status: 'waiting' });
    });

    it('no-show is refused while the grace time runs', async () => {
      const line = await lineUp(await open({ NO_SHOW_GRACE_SECONDS: '120' }));
      const { a, officer } = line;
      await callFirst(line);
      officer.room.send('noShow');
      await until(() => officer.rejected.find((r) => r.reason === 'grace_not_over'), 'too early');
      expect(myTickets(a.box)![0]).toMatchObject({ number: 'R-001', status: 'called' });
    });

    it('no-show once the grace time is over; transfer keeps the number and its turn', async () => {
      // No grace time, so it is over as soon as A is called (its exact end is the queue's unit test).
      const line = await lineUp(await open({ NO_SHOW_GRACE_SECONDS: '0' }));
      const { a, b, officer } = line;
      await callFirst(line);
      officer.room.send('noShow');
      await until(() => myTickets(a.box)?.length === 0, 'A no-show');
      expect(officer.rejected).toEqual([]);

      officer.room.send('callNext');
      await until(() => last<{ number: string }>(b.box, HallNotice.called)?.number === 'R-002', 'B called');
      officer.room.send('transfer', { service: 'signboard' });
      await until(() => myTickets(b.box)?.[0]?.service === 'signboard', 'B transferred');
      expect(myTickets(b.box)![0]).toMatchObject({ number: 'R-002', status: 'waiting' });
    });
  });

  describe('a restart mid-queue', () => {
    it('loses no ticket, no position and no desk', async () => {
      let hall = await open();
      const url = hallUrl(hall);
      const tokens = [await signUpMerchant(url, '丁', '丁店'), await signUpMerchant(url, '戊', '戊店')];
      const people: Person[] = [];
      for (const t of tokens) {
        const p = await enter(hall, t);
        p.room.send('takeTicket', { service: 'concerns', description: `事项 ${people.length}` });
        await until(() => myTickets(p.box)?.length, 'ticket');
        people.push(p);
      }
      const before = people.map((p) => myTickets(p.box)![0]!);
      const officerToken = await staffToken(hall, 'officer', 'zhao', '赵警官');
      const o = await enter(hall, officerToken);
      o.room.send('openDesk', { deskId: 'desk-3', services: ['concerns'] });
      await until(() => o.room.state.desks.get('desk-3')?.open, 'desk 3 open');

      await hall.close();
      hall = await open();

      const back = await Promise.all(tokens.map((t) => enter(hall, t)));
      for (const [i, p] of back.entries()) {
        const [t] = await until(() => (myTickets(p.box)?.length ? myTickets(p.box) : null), 'ticket after restart');
        expect(t).toMatchObject({ id: before[i]!.id, number: before[i]!.number, position: before[i]!.position });
      }
      expect(back[0]!.room.state.desks.get('desk-3')).toMatchObject({ open: true, officer: '赵警官' });
      const o2 = await enter(hall, officerToken);
      o2.room.send('callNext');
      await until(
        () => last<{ number: string }>(back[0]!.box, HallNotice.called)?.number === before[0]!.number,
        'called',
      );
    });
  });

  describe('a restart with one merchant called and another being served', () => {
    it('keeps both at their desks, the conversation and the case; the case follows a transfer', async () => {
      let hall = await open();
      const url = hallUrl(hall);
      const tokens = [await signUpMerchant(url, '辛', '辛记茶铺'), await signUpMerchant(url, '壬', '壬家书店')];
      const [x, y] = await Promise.all(tokens.map((t) => enter(hall, t)));
      const officerTokens = [
        await staffToken(hall, 'officer', 'sun', '孙警官'),
        await staffToken(hall, 'officer', 'zhou', '周警官'),
      ];
      const [serving, calling] = await Promise.all(officerTokens.map((t) => enter(hall, t)));
      serving!.room.send('openDesk', { deskId: 'desk-2', services: ['consultation'] });
      calling!.room.send('openDesk', { deskId: 'desk-4', services: ['consultation'] });
      await until(() => x!.room.state.desks.get('desk-2')?.open && x!.room.state.desks.get('desk-4')?.open, 'open');

      x!.room.send('takeTicket', { service: 'consultation', description: '营业时间外摆' });
      const [tx] = await until(() => (myTickets(x!.box)?.length ? myTickets(x!.box) : null), 'X ticket');
      y!.room.send('takeTicket', { service: 'consultation' });
      const [ty] = await until(() => (myTickets(y!.box)?.length ? myTickets(y!.box) : null), 'Y ticket');

      serving!.room.send('callNext');
      await until(() => last<{ number: string }>(x!.box, HallNotice.called)?.number === tx!.number, 'X called');
      serving!.room.send('startService');
      const talk = await until(() => last<DeskChatNotice>(x!.box, HallNotice.deskChat), 'X conversation');
      x!.room.send('deskChat', { ticketId: tx!.id, text: '外摆需要什么手续？' });
      await until(
        () => last<DeskChatNotice>(serving!.box, HallNotice.deskChat)?.lines.some((l) => l.text.includes('外摆')),
        'officer reads X',
      );
      calling!.room.send('callNext');
      await until(() => last<{ number: string }>(y!.box, HallNotice.called)?.number === ty!.number, 'Y called');
      await until(() => myTickets(x!.box)?.[0]?.status === 'serving', 'X serving');

      await hall.close();
      hall = await open();

      const [x2, y2] = await Promise.all(tokens.map((t) => enter(hall, t)));
      const mineX = await until(() => myTickets(x2!.box)?.[0], 'X ticket after restart');
      expect(mineX).toMatchObject({ id: tx!.id, number: tx!.number, status: 'serving', deskId: 'desk-2' });
      const mineY = await until(() => myTickets(y2!.box)?.[0], 'Y ticket after restart');
      expect(mineY).toMatchObject({ id: ty!.id, number: ty!.number, status: 'called', deskId: 'desk-4' });
      // Y, still called, is signalled again on coming back; X gets the conversation so far.
      const again = await until(() => last<CalledNotice>(y2!.box, HallNotice.called), 'Y signalled again');
      expect(again).toMatchObject({ ticketId: ty!.id, deskId: 'desk-4', recall: true });
      const log = await until(() => last<DeskChatNotice>(x2!.box, HallNotice.deskChat), 'X conversation back');
      expect(log).toMatchObject({ caseId: talk.caseId, ticketId: tx!.id, reset: true });
      expect(log.lines.map((l) => l.text)).toEqual(['外摆需要什么手续？']);
      expect(x2!.room.state.desks.get('desk-2')).toMatchObject({ serving: tx!.number, calling: false });
      expect(x2!.room.state.desks.get('desk-4')).toMatchObject({ serving: ty!.number, calling: true });

      // Both officers come back to the same ticket and carry on.
      const [serving2, calling2] = await Promise.all(officerTokens.map((t) => enter(hall, t)));
      const view = await until(() => last<DeskViewNotice>(serving2!.box, HallNotice.deskView)?.current, 'view');
      expect(view).toMatchObject({ ticketId: tx!.id, status: 'serving', caseId: talk.caseId });
      serving2!.room.send('deskChat', { ticketId: tx!.id, text: '需要提交外摆申请表。' });
      await until(
        () => last<DeskChatNotice>(x2!.box, HallNotice.deskChat)?.lines.some((l) => l.text === '需要提交外摆申请表。'),
        'X reads the officer after the restart',
      );
      calling2!.room.send('startService');
      await until(() => myTickets(y2!.box)?.[0]?.status === 'serving', 'Y served after the restart');

      // X's matter belongs to renovation: the case goes with the ticket, under its new service.
      const before = await api<{ cases: CaseSummary[] }>(hall, tokens[0]!, 'GET', CasesRoute.mine);
      expect(before.body.cases).toEqual([expect.objectContaining({ id: talk.caseId, service: 'consultation' })]);
      serving2!.room.send('transfer', { service: 'renovation' });
      await until(() => myTickets(x2!.box)?.[0]?.service === 'renovation', 'X transferred');
      const after = await api<{ cases: CaseSummary[] }>(hall, tokens[0]!, 'GET', CasesRoute.mine);
      expect(after.body.cases).toEqual([
        expect.objectContaining({ id: talk.caseId, number: before.body.cases[0]!.number, service: 'renovation' }),
      ]);

      // Y's service, begun after the restart, completes; both desks close.
      calling2!.room.send('complete', { notes: '', checklist: [], outcome: 'resolved' });
      await until(() => myTickets(y2!.box)?.length === 0, 'Y completed');
      serving2!.room.send('closeDesk');
      calling2!.room.send('closeDesk');
      await until(
        () => !y2!.room.state.desks.get('desk-2')?.open && !y2!.room.state.desks.get('desk-4')?.open,
        'desks closed',
      );
    });
  });

  describe('bad input to the queue', () => {
    it('is refused with a reason, changes nothing, and the sender keeps its place', async () => {
      const hall = await open();
      const url = hallUrl(hall);
      const m = await enter(hall, await signUpMerchant(url, '己', '己店'));
      const other = await enter(hall, await signUpMerchant(url, '庚', '庚店'));
      other.room.send('takeTicket', { service: 'consultation' });
      const [theirs] = await until(() => (myTickets(other.box)?.length ? myTickets(other.box) : null), 'ticket');

      const bad: [string, unknown][] = [
        ['takeTicket', { service: 'parking' }],
        ['takeTicket', { service: 'renovation', description: '长'.repeat(301) }],
        ['takeTicket', { service: 'renovation', description: 'a\u0000b' }],
        ['takeTicket', { service: 'renovation', extra: 1 }],
        ['takeTicket', 'renovation'],
        ['leaveQueue', { ticketId: '' }],
        ['deskChat', { ticketId: theirs!.id, text: '   ' }],
        ['deskChat', { text: 'no ticket named' }],
      ];
      for (const [type, payload] of bad) m.room.send(type, payload);
      await until(() => m.rejected.filter((r) => r.reason === 'invalid_payload').length >= bad.length, 'all refused');

      // Someone else's ticket id is as good as none; a past booking is refused in words.
      m.room.send('leaveQueue', { ticketId: theirs!.id });
      await until(() => m.rejected.find((r) => r.reason === 'no_such_ticket'), 'not yours');
      m.room.send('takeTicket', { service: 'renovation', appointmentAt: Date.now() - 60_000 });
      await until(() => m.rejected.find((r) => r.reason === 'appointment_invalid'), 'booking in the past');

      // Nothing changed: no ticket for the sender, the other merchant's ticket untouched, sender still here.
      expect(myTickets(m.box) ?? []).toEqual([]);
      expect(myTickets(other.box)).toEqual([theirs]);
      expect(m.left).toEqual([]);
      m.room.send('takeTicket', { service: 'renovation', description: "'; DROP TABLE tickets; --" });
      await until(() => myTickets(m.box)?.[0]?.description === "'; DROP TABLE tickets; --", 'stored verbatim');

      // Staff-only intents with bad payloads are refused for the merchant by role first.
      m.room.send('complete', { notes: 'x', checklist: [], outcome: 'resolved' });
      await until(() => m.rejected.find((r) => r.intent === 'complete' && r.reason === 'not_permitted'), 'role');

      const res = await fetch(new URL('/api/cases/x/rating', url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${m.token}`, 'Content-Type': 'application/json' },
        body: '{"level": 5',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_input');
      const long = await api(hall, m.token, 'POST', '/api/cases/x/rating', { level: 5, comment: '好'.repeat(301) });
      expect(long.status).toBe(400);
      expect((await api(hall, 'not-a-token', 'GET', CasesRoute.mine)).status).toBe(401);
    });

    it('an officer with malformed desk commands is refused without harm', async () => {
      const hall = await open();
      const o = await enter(hall, await staffToken(hall, 'officer', 'qian', '钱警官'));
      const bad: [string, unknown][] = [
        ['openDesk', { deskId: 'desk-9', services: ['renovation'] }],
        ['openDesk', { deskId: 'desk-2', services: [] }],
        ['openDesk', { deskId: 'desk-2', services: ['signboard', 'signboard'] }],
        ['complete', { notes: '', checklist: Array.from({ length: 31 }, (_, i) => `第${i}项`), outcome: 'resolved' }],
        ['complete', { notes: '', checklist: [], outcome: 'done' }],
        ['transfer', { service: 'nowhere' }],
        ['pauseDesk', { paused: 'yes' }],
      ];
      for (const [type, payload] of bad) o.room.send(type, payload);
      await until(() => o.rejected.filter((r) => r.reason === 'invalid_payload').length >= bad.length, 'all refused');
      expect(o.room.state.desks.get('desk-2')?.open).toBe(false);
      expect(o.left).toEqual([]);
    });
  });
});

/**
 * Everyone in a line hears of their new place when its head is called, though the hall tells them after
 * the operation (the fan-out) rather than inside it: places stay 1…n without gaps, in the order taken.
 */
describe.each(available.map((d) => hallTarget(d.name, 'hall-line')))('a long line on $name', (target) => {
  const WAITING = 12;
  let hall: RunningHall;

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, RECONNECT_SECONDS: '30' });
  });
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  /** Each merchant's place as last shown to them (null once called), in the order they took their numbers. */
  const places = (people: Person[]) => people.map((p) => myTickets(p.box)?.[0]?.position ?? null);

  it('every merchant still waiting moves up one place per call, and the called one is signalled', async () => {
    const url = hallUrl(hall);
    const people: Person[] = [];
    for (let i = 0; i < WAITING; i++) {
      const p = await enter(hall, await signUpMerchant(url, `排队${i}`, `排队商户${i}`));
      p.room.send('takeTicket', { service: 'signboard' });
      await until(() => myTickets(p.box)?.[0]?.position === i + 1, `merchant ${i} listed at place ${i + 1}`);
      people.push(p);
    }
    const officer = await enter(hall, await staffToken(hall, 'officer', 'wu', '吴警官'));
    officer.room.send('openDesk', { deskId: 'desk-2', services: ['signboard'] });
    await until(() => last<DeskViewNotice>(officer.box, HallNotice.deskView)?.deskId === 'desk-2', 'desk open');

    for (let call = 0; call < 3; call++) {
      officer.room.send('callNext');
      const called = await until(() => last<CalledNotice>(people[call]!.box, HallNotice.called), `call ${call}`);
      expect(called.number).toBe(myTickets(people[call]!.box)?.[0]?.number);
      // Those behind see places 1…n again, in the order they took their numbers.
      const expected = people.map((_, i) => (i <= call ? null : i - call));
      await until(
        () => places(people).every((p, i) => i <= call || p === expected[i]),
        `everyone behind moved up after call ${call}`,
      );
      officer.room.send('startService');
      await until(() => myTickets(people[call]!.box)?.[0]?.status === 'serving', 'service begun');
      officer.room.send('complete', { notes: '', checklist: [], outcome: 'resolved' });
      await until(() => myTickets(people[call]!.box)?.length === 0, 'ticket completed');
    }
    expect(places(people)).toEqual(people.map((_, i) => (i < 3 ? null : i - 2)));
    // Nobody heard of a place out of order on the way: every list ever sent shows consecutive, falling places.
    for (const p of people.slice(3)) {
      const shown = p.box
        .filter((m) => m.type === HallNotice.myTickets)
        .flatMap((m) => (m.message as MyTicketsNotice).tickets.map((t) => t.position));
      expect(shown.every((pos, i) => pos !== null && (i === 0 || pos <= shown[i - 1]!))).toBe(true);
    }
  });
});
