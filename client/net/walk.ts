import { findPath, nearestWalkable } from '../../shared/navgrid.ts';
import { HallIntent } from '../../shared/protocol.ts';
import { sendIntent } from './hallConnection.ts';
import { local, navGrid } from './localWalker.ts';

/** How far from a tapped spot on furniture to look for floor, metres; the server uses the same figure. */
const SNAP = 1.5;

/**
 * Walk the local avatar to a floor point: ask the server, and start walking the same path at once so the
 * tap answers immediately. Returns false when the spot cannot be reached (the server would refuse it too).
 */
export function walkTo(x: number, z: number): boolean {
  const w = local.walker;
  const target = nearestWalkable(navGrid, x, z, SNAP);
  if (w && target) {
    const path = findPath(navGrid, w, target);
    if (path) {
      w.path = path;
      w.steer = null;
    }
  }
  sendIntent(HallIntent.moveTo, { x, z });
  return target !== null;
}
