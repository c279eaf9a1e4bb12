import type { Rect } from '../../shared/layout.ts';

/**
 * True when the floor-plan segment a→b crosses the rectangle grown by `pad` (Liang–Barsky clipping).
 * Used to lower any wall that stands between the camera and the person it follows.
 */
export function segmentCrossesRect(ax: number, az: number, bx: number, bz: number, r: Rect, pad: number): boolean {
  const minX = r.x - r.w / 2 - pad;
  const maxX = r.x + r.w / 2 + pad;
  const minZ = r.z - r.d / 2 - pad;
  const maxZ = r.z + r.d / 2 + pad;
  const dx = bx - ax;
  const dz = bz - az;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, ax - minX) && clip(dx, maxX - ax) && clip(-dz, az - minZ) && clip(dz, maxZ - az);
}
