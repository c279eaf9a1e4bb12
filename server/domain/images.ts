import type { ImageType } from '../../shared/filing.ts';

/**
 * What an uploaded file really is, from its bytes rather than its name or the type the browser claims:
 * PNG, JPEG or WebP, and whole (a truncated upload is refused, not stored half-drawn).
 */
export type Sniffed = { ok: true; type: ImageType } | { ok: false; error: 'empty' | 'wrong_type' | 'truncated' };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

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

export function sniffImage(b: Uint8Array): Sniffed {
  if (b.length === 0) return { ok: false, error: 'empty' };
  if (startsWith(b, PNG)) {
    // Every PNG ends with the IEND chunk: length 0, "IEND", 4-byte CRC.
    return b.length >= 20 && ascii(b, b.length - 8, 'IEND')
      ? { ok: true, type: 'image/png' }
      : { ok: false, error: 'truncated' };
  }
  if (startsWith(b, [0xff, 0xd8, 0xff])) {
    // A JPEG ends with the End Of Image marker; some cameras pad the file with zero bytes after it.
    let end = b.length;
    while (end > 4 && b[end - 1] === 0) end--;
    return end >= 4 && b[end - 2] === 0xff && b[end - 1] === 0xd9
      ? { ok: true, type: 'image/jpeg' }
      : { ok: false, error: 'truncated' };
  }
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) {
    // The RIFF header gives the size of everything after its first 8 bytes.
    const size = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    return size + 8 === b.length ? { ok: true, type: 'image/webp' } : { ok: false, error: 'truncated' };
  }
  return { ok: false, error: 'wrong_type' };
}
