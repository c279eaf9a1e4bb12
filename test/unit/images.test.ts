import { PNG } from 'pngjs';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  IMAGE_DECODES_AT_ONCE,
  IMAGE_QUEUE_MAX,
  normaliseImage,
  sniffImage,
  type ImageBounds,
} from '../../server/filings/images.ts';

const bytes = (...parts: (number[] | string | Uint8Array)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : [...p])));

const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A real PNG of the given size, drawn with pngjs. */
function png(width = 4, height = 3): Uint8Array {
  const img = new PNG({ width, height });
  img.data.fill(0x80);
  return new Uint8Array(PNG.sync.write(img));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The smallest JPEG-shaped file: SOI, a JFIF APP0 segment, a comment, EOI. */
const JPEG = bytes(
  [0xff, 0xd8],
  [0xff, 0xe0, 0x00, 0x10],
  'JFIF\0',
  [0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00],
  [0xff, 0xfe, 0x00, 0x06],
  'hall',
  [0xff, 0xd9],
);

/** A WebP: "RIFF", the little-endian size of what follows those 8 bytes, "WEBP", then one VP8L chunk. */
function webp(payload = 13, sizeAdjust = 0): Uint8Array {
  const chunk = bytes('VP8L', le32(payload), new Uint8Array(payload).fill(0x2f));
  const rest = bytes('WEBP', chunk);
  return bytes('RIFF', le32(rest.length + sizeAdjust), rest);
}

const WRONG = { ok: false, error: 'wrong_type' };
const TRUNCATED = { ok: false, error: 'truncated' };
const TRAILING = { ok: false, error: 'trailing_data' };
const CORRUPT = { ok: false, error: 'corrupt' };
const PNG_OK = { ok: true, type: 'image/png', lossless: true };
const JPEG_OK = { ok: true, type: 'image/jpeg', lossless: false };
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

describe('image sniffing', () => {
  describe('accepts', () => {
    it('real PNGs drawn with pngjs, small and larger, as Buffer or Uint8Array', () => {
      expect(sniffImage(png(1, 1))).toEqual(PNG_OK);
      expect(sniffImage(png(64, 48))).toEqual(PNG_OK);
      expect(sniffImage(PNG.sync.write(new PNG({ width: 2, height: 2 })))).toEqual(PNG_OK);
    });

    it('a minimal JPEG (FF D8 FF … FF D9)', () => {
      expect(JPEG.subarray(0, 3)).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
      expect(sniffImage(JPEG)).toEqual(JPEG_OK);
    });

    it('a WebP whose RIFF size matches its length', () => {
      expect(sniffImage(webp())).toEqual({ ok: true, type: 'image/webp', lossless: true });
      expect(sniffImage(webp(1000))).toEqual({ ok: true, type: 'image/webp', lossless: true });
    });
  });

  describe('refuses', () => {
    it('an empty upload as empty', () => {
      expect(sniffImage(new Uint8Array(0))).toEqual({ ok: false, error: 'empty' });
      expect(sniffImage(Buffer.alloc(0))).toEqual({ ok: false, error: 'empty' });
    });

    it.each([
      ['plain text', bytes('hello, this is not an image\n')],
      ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['SVG with an XML prolog and BOM', bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?><svg/>')],
      ['HTML', bytes('<!doctype html><html><body>hi</body></html>')],
      ['GIF89a', bytes('GIF89a', [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3b])],
      ['GIF87a', bytes('GIF87a', [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3b])],
      ['PDF', bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n')],
      ['a Windows EXE', bytes('MZ', [0x90, 0x00, 0x03, 0x00], 'This program cannot be run in DOS mode.')],
      ['an ELF binary', bytes([0x7f], 'ELF', [0x02, 0x01, 0x01, 0x00])],
      ['a ZIP', bytes('PK', [0x03, 0x04, 0x14, 0x00], 'word/document.xml')],
      ['a BMP', bytes('BM', le32(58), [0, 0, 0, 0, 54, 0, 0, 0])],
      ['a TIFF', bytes('II*\0', le32(8), [0, 0])],
      ['an AVIF', bytes([0x00, 0x00, 0x00, 0x14], 'ftypavif', [0, 0, 0, 0])],
      ['a RIFF that is not WebP (WAVE)', bytes('RIFF', le32(4), 'WAVE')],
      ['a RIFF header too short to say WEBP', bytes('RIFF', le32(0))],
      ['only part of the PNG signature', bytes(PNG_SIGNATURE.slice(0, 4), 'IHDR')],
      ['only part of the JPEG marker', bytes([0xff, 0xd8], 'text', [0xff, 0xd9])],
      ['a single byte', bytes([0x89])],
      ['zeros', new Uint8Array(64)],
    ])('%s as wrong_type', (_name, file) => {
      expect(sniffImage(file)).toEqual({ ok: false, error: 'wrong_type' });
    });

    it('a PNG signature glued onto text as wrong_type (no IHDR chunk follows it)', () => {
      expect(sniffImage(bytes(PNG_SIGNATURE, 'just some text pretending to be a picture'))).toEqual(WRONG);
      expect(sniffImage(bytes(PNG_SIGNATURE, '<svg onload=alert(1)>'))).toEqual(WRONG);
    });

    it('the PNG signature alone as truncated', () => {
      expect(sniffImage(bytes(PNG_SIGNATURE))).toEqual({ ok: false, error: 'truncated' });
    });

    it('a real PNG cut anywhere before the end of IEND as truncated', () => {
      const whole = png(16, 16);
      // Just before IEND, inside IEND, and one CRC byte short.
      for (const cut of [whole.length - 12, whole.length - 8, whole.length - 5, whole.length - 1, 33, 9]) {
        expect(sniffImage(whole.subarray(0, cut)), `cut at ${cut} of ${whole.length}`).toEqual({
          ok: false,
          error: 'truncated',
        });
      }
    });

    it('a PNG with bytes after IEND as trailing_data (a polyglot)', () => {
      expect(sniffImage(bytes(png(), 'trailing'))).toEqual(TRAILING);
      expect(sniffImage(bytes(png(), 'PK', [0x03, 0x04], 'word/document.xml'))).toEqual(TRAILING);
    });

    it('a JPEG without its end marker as truncated', () => {
      expect(sniffImage(JPEG.subarray(0, JPEG.length - 2))).toEqual({ ok: false, error: 'truncated' });
      expect(sniffImage(JPEG.subarray(0, JPEG.length - 1))).toEqual({ ok: false, error: 'truncated' });
      expect(sniffImage(JPEG.subarray(0, 3))).toEqual({ ok: false, error: 'truncated' });
    });

    it('a WebP whose RIFF size disagrees with its length as truncated', () => {
      const whole = webp();
      expect(sniffImage(whole.subarray(0, whole.length - 1))).toEqual({ ok: false, error: 'truncated' });
      expect(sniffImage(whole.subarray(0, 12))).toEqual({ ok: false, error: 'truncated' });
      expect(sniffImage(webp(13, +1))).toEqual({ ok: false, error: 'truncated' });
      // Bytes beyond what the RIFF header counts are something glued after the image.
      expect(sniffImage(webp(13, -1))).toEqual(TRAILING);
      expect(sniffImage(bytes(whole, [0x00]))).toEqual(TRAILING);
    });

    it('a WebP claiming a size with the top bit set (read unsigned) as truncated', () => {
      const lying = webp();
      lying.set(le32(0xffffffff), 4);
      expect(sniffImage(lying)).toEqual({ ok: false, error: 'truncated' });
      lying.set(le32(0x80000000 + lying.length - 8), 4);
      expect(sniffImage(lying)).toEqual({ ok: false, error: 'truncated' });
    });
  });
  describe('looks past the signature at the header that must follow it', () => {
    it('a PNG whose first chunk is not IHDR as wrong_type, even when it ends in IEND', () => {
      const real = png(4, 3);
      const renamed = real.slice();
      renamed.set(bytes('tEXt'), 12);
      expect(sniffImage(renamed)).toEqual(WRONG);
      // Text between the signature and a copied IEND tail: a file dressed as a PNG at both ends.
      expect(sniffImage(bytes(PNG_SIGNATURE, 'x'.repeat(40), real.subarray(real.length - 12)))).toEqual(WRONG);
      // A real header, then junk, then a copied IEND tail: not cut off, never chunks at all.
      expect(sniffImage(bytes(real.subarray(0, 33), 'x'.repeat(40), real.subarray(real.length - 12)))).toEqual(CORRUPT);
      expect(sniffImage(bytes(real.subarray(0, 33), [0, 0, 0, 4, 0x01, 0x02, 0x03, 0x04], real.subarray(-12)))).toEqual(
        CORRUPT,
      );
      // The IHDR length field must say 13.
      const longer = real.slice();
      longer.set(be32(14), 8);
      expect(sniffImage(longer)).toEqual(WRONG);
    });

    it('a PNG whose IHDR gives zero width or height as wrong_type', () => {
      for (const [at, label] of [
        [16, 'width'],
        [20, 'height'],
      ] as const) {
        const zero = png(4, 3);
        zero.set(be32(0), at);
        expect(sniffImage(zero), label).toEqual(WRONG);
      }
      const huge = png(4, 3);
      huge.set(be32(0x80000000), 16);
      expect(sniffImage(huge)).toEqual(WRONG);
    });

    it('a JPEG start followed by no valid marker segment as wrong_type', () => {
      // SOI, then text where the first segment's marker should be, then a copied EOI.
      expect(sniffImage(bytes([0xff, 0xd8, 0xff], 'hello, not a segment', [0xff, 0xd9]))).toEqual(WRONG);
      // SOI straight into EOI, or into a restart marker, or a stuffed zero: no segment at all.
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xd9]))).toEqual(WRONG);
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xd3, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]))).toEqual(WRONG);
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0x00, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]))).toEqual(WRONG);
      // A segment length below its own two bytes.
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xd9]))).toEqual(WRONG);
    });

    it('a JPEG whose first segment runs past the end marker as truncated', () => {
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [0xff, 0xd9]))).toEqual({
        ok: false,
        error: 'truncated',
      });
    });

    it('accepts a JPEG with fill bytes before its first marker', () => {
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xff, 0xfe, 0x00, 0x06], 'hall', [0xff, 0xd9]))).toEqual(JPEG_OK);
    });

    it('a JPEG with something glued after its end marker as trailing_data; a phone’s own trailers pass', () => {
      expect(sniffImage(bytes(JPEG, 'PK', [0x03, 0x04], 'payload'))).toEqual(TRAILING);
      expect(sniffImage(bytes(JPEG, '<script>alert(1)</script>'))).toEqual(TRAILING);
      // Zero padding, a second picture (MPF), a motion photo's video, Samsung's trailer.
      expect(sniffImage(bytes(JPEG, new Uint8Array(16)))).toEqual(JPEG_OK);
      expect(sniffImage(bytes(JPEG, JPEG))).toEqual(JPEG_OK);
      expect(sniffImage(bytes(JPEG, [0, 0, 0, 0x18], 'ftypmp42', new Uint8Array(12)))).toEqual(JPEG_OK);
      expect(sniffImage(bytes(JPEG, 'data', le32(4), 'SEFT'))).toEqual(JPEG_OK);
    });

    it('a JPEG whose segments stop before the end marker as truncated, or break off into junk as corrupt', () => {
      expect(sniffImage(JPEG.subarray(0, 20))).toEqual(TRUNCATED);
      expect(sniffImage(bytes(JPEG.subarray(0, 20), 'junk where a marker belongs', [0xff, 0xd9]))).toEqual(CORRUPT);
    });

    it('a WebP whose first chunk is not VP8, VP8L or VP8X as wrong_type', () => {
      const rest = bytes('WEBP', 'ICCP', le32(4), [1, 2, 3, 4]);
      expect(sniffImage(bytes('RIFF', le32(rest.length), rest))).toEqual(WRONG);
      const text = bytes('WEBP', 'this is just some text');
      expect(sniffImage(bytes('RIFF', le32(text.length), text))).toEqual(WRONG);
    });

    it('accepts each WebP chunk kind; a chunk claiming more than the file as truncated', () => {
      for (const kind of ['VP8 ', 'VP8L', 'VP8X']) {
        const rest = bytes('WEBP', kind, le32(10), new Uint8Array(10));
        expect(sniffImage(bytes('RIFF', le32(rest.length), rest)), kind).toEqual({
          ok: true,
          type: 'image/webp',
          lossless: kind === 'VP8L',
        });
      }
      const lying = bytes('WEBP', 'VP8L', le32(1000), new Uint8Array(10));
      expect(sniffImage(bytes('RIFF', le32(lying.length), lying))).toEqual({ ok: false, error: 'truncated' });
      // A RIFF/WEBP header with no room for a chunk header.
      const bare = bytes('WEBP', 'VP8');
      expect(sniffImage(bytes('RIFF', le32(bare.length), bare))).toEqual({ ok: false, error: 'truncated' });
    });
  });
});

/** A PNG chunk: length, type, data, CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = bytes(type, data);
  return bytes(be32(data.length), typed, be32(crc32(typed)));
}

/** IHDR for an 8-bit RGB picture of the given size. */
const ihdr = (width: number, height: number) => chunk('IHDR', bytes(be32(width), be32(height), [8, 2, 0, 0, 0]));
const IEND = chunk('IEND', new Uint8Array(0));

const BOUNDS: ImageBounds = { maxSide: 8000, maxPixels: 40_000_000 };

/** A picture drawn with sharp: a gradient, so that every pixel must be decoded to be redrawn. */
function picture(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** GPS position and a camera's rotation (6: turn 90° clockwise to view), as a phone writes them. */
const PHONE_EXIF = {
  IFD0: { Make: 'HallPhone', Model: 'Street camera' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 5/1' },
};

async function decoded(file: Uint8Array) {
  const r = await normaliseImage(file, BOUNDS);
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return { ...r, meta: await sharp(r.bytes).metadata() };
}

describe('decoding and re-encoding', () => {
  it('accepts real PNG, JPEG and WebP pictures and writes each afresh in its own type', async () => {
    const cases = [
      ['image/png', await picture(40, 30).png().toBuffer(), 'png'],
      ['image/jpeg', await picture(40, 30).jpeg().toBuffer(), 'jpeg'],
      ['image/webp', await picture(40, 30).webp().toBuffer(), 'webp'],
      ['image/webp', await picture(40, 30).webp({ lossless: true }).toBuffer(), 'webp'],
    ] as const;
    for (const [type, file, format] of cases) {
      const r = await decoded(file);
      expect([r.type, r.width, r.height, r.meta.format], format).toEqual([type, 40, 30, format]);
    }
    // A lossless WebP stays lossless: every pixel comes back as it was.
    const lossless = await picture(40, 30).webp({ lossless: true }).toBuffer();
    const back = await sharp((await decoded(lossless)).bytes)
      .raw()
      .toBuffer();
    expect(back.equals(await picture(40, 30).raw().toBuffer())).toBe(true);
  });

  it('strips EXIF (GPS included) and applies the camera’s rotation, so nothing of where it was taken is kept', async () => {
    const photo = await picture(64, 32).jpeg().withExif(PHONE_EXIF).withMetadata({ orientation: 6 }).toBuffer();
    const before = await sharp(photo).metadata();
    expect(before.exif?.length).toBeGreaterThan(50);
    expect(before.orientation).toBe(6);
    expect(Buffer.from(photo).includes('HallPhone')).toBe(true);

    const r = await decoded(photo);
    expect(r.meta.exif).toBeUndefined();
    expect(r.meta.orientation).toBeUndefined();
    expect(Buffer.from(r.bytes).includes('HallPhone')).toBe(false);
    // Turned upright as the phone showed it: 32 wide, 64 high.
    expect([r.width, r.height, r.meta.width, r.meta.height]).toEqual([32, 64, 32, 64]);

    const webpPhoto = await picture(20, 10).webp().withExif(PHONE_EXIF).toBuffer();
    expect((await sharp(webpPhoto).metadata()).exif).toBeDefined();
    expect((await decoded(webpPhoto)).meta.exif).toBeUndefined();
  });

  it('drops a PNG’s text and EXIF chunks', async () => {
    const real = await picture(8, 8).png().toBuffer();
    const tagged = bytes(
      real.subarray(0, 33),
      chunk('tEXt', bytes('Comment\0GPS 31.2304N 121.4737E home address')),
      chunk('eXIf', bytes('MM\0*', be32(8), new Uint8Array(6))),
      real.subarray(33),
    );
    expect(sniffImage(tagged)).toEqual(PNG_OK);
    const r = await decoded(tagged);
    expect(Buffer.from(r.bytes).includes('GPS')).toBe(false);
    expect(Buffer.from(r.bytes).includes('eXIf')).toBe(false);
    expect(r.meta.exif).toBeUndefined();
  });

  it('writes the same bytes for the same picture every time (what storing once relies on)', async () => {
    for (const file of [await picture(50, 20).png().toBuffer(), await picture(50, 20).jpeg().toBuffer()]) {
      const [a, b] = [await decoded(file), await decoded(file)];
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    }
  });

  it('refuses a junk PNG (a real header and an IEND around junk) and PNGs whose data does not decode', async () => {
    const header = bytes(PNG_SIGNATURE, ihdr(100, 100));
    expect(await normaliseImage(bytes(header, 'x'.repeat(500), IEND), BOUNDS)).toEqual(CORRUPT);
    // Well-formed chunks, but the pixel data is not deflate at all, or missing.
    expect(await normaliseImage(bytes(header, chunk('IDAT', bytes('not pixels')), IEND), BOUNDS)).toEqual(CORRUPT);
    expect(await normaliseImage(bytes(header, IEND), BOUNDS)).toEqual(CORRUPT);
    // A chunk whose CRC does not match its bytes.
    const real = await picture(16, 16).png().toBuffer();
    const flipped = bytes(real);
    flipped[real.length - 20] = flipped[real.length - 20]! ^ 0xff;
    expect(await normaliseImage(flipped, BOUNDS)).toEqual(CORRUPT);
  });

  it('refuses a truncated JPEG, and one cut short with an end marker glued on', async () => {
    const photo = await picture(300, 200).jpeg().toBuffer();
    expect(await normaliseImage(photo.subarray(0, photo.length - 100), BOUNDS)).toEqual(TRUNCATED);
    expect(await normaliseImage(photo.subarray(0, photo.length >> 1), BOUNDS)).toEqual(TRUNCATED);
    const glued = bytes(photo.subarray(0, photo.length >> 1), [0xff, 0xd9]);
    expect(await normaliseImage(glued, BOUNDS)).toEqual(CORRUPT);
  });

  it('refuses polyglots: a picture with a ZIP or a page appended', async () => {
    const zip = bytes('PK', [0x03, 0x04, 0x14, 0x00], 'evil/index.html', '<script>alert(1)</script>');
    for (const file of [
      await picture(20, 20).png().toBuffer(),
      await picture(20, 20).jpeg().toBuffer(),
      await picture(20, 20).webp().toBuffer(),
    ]) {
      expect(await normaliseImage(bytes(file, zip), BOUNDS)).toEqual(TRAILING);
    }
  });

  it('refuses other formats libvips could read (GIF, TIFF, SVG) as wrong_type', async () => {
    expect(await normaliseImage(await picture(8, 8).gif().toBuffer(), BOUNDS)).toEqual(WRONG);
    expect(await normaliseImage(await picture(8, 8).tiff().toBuffer(), BOUNDS)).toEqual(WRONG);
    expect(
      await normaliseImage(bytes('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'), BOUNDS),
    ).toEqual(WRONG);
  });

  it('refuses pictures over the side or pixel bounds, from the header alone', async () => {
    const wide = await picture(120, 10).png().toBuffer();
    expect(await normaliseImage(wide, { maxSide: 100, maxPixels: 1_000_000 })).toEqual({
      ok: false,
      error: 'dimensions_too_large',
    });
    expect(await normaliseImage(wide, { maxSide: 1000, maxPixels: 1199 })).toEqual({
      ok: false,
      error: 'dimensions_too_large',
    });
    expect((await normaliseImage(wide, { maxSide: 120, maxPixels: 1200 })).ok).toBe(true);
    const tall = await picture(10, 120).jpeg().toBuffer();
    expect(await normaliseImage(tall, { maxSide: 100, maxPixels: 1_000_000 })).toEqual({
      ok: false,
      error: 'dimensions_too_large',
    });
  });

  it('refuses a decompression bomb (8 KB declaring 50000×50000) without decoding it: memory stays flat', async () => {
    // Eight megabytes of zeros deflate to a few kilobytes; decoded in full the picture would be 7.5 GB.
    const bomb = bytes(PNG_SIGNATURE, ihdr(50_000, 50_000), chunk('IDAT', deflateSync(Buffer.alloc(8 << 20))), IEND);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 5; i++) {
      expect(await normaliseImage(bomb, BOUNDS)).toEqual({ ok: false, error: 'dimensions_too_large' });
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('decodes a large blank picture within the bounds as a stream, without holding it whole', async () => {
    // 4000×4000 RGB: 48 MB of pixels in a 50 KB file. Accepted (it is a picture), at a small cost in memory.
    const rows = Buffer.alloc(4000 * (1 + 4000 * 3));
    const blank = bytes(PNG_SIGNATURE, ihdr(4000, 4000), chunk('IDAT', deflateSync(rows)), IEND);
    const before = process.memoryUsage().rss;
    const r = await normaliseImage(blank, BOUNDS);
    expect(r.ok && [r.width, r.height]).toEqual([4000, 4000]);
    expect(process.memoryUsage().rss - before).toBeLessThan(80 * 1024 * 1024);
  });

  it('decodes a few at a time and refuses as busy past the line it keeps', async () => {
    const file = await picture(200, 200).png().toBuffer();
    const sent = Array.from({ length: IMAGE_DECODES_AT_ONCE + IMAGE_QUEUE_MAX + 3 }, () =>
      normaliseImage(file, BOUNDS),
    );
    const results = await Promise.all(sent);
    expect(results.filter((r) => r.ok)).toHaveLength(IMAGE_DECODES_AT_ONCE + IMAGE_QUEUE_MAX);
    expect(results.slice(-3)).toEqual(Array(3).fill({ ok: false, error: 'busy' }));
    // The line drained: the next one is decoded again.
    expect((await normaliseImage(file, BOUNDS)).ok).toBe(true);
  });
});
