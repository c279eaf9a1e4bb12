import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationClock, stationDay } from '../../shared/dates.ts';
import { HallNotice, MAX_MESSAGE_BYTES } from '../../shared/protocol.ts';
import {
  CasesRoute,
  CHECKLIST_MAX_ITEMS,
  NOTES_MAX,
  type CaseDetail,
  type CaseRecordView,
  type DeskCase,
  type DeskChatNotice,
  type DeskViewNotice,
  type MyCasesAnswer,
  type MyTicketsNotice,
} from '../../shared/queue.ts';
import { VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { addMessage, completeCase } from '../../server/cases/store.ts';
import { migrate } from '../../server/store/migrations.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';

function last<T>(box: Inbox, type: string, match: (m: T) => boolean = () => true): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) {
    const m = box[i]!;
    if (m.type === type && match(m.message as T)) return m.message as T;
  }
  return undefined;
}

const myTickets = (box: Inbox) => last<MyTicketsNotice>(box, HallNotice.myTickets)?.tickets;
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

interface Person extends Visitor {
  token: string;
}

const enter = async (hall: RunningHall, token: string): Promise<Person> => ({
  ...(await visitWithToken(hall, token)),
  token,
});

const FIRST = {
  notes: '第一次：已告知围挡和垃圾清运要求，待补设计图纸',
  checklist: ['施工前设置围挡', '建筑垃圾当日清运'],
  outcome: 'awaitingDocuments',
} as const;
const SECOND = {
  notes: '第二次：图纸已收，需上门核查油烟管道',
  checklist: ['油烟净化器去除效率≥75%'],
  outcome: 'followUpVisit',
} as const;
const THIRD = { notes: '第三次：上门核查无误，办结', checklist: [], outcome: 'resolved' } as const;

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`case tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-cases')))('cases append on $name', (target) => {
  let hall: RunningHall;
  let a: Person;
  let b: Person;
  let officer: Person;
  let caseId = '';

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    const url = hallUrl(hall);
    a = await enter(hall, await signUpMerchant(url, '甲', '甲记面馆'));
    b = await enter(hall, await signUpMerchant(url, '乙', '乙家超市'));
    officer = await enter(hall, await staffToken(hall, 'officer', 'li', '李警官'));
    officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
    await until(() => a.room.state.desks.get('desk-1')?.open, 'desk open');
  }, 120_000); // opening and migrating an embedded database is slow on a busy machine
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  /** A takes a number, is called and served; returns the ticket and the officer's view when called. */
  async function callAndServe(m: Person, description: string) {
    m.room.send('takeTicket', { service: 'renovation', description });
    const ticket = await until(() => myTickets(m.box)?.find((t) => t.status === 'waiting'), 'a ticket');
    officer.room.send('callNext');
    const called = await until(
      () =>
        last<DeskViewNotice>(
          officer.box,
          HallNotice.deskView,
          (v) => v.current?.ticketId === ticket.id && v.current.status === 'called',
        )?.current,
      'the officer sees who is called',
    );
    const before = m.box.length;
    officer.room.send('startService');
    const talk = await until(
      () => last<DeskChatNotice>(m.box.slice(before), HallNotice.deskChat, (n) => n.reset && n.ticketId === ticket.id),
      'the conversation opens',
    );
    return { ticket, called, talk };
  }

  async function say(from: Person, to: Person, ticketId: string, text: string) {
    from.room.send('deskChat', { ticketId, text });
    await until(
      () => last<DeskChatNotice>(to.box, HallNotice.deskChat, (n) => n.lines.some((l) => l.text === text)),
      `"${text}" heard`,
    );
  }

  async function complete(m: Person, result: { notes: string; checklist: readonly string[]; outcome: string }) {
    const before = m.box.filter((x) => x.type === HallNotice.caseCompleted).length;
    officer.room.send('complete', { ...result, checklist: [...result.checklist] });
    await until(() => m.box.filter((x) => x.type === HallNotice.caseCompleted).length > before, 'completed');
  }

  it('a second desk visit on the open case keeps the first visit’s notes, checklist and conversation', async () => {
    const first = await callAndServe(a, '厨房改造');
    caseId = first.talk.caseId;
    await say(a, officer, first.ticket.id, '围挡要多高？');
    await say(officer, a, first.ticket.id, '不低于1.8米。');
    await complete(a, FIRST);

    // Back for the same matter: before calling in, the officer reads what was done last time.
    const second = await callAndServe(a, '补交图纸');
    const earlier = second.called.history.find((c) => c.id === caseId)!;
    expect(earlier.entryCount).toBe(1);
    expect(earlier.entries[0]).toMatchObject({ kind: 'desk', officerName: '李警官', deskId: 'desk-1', ...FIRST });
    // The same case continues; its conversation opens with this visit's talk, the earlier visit's is kept.
    expect(second.talk.caseId).toBe(caseId);
    expect(second.talk.lines).toEqual([]);
    await say(a, officer, second.ticket.id, '图纸带来了。');
    await complete(a, SECOND);

    const detail = await api<CaseDetail>(hall, a.token, 'GET', `/api/cases/${caseId}`);
    expect(detail.status).toBe(200);
    const [e1, e2] = detail.body.entries;
    expect(detail.body.entries).toHaveLength(2);
    expect(e1).toMatchObject({ kind: 'desk', ...FIRST, officerName: '李警官' });
    expect(e2).toMatchObject({ kind: 'desk', ...SECOND, officerName: '李警官' });
    expect(e1!.id).toBeLessThan(e2!.id);
    // The case stands where its latest visit left it; the guidance in force is the latest.
    expect(detail.body).toMatchObject({ status: 'open', outcome: 'followUpVisit', checklist: SECOND.checklist });
    // Each visit keeps its own conversation, in the order it was said.
    expect(detail.body.messages.map((l) => [l.entryId, l.from, l.text])).toEqual([
      [e1!.id, 'merchant', '围挡要多高？'],
      [e1!.id, 'officer', '不低于1.8米。'],
      [e2!.id, 'merchant', '图纸带来了。'],
    ]);
    // Dates on the station's clock, whatever the reader's device says.
    for (const e of detail.body.entries) expect(e.station).toEqual(stationClock(e.at, TZ));
    expect(detail.body.zone).toBe(TZ);
  });

  it('a recorded door-to-door result and a later desk visit are both kept', async () => {
    const date = stationDay(Date.now() + 86_400_000, TZ);
    const slot = await api<VisitSlot>(hall, officer.token, 'POST', VisitsRoute.slots, {
      date,
      from: '09:00',
      to: '10:00',
    });
    expect(slot.status).toBe(201);
    const route = (r: string) => r.replace(':id', slot.body.id);
    expect((await api(hall, a.token, 'POST', route(VisitsRoute.book), { caseId })).status).toBe(200);
    // The visit's time has come.
    await hall.db.query(
      `UPDATE visit_slots SET starts_at = now() - interval '5 minutes', ends_at = now() + interval '55 minutes'
       WHERE id = $1`,
      [slot.body.id],
    );
    const found = '现场核查：油烟管道已按要求改造。';
    expect((await api(hall, officer.token, 'POST', route(VisitsRoute.result), { result: found })).status).toBe(200);

    const third = await callAndServe(a, '领取办结意见');
    const history = third.called.history.find((c) => c.id === caseId)!;
    expect(history.entries.map((e) => e.kind)).toEqual(['desk', 'desk', 'visit']);
    await complete(a, THIRD);

    const detail = await api<CaseDetail>(hall, a.token, 'GET', `/api/cases/${caseId}`);
    expect(detail.body.entries.map((e) => [e.kind, e.notes, e.outcome])).toEqual([
      ['desk', FIRST.notes, FIRST.outcome],
      ['desk', SECOND.notes, SECOND.outcome],
      ['visit', found, null],
      ['desk', THIRD.notes, THIRD.outcome],
    ]);
    const visit = detail.body.entries[2]!;
    expect(visit).toMatchObject({ officerName: '李警官', checklist: [] });
    const [window] = await hall.db.query<{ starts_at: string }>('SELECT starts_at FROM visit_slots WHERE id = $1', [
      slot.body.id,
    ]);
    expect(visit.visitStation).toEqual(stationClock(window!.starts_at, TZ));
    expect(detail.body).toMatchObject({ status: 'closed', outcome: 'resolved' });
    expect(detail.body.messages.map((l) => l.text)).toEqual(['围挡要多高？', '不低于1.8米。', '图纸带来了。']);
  });

  it('"My cases" answers the owner with every entry; another merchant gets nothing of it', async () => {
    const mine = await api<MyCasesAnswer>(hall, a.token, 'GET', CasesRoute.mine);
    expect(mine.body.cases.map((c) => c.id)).toEqual([caseId]);
    expect(mine.body.zone).toBe(TZ);
    const theirs = await api<MyCasesAnswer>(hall, b.token, 'GET', CasesRoute.mine);
    expect(theirs.body.cases).toEqual([]);
    const peek = await api(hall, b.token, 'GET', `/api/cases/${caseId}`);
    expect(peek.status).toBe(404);
    expect(JSON.stringify(peek.body)).not.toContain('围挡');
    // The desk route is for officers only, and only while the merchant is at their desk.
    expect((await api(hall, b.token, 'GET', CasesRoute.atDesk.replace(':id', caseId))).status).toBe(403);
    expect((await api(hall, officer.token, 'GET', CasesRoute.atDesk.replace(':id', caseId))).status).toBe(404);
    expect((await api(hall, officer.token, 'GET', `/api/cases/${caseId}`)).status).toBe(403);
    const nobody = await api<{ cases: DeskCase[] }>(hall, officer.token, 'GET', CasesRoute.allAtDesk);
    expect(nobody.body.cases).toEqual([]);
    expect((await api(hall, a.token, 'GET', CasesRoute.allAtDesk)).status).toBe(403);
    // B, in the hall all along, heard nothing private of A's.
    const heard = JSON.stringify(b.box);
    for (const secret of [FIRST.notes, SECOND.checklist[0], '围挡要多高？', '现场核查']) {
      expect(heard).not.toContain(secret);
    }
  });

  it('a case of 50 visits: the desk sends bounded messages, and the whole record is read over HTTP', async () => {
    const c = await enter(hall, await signUpMerchant(hallUrl(hall), '丙', '丙丙花店'));
    const first = await callAndServe(c, '门头改造');
    const longCase = first.talk.caseId;
    await complete(c, { notes: '首次', checklist: [], outcome: 'awaitingDocuments' });
    // 48 more visits as full as a desk allows, each with its own conversation, written through the store.
    const full = {
      notes: '记'.repeat(NOTES_MAX),
      checklist: Array.from({ length: CHECKLIST_MAX_ITEMS }, (_, i) => `第${i + 1}项`.padEnd(200, '要')),
      outcome: 'awaitingDocuments' as const,
      status: 'open' as const,
    };
    const me = await api<{ me: { id: string } }>(hall, c.token, 'GET', '/api/me');
    const line = (n: number) => `第${n}句`.padEnd(500, '话');
    for (let visit = 2; visit <= 49; visit++) {
      for (let n = 0; n < 3; n++) {
        await addMessage(hall.db, {
          caseId: longCase,
          ticketId: first.ticket.id,
          from: 'merchant',
          authorId: me.body.me.id,
          text: line(visit * 10 + n),
        });
      }
      await completeCase(hall.db, longCase, full);
    }

    const fiftieth = await callAndServe(c, '第五十次');
    const view = last<DeskViewNotice>(officer.box, HallNotice.deskView, (v) => v.current?.status === 'called')!;
    expect(bytes(view)).toBeLessThan(MAX_MESSAGE_BYTES);
    const seen = fiftieth.called.history.find((x) => x.id === longCase)!;
    expect(seen.entryCount).toBe(49);
    expect(seen.entries.at(-1)!.notes.length).toBeLessThan(NOTES_MAX);
    expect(seen.entries.at(-1)!.shortened).toBe(true);

    // A long talk at this visit: the conversation the desk sends when it opens stays bounded too.
    for (let n = 0; n < 80; n++) {
      await addMessage(hall.db, {
        caseId: longCase,
        ticketId: fiftieth.ticket.id,
        from: 'merchant',
        authorId: me.body.me.id,
        text: line(1000 + n),
      });
    }
    // The merchant comes back (a reload): the conversation so far is sent again, whole or as its latest part.
    await c.room.leave(true);
    const again = await enter(hall, c.token);
    const reopened = await until(
      () => last<DeskChatNotice>(again.box, HallNotice.deskChat, (n) => n.reset),
      'the conversation sent again on return',
    );
    expect(bytes(reopened)).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(reopened.lines.at(-1)!.text).toBe(line(1079));

    // While the merchant is at the desk, the officer reads the whole record, every line included.
    const whole = await api<CaseRecordView>(hall, officer.token, 'GET', CasesRoute.atDesk.replace(':id', longCase));
    expect(whole.status).toBe(200);
    expect(whole.body.entries).toHaveLength(49);
    expect(whole.body.entries[48]).toMatchObject({ notes: full.notes, checklist: full.checklist });
    expect(whole.body.messages).toHaveLength(48 * 3 + 80);
    expect(whole.body.messages.filter((l) => l.entryId === null)).toHaveLength(80);
    expect(JSON.stringify(whole.body)).not.toContain('rating');
    // Every case of this merchant is listed for the desk, each to be read whole; another merchant's never.
    const listed = await api<{ cases: DeskCase[] }>(hall, officer.token, 'GET', CasesRoute.allAtDesk);
    expect(listed.body.cases.map((x) => [x.id, x.entryCount])).toEqual([[longCase, 49]]);

    await complete(again, { notes: '第五十次办结', checklist: [], outcome: 'resolved' });
    const detail = await api<CaseDetail>(hall, c.token, 'GET', `/api/cases/${longCase}`);
    expect(detail.body.entries).toHaveLength(50);
    expect(detail.body.entries[0]!.notes).toBe('首次');
    expect(detail.body.entries[49]!.notes).toBe('第五十次办结');
    expect(detail.body.messages.filter((l) => l.entryId === detail.body.entries[49]!.id)).toHaveLength(80);
  });

  it('a visit taken up again at another desk keeps the merchant’s matter once and makes one entry', async () => {
    const d = await enter(hall, await signUpMerchant(hallUrl(hall), '丁', '丁记茶铺'));
    const other = await enter(hall, await staffToken(hall, 'officer', 'wang', '王警官'));
    other.room.send('openDesk', { deskId: 'desk-2', services: ['signboard'] });
    await until(() => d.room.state.desks.get('desk-2')?.open, 'second desk open');
    const matter = '门头招牌更换，想先问清楚尺寸';
    const first = await callAndServe(d, matter);
    const resumed = first.talk.caseId;
    const stored = async () =>
      (
        await hall.db.query<{ description: string; visits: number }>(
          'SELECT description, visits FROM cases WHERE id = $1',
          [resumed],
        )
      )[0]!;
    expect(await stored()).toEqual({ description: matter, visits: 1 });

    // The officer sends the merchant on to the signboard desk mid-visit: the ticket goes back in line with
    // its case, and the other desk takes the same visit up.
    officer.room.send('transfer', { service: 'signboard' });
    await until(() => myTickets(d.box)?.find((t) => t.status === 'waiting' && t.service === 'signboard'), 'in line');
    other.room.send('callNext');
    await until(
      () => last<DeskViewNotice>(other.box, HallNotice.deskView, (v) => v.current?.status === 'called')?.current,
      'the other desk calls',
    );
    const before = d.box.length;
    other.room.send('startService');
    const talk = await until(
      () => last<DeskChatNotice>(d.box.slice(before), HallNotice.deskChat, (n) => n.reset),
      'the conversation opens again',
    );
    expect(talk.caseId).toBe(resumed);
    // One matter, written once; one visit, counted once.
    expect(await stored()).toEqual({ description: matter, visits: 1 });
    const desk = await api<{ cases: DeskCase[] }>(hall, other.token, 'GET', CasesRoute.allAtDesk);
    expect(desk.body.cases.find((c) => c.id === resumed)?.description).toBe(matter);

    other.room.send('complete', { notes: '尺寸已告知', checklist: [], outcome: 'awaitingDocuments' });
    await until(() => d.box.some((x) => x.type === HallNotice.caseCompleted), 'completed');
    const detail = await api<CaseDetail>(hall, d.token, 'GET', `/api/cases/${resumed}`);
    expect(detail.body.entries.map((e) => [e.kind, e.notes])).toEqual([['desk', '尺寸已告知']]);
    expect(detail.body.description).toBe(matter);

    // A later visit with a new matter is a visit of its own: its words are added below, and counted.
    d.room.send('takeTicket', { service: 'signboard', description: '补交效果图' });
    await until(() => myTickets(d.box)?.find((t) => t.status === 'waiting'), 'a new ticket');
    other.room.send('callNext');
    const again = d.box.length;
    await until(
      () =>
        last<DeskViewNotice>(
          other.box,
          HallNotice.deskView,
          (v) => v.current?.status === 'called' && v.current.ticketId !== first.ticket.id,
        )?.current,
      'called again',
    );
    other.room.send('startService');
    await until(() => last<DeskChatNotice>(d.box.slice(again), HallNotice.deskChat, (n) => n.reset), 'served again');
    expect(await stored()).toEqual({ description: `${matter}\n补交效果图`, visits: 2 });
  });
});

describe.each(available)('a database from before case entries, on $name', (engine) => {
  it('keeps every case’s earlier notes, checklist, outcome and conversation as its first entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-migrate-'));
    const db = await engine.open(dir);
    try {
      // The cases as version 9 left them: one set of columns per case, no entries.
      await db.query(`
        ALTER TABLE case_messages DROP COLUMN entry_id;
        DROP TABLE case_entries;
        ALTER TABLE cases ADD COLUMN notes text NOT NULL DEFAULT '';
        ALTER TABLE cases ADD COLUMN checklist jsonb NOT NULL DEFAULT '[]'::jsonb;
        DELETE FROM schema_migrations WHERE version = 10;
      `);
      await db.query(`
        INSERT INTO staff (id, username, display_name, role, password_hash) VALUES ('o1', 'li', '李警官', 'officer', 'x');
        INSERT INTO merchants (id, display_name, shop_name, recovery_hash) VALUES ('m1', '甲', '甲店', 'x');
        INSERT INTO cases (id, number, merchant_id, service, status, outcome, notes, checklist, officer_id, desk_id,
          visits, updated_at)
          VALUES ('done', 'BJ-1', 'm1', 'renovation', 'open', 'followUpVisit', '旧的办理记录', '["设置围挡"]', 'o1',
            'desk-1', 2, now() - interval '2 days'),
          ('serving', 'BJ-2', 'm1', 'signboard', 'open', NULL, '', '[]', 'o1', 'desk-2', 1, now()),
          ('filed', 'BJ-3', 'm1', 'signboard', 'open', NULL, '2026-03-11 上门服务 / On-site visit: 招牌一致', '[]',
            NULL, NULL, 0, now());
        INSERT INTO tickets (id, day, seq, number, service, merchant_id, taken_at, status, case_id)
          VALUES ('t-done', '2026-03-10', 1, 'R-001', 'renovation', 'm1', now(), 'done', 'done'),
          ('t-open', '2026-03-12', 1, 'S-001', 'signboard', 'm1', now(), 'serving', 'serving');
        INSERT INTO case_messages (case_id, ticket_id, sender, author_id, body)
          VALUES ('done', 't-done', 'merchant', 'm1', '上次说的话'), ('serving', 't-open', 'merchant', 'm1', '正在说的话');
        -- A result a later completion overwrote in the notes: found again in the visit's window.
        INSERT INTO visit_slots (id, officer_id, starts_at, ends_at, merchant_id, case_id, result, result_at)
          VALUES ('v1', 'o1', now() - interval '1 day', now() - interval '23 hours', 'm1', 'done', '管道已改造',
            now() - interval '1 day');
      `);

      expect(await migrate(db)).toEqual([10]);

      const entries = await db.query<{ case_id: string; kind: string; notes: string; checklist: string[] }>(
        'SELECT case_id, kind, notes, checklist, outcome FROM case_entries ORDER BY id',
      );
      expect(entries).toEqual([
        { case_id: 'done', kind: 'desk', notes: '旧的办理记录', checklist: ['设置围挡'], outcome: 'followUpVisit' },
        { case_id: 'done', kind: 'visit', notes: '管道已改造', checklist: [], outcome: null },
        {
          case_id: 'filed',
          kind: 'visit',
          notes: '2026-03-11 上门服务 / On-site visit: 招牌一致',
          checklist: [],
          outcome: null,
        },
      ]);
      // Lines of a finished visit go with the first entry; those of the visit under way wait for its own.
      const lines = await db.query<{ body: string; kind: string | null }>(
        `SELECT m.body, e.kind FROM case_messages m LEFT JOIN case_entries e ON e.id = m.entry_id ORDER BY m.id`,
      );
      expect(lines).toEqual([
        { body: '上次说的话', kind: 'desk' },
        { body: '正在说的话', kind: null },
      ]);
      const columns = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_name = 'cases' AND table_schema = current_schema() AND column_name IN ('notes', 'checklist')`,
      );
      expect(columns).toEqual([]);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
  afterAll(() => engine.cleanup());
});
