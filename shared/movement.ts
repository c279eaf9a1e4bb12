import { isWalkable, type NavGrid, type Point } from './navgrid.ts';

/** Walking speed in metres per second; a calm indoor pace. */
export const WALK_SPEED = 1.6;

/**
 * One person's walk as the simulation sees it. Either following a planned path (click-to-move) or
 * steered by a direction (keys, joystick); a steer clears the path and a new path clears the steer.
 */
export interface Walker {
  x: number;
  z: number;
  /** Facing, radians about y; 0 looks towards +z. */
  ry: number;
  path: Point[];
  /** Unit-or-shorter direction on the floor, or null when not steering. */
  steer: Point | null;
}

export function createWalker(x: number, z: number, ry = Math.PI): Walker {
  return { x, z, ry, path: [], steer: null };
}

export function isWalking(w: Walker): boolean {
  return w.path.length > 0 || (w.steer !== null && (w.steer.x !== 0 || w.steer.z !== 0));
}

/**
 * Advance a walker by `dt` seconds at most at `speed`. Steering slides along walls instead of stopping
 * dead against them. Returns true when the position changed. Never leaves free floor: a step that would
 * end on a blocked cell is not taken.
 */
export function stepWalker(grid: NavGrid, w: Walker, dt: number, speed = WALK_SPEED): boolean {
  if (dt <= 0) return false;
  let budget = speed * dt;
  const x0 = w.x;
  const z0 = w.z;

  if (w.steer) {
    const len = Math.hypot(w.steer.x, w.steer.z);
    if (len > 1e-6) {
      const k = Math.min(1, len) / len;
      const dx = w.steer.x * k * budget;
      const dz = w.steer.z * k * budget;
      if (isWalkable(grid, w.x + dx, w.z + dz)) {
        w.x += dx;
        w.z += dz;
      } else if (dx !== 0 && isWalkable(grid, w.x + dx, w.z)) {
        w.x += dx;
      } else if (dz !== 0 && isWalkable(grid, w.x, w.z + dz)) {
        w.z += dz;
      }
      w.ry = Math.atan2(w.steer.x, w.steer.z);
    }
  } else {
    while (budget > 1e-9 && w.path.length > 0) {
      const target = w.path[0]!;
      const dx = target.x - w.x;
      const dz = target.z - w.z;
      const dist = Math.hypot(dx, dz);
      if (dist > 1e-6) w.ry = Math.atan2(dx, dz);
      if (dist <= budget) {
        w.x = target.x;
        w.z = target.z;
        budget -= dist;
        w.path.shift();
      } else {
        w.x += (dx / dist) * budget;
        w.z += (dz / dist) * budget;
        budget = 0;
      }
    }
  }
  return w.x !== x0 || w.z !== z0;
}
