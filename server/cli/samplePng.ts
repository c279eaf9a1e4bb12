import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** A rectangle of one colour on the picture, in pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  colour: Rgb;
}

/**
 * A small PNG of coloured boxes on a background: enough for the demo's sample sign drawing and street
 * photo to be real images the upload checks accept, without an image library at run time.
 */
export function boxesPng(width: number, height: number, background: Rgb, boxes: readonly Box[]): Uint8Array {
  const row = 1 + width * 3; // each scanline starts with its filter byte (0: none)
  const pixels = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const box = boxes.findLast((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      pixels.set(box?.colour ?? background, y * row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}
