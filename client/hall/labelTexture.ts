import { CanvasTexture, SRGBColorSpace } from 'three';
import { paint, paintingId, unpaint } from './paintedTexts.ts';
import { CJK_FONT } from './palette.ts';

export interface LabelLine {
  text: string;
  /** Font size in canvas pixels. */
  size: number;
  weight?: number;
  color?: string;
  /** Made smaller, never narrower, when it would not fit the width (a long word in English, say). */
  fit?: boolean;
}

export interface LabelOptions {
  width: number;
  height: number;
  background: string;
  lines: LabelLine[];
  /** Optional coloured band across the top, in canvas pixels, with a white text of `size` px on it. */
  band?: { color: string; height: number; text?: string; size?: number };
  align?: 'center' | 'left';
}

/**
 * Text drawn into a canvas and used as a texture: Chinese renders with the device's own fonts, so the hall
 * ships no font files and fetches none. Its texts stay listed in `paintedTexts` until it is disposed.
 */
export function makeLabelTexture(o: LabelOptions): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = o.width;
  canvas.height = o.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = o.background;
  ctx.fillRect(0, 0, o.width, o.height);
  let top = 0;
  if (o.band) {
    ctx.fillStyle = o.band.color;
    ctx.fillRect(0, 0, o.width, o.band.height);
    top = o.band.height;
    if (o.band.text) {
      const size = o.band.size ?? o.band.height * 0.6;
      ctx.font = `700 ${size}px ${CJK_FONT}`;
      ctx.fillStyle = '#ffffff';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(o.band.text, o.width / 2, o.band.height / 2 + size * 0.04, o.width * 0.92);
    }
  }
  const total = o.lines.reduce((sum, l) => sum + l.size * 1.3, 0);
  let y = top + (o.height - top - total) / 2;
  ctx.textBaseline = 'top';
  ctx.textAlign = o.align === 'left' ? 'left' : 'center';
  const x = o.align === 'left' ? o.width * 0.06 : o.width / 2;
  for (const line of o.lines) {
    ctx.font = `${line.weight ?? 500} ${line.size}px ${CJK_FONT}`;
    const room = o.width * 0.92;
    const wide = line.fit ? ctx.measureText(line.text).width : 0;
    let top = y + line.size * 0.12;
    if (wide > room) {
      const size = (line.size * room) / wide;
      ctx.font = `${line.weight ?? 500} ${size}px ${CJK_FONT}`;
      top += (line.size - size) / 2; // kept on the line's middle
    }
    ctx.fillStyle = line.color ?? '#1d232b';
    ctx.fillText(line.text, x, top, room);
    y += line.size * 1.3;
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  const id = paintingId('label');
  paint(id, [...(o.band?.text ? [o.band.text] : []), ...o.lines.map((l) => l.text)]);
  texture.addEventListener('dispose', () => unpaint(id));
  return texture;
}
