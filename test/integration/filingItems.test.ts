import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { deleteUnusedUploads } from '../../server/filings/uploadStore.ts';
import { stationDay } from '../../shared/dates.ts';
import { FilingsRoute, type FilingView } from '../../shared/filing.ts';
import { FilingItemsRoute, HAND_IN_TEXT_MAX, type FilingNews } from '../../shared/filingItems.ts';
import { HallNotice, type FilingChangedNotice } from '../../shared/protocol.ts';
import { MovableClock } from '../support/clock.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;

/** A real PNG in one shade (another shade is another image). */
function png(shade: number): Buffer {
  const img = new PNG({ width: 16, height: 12 });
  img.data.fill(shade);
  return PNG.sync.write(img);
}

async function upload(hall: RunningHall, token: string, bytes: Buffer): Promise<string> {
  const res = await fetch(new URL(FilingsRoute.uploads, hallUrl(hall)), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
    body: new Uint8Array(bytes),
  });
  return ((await res.json()) as { id: string }).id;
}

const form = (images: { design: string; photo: string }, signText: string) => ({
  shopName: '郑记面馆',
  address: '科教园区 C 栋 3 号',
  signText,
  width: 3,
  height: 0.8,
  material: 'acrylic',
  mounting: 'flat',
  lighting: 'none',
  designImage: images.design,
  streetPhoto: images.photo,
  tenure: 'lease',
  tenureDoc: 'ZL-2026-031',
  commitment: true,
});

type Refusal = { error: string; fields?: Record<string, string>; limits?: Record<string, number> };

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`filing item tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-items')))('items to follow on $name', (target) => {
  const clock = new MovableClock();
  let hall: RunningHall;
  let owner: string;
  let stranger: string;
  let officer: string;
  let merchant: Visitor;
  let images: { design: string; photo: string };

  const route = (r: string, filing: string, item = '') => r.replace(':id', filing).replace(':item', item);
  const handIn = (token: string, f: FilingView, item: number | string, body: unknown) =>
    api<FilingView & Refusal>(
      hall,
      token,
      'POST',
      route(FilingItemsRoute.handIn, f.id, typeof item === 'number' ? f.followUp[item]!.id : item),
      body,
    );
  const answer = (token: string, f: FilingView, item: number, body: unknown) =>
    api<FilingView & Refusal>(hall, token, 'POST', route(FilingItemsRoute.answer, f.id, f.followUp[item]!.id), body);
  const review = (f: FilingView, step: unknown) =>
    api<FilingView & Refusal>(hall, officer, 'POST', route(FilingsRoute.review, f.id), step);
  /** What the merchant's page has heard of this filing, in order. */
  const heard = (f: FilingView) =>
    merchant.box
      .filter((m) => m.type === HallNotice.filingChanged && (m.message as FilingChangedNotice).id === f.id)
      .map((m) => m.message as FilingChangedNotice);
  const news = (f: FilingView) => heard(f).flatMap((n) => (n.news ? [n.news] : []));

  /** A filing the officer accepts with these items to follow, due `days` from the station's today. */
  async function acceptedWith(items: string[], days: number, sign: string): Promise<FilingView> {
    const filed = await api<FilingView>(hall, owner, 'POST', FilingsRoute.filings, form(images, sign));
    expect(filed.status).toBe(201);
    await review(filed.body, { action: 'startReview' });
    const deadline = stationDay(clock.now() + days * DAY_MS, TZ);
    const accepted = await review(filed.body, { action: 'acceptWithItems', items, deadline });
    expect(accepted.status).toBe(200);
    return accepted.body;
  }

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ, FILING_DEADLINE_CHECK_SECONDS: '1' }, clock);
    owner = await signUpMerchant(hallUrl(hall), '郑女士', '郑记面馆');
    stranger = await signUpMerchant(hallUrl(hall), '冯先生', '冯记五金');
    officer = await staffToken(hall, 'officer', 'he', '何警官');
    images = { design: await upload(hall, owner, png(40)), photo: await upload(hall, owner, png(80)) };
    merchant = await visitWithToken(hall, owner);
  });
  afterAll(async () => {
    await merchant.room.leave(true);
    await hall.close();
    await target.cleanup();
  });

  it('each item is handed in by photo or text, accepted or asked again, and the last accepted files the filing', async () => {
    let f = await acceptedWith(['补交租赁合同复印件（盖章）', '补充招牌夜间效果说明'], 7, '郑记面馆');
    expect(f.followUp.map((i) => [i.text, i.state, i.overdue])).toEqual([
      ['补交租赁合同复印件（盖章）', 'owed', false],
      ['补充招牌夜间效果说明', 'owed', false],
    ]);
    // Nothing can be filed while items are owed.
    expect((await review(f, { action: 'file' })).body.error).toBe('items_outstanding');

    const photo = await upload(hall, owner, png(160));
    const first = await handIn(owner, f, 0, { kind: 'photo', imageId: photo });
    expect(first.status).toBe(200);
    expect(first.body.followUp[0]).toMatchObject({ state: 'handedIn', answer: { kind: 'photo', imageId: photo } });
    // The officer reads the photo handed in, as they read the filing's own.
    const seen = await fetch(new URL(FilingsRoute.upload.replace(':id', photo), hallUrl(hall)), {
      headers: { Authorization: `Bearer ${officer}` },
    });
    expect([seen.status, seen.headers.get('content-type')]).toEqual([200, 'image/png']);
    // Handed in once, it waits for the officer: not again meanwhile.
    expect((await handIn(owner, f, 0, { kind: 'text', text: '再交一次' })).body.error).toBe('illegal_transition');

    const second = await handIn(owner, f, 1, { kind: 'text', text: '夜间内透光，亮度 <script>alert(1)</script>' });
    expect(second.body.followUp[1]).toMatchObject({
      state: 'handedIn',
      answer: { kind: 'text', text: '夜间内透光，亮度 <script>alert(1)</script>' },
    });
    // An officer answers only what was handed in; the merchant cannot answer their own.
    expect((await answer(owner, f, 0, { action: 'accept' })).status).toBe(403);

    f = (await answer(officer, f, 0, { action: 'accept' })).body;
    expect(f.followUp[0]!.state).toBe('accepted');
    expect(f.state).toBe('acceptedWithItems');
    await until(() => news(f).some((n) => n.kind === 'accepted'), 'merchant told the item was accepted');
    // In the order it happened: the hand-in (which the merchant's page says itself), then the answer.
    expect(news(f).slice(0, 3)).toEqual([
      { kind: 'handedIn', item: '补交租赁合同复印件（盖章）' },
      { kind: 'handedIn', item: '补充招牌夜间效果说明' },
      { kind: 'accepted', item: '补交租赁合同复印件（盖章）' },
    ]);

    // Asked again: a new day before today is refused; without one the item keeps its deadline.
    const yesterday = stationDay(clock.now() - DAY_MS, TZ);
    const past = await answer(officer, f, 1, { action: 'askAgain', reason: '请写明灯光颜色', deadline: yesterday });
    expect([past.status, past.body.error]).toEqual([400, 'deadline_past']);
    f = (await answer(officer, f, 1, { action: 'askAgain', reason: '请写明灯光颜色和开关时间' })).body;
    const deadline = f.followUp[1]!.deadline;
    expect(f.followUp[1]).toMatchObject({ state: 'owed', reason: '请写明灯光颜色和开关时间', overdue: false });
    await until(() => news(f).some((n) => n.kind === 'askedAgain'), 'merchant told the item is asked again');
    expect(news(f)).toContainEqual({
      kind: 'askedAgain',
      item: '补充招牌夜间效果说明',
      reason: '请写明灯光颜色和开关时间',
      deadline,
    } satisfies FilingNews);

    await handIn(owner, f, 1, { kind: 'text', text: '暖白光，18:00–23:00 亮灯' });
    f = (await answer(officer, f, 1, { action: 'accept' })).body;
    expect(f.state).toBe('filed');
    expect(f.history.at(-1)).toMatchObject({ state: 'filed', by: 'officer' });
    expect(f.followUp[1]!.history.map((h) => [h.action, h.by])).toEqual([
      ['listed', 'officer'],
      ['handIn', 'merchant'],
      ['askAgain', 'officer'],
      ['handIn', 'merchant'],
      ['accept', 'officer'],
    ]);
    expect(f.followUp[1]!.history[1]!.answer).toEqual({
      kind: 'text',
      text: '夜间内透光，亮度 <script>alert(1)</script>',
    });
    await until(() => heard(f).at(-1)?.state === 'filed', 'merchant told the filing is filed');
    expect((await answer(officer, f, 1, { action: 'accept' })).body.error).toBe('illegal_transition');

    // The photo handed in outlives the sweep of unused uploads, however old.
    await deleteUnusedUploads(hall.db, new Date(clock.now() + 400 * DAY_MS).toISOString(), 500);
    expect((await api(hall, owner, 'GET', FilingsRoute.filing.replace(':id', f.id))).status).toBe(200);
    const kept = await fetch(new URL(FilingsRoute.upload.replace(':id', photo), hallUrl(hall)), {
      headers: { Authorization: `Bearer ${owner}` },
    });
    expect(kept.status).toBe(200);
  });

  it('refuses other merchants, staff handing in, the anonymous, and bad input, naming each field and its limit', async () => {
    const f = await acceptedWith(['补交营业执照副本'], 7, '郑记面馆二店');
    const url = new URL(route(FilingItemsRoute.handIn, f.id, f.followUp[0]!.id), hallUrl(hall));
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'text', text: 'x' }),
    });
    expect(anonymous.status).toBe(401);
    // Another merchant finds no such filing, and never reads it.
    expect((await handIn(stranger, f, 0, { kind: 'text', text: '替人交' })).status).toBe(404);
    expect((await api(hall, stranger, 'GET', FilingsRoute.filing.replace(':id', f.id))).status).toBe(404);
    expect((await handIn(officer, f, 0, { kind: 'text', text: 'x' })).status).toBe(403);
    // An item of another filing, or none, is not found.
    expect((await handIn(owner, f, 'no-such-item', { kind: 'text', text: 'x' })).status).toBe(404);

    const refused = async (body: unknown) => {
      const r = await handIn(owner, f, 0, body);
      return [r.status, r.body.error, r.body.fields, r.body.limits];
    };
    expect(await refused({ kind: 'text', text: '证'.repeat(HAND_IN_TEXT_MAX + 1) })).toEqual([
      400,
      'invalid_input',
      { text: 'too_long' },
      { text: HAND_IN_TEXT_MAX },
    ]);
    expect(await refused({ kind: 'text', text: '\u202Eevil' })).toEqual([
      400,
      'invalid_input',
      { text: 'invalid_chars' },
      { text: HAND_IN_TEXT_MAX },
    ]);
    // Another merchant's upload cannot be handed in as one's own.
    const theirs = await upload(hall, stranger, png(220));
    expect(await refused({ kind: 'photo', imageId: theirs })).toEqual([
      400,
      'invalid_input',
      { imageId: 'image_required' },
      {},
    ]);
    for (const hostile of [
      { kind: 'video', url: 'http://example.com/x.mp4' },
      { kind: '__proto__' },
      { kind: 'toString', text: 'x' },
      JSON.parse('{"kind":"text","text":"x","__proto__":{"state":"accepted"}}'),
      [],
      'text',
      null,
    ]) {
      const [status, error] = await refused(hostile);
      expect([status, error], JSON.stringify(hostile)).toEqual([400, 'invalid_input']);
    }
    // An oversized body is refused before it is read.
    const big = await handIn(owner, f, 0, { kind: 'text', text: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    const reason = await answer(officer, f, 0, { action: 'askAgain', reason: '店'.repeat(201) });
    expect([reason.status, reason.body.fields, reason.body.limits]).toEqual([
      400,
      { reason: 'too_long' },
      { reason: 200 },
    ]);
    // Nothing handed in yet: nothing to accept.
    expect((await answer(officer, f, 0, { action: 'accept' })).body.error).toBe('illegal_transition');

    // After all that, the item is still owed, untouched.
    const now = await api<FilingView>(hall, owner, 'GET', FilingsRoute.filing.replace(':id', f.id));
    expect(now.body.followUp[0]).toMatchObject({ state: 'owed', answer: null });
    expect(now.body.followUp[0]!.history.map((h) => h.action)).toEqual(['listed']);
  });

  it('flags items still owed after their day on the station clock, for the officer, and tells the merchant once', async () => {
    const f = await acceptedWith(['补交消防安全承诺书', '补交店招安装单位资质'], 0, '郑记面馆三店');
    // Due today: not overdue while today lasts.
    const officerView = async () =>
      (await api<{ filings: FilingView[] }>(hall, officer, 'GET', FilingsRoute.filings)).body.filings.find(
        (x) => x.id === f.id,
      )!;
    await handIn(owner, f, 1, { kind: 'text', text: '资质证书编号 AZ-7781' });
    expect((await officerView()).followUp.map((i) => i.overdue)).toEqual([false, false]);

    clock.advance(2 * DAY_MS);
    await until(() => news(f).some((n) => n.kind === 'overdue'), 'merchant told of the overdue item');
    expect(news(f).filter((n) => n.kind === 'overdue')).toEqual([
      { kind: 'overdue', items: 1, deadline: f.followUp[0]!.deadline },
    ]);
    // Flagged for the officer on the item still owed; the one handed in on time waits without a flag.
    const flagged = await officerView();
    expect(flagged.followUp.map((i) => [i.state, i.overdue])).toEqual([
      ['owed', true],
      ['handedIn', false],
    ]);
    expect(flagged.followUp[0]!.history.map((h) => [h.action, h.by])).toEqual([
      ['listed', 'officer'],
      ['overdue', 'station'],
    ]);
    // The merchant may still hand it in late; the flag goes with it.
    const late = await handIn(owner, f, 0, { kind: 'text', text: '承诺书已签，编号 XF-0092' });
    expect(late.body.followUp[0]).toMatchObject({ state: 'handedIn', overdue: false });
    // Asked again with a new day, it is owed afresh and not overdue until that day has passed.
    const newDay = stationDay(clock.now() + DAY_MS, TZ);
    const again = await answer(officer, late.body, 0, { action: 'askAgain', reason: '请上传签字页', deadline: newDay });
    expect(again.body.followUp[0]).toMatchObject({ state: 'owed', deadline: newDay, overdue: false });
    expect(news(f).filter((n) => n.kind === 'overdue')).toHaveLength(1);
  });
});
