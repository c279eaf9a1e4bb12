import { createWalker, type Walker } from '../../shared/movement.ts';
import type { Point } from '../../shared/navgrid.ts';
import type { Walk } from '../../shared/walk.ts';
import { hallNow } from './clock.ts';

/**
 * The local person's predicted walk and live input. Predicting with the server's own rules makes the
 * avatar answer a key or a tap at once instead of one round trip later; the server's position still wins.
 */
export const local = {
  walker: null as Walker | null,
  /** Direction from keys, in camera space: x = right, y = forward. */
  keys: { x: 0, y: 0 },
  /** Direction from the touch joystick, in camera space. */
  stick: { x: 0, y: 0 },
  /** Camera yaw about y, radians, written by the camera rig. */
  cameraYaw: 0,
  /** Camera turn (-1 left … 1 right) and zoom (-1 out … 1 in) held on the keyboard. */
  view: { turn: 0, zoom: 0 },
  /**
   * The last walk asked of the hall (a tap's moveTo or a steering segment): when, on the hall clock and the
   * page's. The hall's walk for oneself is weighed against the prediction only once it answers that (its
   * start is no earlier), or after a while without asking.
   */
  asked: { hall: -Infinity, page: -Infinity },
  /** Set when the hall sent a new walk for oneself; the motion loop looks at it on the next frame. */
  selfWalkNew: false,
};

export function resetLocalWalker(x: number, z: number, ry: number): void {
  local.walker = createWalker(x, z, ry);
  local.asked.hall = -Infinity;
  local.asked.page = -Infinity;
}

/** A walk was just asked of the hall. */
export function walkAsked(): void {
  local.asked.hall = hallNow();
  local.asked.page = performance.now();
}

/** The hall refused the walk asked: its own walk for oneself holds from now on, without waiting. */
export function walkRefused(): void {
  local.asked.hall = -Infinity;
  local.asked.page = -Infinity;
  if (local.walker) local.walker.path = [];
}

/** The hall sent a new walk for oneself. */
export function selfWalkChanged(): void {
  local.selfWalkNew = true;
}

/** The waypoints of a planned walk still ahead at `d` metres along it. */
export function pathAhead(walk: Walk, d: number): Point[] {
  let from = { x: walk.x, z: walk.z };
  let along = 0;
  for (let i = 0; i < walk.path.length; i++) {
    const p = walk.path[i]!;
    along += Math.hypot(p.x - from.x, p.z - from.z);
    if (along > d + 1e-6) return walk.path.slice(i).map((q) => ({ ...q }));
    from = p;
  }
  return [];
}
