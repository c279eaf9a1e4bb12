import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import {
  FilingsRoute,
  IMAGE_MAX_BYTES,
  UPLOAD_DAILY_BYTES,
  UPLOAD_DAILY_COUNT,
  type FilingView,
} from '../../shared/filing.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { stationDay } from '../../server/domain/queue.ts';
import { VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken } from './helpers.ts';

/** A real PNG of the given size, drawn with pngjs. */
function png(width = 8, height = 8): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(200);
  return PNG.sync.write(img);
}
/** SOI, a whole JFIF APP0 segment, EOI. */
const jpeg = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  ]);
function webp(): Buffer {
  const body = Buffer.from('WEBPVP8 \u0000\u0000\u0000\u0000', 'latin1');
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

async function call<T = Record<string, unknown>>(
  hall: RunningHall,
  token: string,
  method: string,
  route: string,
  body?: unknown,
  raw?: Buffer,
  contentType = 'application/json',
) {
  const res = await fetch(new URL(route, hallUrl(hall)), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': raw ? contentType : 'application/json' },
    body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.arrayBuffer();
  let json: unknown = null;
  try {
    json = JSON.parse(Buffer.from(text).toString('utf8'));
  } catch {
    json = null;
  }
  return { status: res.status, body: json as T, bytes: Buffer.from(text), type: res.headers.get('content-type') };
}

const upload = (hall: RunningHall, token: string, bytes: Buffer, type = 'image/png') =>
  call<{ id: string; type: string; error?: string }>(hall, token, 'POST', FilingsRoute.uploads, undefined, bytes, type);

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const tomorrow = () => stationDay(Date.now() + DAY_MS, TZ);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`filing tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-filing')))('signboard filings on $name', (target) => {
  let hall: RunningHall;
  let owner: string;
  let stranger: string;
  let officer: string;
  let filing: FilingView;
  let images: { design: string; photo: string };

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    owner = await signUpMerchant(hallUrl(hall), '周女士', '周记茶饮');
    stranger = await signUpMerchant(hallUrl(hall), '吴先生', '吴家烧烤');
    officer = await staffToken(hall, 'officer', 'sun', '孙警官');
  });
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  it('takes PNG, JPEG and WebP by their content and refuses the rest clearly', async () => {
    const ok = await upload(hall, owner, png());
    expect(ok.status).toBe(201);
    expect(ok.body.type).toBe('image/png');
    // The name and the claimed type do not matter: a JPEG sent as "image/png" is stored as a JPEG.
    expect((await upload(hall, owner, jpeg(), 'image/png')).body.type).toBe('image/jpeg');
    expect((await upload(hall, owner, webp(), 'application/octet-stream')).body.type).toBe('image/webp');
    images = { design: ok.body.id, photo: (await upload(hall, owner, png(16, 9))).body.id };

    const text = await upload(hall, owner, Buffer.from('<svg onload=alert(1)></svg>'), 'image/png');
    expect([text.status, text.body.error]).toEqual([415, 'wrong_type']);
    const exe = await upload(hall, owner, Buffer.from('MZ\u0090\u0000 pretend.png'), 'image/png');
    expect([exe.status, exe.body.error]).toEqual([415, 'wrong_type']);
    const empty = await upload(hall, owner, Buffer.alloc(0));
    expect([empty.status, empty.body.error]).toEqual([400, 'empty']);
    const whole = png(32, 32);
    const cut = await upload(hall, owner, whole.subarray(0, whole.length - 20));
    expect([cut.status, cut.body.error]).toEqual([400, 'truncated']);
    const big = Buffer.concat([png(), Buffer.alloc(IMAGE_MAX_BYTES)]);
    expect((await upload(hall, owner, big)).status).toBe(413);
    // Staff do not upload merchants' documents; no token, no upload.
    expect((await upload(hall, officer, png())).status).toBe(403);
    expect((await upload(hall, 'nope', png())).status).toBe(401);
  });

  it('holds each merchant to a daily allowance of images and bytes, with a clear refusal', async () => {
    const busy = await signUpMerchant(hallUrl(hall), '钱先生', '钱记快印');
    for (let i = 0; i < UPLOAD_DAILY_COUNT; i++) expect((await upload(hall, busy, png(2, 2))).status).toBe(201);
    const over = await upload(hall, busy, png(2, 2));
    expect([over.status, over.body.error]).toEqual([429, 'quota_exceeded']);
    // Another merchant's allowance is their own.
    expect((await upload(hall, stranger, png(2, 2))).status).toBe(201);
    // Bytes count too: a merchant with nearly the day's bytes behind them cannot add a 1 KB image.
    const me = await call<{ me: { id: string } }>(hall, stranger, 'GET', '/api/me');
    await hall.db.query(
      `INSERT INTO uploads (id, owner_id, mime, size, sha256, bytes) VALUES ($1, $2, 'image/png', $3, '', '\\x00')`,
      [`big-${me.body.me.id}`, me.body.me.id, UPLOAD_DAILY_BYTES - 500],
    );
    const heavy = await upload(
      hall,
      stranger,
      Buffer.concat([jpeg().subarray(0, 20), Buffer.alloc(1024, 0x20), jpeg().subarray(20)]),
    );
    expect([heavy.status, heavy.body.error]).toEqual([429, 'quota_exceeded']);
    await hall.db.query('DELETE FROM uploads WHERE id = $1', [`big-${me.body.me.id}`]);
  });

  it('holds the allowance exactly when a merchant sends many uploads at once', async () => {
    const hasty = await signUpMerchant(hallUrl(hall), '冯女士', '冯记裁缝');
    const sent = await Promise.all(
      Array.from({ length: UPLOAD_DAILY_COUNT + 5 }, (_, i) => upload(hall, hasty, png(2 + (i % 3), 2))),
    );
    const accepted = sent.filter((r) => r.status === 201);
    const refused = sent.filter((r) => r.status !== 201);
    expect(accepted).toHaveLength(UPLOAD_DAILY_COUNT);
    expect(refused.map((r) => [r.status, r.body.error])).toEqual(Array(5).fill([429, 'quota_exceeded']));
    const me = await call<{ me: { id: string } }>(hall, hasty, 'GET', '/api/me');
    const [row] = await hall.db.query<{ n: string | number }>('SELECT count(*) AS n FROM uploads WHERE owner_id = $1', [
      me.body.me.id,
    ]);
    expect(Number(row?.n)).toBe(UPLOAD_DAILY_COUNT);

    // Bytes too: with room left for exactly two images, only two of several sent at once are kept.
    const roomy = await signUpMerchant(hallUrl(hall), '褚先生', '褚记五金');
    const roomyId = (await call<{ me: { id: string } }>(hall, roomy, 'GET', '/api/me')).body.me.id;
    const image = png(4, 4);
    await hall.db.query(
      `INSERT INTO uploads (id, owner_id, mime, size, sha256, bytes) VALUES ($1, $2, 'image/png', $3, '', '\\x00')`,
      [`big-${roomyId}`, roomyId, UPLOAD_DAILY_BYTES - 2 * image.length - 1],
    );
    const heavy = await Promise.all(Array.from({ length: 6 }, () => upload(hall, roomy, image)));
    expect(heavy.filter((r) => r.status === 201)).toHaveLength(2);
    expect(heavy.filter((r) => r.status === 429 && r.body.error === 'quota_exceeded')).toHaveLength(4);
    await hall.db.query('DELETE FROM uploads WHERE owner_id = $1', [roomyId]);
  });

  it('serves an image only to the merchant who uploaded it and to staff', async () => {
    const route = FilingsRoute.upload.replace(':id', images.design);
    const mine = await call(hall, owner, 'GET', route);
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('image/png');
    expect(mine.bytes.equals(png())).toBe(true);
    expect((await call(hall, officer, 'GET', route)).status).toBe(200);
    expect((await call(hall, stranger, 'GET', route)).status).toBe(404);
  });

  it('judges the form field by field, and files it under the merchant’s signboard case', async () => {
    const bad = await call<{ error: string; fields: Record<string, string> }>(
      hall,
      owner,
      'POST',
      FilingsRoute.filings,
      {
        shopName: '',
        address: 'A栋 101',
        signText: '周记茶饮',
        width: 'wide',
        height: 40,
        material: 'gold',
        mounting: 'flat',
        lighting: 'internal',
        lightSource: '',
        designImage: images.design,
        streetPhoto: 'someone-elses-photo',
        tenure: 'lease',
        tenureDoc: '租赁合同 2026-017',
        commitment: false,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({
      shopName: 'required',
      width: 'not_a_number',
      height: 'out_of_range',
      material: 'invalid_choice',
      lightSource: 'light_source_required',
      streetPhoto: 'image_required',
      commitment: 'must_accept',
    });
    // Another merchant's image cannot be filed as one's own.
    const borrowed = await call<{ fields: Record<string, string> }>(hall, stranger, 'POST', FilingsRoute.filings, {
      ...form(images),
    });
    expect(borrowed.body.fields).toEqual({ designImage: 'image_required', streetPhoto: 'image_required' });

    const ok = await call<FilingView>(hall, owner, 'POST', FilingsRoute.filings, form(images));
    expect(ok.status).toBe(201);
    filing = ok.body;
    expect(filing).toMatchObject({ state: 'submitted', caseNumber: expect.stringMatching(/^BJ-\d{8}-\d{4}$/) });
    expect(filing.form.signText).toBe('周记茶饮 <b>&\'"');
  });

  it('another merchant can read neither the filing nor its images; staff can', async () => {
    const route = FilingsRoute.filing.replace(':id', filing.id);
    expect((await call(hall, stranger, 'GET', route)).status).toBe(404);
    expect((await call<{ filings: FilingView[] }>(hall, stranger, 'GET', FilingsRoute.filings)).body.filings).toEqual(
      [],
    );
    expect((await call(hall, officer, 'GET', route)).status).toBe(200);
    const list = await call<{ filings: FilingView[] }>(hall, officer, 'GET', FilingsRoute.filings);
    expect(list.body.filings.map((f) => f.id)).toContain(filing.id);
  });

  it('moves only along the review states, and the merchant hears each step at once', async () => {
    const merchant = await visitWithToken(hall, owner);
    const seen = () =>
      merchant.box.filter((m) => m.type === HallNotice.filingChanged).map((m) => (m.message as FilingView).state);
    const review = (token: string, step: unknown) =>
      call<FilingView>(hall, token, 'POST', FilingsRoute.review.replace(':id', filing.id), step);

    expect((await review(owner, { action: 'startReview' })).status).toBe(403);
    expect((await review(officer, { action: 'file' })).status).toBe(409); // not under review yet
    expect((await review(officer, { action: 'requestChanges', items: [] })).status).toBe(400);
    expect((await review(officer, { action: 'startReview' })).body.state).toBe('underReview');
    const changes = ['设计图需标注尺寸', '补充夜间效果图'];
    const asked = await review(officer, { action: 'requestChanges', items: changes });
    expect(asked.body).toMatchObject({ state: 'changesRequested', items: changes });
    await until(() => seen().join() === 'underReview,changesRequested', 'merchant told of each step');

    // The merchant fixes and resubmits; an officer cannot resubmit for them.
    const route = FilingsRoute.filing.replace(':id', filing.id);
    expect((await call(hall, officer, 'PUT', route, form(images))).status).toBe(403);
    expect((await call(hall, stranger, 'PUT', route, form(images))).status).toBe(404);
    const again = await call<FilingView>(hall, owner, 'PUT', route, { ...form(images), width: 2.5 });
    expect(again.body).toMatchObject({ state: 'submitted', form: { width: 2.5 } });
    expect((await call(hall, owner, 'PUT', route, form(images))).status).toBe(409); // nothing asked now

    await review(officer, { action: 'startReview' });
    // A deadline already past is refused with its own reason; today is still in time.
    const yesterday = stationDay(Date.now() - DAY_MS, TZ);
    const past = await review(officer, { action: 'acceptWithItems', items: ['补交产权证明'], deadline: yesterday });
    expect([past.status, (past.body as unknown as { error: string }).error]).toEqual([400, 'deadline_past']);
    const due = stationDay(Date.now() + 30 * DAY_MS, TZ);
    const followed = await review(officer, {
      action: 'acceptWithItems',
      items: ['三十日内补交产权证明复印件'],
      deadline: due,
    });
    expect(followed.body).toMatchObject({ state: 'acceptedWithItems', deadline: due });
    const filed = await review(officer, { action: 'file' });
    expect(filed.body.state).toBe('filed');
    expect((await review(officer, { action: 'startReview' })).status).toBe(409);
    expect(filed.body.history.map((h) => h.state)).toEqual([
      'submitted',
      'underReview',
      'changesRequested',
      'submitted',
      'underReview',
      'acceptedWithItems',
      'filed',
    ]);
    await until(() => seen().at(-1) === 'filed', 'merchant told it is filed');
    await merchant.room.leave(true);
  });

  it('a filing waits for its visit: moved keeps the link, cancelled by either side puts it back under review', async () => {
    const second = await call<FilingView>(hall, owner, 'POST', FilingsRoute.filings, {
      ...form(images),
      signText: '周记茶饮 侧招',
    });
    expect(second.status).toBe(201);
    const fid = second.body.id;
    const review = (step: unknown, token = officer) =>
      call<FilingView & { error?: string }>(hall, token, 'POST', FilingsRoute.review.replace(':id', fid), step);
    const slot = async (from: string, to: string) =>
      (await call<VisitSlot>(hall, officer, 'POST', VisitsRoute.slots, { date: tomorrow(), from, to })).body.id;
    const [a, b, c] = [await slot('09:00', '10:00'), await slot('10:00', '11:00'), await slot('11:00', '12:00')];
    const visitRoute = (r: string, id: string) => r.replace(':id', id);
    const getFiling = async () =>
      (await call<FilingView>(hall, owner, 'GET', FilingsRoute.filing.replace(':id', fid))).body;
    const mySlots = async () =>
      (await call<{ mine: VisitSlot[] }>(hall, owner, 'GET', VisitsRoute.slots)).body.mine.map((s) => s.id);
    const merchant = await visitWithToken(hall, owner);
    const officerIn = await visitWithToken(hall, officer);
    const heard = (box: typeof merchant.box) =>
      box
        .filter((m) => m.type === HallNotice.filingChanged && (m.message as { id: string }).id === fid)
        .map((m) => (m.message as FilingView).state);

    await review({ action: 'startReview' });
    // Two officers book different windows for it at the same moment: one booking stands, the other is undone
    // whole, so the filing's window and the merchant's booking are the same one.
    const [x, y] = await Promise.all([
      review({ action: 'bookVisit', slotId: a }),
      review({ action: 'bookVisit', slotId: b }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const won = x.status === 200 ? a : b;
    expect((await getFiling()).visitSlotId).toBe(won);
    expect(await mySlots()).toEqual([won]);
    await until(() => heard(merchant.box).at(-1) === 'visitBooked', 'merchant told of the booking');

    // The merchant moves the visit to another window: the filing still waits, now for that one.
    const moved = await call(hall, owner, 'POST', visitRoute(VisitsRoute.book, c), { caseId: second.body.caseId });
    expect(moved.status).toBe(200);
    expect(await getFiling()).toMatchObject({ state: 'visitBooked', visitSlotId: c });
    expect(await mySlots()).toEqual([c]);

    // The officer cancels it: the filing is back under review, without a window, and both sides hear it at once.
    const before = heard(merchant.box).length;
    expect((await call(hall, officer, 'POST', visitRoute(VisitsRoute.cancel, c))).status).toBe(200);
    expect(await getFiling()).toMatchObject({ state: 'underReview', visitSlotId: null });
    await until(() => heard(merchant.box).length > before && heard(merchant.box).at(-1), 'merchant told');
    expect(heard(merchant.box).at(-1)).toBe('underReview');
    await until(() => heard(officerIn.box).at(-1) === 'underReview', 'officer told');
    const cancelledBy = await hall.db.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_log WHERE action = 'visit.cancel' AND target_id = $1`,
      [c],
    );
    expect(cancelledBy).toHaveLength(1);

    // Booked again, and this time the merchant cancels: back under review too, with the step in its history.
    expect((await review({ action: 'bookVisit', slotId: a })).body.state).toBe('visitBooked');
    expect((await call(hall, owner, 'POST', visitRoute(VisitsRoute.cancel, a))).status).toBe(200);
    const back = await getFiling();
    expect(back).toMatchObject({ state: 'underReview', visitSlotId: null });
    expect(back.history.map((h) => `${h.state}/${h.by}`).slice(-2)).toEqual([
      'visitBooked/officer',
      'underReview/merchant',
    ]);

    // Filed only once the visit's result is in.
    expect((await review({ action: 'bookVisit', slotId: b })).body.state).toBe('visitBooked');
    const early = await review({ action: 'file' });
    expect([early.status, early.body.error]).toEqual([409, 'visit_not_recorded']);
    await hall.db.query(
      `UPDATE visit_slots SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '50 minutes'
       WHERE id = $1`,
      [b],
    );
    const result = '现场核查：侧招尺寸与备案一致。';
    expect((await call(hall, officer, 'POST', visitRoute(VisitsRoute.result, b), { result })).status).toBe(200);
    expect((await review({ action: 'file' })).body.state).toBe('filed');
    await merchant.room.leave(true);
    await officerIn.room.leave(true);
  });

  it('keeps filings and images through a restart, and clears images no filing used after a day', async () => {
    const unused = (await upload(hall, owner, png(3, 3))).body.id;
    const fresh = (await upload(hall, owner, png(5, 5))).body.id;
    // A day and more has passed for every image but the fresh one, the filed ones included.
    await hall.db.query(`UPDATE uploads SET created_at = now() - interval '25 hours' WHERE id <> $1`, [fresh]);
    await hall.close();
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    const back = await call<FilingView>(hall, owner, 'GET', FilingsRoute.filing.replace(':id', filing.id));
    expect(back.body).toMatchObject({ state: 'filed', items: [], form: { width: 2.5 } });
    const img = await call(hall, owner, 'GET', FilingsRoute.upload.replace(':id', images.design));
    expect(img.bytes.equals(png())).toBe(true);
    // Swept on start: the old unused image is gone; the fresh one and the filed ones stay.
    const imageStatus = async (id: string) =>
      (await call(hall, owner, 'GET', FilingsRoute.upload.replace(':id', id))).status;
    await until(async () => (await imageStatus(unused)) === 404, 'unused image swept');
    expect(await imageStatus(fresh)).toBe(200);
    expect(await imageStatus(back.body.form.streetPhoto)).toBe(200);
    // "My cases" shows the filing under its case, with where it stands.
    const c = await call<{ filings: { signText: string; state: string }[] }>(
      hall,
      owner,
      'GET',
      `/api/cases/${filing.caseId}`,
    );
    expect(c.body.filings).toEqual(
      expect.arrayContaining([expect.objectContaining({ signText: '周记茶饮 <b>&\'"', state: 'filed' })]),
    );
  });
});

function form(images: { design: string; photo: string }) {
  return {
    shopName: '周记茶饮（科教园店）',
    address: '科教园区 A 栋 101',
    signText: '周记茶饮 <b>&\'"',
    width: '3.2',
    height: 0.8,
    material: 'acrylic',
    mounting: 'flat',
    lighting: 'internal',
    lightSource: 'led',
    designImage: images.design,
    streetPhoto: images.photo,
    tenure: 'lease',
    tenureDoc: '租赁合同 2026-017',
    commitment: true,
  };
}
