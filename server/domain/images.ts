import type { ImageType } from '../../shared/filing.ts';

/**
 * What an uploaded file really is, from its bytes rather than its name or the type the browser claims:
 * PNG, JPEG or WebP, with the header each format must have right after its signature, and whole (a truncated
 * upload is refused, not stored half-drawn). A file that starts with a signature but not with the header
 * that must follow it is something else wearing an image's first bytes: wrong_type.
 */
export type Sniffed = { ok: true; type: ImageType } | { ok: false; error: 'empty' | 'wrong_type' | 'truncated' };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IHDR chunk's length (13) and type, which every PNG has right after its signature. */
const PNG_IHDR = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
/** Signature, IHDR length and type, 13 bytes of header, 4 of CRC. */
const PNG_HEAD = 8 + 8 + 13 + 4;
const WEBP_CHUNKS = ['VP8 ', 'VP8L', 'VP8X'];

const WRONG: Sniffed = { ok: false, error: 'wrong_type' };
const TRUNCATED: Sniffed = { ok: false, error: 'truncated' };

function startsWith(b: Uint8Array, bytes: number[], at = 0): boolean {
  return bytes.every((v, i) => b[at + i] === v);
}

function ascii(b: Uint8Array, at: number, text: string): boolean {
  return startsWith(
    b,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );
}

const be32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const le32 = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function png(b: Uint8Array): Sniffed {
  // What is there of the IHDR chunk's head must be it, however short the file.
  const present = PNG_IHDR.slice(0, Math.max(0, Math.min(PNG_IHDR.length, b.length - 8)));
  if (!startsWith(b, present, 8)) return WRONG;
  if (b.length < PNG_HEAD) return TRUNCATED;
  // Width and height: non-zero, and at most 2^31 - 1 as the format says.
  const width = be32(b, 16);
  const height = be32(b, 20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return WRONG;
  // Every PNG ends with the IEND chunk: length 0, "IEND", 4-byte CRC.
  return b.length >= PNG_HEAD + 12 && ascii(b, b.length - 8, 'IEND') ? { ok: true, type: 'image/png' } : TRUNCATED;
}

/** A marker that may open a JPEG's first segment: APPn, DQT, DHT, SOFn, DRI, COM… not RSTn, SOI, EOI or 00. */
const segmentMarker = (m: number) => m >= 0xc0 && m <= 0xfe && !(m >= 0xd0 && m <= 0xd9);

function jpeg(b: Uint8Array): Sniffed {
  // SOI (FF D8), then a marker segment: FF (fill bytes allowed), marker, a two-byte length that counts itself.
  let at = 2;
  while (at < b.length && b[at] === 0xff) at++;
  if (at >= b.length) return TRUNCATED;
  if (at === 2 || !segmentMarker(b[at]!)) return WRONG;
  if (at + 2 >= b.length) return TRUNCATED;
  const length = (b[at + 1]! << 8) | b[at + 2]!;
  if (length < 2) return WRONG;
  // A JPEG ends with the End Of Image marker; some cameras pad the file with zero bytes after it.
  let end = b.length;
  while (end > 4 && b[end - 1] === 0) end--;
  if (!(end >= 4 && b[end - 2] === 0xff && b[end - 1] === 0xd9)) return TRUNCATED;
  // The first segment has to fit before the end marker.
  return at + 1 + length <= end - 2 ? { ok: true, type: 'image/jpeg' } : TRUNCATED;
}

function webp(b: Uint8Array): Sniffed {
  // The RIFF header gives the size of everything after its first 8 bytes.
  if (le32(b, 4) + 8 !== b.length) return TRUNCATED;
  // Then one image chunk: "VP8 " (lossy), "VP8L" (lossless) or "VP8X" (extended), with its size.
  if (b.length < 20) return TRUNCATED;
  if (!WEBP_CHUNKS.some((c) => ascii(b, 12, c))) return WRONG;
  return 20 + le32(b, 16) <= b.length ? { ok: true, type: 'image/webp' } : TRUNCATED;
}

export function sniffImage(b: Uint8Array): Sniffed {
  if (b.length === 0) return { ok: false, error: 'empty' };
  if (startsWith(b, PNG)) return png(b);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return jpeg(b);
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return webp(b);
  return WRONG;
}
