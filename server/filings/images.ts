import sharp from 'sharp';
import type { ImageType } from '../../shared/filing.ts';

/**
 * Uploaded images, judged by their bytes and then decoded for real: first a cheap walk over the file's
 * structure (what it is, where the image ends, whether anything is glued after it), then libvips decodes
 * every pixel and writes a fresh file of the same type, with no metadata (EXIF, GPS, XMP, comments, ICC)
 * and the camera's rotation applied. What is stored is that fresh file, never the upload.
 */

/** Why an upload is not stored; each is told to the merchant by name. */
export type ImageRefusal =
  | 'empty'
  | 'wrong_type'
  | 'truncated'
  /** Something else is appended after the image's end: a file dressed as a picture (a polyglot). */
  | 'trailing_data'
  /** The structure is there but the content does not decode: junk between a real header and an end marker. */
  | 'corrupt'
  /** Wider, taller or with more pixels than the station takes (decompression bombs end here, undecoded). */
  | 'dimensions_too_large'
  /** Decoding took longer than DECODE_TIMEOUT_SECONDS. */
  | 'too_complex'
  /** The re-encoded file is larger than STORED_IMAGE_MAX_BYTES. */
  | 'too_large'
  /** More images are waiting to be decoded than IMAGE_QUEUE_MAX. */
  | 'busy';

export type Sniffed =
  | { ok: true; type: ImageType; lossless: boolean }
  | { ok: false; error: 'empty' | 'wrong_type' | 'truncated' | 'trailing_data' | 'corrupt' };

/** The largest picture taken: no side longer than maxSide pixels, at most maxPixels in all. */
export interface ImageBounds {
  maxSide: number;
  maxPixels: number;
}

export type Normalised =
  { ok: true; type: ImageType; bytes: Uint8Array; width: number; height: number } | { ok: false; error: ImageRefusal };

/** Decoding one image may take this long at most (seconds); a pathological file is refused, not waited for. */
export const DECODE_TIMEOUT_SECONDS = 20;
/**
 * Images decoded at once. sharp runs on libuv's worker pool (four threads), which password hashing shares:
 * two leaves room for staff signing in while merchants upload.
 */
export const IMAGE_DECODES_AT_ONCE = 2;
/** Images waiting for a decode slot, at most; beyond that the upload is refused as `busy` (each holds ≤5 MB). */
export const IMAGE_QUEUE_MAX = 24;
/** A re-encoded image larger than this is refused (a guard against a file that grows when re-encoded). */
export const STORED_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
/** Re-encoding quality for lossy pictures (JPEG, lossy WebP), 1–100. */
export const LOSSY_QUALITY = 90;

// Decoded tiles are never reused between uploads; keeping them would only hold memory.
sharp.cache(false);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IHDR chunk's length (13) and type, which every PNG has right after its signature. */
const PNG_IHDR = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
/** Signature, IHDR length and type, 13 bytes of header, 4 of CRC. */
const PNG_HEAD = 8 + 8 + 13 + 4;
/** The IEND chunk whole: length 0, type, CRC. */
const PNG_IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const WEBP_CHUNKS = ['VP8 ', 'VP8L', 'VP8X'];

const WRONG = { ok: false, error: 'wrong_type' } as const;
const TRUNCATED = { ok: false, error: 'truncated' } as const;
const TRAILING = { ok: false, error: 'trailing_data' } as const;
const CORRUPT = { ok: false, error: 'corrupt' } as const;

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

const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const le32 = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const isLetter = (c: number | undefined) => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

function png(b: Uint8Array): Sniffed {
  // What is there of the IHDR chunk's head must be it, however short the file.
  const present = PNG_IHDR.slice(0, Math.max(0, Math.min(PNG_IHDR.length, b.length - 8)));
  if (!startsWith(b, present, 8)) return WRONG;
  if (b.length < PNG_HEAD) return TRUNCATED;
  // Width and height: non-zero, and at most 2^31 - 1 as the format says.
  const width = be32(b, 16);
  const height = be32(b, 20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return WRONG;
  // Chunk by chunk (length, four-letter type, data, CRC) to IEND, which must be the file's last bytes. A chunk
  // running past the end is a cut-off file, unless the file still ends with a whole IEND: then the bytes in
  // between were never chunks (a signature and an end marker around junk).
  const endsWithIend = b.length >= PNG_HEAD + PNG_IEND.length && startsWith(b, PNG_IEND, b.length - PNG_IEND.length);
  let at = 8;
  for (;;) {
    if (at + 12 > b.length) return endsWithIend ? CORRUPT : TRUNCATED;
    if (![4, 5, 6, 7].every((i) => isLetter(b[at + i]))) return CORRUPT;
    const next = at + 12 + be32(b, at);
    if (next > b.length) return endsWithIend ? CORRUPT : TRUNCATED;
    if (ascii(b, at + 4, 'IEND')) return next === b.length ? { ok: true, type: 'image/png', lossless: true } : TRAILING;
    at = next;
  }
}

/** A marker that may open a JPEG's first segment: APPn, DQT, DHT, SOFn, DRI, COM… not RSTn, SOI, EOI or 00. */
const segmentMarker = (m: number) => m >= 0xc0 && m <= 0xfe && !(m >= 0xd0 && m <= 0xd9);
const SOS = 0xda;
const EOI = 0xd9;

/**
 * What may follow a JPEG's end marker in a photo straight from a phone, and is dropped by the re-encoding:
 * zero padding, a second picture (MPF: FF D8 FF), a motion photo's video (ISO media: "ftyp" at 4), or
 * Samsung's trailer (ending "SEFT"). Anything else after the end is a polyglot.
 */
function cameraTrailer(b: Uint8Array, from: number): boolean {
  const rest = b.subarray(from);
  return (
    rest.every((v) => v === 0) ||
    startsWith(rest, [0xff, 0xd8, 0xff]) ||
    ascii(rest, 4, 'ftyp') ||
    (rest.length >= 4 && ascii(rest, rest.length - 4, 'SEFT'))
  );
}

function jpeg(b: Uint8Array): Sniffed {
  // SOI (FF D8), then marker segments: FF (fill bytes allowed), marker, a two-byte length that counts itself.
  // After each start of scan, entropy-coded data runs to the next FF that is neither stuffing (FF 00) nor a
  // restart marker. The walk ends at the end marker (EOI).
  let at = 2;
  let first = true;
  for (;;) {
    if (at >= b.length) return TRUNCATED;
    if (b[at] !== 0xff) return first ? WRONG : CORRUPT;
    while (at < b.length && b[at] === 0xff) at++;
    if (at >= b.length) return TRUNCATED;
    const marker = b[at]!;
    if (marker === EOI && !first)
      return cameraTrailer(b, at + 1) ? { ok: true, type: 'image/jpeg', lossless: false } : TRAILING;
    if (!segmentMarker(marker)) return first ? WRONG : CORRUPT;
    if (at + 2 >= b.length) return TRUNCATED;
    const length = be16(b, at + 1);
    if (length < 2) return first ? WRONG : CORRUPT;
    at += 1 + length;
    if (at > b.length) return TRUNCATED;
    first = false;
    if (marker === SOS) {
      while (
        at + 1 < b.length &&
        !(b[at] === 0xff && b[at + 1] !== 0x00 && !(b[at + 1]! >= 0xd0 && b[at + 1]! <= 0xd7))
      ) {
        at++;
      }
      if (at + 1 >= b.length) return TRUNCATED;
    }
  }
}

function webp(b: Uint8Array): Sniffed {
  // The RIFF header gives the size of everything after its first 8 bytes: more than there is is a cut-off
  // file, less leaves bytes glued after the image.
  const size = le32(b, 4) + 8;
  if (size > b.length) return TRUNCATED;
  if (size < b.length) return TRAILING;
  // Then one image chunk: "VP8 " (lossy), "VP8L" (lossless) or "VP8X" (extended), with its size.
  if (b.length < 20) return TRUNCATED;
  if (!WEBP_CHUNKS.some((c) => ascii(b, 12, c))) return WRONG;
  // Every chunk (four-character type, size, data padded to even) must fit the file exactly.
  let lossless = false;
  let at = 12;
  while (at < b.length) {
    if (at + 8 > b.length) return TRUNCATED;
    lossless ||= ascii(b, at, 'VP8L');
    at += 8 + le32(b, at + 4) + (le32(b, at + 4) % 2);
    // The last chunk's padding byte may be left out.
    if (at > b.length + 1) return TRUNCATED;
  }
  return { ok: true, type: 'image/webp', lossless };
}

/** What a file is by its structure, and whether it is whole, without decoding a pixel. */
export function sniffImage(b: Uint8Array): Sniffed {
  if (b.length === 0) return { ok: false, error: 'empty' };
  if (startsWith(b, PNG)) return png(b);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return jpeg(b);
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return webp(b);
  return WRONG;
}

const FORMAT: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' };

/** A few decodes at a time, a bounded line waiting; past it, `busy`. */
class Slots {
  private free: number;
  private waiting: (() => void)[] = [];
  private readonly queueMax: number;
  constructor(size: number, queueMax: number) {
    this.free = size;
    this.queueMax = queueMax;
  }

  async run<T>(work: () => Promise<T>, busy: T): Promise<T> {
    if (this.free === 0) {
      if (this.waiting.length >= this.queueMax) return busy;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.free--;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const slots = new Slots(IMAGE_DECODES_AT_ONCE, IMAGE_QUEUE_MAX);

/**
 * Decode an upload and write it afresh: refused unless it is a whole PNG, JPEG or WebP within the bounds
 * whose every pixel decodes. The bounds are checked from the header before any pixel is decoded, so a tiny
 * file declaring 50000×50000 costs nothing; libvips then decodes off the main thread, with sharp's own
 * pixel limit as a second guard.
 */
export async function normaliseImage(bytes: Uint8Array, bounds: ImageBounds): Promise<Normalised> {
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) return sniffed;
  return slots.run(() => reencode(bytes, sniffed, bounds), { ok: false, error: 'busy' });
}

async function reencode(
  bytes: Uint8Array,
  sniffed: { type: ImageType; lossless: boolean },
  bounds: ImageBounds,
): Promise<Normalised> {
  // sharp's "warning" level, as it advises for untrusted input: a warning from the decoder refuses the file.
  const input = { failOn: 'warning', limitInputPixels: bounds.maxPixels } as const;
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, input).metadata();
    // The loader libvips picked must be the one the structure said; nothing else is decoded.
    if (meta.format !== FORMAT[sniffed.type]) return WRONG;
    width = meta.width;
    height = meta.height;
  } catch (err) {
    return refusedBy(err);
  }
  if (!(width > 0 && height > 0)) return CORRUPT;
  if (width > bounds.maxSide || height > bounds.maxSide || width * height > bounds.maxPixels) {
    return { ok: false, error: 'dimensions_too_large' };
  }
  try {
    const decoded = sharp(bytes, { ...input, autoOrient: true, pages: 1, sequentialRead: true })
      .toColourspace('srgb')
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS });
    const encoded =
      sniffed.type === 'image/png'
        ? decoded.png()
        : sniffed.type === 'image/jpeg'
          ? decoded.jpeg({ quality: LOSSY_QUALITY })
          : decoded.webp(sniffed.lossless ? { lossless: true } : { quality: LOSSY_QUALITY });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    if (data.length > STORED_IMAGE_MAX_BYTES) return { ok: false, error: 'too_large' };
    return {
      ok: true,
      type: sniffed.type,
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    return refusedBy(err);
  }
}

function refusedBy(err: unknown): Normalised {
  const message = err instanceof Error ? err.message : String(err);
  if (/timeout/i.test(message)) return { ok: false, error: 'too_complex' };
  // sharp's own pixel guard, should a header have said less than the decoder found.
  if (/pixel limit/i.test(message)) return { ok: false, error: 'dimensions_too_large' };
  return CORRUPT;
}
