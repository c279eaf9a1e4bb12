import { BoxGeometry } from 'three';
import type { HallLayout } from '../../shared/layout.ts';
import { place, type SolidBatch } from './staticBatch.ts';

const SEAT_W = 0.5;
const SEAT_D = 0.48;

/** Waiting-area benches with individual seats, so the area reads as a place to sit and wait. */
export function addBenches(solid: SolidBatch, layout: HallLayout): void {
  for (const b of layout.benches) {
    solid.add(new BoxGeometry(b.w, 0.06, b.d * 0.6), place(b.x, 0.2, b.z), {
      color: '#7d8791',
      metalness: 0.3,
      roughness: 0.5,
      cast: true,
    });
    const n = Math.floor(b.w / (SEAT_W + 0.1));
    for (let s = 0; s < n; s++) {
      const x = b.x - b.w / 2 + (s + 0.5) * (b.w / n);
      solid.add(new BoxGeometry(SEAT_W, 0.06, SEAT_D), place(x, 0.45, b.z), {
        color: '#3d7ab8',
        roughness: 0.6,
        cast: true,
      });
      solid.add(new BoxGeometry(SEAT_W, 0.5, 0.05), place(x, 0.75, b.z - b.d * 0.4), {
        color: '#3d7ab8',
        roughness: 0.6,
        cast: true,
      });
    }
  }
}
