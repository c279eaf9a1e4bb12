import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../server/domain/images.ts';

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
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

describe('image sniffing', () => {
  describe('accepts', () => {
    it('real PNGs drawn with pngjs, small and larger, as Buffer or Uint8Array', () => {
      expect(sniffImage(png(1, 1))).toEqual({ ok: true, type: 'image/png' });
      expect(sniffImage(png(64, 48))).toEqual({ ok: true, type: 'image/png' });
      expect(sniffImage(PNG.sync.write(new PNG({ width: 2, height: 2 })))).toEqual({ ok: true, type: 'image/png' });
    });

    it('a minimal JPEG (FF D8 FF … FF D9)', () => {
      expect(JPEG.subarray(0, 3)).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
      expect(sniffImage(JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    });

    it('a WebP whose RIFF size matches its length', () => {
      expect(sniffImage(webp())).toEqual({ ok: true, type: 'image/webp' });
      expect(sniffImage(webp(1000))).toEqual({ ok: true, type: 'image/webp' });
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

    it('a PNG with bytes after IEND as truncated', () => {
      expect(sniffImage(bytes(png(), 'trailing'))).toEqual({ ok: false, error: 'truncated' });
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
      expect(sniffImage(webp(13, -1))).toEqual({ ok: false, error: 'truncated' });
      expect(sniffImage(bytes(whole, [0x00]))).toEqual({ ok: false, error: 'truncated' });
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
      expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xff, 0xfe, 0x00, 0x06], 'hall', [0xff, 0xd9]))).toEqual({
        ok: true,
        type: 'image/jpeg',
      });
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
        expect(sniffImage(bytes('RIFF', le32(rest.length), rest)), kind).toEqual({ ok: true, type: 'image/webp' });
      }
      const lying = bytes('WEBP', 'VP8L', le32(1000), new Uint8Array(10));
      expect(sniffImage(bytes('RIFF', le32(lying.length), lying))).toEqual({ ok: false, error: 'truncated' });
      // A RIFF/WEBP header with no room for a chunk header.
      const bare = bytes('WEBP', 'VP8');
      expect(sniffImage(bytes('RIFF', le32(bare.length), bare))).toEqual({ ok: false, error: 'truncated' });
    });
  });
});
