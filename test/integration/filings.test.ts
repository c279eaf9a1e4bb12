import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { FilingsRoute, IMAGE_MAX_BYTES, type FilingView } from '../../shared/filing.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken } from './helpers.ts';

/** A real PNG of the given size, drawn with pngjs. */
function png(width = 8, height = 8): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(200);
  return PNG.sync.write(img);
}
const jpeg = () =>
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...'JFIF'.split('').map((c) => c.charCodeAt(0)), 0, 0xff, 0xd9]);
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
    hall = await bootHall(target.env);
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
    const followed = await review(officer, {
      action: 'acceptWithItems',
      items: ['三十日内补交产权证明复印件'],
      deadline: '2026-12-24',
    });
    expect(followed.body).toMatchObject({ state: 'acceptedWithItems', deadline: '2026-12-24' });
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

  it('keeps filings and images through a restart', async () => {
    await hall.close();
    hall = await bootHall(target.env);
    const back = await call<FilingView>(hall, owner, 'GET', FilingsRoute.filing.replace(':id', filing.id));
    expect(back.body).toMatchObject({ state: 'filed', items: [], form: { width: 2.5 } });
    const img = await call(hall, owner, 'GET', FilingsRoute.upload.replace(':id', images.design));
    expect(img.bytes.equals(png())).toBe(true);
    // "My cases" shows the filing under its case, with where it stands.
    const c = await call<{ filings: { signText: string; state: string }[] }>(
      hall,
      owner,
      'GET',
      `/api/cases/${filing.caseId}`,
    );
    expect(c.body.filings).toEqual([expect.objectContaining({ signText: '周记茶饮 <b>&\'"', state: 'filed' })]);
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
