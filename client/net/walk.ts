import { findPath, nearestWalkable } from '../../shared/navgrid.ts';
import { HallIntent, MOVE_INTENT_HZ } from '../../shared/protocol.ts';
import { sendIntent } from './hallConnection.ts';
import { pageNavGrid } from './layoutStore.ts';
import { local, walkAsked } from './localWalker.ts';

/** How far from a tapped spot on furniture to look for floor, metres; the server uses the same figure. */
const SNAP = 1.5;

const pending = { x: 0, z: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined, lastSent: 0 };

/**
 * Send a walk request no more often than the agreed intent rate: a burst of taps (or a held Enter key on a
 * "go to" button) sends the first at once and the last one when the interval is up.
 */
function requestWalk(x: number, z: number): void {
  pending.x = x;
  pending.z = z;
  if (pending.timer !== undefined) return;
  const wait = pending.lastSent + 1000 / MOVE_INTENT_HZ - performance.now();
  const send = () => {
    pending.timer = undefined;
    pending.lastSent = performance.now();
    sendIntent(HallIntent.moveTo, { x: pending.x, z: pending.z });
    walkAsked();
  };
  if (wait <= 0) send();
  else pending.timer = setTimeout(send, wait);
}

/**
 * Walk the local avatar to a floor point: ask the server, and start walking the same path at once so the
 * tap answers immediately. Returns false when the spot cannot be reached (the server would refuse it too)
 * or the person has no avatar in the hall.
 */
export function walkTo(x: number, z: number): boolean {
  const w = local.walker;
  // No avatar of one's own (following the queue from the line while the hall is full): nothing walks.
  if (!w) return false;
  const navGrid = pageNavGrid();
  const target = nearestWalkable(navGrid, x, z, SNAP);
  if (w && target) {
    const path = findPath(navGrid, w, target);
    if (path) {
      w.path = path;
      w.steer = null;
    }
  }
  requestWalk(x, z);
  return target !== null;
}
