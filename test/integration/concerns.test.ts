import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import {
  CONCERN_PHOTOS_MAX,
  CONCERN_PLACE_MAX,
  CONCERN_WHAT_MAX,
  type ConcernChangedNotice,
  type ConcernList,
  type ConcernOfficersAnswer,
  ConcernsRoute,
  type ConcernView,
} from '../../shared/concerns.ts';
import { FilingsRoute } from '../../shared/filing.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { MovableClock } from '../support/clock.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const one = (id: string) => ConcernsRoute.one.replace(':id', id);
const steps = (id: string) => ConcernsRoute.steps.replace(':id', id);

/** A real PNG drawn with pngjs, in one shade (another shade, another image). */
function png(shade: number): Buffer {
  const img = new PNG({ width: 8, height: 8 });
  img.data.fill(shade);
  return PNG.sync.write(img);
}

async function upload(hall: RunningHall, token: string, bytes: Buffer): Promise<string> {
  const res = await fetch(new URL(FilingsRoute.uploads, hallUrl(hall)), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload refused: ${res.status}`);
  return body.id;
}

/** A request with whatever body and headers a test chooses (malformed, anonymous, oversized). */
async function raw(hall: RunningHall, method: string, route: string, body?: string, token?: string) {
  const res = await fetch(new URL(route, hallUrl(hall)), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const concernNews = (box: Inbox) =>
  box.filter((m) => m.type === HallNotice.concernChanged).map((m) => m.message as ConcernChangedNotice);

const FORM = { category: 'noise', place: '美食街东口', what: '隔壁KTV每晚十一点后仍很吵\n影响休息' };

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`concern tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-concerns')))('concerns on $name', (target) => {
  let hall: RunningHall;
  const clock = new MovableClock();
  let owner: string;
  let stranger: string;
  let officer: string;
  let manager: string;
  let ownerIn: Visitor;
  let strangerIn: Visitor;
  let officerIn: Visitor;
  let concern: ConcernView;

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ }, clock);
    const url = hallUrl(hall);
    owner = await signUpMerchant(url, '周女士', '周记茶饮');
    stranger = await signUpMerchant(url, '吴先生', '吴家烧烤');
    officer = await staffToken(hall, 'officer', 'sun', '孙警官');
    manager = await staffToken(hall, 'parkManager', 'qian', '钱经理');
    ownerIn = await visitWithToken(hall, owner);
    strangerIn = await visitWithToken(hall, stranger);
    officerIn = await visitWithToken(hall, officer);
  }, 120_000); // opening and migrating an embedded database is slow on a busy machine
  afterAll(async () => {
    for (const v of [ownerIn, strangerIn, officerIn]) await v?.room.leave().catch(() => undefined);
    await hall.close();
    await target.cleanup();
  });

  it("lists the station's categories and deadlines to anyone signed in, and to nobody else", async () => {
    const r = await api<{ categories: { id: string; zh: string }[]; contactDays: number; answerDays: number }>(
      hall,
      owner,
      'GET',
      ConcernsRoute.categories,
    );
    expect(r.status).toBe(200);
    expect(r.body.categories.map((c) => c.zh)).toEqual([
      '占道经营',
      '噪音',
      '油烟',
      '门头招牌',
      '停车',
      '执法问题',
      '其他',
    ]);
    expect([r.body.contactDays, r.body.answerDays]).toEqual([1, 5]);
    expect((await raw(hall, 'GET', ConcernsRoute.categories)).status).toBe(401);
  });

  it('a merchant raises one with a photo; it is received with its deadlines, and both sides hear of it', async () => {
    const photo = await upload(hall, owner, png(90));
    const seenBy = { owner: ownerIn.box.length, stranger: strangerIn.box.length, officer: officerIn.box.length };
    const r = await api<ConcernView>(hall, owner, 'POST', ConcernsRoute.concerns, { ...FORM, photos: [photo] });
    expect(r.status).toBe(201);
    concern = r.body;
    expect(concern).toMatchObject({
      status: 'received',
      merchant: { name: '周女士', shop: '周记茶饮' },
      category: { id: 'noise', zh: '噪音', en: 'Noise' },
      place: '美食街东口',
      what: '隔壁KTV每晚十一点后仍很吵\n影响休息',
      photos: [photo],
      assignee: null,
      due: { deadline: 'contact', overdue: false },
    });
    expect(concern.number).toMatch(/^SQ-\d{8}-\d{4}$/);
    expect(concern.entries).toMatchObject([{ seq: 1, kind: 'raised', author: { role: 'merchant', name: '周女士' } }]);
    expect(Date.parse(concern.contactBy.at)).toBeGreaterThan(Date.parse(concern.received.at));
    expect(Date.parse(concern.answerBy.at)).toBeGreaterThan(Date.parse(concern.contactBy.at));

    const told = { id: concern.id, number: concern.number, status: 'received', change: 'raised' };
    await until(() => concernNews(ownerIn.box.slice(seenBy.owner)).length > 0, 'the merchant hears');
    await until(() => concernNews(officerIn.box.slice(seenBy.officer)).length > 0, 'the officer hears');
    expect(concernNews(ownerIn.box.slice(seenBy.owner))).toEqual([told]);
    // Staff are told whose it is, so an open file of that merchant reads again.
    const ownerId = concern.merchant.id;
    expect(concernNews(officerIn.box.slice(seenBy.officer))).toEqual([{ ...told, merchantId: ownerId }]);
    expect(concernNews(strangerIn.box.slice(seenBy.stranger))).toEqual([]);
    // The photo is the merchant's own and staff's to see, never another merchant's.
    const image = (token: string) =>
      fetch(new URL(FilingsRoute.upload.replace(':id', photo), hallUrl(hall)), {
        headers: { Authorization: `Bearer ${token}` },
      }).then((res) => res.status);
    expect([await image(owner), await image(officer), await image(stranger)]).toEqual([200, 200, 404]);
  });

  it('the officers see it on their list, due; the merchant sees only their own', async () => {
    const list = await api<ConcernList>(hall, officer, 'GET', ConcernsRoute.concerns);
    expect(list.body.zone).toBe(TZ);
    expect(list.body.concerns.map((c) => c.id)).toContain(concern.id);
    expect((await api<ConcernList>(hall, manager, 'GET', ConcernsRoute.concerns)).status).toBe(200);

    await api(hall, stranger, 'POST', ConcernsRoute.concerns, { ...FORM, category: 'parking', place: '停车场' });
    const mine = await api<ConcernList>(hall, owner, 'GET', ConcernsRoute.concerns);
    const theirs = await api<ConcernList>(hall, stranger, 'GET', ConcernsRoute.concerns);
    expect(mine.body.concerns.map((c) => c.merchant.name)).toEqual(['周女士']);
    expect(theirs.body.concerns.map((c) => c.merchant.name)).toEqual(['吴先生']);
  });

  it('another merchant cannot read, reply to, confirm or reopen it; anonymous callers nothing at all', async () => {
    expect((await api(hall, stranger, 'GET', one(concern.id))).status).toBe(404);
    expect((await api(hall, stranger, 'POST', steps(concern.id), { kind: 'reply', text: '我来答' })).status).toBe(403);
    expect((await api(hall, stranger, 'POST', steps(concern.id), { kind: 'confirm' })).status).toBe(404);
    expect((await api(hall, stranger, 'POST', steps(concern.id), { kind: 'reopen', reason: '不行' })).status).toBe(404);
    for (const [method, route] of [
      ['GET', ConcernsRoute.concerns],
      ['POST', ConcernsRoute.concerns],
      ['GET', one(concern.id)],
      ['POST', steps(concern.id)],
      ['GET', ConcernsRoute.atDesk],
      ['POST', ConcernsRoute.atDesk],
    ] as const) {
      expect((await raw(hall, method, route, method === 'POST' ? JSON.stringify(FORM) : undefined)).status).toBe(401);
    }
    // Wrong roles: an officer raises only at a desk, the park manager reads but takes no step.
    expect((await api(hall, officer, 'POST', ConcernsRoute.concerns, FORM)).status).toBe(403);
    expect((await api(hall, manager, 'POST', steps(concern.id), { kind: 'note', text: '看看' })).status).toBe(403);
    expect((await api(hall, manager, 'GET', one(concern.id))).status).toBe(200);
  });

  it('refuses hostile and wrong input, naming each field (and its limit in the contract)', async () => {
    const refused = async (body: unknown) => {
      const r = await api<{ error: string; fields: Record<string, string> }>(
        hall,
        owner,
        'POST',
        ConcernsRoute.concerns,
        body,
      );
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('invalid_input');
      return r.body.fields;
    };
    const theirs = await upload(hall, stranger, png(30));
    const mine = await Promise.all([1, 2, 3, 4, 5].map((i) => upload(hall, owner, png(100 + i))));
    expect(
      await refused({
        category: 'fireworks',
        place: '东'.repeat(CONCERN_PLACE_MAX + 1),
        what: '吵'.repeat(CONCERN_WHAT_MAX + 1),
        photos: [theirs],
      }),
    ).toEqual({ category: 'invalid_choice', place: 'too_long', what: 'too_long', photos: 'not_your_photo' });
    expect(await refused({ ...FORM, photos: mine.slice(0, CONCERN_PHOTOS_MAX + 1) })).toEqual({ photos: 'too_many' });
    expect(await refused({ ...FORM, category: 'toString' })).toEqual({ category: 'invalid_choice' });
    expect(await refused({ ...FORM, category: '__proto__' })).toEqual({ category: 'invalid_choice' });
    const proto = await raw(
      hall,
      'POST',
      ConcernsRoute.concerns,
      '{"category":"noise","place":"东门","what":"吵","__proto__":{"status":"settled"},"constructor":{}}',
      owner,
    );
    expect(proto.status).toBe(400);
    // Named as fields of their own (an object literal's `__proto__` would set a prototype, so JSON says it).
    expect(proto.body?.fields).toEqual(JSON.parse('{"__proto__":"unknown_field","constructor":"unknown_field"}'));
    expect(await refused([FORM])).toMatchObject({ category: 'required', place: 'required', what: 'required' });
    expect((await raw(hall, 'POST', ConcernsRoute.concerns, '{"category":', owner)).status).toBe(400);
    expect(
      (await raw(hall, 'POST', ConcernsRoute.concerns, JSON.stringify({ ...FORM, what: 'x'.repeat(20_000) }), owner))
        .status,
    ).toBe(413);
    const step = await api(hall, officer, 'POST', steps(concern.id), { kind: 'close' });
    expect(step).toMatchObject({ status: 400, body: { error: 'invalid_input', fields: { kind: 'invalid_choice' } } });
    const far = await api(hall, officer, 'POST', steps(concern.id), {
      kind: 'bookVisit',
      date: '2020-01-06',
      from: '10:00',
      to: '11:00',
    });
    expect(far.body).toEqual({ error: 'invalid_input', fields: { date: 'out_of_range' } });
    expect((await api(hall, officer, 'POST', steps('no-such-concern'), { kind: 'note', text: '?' })).status).toBe(404);
    // Nothing refused was stored, and the hall is still serving.
    const mineNow = await api<ConcernList>(hall, owner, 'GET', ConcernsRoute.concerns);
    expect(mineNow.body.concerns).toHaveLength(1);
  });

  it('assign → reply → confirm: each step an entry, each heard by the merchant at once, nothing closed unanswered', async () => {
    const from = ownerIn.box.length;
    const early = await api(hall, owner, 'POST', steps(concern.id), { kind: 'confirm' });
    expect(early).toMatchObject({ status: 409, body: { error: 'not_answered' } });
    expect((await api(hall, officer, 'POST', steps(concern.id), { kind: 'assign', officerId: 'nobody' })).body).toEqual(
      {
        error: 'no_such_officer',
      },
    );

    const assigned = await api<ConcernView>(hall, officer, 'POST', steps(concern.id), { kind: 'assign' });
    expect(assigned.body).toMatchObject({
      status: 'assigned',
      assignee: { name: '孙警官' },
      due: { deadline: 'answer' },
    });
    const visit = await api<ConcernView>(hall, officer, 'POST', steps(concern.id), {
      kind: 'bookVisit',
      date: new Date(clock.now() + 2 * DAY).toISOString().slice(0, 10),
      from: '14:00',
      to: '15:00',
      text: '上门测噪音',
    });
    expect(visit.body.status).toBe('inProgress');
    const refer = await api<ConcernView>(hall, officer, 'POST', steps(concern.id), {
      kind: 'refer',
      department: '生态环境局',
      reason: '夜间噪音由环保部门执法',
    });
    expect(refer.status).toBe(200);
    const replied = await api<ConcernView>(hall, officer, 'POST', steps(concern.id), {
      kind: 'reply',
      text: '已联系KTV，承诺十一点后关闭外放音响。',
    });
    expect(replied.body).toMatchObject({ status: 'answered', due: null });
    const confirmed = await api<ConcernView>(hall, owner, 'POST', steps(concern.id), {
      kind: 'confirm',
      comment: '谢谢',
    });
    expect(confirmed.body.status).toBe('settled');
    expect(confirmed.body.entries.map((e) => e.kind)).toEqual([
      'raised',
      'assign',
      'bookVisit',
      'refer',
      'reply',
      'confirm',
    ]);
    expect(confirmed.body.entries[2]).toMatchObject({ visit: { from: '14:00', to: '15:00' }, text: '上门测噪音' });
    expect(confirmed.body.entries[3]).toMatchObject({ department: '生态环境局', author: { role: 'officer' } });
    await until(() => concernNews(ownerIn.box.slice(from)).length === 5, 'the merchant hears of every step');
    expect(concernNews(ownerIn.box.slice(from)).map((n) => [n.change, n.status])).toEqual([
      ['assign', 'assigned'],
      ['bookVisit', 'inProgress'],
      ['refer', 'inProgress'],
      ['reply', 'answered'],
      ['confirm', 'settled'],
    ]);
    expect(concernNews(strangerIn.box).filter((n) => n.id === concern.id)).toEqual([]);
    // Settled: nothing more, from anyone.
    expect((await api(hall, officer, 'POST', steps(concern.id), { kind: 'note', text: '补充' })).body).toEqual({
      error: 'settled',
    });
    const audit = await hall.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_kind = 'concern' AND target_id = $1 ORDER BY id`,
      [concern.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'concern.raised',
      'concern.assign',
      'concern.bookVisit',
      'concern.refer',
      'concern.reply',
      'concern.confirm',
    ]);
  });

  it('a merchant reopens once with a reason; the second time is refused', async () => {
    const raised = await api<ConcernView>(hall, owner, 'POST', ConcernsRoute.concerns, {
      category: 'cookingFumes',
      place: '二号楼后巷',
      what: '油烟直排',
    });
    const id = raised.body.id;
    await api(hall, officer, 'POST', steps(id), { kind: 'reply', text: '已责令安装净化器' });
    const reopened = await api<ConcernView>(hall, owner, 'POST', steps(id), { kind: 'reopen', reason: '还在直排' });
    expect(reopened.body).toMatchObject({ status: 'inProgress', reopens: 1, due: { deadline: 'answer' } });
    expect(Date.parse(reopened.body.answerBy.at)).toBeGreaterThan(Date.parse(raised.body.answerBy.at) - 1);
    expect((await api(hall, owner, 'POST', steps(id), { kind: 'reopen' })).body).toEqual({
      error: 'invalid_input',
      fields: { reason: 'required' },
    });
    await api(hall, officer, 'POST', steps(id), { kind: 'reply', text: '净化器已装好' });
    expect((await api(hall, owner, 'POST', steps(id), { kind: 'reopen', reason: '还是不行' })).body).toEqual({
      error: 'reopened_once',
    });
    expect((await api<ConcernView>(hall, owner, 'POST', steps(id), { kind: 'confirm' })).body.status).toBe('settled');
  });

  it('hands a concern to any active officer, listed by name only; a disabled or non-officer account is refused', async () => {
    const idOf = async (token: string) =>
      (await api<{ me: { id: string } }>(hall, token, 'GET', AccountsRoute.me)).body.me.id;
    const zhou = await staffToken(hall, 'officer', 'zhou', '周警官');
    const gone = await staffToken(hall, 'officer', 'zheng', '郑警官');
    const [sunId, zhouId, goneId, managerId] = await Promise.all([officer, zhou, gone, manager].map(idOf));
    await runStaffCommand(hall.db, { op: 'disable', username: 'zheng' }, 'test');
    const zhouIn = await visitWithToken(hall, zhou);
    try {
      const listed = await api<ConcernOfficersAnswer>(hall, officer, 'GET', ConcernsRoute.officers);
      expect(listed.status).toBe(200);
      // Zhou holds no concern yet and is offered all the same; the disabled officer and the park manager are not.
      expect(listed.body.officers).toEqual(
        expect.arrayContaining([
          { id: sunId, name: '孙警官' },
          { id: zhouId, name: '周警官' },
        ]),
      );
      const ids = listed.body.officers.map((o) => o.id);
      expect(ids).not.toContain(goneId);
      expect(ids).not.toContain(managerId);
      for (const o of listed.body.officers) expect(Object.keys(o).sort()).toEqual(['id', 'name']);
      expect(JSON.stringify(listed.body)).not.toMatch(/hash|password|username/i);
      expect((await api(hall, owner, 'GET', ConcernsRoute.officers)).status).toBe(403);
      expect((await api(hall, manager, 'GET', ConcernsRoute.officers)).status).toBe(403);
      expect((await raw(hall, 'GET', ConcernsRoute.officers)).status).toBe(401);

      const seen = { sun: officerIn.box.length, zhou: zhouIn.box.length };
      const raised = await api<ConcernView>(hall, stranger, 'POST', ConcernsRoute.concerns, {
        ...FORM,
        place: '南门停车场',
      });
      const id = raised.body.id;
      for (const to of [goneId, managerId, 'nobody'])
        expect(await api(hall, officer, 'POST', steps(id), { kind: 'assign', officerId: to })).toMatchObject({
          status: 400,
          body: { error: 'no_such_officer' },
        });
      const handed = await api<ConcernView>(hall, officer, 'POST', steps(id), { kind: 'assign', officerId: zhouId });
      expect(handed.body).toMatchObject({ status: 'assigned', assignee: { id: zhouId, name: '周警官' } });

      // The officer who acted hears of their own step marked as theirs (no toast); the other on duty plainly.
      const of = (box: Inbox, from: number) => concernNews(box.slice(from)).filter((n) => n.id === id);
      await until(
        () => of(zhouIn.box, seen.zhou).length === 2 && of(officerIn.box, seen.sun).length === 2,
        'both told',
      );
      expect(of(zhouIn.box, seen.zhou).map((n) => [n.change, n.yours])).toEqual([
        ['raised', undefined],
        ['assign', undefined],
      ]);
      expect(of(officerIn.box, seen.sun).map((n) => [n.change, n.yours])).toEqual([
        ['raised', undefined],
        ['assign', true],
      ]);
    } finally {
      await zhouIn.room.leave().catch(() => undefined);
    }
  });

  it('an officer records one at the desk only for the merchant being served there', async () => {
    expect((await api(hall, officer, 'POST', ConcernsRoute.atDesk, FORM)).body).toEqual({ error: 'not_serving' });
    officerIn.room.send('openDesk', { deskId: 'desk-1', services: ['concerns'] });
    await until(() => ownerIn.room.state.desks.get('desk-1')?.open, 'desk open');
    ownerIn.room.send('takeTicket', { service: 'concerns' });
    await until(() => ownerIn.box.some((m) => m.type === HallNotice.myTickets), 'a ticket');
    officerIn.room.send('callNext');
    await until(() => ownerIn.box.some((m) => m.type === HallNotice.called), 'called');
    officerIn.room.send('startService');
    const atDesk = await until(async () => {
      const r = await api<ConcernView>(hall, officer, 'POST', ConcernsRoute.atDesk, {
        category: 'enforcement',
        place: '服务站',
        what: '对上次执法有异议',
      });
      return r.status === 201 && r;
    }, 'recorded at the desk');
    expect(atDesk.body).toMatchObject({
      merchant: { name: '周女士' },
      entries: [{ kind: 'raised', atDesk: true, author: { role: 'officer', name: '孙警官' } }],
    });
    const list = await api<ConcernList>(hall, officer, 'GET', ConcernsRoute.atDesk);
    expect(list.body.concerns.every((c) => c.merchant.name === '周女士')).toBe(true);
    // The photos of a desk concern are still the served merchant's own: another merchant's are refused.
    const theirs = await upload(hall, stranger, png(60));
    const r = await api(hall, officer, 'POST', ConcernsRoute.atDesk, { ...FORM, photos: [theirs] });
    expect(r.body).toEqual({ error: 'invalid_input', fields: { photos: 'not_your_photo' } });
  });

  it('marks deadlines passed on the station clock and tells the officers on duty, not the merchant', async () => {
    const raised = await api<ConcernView>(hall, owner, 'POST', ConcernsRoute.concerns, {
      category: 'parking',
      place: '北门',
      what: '车辆堵门',
    });
    const id = raised.body.id;
    const seen = { owner: ownerIn.box.length, officer: officerIn.box.length };
    // Past the contact deadline (one working day) but not the answer's (five).
    clock.advance(Date.parse(raised.body.contactBy.at) - clock.now() + 60_000);
    const late = await until(
      () => concernNews(officerIn.box.slice(seen.officer)).find((n) => n.id === id && n.change === 'overdue'),
      'the officers are told it is late',
    );
    expect(late).toEqual({
      id,
      number: raised.body.number,
      status: 'received',
      change: 'overdue',
      overdue: 'contact',
      merchantId: raised.body.merchant.id,
    });
    const list = await api<ConcernList>(hall, officer, 'GET', ConcernsRoute.concerns);
    const listed = list.body.concerns.find((c) => c.id === id);
    expect(listed?.due).toMatchObject({ deadline: 'contact', overdue: true });
    // The overdue are first on the list.
    expect(list.body.concerns[0]?.due?.overdue).toBe(true);
    expect(concernNews(ownerIn.box.slice(seen.owner)).filter((n) => n.change === 'overdue')).toEqual([]);
    // Marked once: the next look at the clock does not tell it again.
    const count = () => concernNews(officerIn.box).filter((n) => n.id === id && n.change === 'overdue').length;
    await api(hall, officer, 'POST', steps(id), { kind: 'note', text: '已电话联系车主' });
    clock.advance(20 * DAY);
    await until(() => count() === 2, 'the answer deadline passes too');
    expect(
      concernNews(officerIn.box)
        .filter((n) => n.id === id && n.change === 'overdue')
        .map((n) => n.overdue),
    ).toEqual(['contact', 'answer']);
  });
});
