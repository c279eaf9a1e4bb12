import { PNG } from 'pngjs';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { normaliseImage } from '../../server/filings/images.ts';
import { FilingsRoute, IMAGE_MAX_BYTES, type FilingView } from '../../shared/filing.ts';
import { FilingItemsRoute } from '../../shared/filingItems.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { stationDay } from '../../shared/dates.ts';
import { VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken } from './helpers.ts';

/** A real PNG of the given size, drawn with pngjs, in one grey (or another shade, for a different image). */
function png(width = 8, height = 8, shade = 200): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(shade);
  return PNG.sync.write(img);
}
/** A real JPEG and a real WebP, drawn with sharp. */
const jpeg = (width = 24, height = 16) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 30 } } })
    .jpeg()
    .toBuffer();
const webp = () =>
  sharp({ create: { width: 12, height: 12, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .webp()
    .toBuffer();
/** A phone's street photo: where it was taken (GPS) and the phone's name in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'HallPhone', Model: 'Street camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 5/1' },
    })
    .toBuffer();

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([head, typed, crc]);
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ihdr = (width: number, height: number) => {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([8, 2, 0, 0, 0], 8);
  return chunk('IHDR', data);
};
const IEND = chunk('IEND', Buffer.alloc(0));

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
  return {
    status: res.status,
    body: json as T,
    bytes: Buffer.from(text),
    type: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
  };
}

interface Uploaded {
  id: string;
  type: string;
  size: number;
  width: number;
  height: number;
  error?: string;
  limit?: Record<string, number>;
}

const upload = (hall: RunningHall, token: string, bytes: Buffer, type = 'image/png') =>
  call<Uploaded>(hall, token, 'POST', FilingsRoute.uploads, undefined, bytes, type);

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;
const tomorrow = () => stationDay(Date.now() + DAY_MS, TZ);

/** The station's bounds for this run: small, so each is reached in a few steps. */
const LIMITS = {
  UPLOAD_DAILY_COUNT: 12,
  UPLOAD_DAILY_MB: 40,
  UPLOAD_TOTAL_COUNT: 16,
  UPLOAD_TOTAL_MB: 200,
  OPEN_FILINGS_MAX: 3,
  IMAGE_MAX_SIDE: 8000,
  IMAGE_MAX_MEGAPIXELS: 40,
};
const env = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)]));

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`filing tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-filing')))('signboard filings on $name', (target) => {
  let hall: RunningHall;
  let owner: string;
  let stranger: string;
  let officer: string;
  let filing: FilingView;
  let images: { design: string; photo: string };

  const boot = () => bootHall({ ...target.env, ...env, STATION_TIMEZONE: TZ });
  const merchantId = async (token: string) =>
    (await call<{ me: { id: string } }>(hall, token, 'GET', '/api/me')).body.me.id;
  /** Stored for the merchant without going through the upload: `size` bytes, uploaded `ageHours` ago. */
  const storeFake = async (merchant: string, name: string, size: number, ageHours = 0) => {
    await hall.db.query(`INSERT INTO upload_blobs (sha256, mime, size, bytes) VALUES ($1, 'image/png', $2, '\\x00')`, [
      `fake-${name}`,
      size,
    ]);
    await hall.db.query(
      `INSERT INTO uploads (id, owner_id, mime, size, sha256, created_at, touched_at)
       VALUES ($1, $2, 'image/png', $3, $4, now() - make_interval(hours => $5), now() - make_interval(hours => $5))`,
      [`fake-${name}`, merchant, size, `fake-${name}`, ageHours],
    );
  };
  const dropFakes = async () => {
    await hall.db.query(`DELETE FROM uploads WHERE id LIKE 'fake-%'`);
    await hall.db.query(`DELETE FROM upload_blobs WHERE sha256 LIKE 'fake-%'`);
  };
  const pixels = async (file: Uint8Array) => sharp(file).raw().toBuffer();

  beforeAll(async () => {
    hall = await boot();
    owner = await signUpMerchant(hallUrl(hall), '周女士', '周记茶饮');
    stranger = await signUpMerchant(hallUrl(hall), '吴先生', '吴家烧烤');
    officer = await staffToken(hall, 'officer', 'sun', '孙警官');
  });
  afterAll(async () => {
    await hall.close();
    await target.cleanup();
  });

  it('takes real PNG, JPEG and WebP pictures by their content, stored afresh without their EXIF', async () => {
    const ok = await upload(hall, owner, png());
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ type: 'image/png', width: 8, height: 8 });
    // The name and the claimed type do not matter: a JPEG sent as "image/png" is stored as a JPEG.
    expect((await upload(hall, owner, await jpeg(), 'image/png')).body.type).toBe('image/jpeg');
    expect((await upload(hall, owner, await webp(), 'application/octet-stream')).body.type).toBe('image/webp');
    images = { design: ok.body.id, photo: (await upload(hall, owner, png(16, 9))).body.id };

    // A phone photo keeps its picture and loses where it was taken.
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const sent = await upload(hall, owner, photo, 'image/jpeg');
    expect(sent.status).toBe(201);
    const back = await call(hall, owner, 'GET', FilingsRoute.upload.replace(':id', sent.body.id));
    expect(back.type).toBe('image/jpeg');
    const meta = await sharp(back.bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 40, 20, undefined]);
    expect(back.bytes.includes('HallPhone')).toBe(false);
  });

  it('refuses junk, cut-off files, polyglots and decompression bombs, each by name', async () => {
    const refused = async (file: Buffer) => {
      const r = await upload(hall, owner, file);
      return [r.status, r.body.error];
    };
    expect(await refused(Buffer.from('<svg onload=alert(1)></svg>'))).toEqual([415, 'wrong_type']);
    expect(await refused(Buffer.from('MZ\u0090\u0000 pretend.png'))).toEqual([415, 'wrong_type']);
    expect(await refused(Buffer.alloc(0))).toEqual([400, 'empty']);
    // What main once took: a PNG header, junk, and an IEND at the end.
    const junk = Buffer.concat([PNG_SIGNATURE, ihdr(64, 64), Buffer.from('x'.repeat(2000)), IEND]);
    expect(await refused(junk)).toEqual([422, 'corrupt']);
    const fake = Buffer.concat([PNG_SIGNATURE, ihdr(64, 64), chunk('IDAT', Buffer.from('not pixels')), IEND]);
    expect(await refused(fake)).toEqual([422, 'corrupt']);
    const whole = png(32, 32);
    expect(await refused(whole.subarray(0, whole.length - 20))).toEqual([400, 'truncated']);
    const photo = await jpeg(300, 200);
    expect(await refused(photo.subarray(0, photo.length - 50))).toEqual([400, 'truncated']);
    const zip = Buffer.from('PK\u0003\u0004evil/index.html<script>alert(1)</script>', 'latin1');
    expect(await refused(Buffer.concat([png(), zip]))).toEqual([422, 'trailing_data']);
    expect(await refused(Buffer.concat([photo, zip]))).toEqual([422, 'trailing_data']);

    // 8 KB declaring 50000×50000 pixels: refused from its header, naming the bound.
    const bomb = Buffer.concat([
      PNG_SIGNATURE,
      ihdr(50_000, 50_000),
      chunk('IDAT', deflateSync(Buffer.alloc(8 * MB))),
      IEND,
    ]);
    const before = process.memoryUsage().rss;
    const boom = await upload(hall, owner, bomb);
    expect([boom.status, boom.body.error, boom.body.limit]).toEqual([
      422,
      'dimensions_too_large',
      { side: LIMITS.IMAGE_MAX_SIDE, megapixels: LIMITS.IMAGE_MAX_MEGAPIXELS },
    ]);
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * MB);

    const big = Buffer.concat([png(), Buffer.alloc(IMAGE_MAX_BYTES)]);
    expect((await upload(hall, owner, big)).status).toBe(413);
    // Staff do not upload merchants' documents; no token, no upload.
    expect((await upload(hall, officer, png())).status).toBe(403);
    expect((await upload(hall, 'nope', png())).status).toBe(401);
    // Nothing refused was stored.
    const [row] = await hall.db.query<{ n: string | number }>('SELECT count(*) AS n FROM uploads WHERE owner_id = $1', [
      await merchantId(owner),
    ]);
    expect(Number(row?.n)).toBe(5);
  });

  it('stores identical bytes once: the same merchant gets their upload back, another merchant one of their own', async () => {
    const picture = png(20, 20, 77);
    const first = await upload(hall, owner, picture);
    const again = await upload(hall, owner, picture);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    // Told apart by the stored picture, not the file sent: the same picture with a phone's EXIF is the same image.
    const plain = await jpeg(30, 30);
    const note = Buffer.from('HallPhone 31.2304N 121.4737E', 'latin1');
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, note.length + 2]), note]);
    const tagged = Buffer.concat([plain.subarray(0, 2), comment, plain.subarray(2)]);
    const plainUp = await upload(hall, owner, plain);
    const taggedUp = await upload(hall, owner, tagged);
    expect([plainUp.status, taggedUp.status]).toEqual([201, 200]);
    expect(taggedUp.body.id).toBe(plainUp.body.id);

    const theirs = await upload(hall, stranger, picture);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    const sha = await hall.db.query<{ sha256: string }>('SELECT sha256 FROM uploads WHERE id = $1', [first.body.id]);
    const sha256 = sha[0]!.sha256;
    const [blobs] = await hall.db.query<{ n: string | number; bytes: string | number }>(
      'SELECT count(*) AS n, sum(size) AS bytes FROM upload_blobs WHERE sha256 = $1',
      [sha256],
    );
    const claims = await hall.db.query<{ owner_id: string }>('SELECT owner_id FROM uploads WHERE sha256 = $1', [
      sha256,
    ]);
    expect(Number(blobs?.n)).toBe(1);
    expect(claims.map((c) => c.owner_id).sort()).toEqual([await merchantId(owner), await merchantId(stranger)].sort());

    // The bytes are shared; reading them is not. Each reads their own upload, never the other's.
    const route = (id: string) => FilingsRoute.upload.replace(':id', id);
    expect((await call(hall, stranger, 'GET', route(first.body.id))).status).toBe(404);
    expect((await call(hall, owner, 'GET', route(theirs.body.id))).status).toBe(404);
    const own = await call(hall, stranger, 'GET', route(theirs.body.id));
    expect(own.status).toBe(200);
    expect((await pixels(own.bytes)).equals(await pixels(picture))).toBe(true);
    // Nor file the other's upload as their own.
    const borrowed = await call<{ fields: Record<string, string> }>(hall, stranger, 'POST', FilingsRoute.filings, {
      ...form({ design: first.body.id, photo: theirs.body.id }),
    });
    expect(borrowed.body.fields).toEqual({ designImage: 'image_required' });
  });

  it('holds each merchant to a daily allowance of images and bytes, naming it and when to try again', async () => {
    const busy = await signUpMerchant(hallUrl(hall), '钱先生', '钱记快印');
    for (let i = 0; i < LIMITS.UPLOAD_DAILY_COUNT; i++) {
      expect((await upload(hall, busy, png(2, 2, i))).status).toBe(201);
    }
    const over = await upload(hall, busy, png(2, 2, 250));
    expect([over.status, over.body.error, over.body.limit]).toEqual([
      429,
      'quota_exceeded',
      { count: LIMITS.UPLOAD_DAILY_COUNT, megabytes: LIMITS.UPLOAD_DAILY_MB, hours: 24 },
    ]);
    // Room comes back when the first of today's uploads turns a day old.
    expect(Number(over.retryAfter)).toBeGreaterThan(DAY_MS / 1000 - 120);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(DAY_MS / 1000);
    // An image already stored costs nothing: it is handed back even now.
    expect((await upload(hall, busy, png(2, 2, 0))).status).toBe(200);
    // Another merchant's allowance is their own.
    expect((await upload(hall, stranger, png(2, 2, 1))).status).toBe(201);
    // Bytes count too: a merchant with nearly the day's bytes behind them cannot add a small image.
    await storeFake(await merchantId(stranger), 'day', LIMITS.UPLOAD_DAILY_MB * MB - 100);
    const heavy = await upload(hall, stranger, await jpeg(60, 60));
    expect([heavy.status, heavy.body.error]).toEqual([429, 'quota_exceeded']);
    await dropFakes();
  });

  it('holds the allowance exactly when a merchant sends many uploads at once', async () => {
    const hasty = await signUpMerchant(hallUrl(hall), '冯女士', '冯记裁缝');
    const sent = await Promise.all(
      Array.from({ length: LIMITS.UPLOAD_DAILY_COUNT + 5 }, (_, i) => upload(hall, hasty, png(3, 3, i))),
    );
    const accepted = sent.filter((r) => r.status === 201);
    const refused = sent.filter((r) => r.status !== 201);
    expect(accepted).toHaveLength(LIMITS.UPLOAD_DAILY_COUNT);
    expect(refused.map((r) => [r.status, r.body.error])).toEqual(Array(5).fill([429, 'quota_exceeded']));
    const [row] = await hall.db.query<{ n: string | number }>('SELECT count(*) AS n FROM uploads WHERE owner_id = $1', [
      await merchantId(hasty),
    ]);
    expect(Number(row?.n)).toBe(LIMITS.UPLOAD_DAILY_COUNT);

    // The same image sent five times at once is stored once, under one id.
    const twins = await Promise.all(Array.from({ length: 5 }, () => upload(hall, stranger, png(6, 6, 33))));
    expect(new Set(twins.map((r) => r.body.id)).size).toBe(1);
    expect(twins.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);

    // Bytes too: with room left for exactly two images, only two of several sent at once are kept.
    const roomy = await signUpMerchant(hallUrl(hall), '褚先生', '褚记五金');
    // Six different images that are stored at the same size.
    const bySize = new Map<number, Buffer[]>();
    for (let shade = 0; shade < 256; shade += 3) {
      const f = png(4, 4, shade);
      const r = await normaliseImage(f, { maxSide: 8000, maxPixels: 40e6 });
      if (r.ok) bySize.set(r.bytes.length, [...(bySize.get(r.bytes.length) ?? []), f]);
    }
    const [size, same] = [...bySize].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(same.length).toBeGreaterThanOrEqual(6);
    const files = same.slice(0, 6);
    const sizes = [size];
    await storeFake(await merchantId(roomy), 'roomy', LIMITS.UPLOAD_DAILY_MB * MB - 2 * sizes[0]! - 1);
    const heavy = await Promise.all(files.map((f) => upload(hall, roomy, f)));
    expect(heavy.filter((r) => r.status === 201)).toHaveLength(2);
    expect(heavy.filter((r) => r.status === 429 && r.body.error === 'quota_exceeded')).toHaveLength(4);
    await dropFakes();
  });

  it('bounds what a merchant keeps, however old: images and bytes', async () => {
    const keeper = await signUpMerchant(hallUrl(hall), '卫女士', '卫记花店');
    const id = await merchantId(keeper);
    // Kept from earlier days: outside today's allowance, inside the total.
    for (let i = 0; i < LIMITS.UPLOAD_TOTAL_COUNT - 1; i++) await storeFake(id, `old-${i}`, 1000, 48);
    expect((await upload(hall, keeper, png(5, 5, 1))).status).toBe(201);
    const full = await upload(hall, keeper, png(5, 5, 2));
    expect([full.status, full.body.error, full.body.limit]).toEqual([
      422,
      'total_quota_exceeded',
      { count: LIMITS.UPLOAD_TOTAL_COUNT, megabytes: LIMITS.UPLOAD_TOTAL_MB },
    ]);
    expect(full.retryAfter).toBeNull();
    await dropFakes();

    await storeFake(id, 'heavy', LIMITS.UPLOAD_TOTAL_MB * MB - 100, 48);
    const heavy = await upload(hall, keeper, png(5, 5, 3));
    expect([heavy.status, heavy.body.error]).toEqual([422, 'total_quota_exceeded']);
    await dropFakes();
    expect((await upload(hall, keeper, png(5, 5, 3))).status).toBe(201);
  });

  it('serves an image only to the merchant who uploaded it, and to staff once a filing shows it', async () => {
    const route = FilingsRoute.upload.replace(':id', images.design);
    const mine = await call(hall, owner, 'GET', route);
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('image/png');
    expect((await pixels(mine.bytes)).equals(await pixels(png()))).toBe(true);
    // Not yet on any filing of the station: staff have nothing to review it for.
    expect((await call(hall, officer, 'GET', route)).status).toBe(404);
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
    for (const image of [images.design, images.photo]) {
      const at = FilingsRoute.upload.replace(':id', image);
      expect([(await call(hall, officer, 'GET', at)).status, (await call(hall, stranger, 'GET', at)).status]).toEqual([
        200, 404,
      ]);
    }
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
    // Filed only once the item to follow is in: accepting it files the filing (test/integration/filingItems.test.ts).
    expect((await review(officer, { action: 'file' })).body).toMatchObject({ error: 'items_outstanding' });
    const item = (route: string) => route.replace(':id', filing.id).replace(':item', followed.body.followUp[0]!.id);
    await call(hall, owner, 'POST', item(FilingItemsRoute.handIn), { kind: 'text', text: '产权证明复印件已交窗口' });
    const filed = await call<FilingView>(hall, officer, 'POST', item(FilingItemsRoute.answer), { action: 'accept' });
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

  it('bounds the filings a merchant has under way; a filed one makes room', async () => {
    const opener = await signUpMerchant(hallUrl(hall), '蒋先生', '蒋记面馆');
    const mine = {
      design: (await upload(hall, opener, png(10, 4, 120))).body.id,
      photo: (await upload(hall, opener, png(10, 6, 120))).body.id,
    };
    // One pair of images, many filings sent at once: only as many as the bound stand.
    const sent = await Promise.all(
      Array.from({ length: LIMITS.OPEN_FILINGS_MAX + 2 }, (_, i) =>
        call<FilingView & { error?: string; limit?: unknown }>(hall, opener, 'POST', FilingsRoute.filings, {
          ...form(mine),
          signText: `蒋记面馆 ${i}`,
        }),
      ),
    );
    const made = sent.filter((r) => r.status === 201);
    expect(made).toHaveLength(LIMITS.OPEN_FILINGS_MAX);
    expect(sent.filter((r) => r.status !== 201).map((r) => [r.status, r.body.error, r.body.limit])).toEqual(
      Array(2).fill([422, 'too_many_open_filings', { open: LIMITS.OPEN_FILINGS_MAX }]),
    );
    const [row] = await hall.db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM filings WHERE merchant_id = $1',
      [await merchantId(opener)],
    );
    expect(Number(row?.n)).toBe(LIMITS.OPEN_FILINGS_MAX);
    // Another merchant is not held by this one's filings.
    const third = await signUpMerchant(hallUrl(hall), '沈女士', '沈记眼镜');
    const theirs = {
      design: (await upload(hall, third, png(10, 4, 121))).body.id,
      photo: (await upload(hall, third, png(10, 6, 121))).body.id,
    };
    expect((await call(hall, third, 'POST', FilingsRoute.filings, form(theirs))).status).toBe(201);

    // Once one is filed, the next is taken.
    const first = made[0]!.body.id;
    const review = (step: unknown) => call(hall, officer, 'POST', FilingsRoute.review.replace(':id', first), step);
    expect((await review({ action: 'startReview' })).status).toBe(200);
    expect((await review({ action: 'file' })).status).toBe(200);
    expect((await call(hall, opener, 'POST', FilingsRoute.filings, form(mine))).status).toBe(201);
  });

  it('keeps filings and images through a restart, and clears images no filing used after a day', async () => {
    const unused = (await upload(hall, owner, png(3, 3))).body.id;
    const fresh = (await upload(hall, owner, png(5, 5))).body.id;
    const resent = (await upload(hall, owner, png(9, 9, 5))).body.id;
    // The stranger's copy of the owner's filed drawing: the bytes are shared, the stranger's claim unused.
    const strangersCopy = (await upload(hall, stranger, png())).body.id;
    // One image both sent and neither used.
    const bothUnused = [
      (await upload(hall, owner, png(7, 7, 9))).body.id,
      (await upload(hall, stranger, png(7, 7, 9))).body.id,
    ];
    const shaOf = async (id: string) =>
      (await hall.db.query<{ sha256: string }>('SELECT sha256 FROM uploads WHERE id = $1', [id]))[0]!.sha256;
    const [drawingSha, unusedSha] = [await shaOf(images.design), await shaOf(bothUnused[0]!)];
    expect(await shaOf(strangersCopy)).toBe(drawingSha);
    // A day and more has passed for every image but the fresh one, the filed ones included…
    await hall.db.query(`UPDATE uploads SET touched_at = now() - interval '25 hours' WHERE id <> $1`, [fresh]);
    // …and one is sent again now, which keeps it for another day.
    expect((await upload(hall, owner, png(9, 9, 5))).body.id).toBe(resent);
    await hall.close();
    hall = await boot();
    const back = await call<FilingView>(hall, owner, 'GET', FilingsRoute.filing.replace(':id', filing.id));
    expect(back.body).toMatchObject({ state: 'filed', items: [], form: { width: 2.5 } });
    const img = await call(hall, owner, 'GET', FilingsRoute.upload.replace(':id', images.design));
    expect((await pixels(img.bytes)).equals(await pixels(png()))).toBe(true);
    // Swept on start: the old unused images are gone; the fresh one, the one sent again and the filed ones stay.
    const statusFor = async (token: string, id: string) =>
      (await call(hall, token, 'GET', FilingsRoute.upload.replace(':id', id))).status;
    const imageStatus = (id: string) => statusFor(owner, id);
    await until(async () => (await imageStatus(unused)) === 404, 'unused image swept');
    expect(await imageStatus(fresh)).toBe(200);
    expect(await imageStatus(resent)).toBe(200);
    expect(await imageStatus(back.body.form.streetPhoto)).toBe(200);
    // The stranger's unused claim went; the bytes it shared with the filed drawing did not.
    expect(await statusFor(stranger, strangersCopy)).toBe(404);
    expect(await imageStatus(images.design)).toBe(200);
    const blobs = async (sha: string) =>
      Number(
        (
          await hall.db.query<{ n: string | number }>('SELECT count(*) AS n FROM upload_blobs WHERE sha256 = $1', [sha])
        )[0]?.n,
      );
    expect(await blobs(drawingSha)).toBe(1);
    // Bytes no upload points at any more are gone with the last claim on them.
    expect(await statusFor(stranger, bothUnused[1]!)).toBe(404);
    expect(await blobs(unusedSha)).toBe(0);
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
