import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { readCaseFile } from '../../server/cases/caseFile.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import {
  CASE_FILE_QUERY_MAX,
  CaseFileRoute,
  type CaseFilePage,
  type ConcernItem,
  type DeskVisitItem,
  type DeskWaitingAnswer,
  type FileSearchAnswer,
  type FilingItem,
  type VisitBookedItem,
} from '../../shared/caseFile.ts';
import { ConcernsRoute, type ConcernView } from '../../shared/concerns.ts';
import { stationDay } from '../../shared/dates.ts';
import { FilingsRoute, type FilingView } from '../../shared/filing.ts';
import { HallNotice } from '../../shared/protocol.ts';
import type { DeskChatNotice, DeskViewNotice, MyTicketsNotice } from '../../shared/queue.ts';
import { VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';

function last<T>(box: Inbox, type: string, match: (m: T) => boolean = () => true): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) {
    const m = box[i]!;
    if (m.type === type && match(m.message as T)) return m.message as T;
  }
  return undefined;
}

interface Person extends Visitor {
  token: string;
}

/** A merchant signed up through the accounts API with a phone number, as the sign-in form sends it. */
async function signUp(hall: RunningHall, name: string, shop: string, phone?: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.merchants, hallUrl(hall)), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, shop, ...(phone ? { phone } : {}) }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`sign-up refused: ${res.status}`);
  return body.token;
}

const idOf = async (hall: RunningHall, token: string) =>
  (await api<{ me: { id: string } }>(hall, token, 'GET', AccountsRoute.me)).body.me.id;

/** A GET with the query string as given (repeated, nested or hostile parameters included). */
async function get<T>(hall: RunningHall, token: string | null, path: string) {
  const res = await fetch(new URL(path, hallUrl(hall)), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as T & { error?: string } };
}
const fileOf = (id: string, cursor?: string) =>
  CaseFileRoute.merchant.replace(':merchantId', encodeURIComponent(id)) +
  (cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`);
const search = (q: string) => `${CaseFileRoute.search}?q=${encodeURIComponent(q)}`;

function png(shade: number): Buffer {
  const img = new PNG({ width: 8, height: 8 });
  img.data.fill(shade);
  return PNG.sync.write(img);
}

const FIRST = {
  notes: '第一次：已告知围挡和垃圾清运要求，待补设计图纸',
  checklist: ['施工前设置围挡', '建筑垃圾当日清运'],
  outcome: 'awaitingDocuments',
} as const;
const SECOND = {
  notes: '第二次：图纸已收，需上门核查油烟管道',
  checklist: ['油烟净化器'],
  outcome: 'followUpVisit',
} as const;
const OTHERS = { notes: '乙家超市的私事：不应出现在别人的档案里', checklist: [], outcome: 'resolved' } as const;

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`case file tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-casefile')))('the case file on $name', (target) => {
  let hall: RunningHall;
  let wang: Person;
  let li: Person;
  let officer: Person;
  let officerId = '';
  let wangId = '';
  let liId = '';
  let oddId = '';
  let caseId = '';

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    const enter = async (token: string): Promise<Person> => ({ ...(await visitWithToken(hall, token)), token });
    wang = await enter(await signUp(hall, '王女士', '老王面馆', '138 0013 8000'));
    li = await enter(await signUp(hall, '李先生', '李家超市', '139-0000-1111'));
    const odd = await signUp(hall, '周师傅', '100%_纯\\手工');
    // Staff find the merchants known at their station: 周师傅 has only come into its hall.
    await enter(odd);
    officer = await enter(await staffToken(hall, 'officer', 'zhang', '张警官'));
    [wangId, liId, oddId, officerId] = (await Promise.all(
      [wang, li, { token: odd }, officer].map((p) => idOf(hall, p.token)),
    )) as [string, string, string, string];
    officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
    await until(() => wang.room.state.desks.get('desk-1')?.open, 'desk open');
  }, 120_000); // opening and migrating an embedded database is slow on a busy machine
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  /** The merchant takes a number for renovation, is called and served, talks, and the visit is completed. */
  async function serve(
    m: Person,
    talk: [from: Person, text: string][],
    result: typeof FIRST | typeof SECOND | typeof OTHERS,
  ) {
    m.room.send('takeTicket', { service: 'renovation', description: '厨房改造' });
    const ticket = await until(
      () => last<MyTicketsNotice>(m.box, HallNotice.myTickets)?.tickets.find((t) => t.status === 'waiting'),
      'a ticket',
    );
    officer.room.send('callNext');
    await until(
      () => last<DeskViewNotice>(officer.box, HallNotice.deskView, (v) => v.current?.ticketId === ticket.id),
      'called',
    );
    officer.room.send('startService');
    const opened = await until(
      () => last<DeskChatNotice>(m.box, HallNotice.deskChat, (n) => n.reset && n.ticketId === ticket.id),
      'the conversation opens',
    );
    for (const [from, text] of talk) {
      from.room.send('deskChat', { ticketId: ticket.id, text });
      const to = from === m ? officer : m;
      await until(
        () => last<DeskChatNotice>(to.box, HallNotice.deskChat, (n) => n.lines.some((l) => l.text === text)),
        text,
      );
    }
    const done = m.box.filter((x) => x.type === HallNotice.caseCompleted).length;
    officer.room.send('complete', { ...result, checklist: [...result.checklist] });
    await until(() => m.box.filter((x) => x.type === HallNotice.caseCompleted).length > done, 'completed');
    return opened.caseId;
  }

  it('an officer reads the whole file: both desk visits newest first, their talk, the booked visit and the filing', async () => {
    caseId = await serve(
      wang,
      [
        [wang, '围挡要多高？'],
        [officer, '不低于1.8米。'],
      ],
      FIRST,
    );
    expect(await serve(wang, [[wang, '图纸带来了。']], SECOND)).toBe(caseId);
    await serve(li, [[li, '我是乙家的']], OTHERS);

    // A door-to-door visit booked for the case, not yet made.
    const slot = await api<VisitSlot>(hall, officer.token, 'POST', VisitsRoute.slots, {
      date: stationDay(Date.now() + 86_400_000, TZ),
      from: '09:00',
      to: '10:00',
    });
    expect(
      (await api(hall, wang.token, 'POST', VisitsRoute.book.replace(':id', slot.body.id), { caseId })).status,
    ).toBe(200);

    // A sign filing, with its two images.
    const upload = async (shade: number) => {
      const res = await fetch(new URL(FilingsRoute.uploads, hallUrl(hall)), {
        method: 'POST',
        headers: { Authorization: `Bearer ${wang.token}`, 'Content-Type': 'image/png' },
        body: new Uint8Array(png(shade)),
      });
      return ((await res.json()) as { id: string }).id;
    };
    const filing = await api<FilingView>(hall, wang.token, 'POST', FilingsRoute.filings, {
      shopName: '老王面馆',
      address: '科教园区 A 栋 101',
      signText: '老王面馆',
      width: 3.2,
      height: 0.8,
      material: 'acrylic',
      mounting: 'flat',
      lighting: 'none',
      designImage: await upload(120),
      streetPhoto: await upload(200),
      tenure: 'lease',
      tenureDoc: '租赁合同 2026-017',
      commitment: true,
    });
    expect(filing.status).toBe(201);

    // A concern raised from the hall, and another merchant's.
    const raise = (token: string, what: string) =>
      api<ConcernView>(hall, token, 'POST', ConcernsRoute.concerns, { category: 'noise', place: 'A 栋门口', what });
    const concern = await raise(wang.token, '隔壁夜里施工，噪音很大');
    expect(concern.status).toBe(201);
    expect((await raise(li.token, '乙家的诉求：不应出现在别人的档案里')).status).toBe(201);

    const file = await get<CaseFilePage>(hall, officer.token, fileOf(wangId));
    expect(file.status).toBe(200);
    const page = file.body;
    expect(page.merchant).toEqual({ id: wangId, name: '王女士', shop: '老王面馆', phone: '138 0013 8000' });
    expect(page.zone).toBe(TZ);
    expect(page.next).toBeNull();
    // Newest first, throughout.
    const keys = page.items.map((i) => i.key);
    expect(keys).toEqual([...keys].sort().reverse());

    const visits = page.items.filter((i): i is DeskVisitItem => i.kind === 'deskVisit');
    expect(visits.map((v) => [v.entry.notes, v.entry.outcome, v.entry.checklist])).toEqual([
      [SECOND.notes, SECOND.outcome, SECOND.checklist],
      [FIRST.notes, FIRST.outcome, FIRST.checklist],
    ]);
    expect(visits.map((v) => v.lines.map((l) => [l.from, l.text]))).toEqual([
      [['merchant', '图纸带来了。']],
      [
        ['merchant', '围挡要多高？'],
        ['officer', '不低于1.8米。'],
      ],
    ]);
    for (const v of visits) {
      expect(v.case).toMatchObject({ id: caseId, service: 'renovation', status: 'open', outcome: 'followUpVisit' });
      expect(v.entry).toMatchObject({ officerName: '张警官', deskId: 'desk-1' });
      expect(v.linesLeftOut).toBe(0);
    }
    const booked = page.items.find((i): i is VisitBookedItem => i.kind === 'visitBooked');
    expect(booked).toMatchObject({ slotId: slot.body.id, officerName: '张警官', endsTime: '10:00' });
    expect(booked!.starts.time).toBe('09:00');
    const filed = page.items.find((i): i is FilingItem => i.kind === 'filing');
    expect(filed).toMatchObject({ filingId: filing.body.id, signText: '老王面馆', state: 'submitted' });
    expect(filed!.steps.map((s) => [s.state, s.by])).toEqual([['submitted', 'merchant']]);
    // Each case opened is there once: the renovation matter and the filing's own case.
    expect(
      page.items
        .filter((i) => i.kind === 'caseOpened')
        .map((i) => i.kind === 'caseOpened' && i.case.service)
        .sort(),
    ).toEqual(['renovation', 'signboard']);

    const concerned = page.items.find((i): i is ConcernItem => i.kind === 'concern');
    expect(concerned!.concern).toMatchObject({
      id: concern.body.id,
      what: '隔壁夜里施工，噪音很大',
      place: 'A 栋门口',
    });
    expect(concerned!.concern.entries.map((e) => e.kind)).toEqual(['raised']);
    expect(page.items.filter((i) => i.kind === 'concern')).toHaveLength(1);
    // The concern, raised last, leads the file.
    expect(page.items[0]!.kind).toBe('concern');

    // Nothing of another merchant's.
    const text = JSON.stringify(page);
    expect(text).not.toContain(OTHERS.notes);
    expect(text).not.toContain('我是乙家的');
    expect(text).not.toContain('乙家的诉求');
    expect(text).not.toContain(liId);
  });

  it('reads page by page from a cursor, leaving nothing out and showing nothing twice', async () => {
    const whole = (await get<CaseFilePage>(hall, officer.token, fileOf(wangId))).body.items.map((i) => i.key);
    // The same file in pages of two, from storage, on this engine.
    const keys: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page = await readCaseFile(hall.db, wangId, after, { staffId: officerId, station: 'main' }, TZ, {
        items: 2,
        maxBytes: 96 * 1024,
      });
      if (!page.ok) throw new Error(page.error);
      keys.push(...page.value.items.map((i) => i.key));
      if (page.value.next === null) break;
      after = page.value.next;
    }
    expect(keys).toEqual(whole);
    // Over HTTP: a cursor starts the page after it.
    const rest = await get<CaseFilePage>(hall, officer.token, fileOf(wangId, whole[1]!));
    expect(rest.body.items.map((i) => i.key)).toEqual(whole.slice(2));
  });

  it('shows the officer at an open desk who waits for it, each with the id that opens their file; never a merchant', async () => {
    const take = async (m: Person, description: string) => {
      m.room.send('takeTicket', { service: 'renovation', description });
      return until(
        () => last<MyTicketsNotice>(m.box, HallNotice.myTickets)?.tickets.find((t) => t.status === 'waiting'),
        'a ticket',
      );
    };
    const before = { wang: wang.box.length, li: li.box.length };
    const first = await take(li, '先来的');
    const second = await take(wang, '后到的');
    const line = await get<DeskWaitingAnswer>(hall, officer.token, CaseFileRoute.waiting);
    expect(line.status).toBe(200);
    expect(line.body.deskId).toBe('desk-1');
    expect(line.body.total).toBe(2);
    expect(line.body.waiting.map((w) => [w.number, w.merchant])).toEqual([
      [first.number, { id: liId, name: '李先生', shop: '李家超市' }],
      [second.number, { id: wangId, name: '王女士', shop: '老王面馆' }],
    ]);
    expect(line.body.waiting[0]!.takenAt).toBe(first.takenAt);
    // The id in the list opens that merchant's file.
    const file = await get<CaseFilePage>(hall, officer.token, fileOf(line.body.waiting[1]!.merchant.id));
    expect(file.body.merchant.name).toBe('王女士');

    // A merchant asking is refused, and nothing their sockets received names the other merchant or the line.
    for (const who of [wang, li]) {
      const asked = await get(hall, who.token, CaseFileRoute.waiting);
      expect(asked.status).toBe(403);
      expect(asked.body).toEqual({ error: 'not_permitted' });
    }
    expect((await get(hall, null, CaseFileRoute.waiting)).status).toBe(401);
    expect(JSON.stringify(wang.box.slice(before.wang))).not.toContain(liId);
    expect(JSON.stringify(li.box.slice(before.li))).not.toContain(wangId);
    // The park manager staffs no desk and may not read files: refused as well.
    const park = await staffToken(hall, 'parkManager', 'park-line', '物业钱经理');
    expect((await get(hall, park, CaseFileRoute.waiting)).status).toBe(403);

    // Gone from the line, gone from the list; an officer with no desk has no line.
    li.room.send('leaveQueue', { ticketId: first.id });
    wang.room.send('leaveQueue', { ticketId: second.id });
    await until(
      async () => (await get<DeskWaitingAnswer>(hall, officer.token, CaseFileRoute.waiting)).body.total === 0,
      'the line empties',
    );
    const deskless = await staffToken(hall, 'officer', 'chen-line', '陈警官');
    expect((await get<DeskWaitingAnswer>(hall, deskless, CaseFileRoute.waiting)).body).toMatchObject({
      deskId: null,
      waiting: [],
      total: 0,
    });
  });

  it('is refused to merchants, to the park manager and to anyone not signed in; the admin may read it', async () => {
    for (const who of [wang.token, li.token]) {
      const mine = await get(hall, who, fileOf(wangId));
      expect(mine.status).toBe(403);
      expect(mine.body).toEqual({ error: 'not_permitted' });
      expect((await get(hall, who, search('面馆'))).status).toBe(403);
    }
    const park = await staffToken(hall, 'parkManager', 'park', '物业赵经理');
    expect((await get(hall, park, fileOf(wangId))).status).toBe(403);
    expect((await get(hall, park, search('面馆'))).status).toBe(403);
    expect((await get(hall, null, fileOf(wangId))).status).toBe(401);
    expect((await get(hall, 'not-a-token', search('面馆'))).status).toBe(401);
    const admin = await staffToken(hall, 'admin', 'root', '站长');
    expect((await get<CaseFilePage>(hall, admin, fileOf(wangId))).body.merchant.id).toBe(wangId);
  });

  it('finds a merchant by shop, name or phone, whatever the spacing of the number', async () => {
    const found = async (q: string) =>
      (await get<FileSearchAnswer>(hall, officer.token, search(q))).body.hits.map((h) => h.shop).sort();
    expect(await found('面馆')).toEqual(['老王面馆']);
    expect(await found('王女士')).toEqual(['老王面馆']);
    expect(await found('李先生')).toEqual(['李家超市']);
    expect(await found('00138')).toEqual(['老王面馆']);
    expect(await found('138-0013-8000')).toEqual(['老王面馆']);
    expect(await found('1390000')).toEqual(['李家超市']);
    // Fewer digits than a phone match needs match no phone (they would match nearly everyone).
    expect(await found('13')).toEqual([]);
    const hit = (await get<FileSearchAnswer>(hall, officer.token, search('面馆'))).body;
    expect(hit.hits[0]).toMatchObject({ id: wangId, name: '王女士', phone: '138 0013 8000', cases: 2 });
    expect(hit.more).toBe(false);
  });

  it('takes wildcards, escapes and hostile strings literally, and refuses what is out of bounds naming the field', async () => {
    const found = async (q: string) =>
      (await get<FileSearchAnswer>(hall, officer.token, search(q))).body.hits.map((h) => h.id);
    expect(await found('%')).toEqual([oddId]);
    expect(await found('_')).toEqual([oddId]);
    expect(await found('\\')).toEqual([oddId]);
    expect(await found('%_纯\\')).toEqual([oddId]);
    for (const q of ['__proto__', 'toString', "' OR '1'='1", '<script>alert(1)</script>', 'constructor']) {
      const r = await get<FileSearchAnswer>(hall, officer.token, search(q));
      expect(r.status, q).toBe(200);
      expect(r.body.hits, q).toEqual([]);
    }

    const refused = async (path: string) =>
      get<{ fields: Record<string, string>; limit: Record<string, number> }>(hall, officer.token, path);
    const long = await refused(search('x'.repeat(10 * 1024)));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({
      error: 'invalid_input',
      fields: { q: 'too_long' },
      limit: { characters: CASE_FILE_QUERY_MAX },
    });
    expect((await refused(CaseFileRoute.search)).body).toMatchObject({ fields: { q: 'required' } });
    expect((await refused(search('   '))).body).toMatchObject({ fields: { q: 'required' } });
    expect((await refused(`${CaseFileRoute.search}?q=a&q=b`)).status).toBe(400);
    expect((await refused(`${CaseFileRoute.search}?q[__proto__]=x`)).status).toBe(400);
    expect((await refused(`${CaseFileRoute.search}?q=a%00b`)).body).toMatchObject({ fields: { q: 'invalid' } });

    const cursor = await refused(fileOf(wangId, "20260101000000000000/d/1' OR 1=1 --"));
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ error: 'invalid_input', fields: { cursor: 'invalid' } });
    expect((await refused(fileOf(wangId, 'x'.repeat(10 * 1024)))).body).toMatchObject({
      fields: { cursor: 'too_long' },
    });
    for (const id of ['__proto__', 'toString', 'nobody', 'x'.repeat(5000)]) {
      const r = await get(hall, officer.token, fileOf(id));
      expect(r.status, id.slice(0, 20)).toBe(404);
      expect(r.body).toEqual({ error: 'not_found' });
    }
    // The hall still answers.
    expect((await get<CaseFilePage>(hall, officer.token, fileOf(wangId))).status).toBe(200);
  });

  it('writes every read and every search to the audit log, under the officer who made it', async () => {
    const before = (await listAudit(hall.db, { targetKind: 'merchant', targetId: liId })).length;
    await get(hall, officer.token, fileOf(liId));
    const reads = await listAudit(hall.db, { targetKind: 'merchant', targetId: liId });
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({ actorKind: 'staff', actorId: officerId, action: 'caseFile.read' });

    await get(hall, officer.token, search('李家'));
    const searches = (await listAudit(hall.db, { targetKind: 'merchant', limit: 1000 })).filter(
      (e) => e.action === 'caseFile.search',
    );
    expect(searches[0]).toMatchObject({ actorId: officerId, detail: { query: '李家', found: 1 } });
    // A refused read leaves no trace of a read: the merchant's file was not shown.
    const count = (await listAudit(hall.db, { targetKind: 'merchant', targetId: wangId, limit: 1000 })).length;
    await get(hall, wang.token, fileOf(wangId));
    expect(await listAudit(hall.db, { targetKind: 'merchant', targetId: wangId, limit: 1000 })).toHaveLength(count);
  });
});
