import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONCERN_PHOTOS_MAX,
  CONCERN_PLACE_MAX,
  CONCERN_REPLY_MAX,
  ConcernRefusal,
  ConcernStatus,
  concernStepErrors,
  raiseConcernErrors,
  type ConcernStep,
} from '../../shared/concerns.ts';
import {
  byUrgency,
  concernNumber,
  dueOf,
  takeStep,
  type ConcernActor,
  type ConcernFacts,
} from '../../server/concerns/rules.ts';
import { loadConfig } from '../../server/config.ts';
import { ConcernService } from '../../server/concerns/service.ts';
import { createMerchant } from '../../server/accounts/merchantStore.ts';
import { createStaff } from '../../server/accounts/staffStore.ts';
import { addMembership } from '../../server/stations/store.ts';
import { openDb, type Db } from '../../server/store/db.ts';

const SH = 'Asia/Shanghai';
const merchant = { kind: 'merchant', id: 'm1' } as const;
const stranger = { kind: 'merchant', id: 'm2' } as const;
const officer = { kind: 'officer', id: 'o1' } as const;

const facts = (status: ConcernStatus, more: Partial<ConcernFacts> = {}): ConcernFacts => ({
  merchantId: 'm1',
  status,
  assigneeId: status === ConcernStatus.received ? null : 'o1',
  reopens: 0,
  contacted: status !== ConcernStatus.received,
  ...more,
});
const step = (kind: Exclude<ConcernStep, 'assign'>) => ({ kind });

describe('a concern’s life (rules)', () => {
  it('an officer assigns a received concern: it is assigned, and the first contact is made', () => {
    const r = takeStep(facts('received'), officer, { kind: 'assign', officerId: 'o2' });
    expect(r).toEqual({
      ok: true,
      value: { status: 'assigned', assigneeId: 'o2', takenUp: false, contacts: true, restartsAnswer: false },
    });
    // Reassigning keeps where it stands.
    const again = takeStep(facts('inProgress'), officer, { kind: 'assign', officerId: 'o3' });
    expect(again.ok && again.value).toMatchObject({ status: 'inProgress', assigneeId: 'o3', contacts: false });
  });

  it('a note, a visit or a referral puts it in progress; on an unassigned one the officer takes it up', () => {
    for (const kind of ['note', 'bookVisit', 'refer'] as const) {
      const fresh = takeStep(facts('received'), officer, step(kind));
      expect(fresh.ok && fresh.value).toEqual({
        status: 'inProgress',
        assigneeId: 'o1',
        takenUp: true,
        contacts: true,
        restartsAnswer: false,
      });
      const held = takeStep(facts('assigned', { assigneeId: 'o9' }), officer, step(kind));
      expect(held.ok && held.value).toMatchObject({ status: 'inProgress', assigneeId: 'o9', takenUp: false });
    }
  });

  it('a reply answers it from any open status', () => {
    for (const status of ['received', 'assigned', 'inProgress'] as const) {
      const r = takeStep(facts(status), officer, step('reply'));
      expect(r.ok && r.value.status).toBe('answered');
    }
  });

  it('once answered, officers may only add a note, which changes nothing', () => {
    for (const kind of ['reply', 'bookVisit', 'refer'] as const) {
      expect(takeStep(facts('answered'), officer, step(kind))).toEqual({ ok: false, error: ConcernRefusal.answered });
    }
    expect(takeStep(facts('answered'), officer, { kind: 'assign', officerId: 'o2' })).toMatchObject({
      error: 'answered',
    });
    const note = takeStep(facts('answered'), officer, step('note'));
    expect(note.ok && note.value).toMatchObject({ status: 'answered', assigneeId: 'o1', takenUp: false });
  });

  it('only its merchant confirms, and only a concern with a reply: nothing is settled without one', () => {
    expect(takeStep(facts('answered'), merchant, step('confirm'))).toMatchObject({
      ok: true,
      value: { status: 'settled' },
    });
    for (const status of ['received', 'assigned', 'inProgress'] as const) {
      expect(takeStep(facts(status), merchant, step('confirm'))).toEqual({ ok: false, error: 'not_answered' });
      expect(takeStep(facts(status), merchant, step('reopen'))).toEqual({ ok: false, error: 'not_answered' });
    }
    expect(takeStep(facts('answered'), stranger, step('confirm'))).toEqual({ ok: false, error: 'not_found' });
    expect(takeStep(facts('answered'), stranger, step('reopen'))).toEqual({ ok: false, error: 'not_found' });
    // An officer cannot close it for the merchant.
    expect(takeStep(facts('answered'), officer, step('confirm'))).toEqual({ ok: false, error: 'not_found' });
    expect(takeStep(facts('answered'), officer, step('reopen'))).toEqual({ ok: false, error: 'not_found' });
  });

  it('a merchant reopens once, back in progress with a new answer deadline; twice is refused', () => {
    expect(takeStep(facts('answered'), merchant, step('reopen'))).toEqual({
      ok: true,
      value: { status: 'inProgress', assigneeId: 'o1', takenUp: false, contacts: false, restartsAnswer: true },
    });
    expect(takeStep(facts('answered', { reopens: 1 }), merchant, step('reopen'))).toEqual({
      ok: false,
      error: 'reopened_once',
    });
    // Confirming is still theirs after a reopening.
    expect(takeStep(facts('answered', { reopens: 1 }), merchant, step('confirm')).ok).toBe(true);
  });

  it('a merchant never takes an officer’s step, even on their own concern', () => {
    for (const kind of ['note', 'bookVisit', 'refer', 'reply'] as const) {
      expect(takeStep(facts('assigned'), merchant, step(kind))).toEqual({ ok: false, error: 'not_found' });
    }
    expect(takeStep(facts('assigned'), merchant, { kind: 'assign', officerId: 'o1' })).toMatchObject({
      error: 'not_found',
    });
  });

  it('a settled concern takes no step from anyone', () => {
    const kinds = ['note', 'bookVisit', 'refer', 'reply'] as const;
    for (const kind of kinds)
      expect(takeStep(facts('settled'), officer, step(kind))).toMatchObject({ error: 'settled' });
    expect(takeStep(facts('settled'), merchant, step('reopen'))).toMatchObject({ error: 'settled' });
    expect(takeStep(facts('settled'), merchant, step('confirm'))).toMatchObject({ error: 'settled' });
  });

  it('numbers concerns by the station day', () => {
    expect(concernNumber('2026-03-09', 7)).toBe('SQ-20260309-0007');
  });
});

describe('what is due', () => {
  const receivedAt = Date.parse('2026-03-06T17:00:00+08:00'); // a Friday
  const contactBy = Date.parse('2026-03-09T17:00:00+08:00');
  const answerBy = Date.parse('2026-03-13T17:00:00+08:00');
  const clock = { status: ConcernStatus.received, contacted: false, contactBy, answerBy };

  it('waits on the contact until an officer acts, then on the answer, then on nothing', () => {
    const monday = Date.parse('2026-03-09T09:00:00+08:00');
    expect(dueOf(clock, monday, SH)).toEqual({
      deadline: 'contact',
      by: { at: '2026-03-09T09:00:00.000Z', date: '2026-03-09', time: '17:00' },
      overdue: false,
      today: true,
    });
    expect(dueOf(clock, contactBy, SH)).toMatchObject({ deadline: 'contact', overdue: true, today: false });
    expect(dueOf({ ...clock, status: 'assigned', contacted: true }, contactBy, SH)).toMatchObject({
      deadline: 'answer',
      overdue: false,
      today: false,
    });
    expect(dueOf({ ...clock, status: 'answered', contacted: true }, answerBy + 1, SH)).toBeNull();
    expect(dueOf({ ...clock, status: 'settled', contacted: true }, answerBy + 1, SH)).toBeNull();
    expect(receivedAt).toBeLessThan(contactBy);
  });

  it('sorts the overdue first, then by deadline, answered ones last', () => {
    const at = (iso: string) => ({ at: iso, date: '', time: '' });
    const item = (name: string, by: string | null, received = '2026-03-01T00:00:00Z') => ({
      name,
      received: at(received),
      due: by ? { deadline: 'answer' as const, by: at(by), overdue: false, today: false } : null,
    });
    const list = [
      item('answered-old', null, '2026-03-01T00:00:00Z'),
      item('later', '2026-03-12T00:00:00Z'),
      item('answered-new', null, '2026-03-05T00:00:00Z'),
      item('late', '2026-03-02T00:00:00Z'),
      item('soon', '2026-03-10T00:00:00Z'),
    ];
    expect(list.sort(byUrgency).map((c) => c.name)).toEqual(['late', 'soon', 'later', 'answered-new', 'answered-old']);
  });
});

describe('the forms name each refused field', () => {
  it('raising: every wrong field at once, with its reason', () => {
    expect(raiseConcernErrors({})).toEqual({ category: 'required', place: 'required', what: 'required' });
    expect(
      raiseConcernErrors({
        category: 'noise',
        place: 'x'.repeat(CONCERN_PLACE_MAX + 1),
        what: 'a\u202eb',
        photos: Array.from({ length: CONCERN_PHOTOS_MAX + 1 }, (_, i) => `upload-000${i}`),
      }),
    ).toEqual({ place: 'too_long', what: 'invalid_chars', photos: 'too_many' });
    expect(
      raiseConcernErrors({ category: 'noise', place: '东门', what: '夜里很吵', photos: ['same-0001', 'same-0001'] }),
    ).toEqual({ photos: 'too_many' });
    expect(raiseConcernErrors('not a form')).toMatchObject({ category: 'required' });
  });

  it('keeps the lines of what happened and counts characters, not bytes', () => {
    expect(raiseConcernErrors({ category: 'noise', place: '东门', what: '第一行\n第二行' })).toEqual({});
    expect(raiseConcernErrors({ category: 'noise', place: '东'.repeat(CONCERN_PLACE_MAX), what: '吵' })).toEqual({});
  });

  it('hostile keys are named as unknown fields, and change no prototype', () => {
    const body = JSON.parse('{"category":"noise","place":"东门","what":"吵","__proto__":{"admin":true},"toString":1}');
    const fields = raiseConcernErrors(body);
    expect(Object.keys(fields).sort()).toEqual(['__proto__', 'toString']);
    expect(fields.toString).toBe('unknown_field');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('steps: an unknown kind, a reply too long, a visit ending before it starts', () => {
    expect(concernStepErrors({ kind: 'close' })).toEqual({ kind: 'invalid_choice' });
    expect(concernStepErrors({ kind: 'reply', text: 'x'.repeat(CONCERN_REPLY_MAX + 1) })).toEqual({ text: 'too_long' });
    expect(concernStepErrors({ kind: 'reply', text: '   ' })).toEqual({ text: 'required' });
    expect(concernStepErrors({ kind: 'bookVisit', date: '2026-03-10', from: '15:00', to: '14:00' })).toEqual({
      to: 'invalid_time',
    });
    expect(concernStepErrors({ kind: 'bookVisit', date: '2026-02-30', from: '25:00', to: '14:00' })).toEqual({
      date: 'invalid_time',
      from: 'invalid_time',
    });
    expect(concernStepErrors({ kind: 'refer', department: '', reason: 'r', extra: 1 })).toEqual({
      department: 'required',
      extra: 'unknown_field',
    });
    expect(concernStepErrors({ kind: 'reopen' })).toEqual({ reason: 'required' });
  });
});

describe('the station’s categories setting', () => {
  it('takes a list of its own, and refuses a wrong one at start, saying what is wrong', () => {
    expect(loadConfig({}).concernCategories.map((c) => c.zh)).toEqual([
      '占道经营',
      '噪音',
      '油烟',
      '门头招牌',
      '停车',
      '执法问题',
      '其他',
    ]);
    const own = [{ id: 'stalls', zh: '摊位', en: 'Stalls' }];
    expect(loadConfig({ CONCERN_CATEGORIES: JSON.stringify(own) }).concernCategories).toEqual(own);
    expect(() => loadConfig({ CONCERN_CATEGORIES: '[{"id":' })).toThrow(/CONCERN_CATEGORIES must be a JSON array/);
    expect(() => loadConfig({ CONCERN_CATEGORIES: '[]' })).toThrow(/CONCERN_CATEGORIES: .*1 to 30 categories/);
    const twice = JSON.stringify([...own, ...own]);
    expect(() => loadConfig({ CONCERN_CATEGORIES: twice })).toThrow(/category ids repeat/);
    const bad = JSON.stringify([{ id: 'Bad Id', zh: '坏', en: 'Bad' }]);
    expect(() => loadConfig({ CONCERN_CATEGORIES: bad })).toThrow(/CONCERN_CATEGORIES: 0\.id/);
    expect(() => loadConfig({ CONCERN_ANSWER_DAYS: '0' })).toThrow(
      /CONCERN_ANSWER_DAYS must be a whole number from 1 to 60/,
    );
  });
});

describe('a concern’s record (entries appended in order)', () => {
  let dir: string;
  let db: Db;
  let now = Date.parse('2026-03-09T09:00:00+08:00');
  let service: ConcernService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concerns-unit-'));
    db = await openDb({ dataDir: dir });
    for (const id of ['o1', 'o2']) {
      await createStaff(db, { id, username: id, displayName: `警官${id}`, role: 'officer', passwordHash: 'x' });
      await addMembership(db, id, 'main');
    }
    // An officer of another station only: no officer of main's concerns.
    await createStaff(db, { id: 'o3', username: 'o3', displayName: '警官o3', role: 'officer', passwordHash: 'x' });
    await addMembership(db, 'o3', 'xihu');
    await createMerchant(db, { id: 'm1', displayName: '王', shopName: '王记', phone: null, recoveryHash: 'x' });
    service = new ConcernService(db, {
      timeZone: SH,
      categories: [{ id: 'noise', zh: '噪音', en: 'Noise' }],
      contactDays: 1,
      answerDays: 5,
      now: () => now,
    });
    // The embedded database can take a while to open on a busy machine.
  }, 120_000);

  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds each step after the last, with its author and the station’s clock, and never rewrites one', async () => {
    const raised = await service.raise('main', 'm1', { category: 'noise', place: '东门', what: '夜里很吵' });
    if (!raised.ok) throw new Error(raised.error);
    const id = raised.value.id;
    expect(raised.value.number).toBe('SQ-20260309-0001');
    const steps: [ConcernActor, unknown][] = [
      [officer, { kind: 'note', text: '已电话联系' }],
      [officer, { kind: 'assign', officerId: 'o2' }],
      [
        { kind: 'officer', id: 'o2' },
        { kind: 'reply', text: '已处理' },
      ],
      [merchant, { kind: 'reopen', reason: '还是吵' }],
      [
        { kind: 'officer', id: 'o2' },
        { kind: 'reply', text: '已再次处理' },
      ],
      [merchant, { kind: 'confirm' }],
    ];
    for (const [who, body] of steps) {
      now += 60_000;
      const r = await service.step('main', who, id, body);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const view = await service.one('main', id, 'staff');
    expect(view?.status).toBe('settled');
    expect(view?.entries.map((e) => [e.seq, e.kind, e.author.name])).toEqual([
      [1, 'raised', '王'],
      [2, 'assign', '警官o1'], // taken up by the first officer to act
      [3, 'note', '警官o1'],
      [4, 'assign', '警官o1'],
      [5, 'reply', '警官o2'],
      [6, 'reopen', '王'],
      [7, 'reply', '警官o2'],
      [8, 'confirm', '王'],
    ]);
    expect(view?.entries[2]).toMatchObject({ date: '2026-03-09', time: '09:01', text: '已电话联系' });
    expect(view?.entries[3]).toMatchObject({ assignee: { id: 'o2', name: '警官o2' } });
    await expect(db.query('UPDATE concern_entries SET detail = $1 WHERE concern_id = $2', ['{}', id])).rejects.toThrow(
      /only ever added/,
    );
    await expect(db.query('DELETE FROM concern_entries WHERE concern_id = $1', [id])).rejects.toThrow(
      /only ever added/,
    );
  });

  it('two steps on the same reading: the second is refused, not stacked on the first', async () => {
    const raised = await service.raise('main', 'm1', { category: 'noise', place: '西门', what: '油烟' });
    if (!raised.ok) throw new Error(raised.error);
    const results = await Promise.all([
      service.step('main', officer, raised.value.id, { kind: 'reply', text: '甲' }),
      service.step('main', { kind: 'officer', id: 'o2' }, raised.value.id, { kind: 'reply', text: '乙' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      expect.stringMatching(/^(changed_meanwhile|answered)$/),
    ]);
    const view = await service.one('main', raised.value.id, 'staff');
    expect(view?.entries.filter((e) => e.kind === 'reply')).toHaveLength(1);
  });

  it('keeps a concern to the station it was raised at: another station neither finds it nor gets it assigned', async () => {
    const raised = await service.raise('main', 'm1', { category: 'noise', place: '北门', what: '占道' });
    if (!raised.ok) throw new Error(raised.error);
    const id = raised.value.id;
    expect(raised.value.number).toMatch(/^SQ-20260309-\d{4}$/);
    expect(await service.one('xihu', id, 'staff')).toBeNull();
    expect(await service.one('xihu', id, { merchantId: 'm1' })).toBeNull();
    const elsewhere = await service.step('xihu', { kind: 'officer', id: 'o3' }, id, { kind: 'note', text: '越站' });
    expect(elsewhere).toMatchObject({ ok: false, error: 'not_found' });
    // An officer of another station is no officer of this one's concerns.
    const assigned = await service.step('main', officer, id, { kind: 'assign', officerId: 'o3' });
    expect(assigned).toMatchObject({ ok: false, error: 'no_such_officer' });
    expect((await service.officers('main')).officers.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect((await service.officers('xihu')).officers.map((o) => o.id)).toEqual(['o3']);
    expect((await service.open('xihu')).concerns).toEqual([]);
    expect((await service.mine('xihu', 'm1')).concerns).toEqual([]);
    expect((await service.mine('main', 'm1')).concerns.map((c) => c.id)).toContain(id);
    expect((await service.one('main', id, 'staff'))?.entries.map((e) => e.kind)).toEqual(['raised']);
  });
});
