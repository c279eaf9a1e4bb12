import { CanvasTexture, SRGBColorSpace } from 'three';
import { makeLabelTexture, type LabelOptions } from './labelTexture.ts';
import { keepDrawing } from './framePacer.ts';
import type { UvRect } from './staticBatch.ts';

/** Spare pixels round each slot, filled with the slot's own edges, so mipmaps do not bleed between signs. */
const GUTTER = 4;

/**
 * Many labels in one canvas texture, so the planes showing them are one draw call. Slots of fixed sizes are
 * laid out in shelves once; each slot is painted with `makeLabelTexture`'s drawing, and its texts stay listed
 * in `paintedTexts` for as long as the slot shows them.
 */
export class LabelAtlas {
  readonly canvas: HTMLCanvasElement;
  readonly texture: CanvasTexture;
  private readonly slots: { x: number; y: number; w: number; h: number }[] = [];
  /** The label textures whose drawing each slot shows: kept (never uploaded) so their texts stay listed. */
  private readonly shown: (CanvasTexture | null)[];

  constructor(sizes: readonly { w: number; h: number }[], maxWidth = 2048) {
    let x = 0;
    let y = 0;
    let shelf = 0;
    let width = 0;
    for (const s of sizes) {
      const w = s.w + 2 * GUTTER;
      const h = s.h + 2 * GUTTER;
      if (x + w > maxWidth) {
        x = 0;
        y += shelf;
        shelf = 0;
      }
      this.slots.push({ x: x + GUTTER, y: y + GUTTER, w: s.w, h: s.h });
      x += w;
      shelf = Math.max(shelf, h);
      width = Math.max(width, x);
    }
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = y + shelf;
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.anisotropy = 4;
    this.shown = sizes.map(() => null);
  }

  /** Where slot `i` is in texture coordinates (v upwards, as the canvas is flipped on upload). */
  uv(i: number): UvRect {
    const s = this.slots[i]!;
    const W = this.canvas.width;
    const H = this.canvas.height;
    return { u: s.x / W, v: 1 - (s.y + s.h) / H, w: s.w / W, h: s.h / H };
  }

  /** Paint slot `i` with a label (drawn at the slot's size); call {@link commit} after a batch of paints. */
  paint(i: number, options: Omit<LabelOptions, 'width' | 'height'>): void {
    const s = this.slots[i]!;
    const label = makeLabelTexture({ ...options, width: s.w, height: s.h });
    const image = label.image as HTMLCanvasElement;
    const g = this.canvas.getContext('2d')!;
    // The label stretched a little underneath fills the gutter with its own edge colours.
    g.drawImage(image, s.x - GUTTER, s.y - GUTTER, s.w + 2 * GUTTER, s.h + 2 * GUTTER);
    g.drawImage(image, s.x, s.y);
    // Only its texts are still needed: free the canvas, keep the texture (never uploaded) to list them.
    image.width = image.height = 1;
    this.shown[i]?.dispose();
    this.shown[i] = label;
  }

  commit(): void {
    this.texture.needsUpdate = true;
    keepDrawing();
  }

  dispose(): void {
    for (const t of this.shown) t?.dispose();
    this.texture.dispose();
  }
}
