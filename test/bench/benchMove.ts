import type { Point } from '../../shared/navgrid.ts';

/**
 * The one intent of the bench's own rooms (naiveRoom.ts, messagesRoom.ts): walk to {x, z}, as the hall's
 * moveTo. Those rooms only serve the bench's bots, so anything else is dropped without a word.
 */
export const BENCH_MOVE = 'moveTo';

/** The destination a bench room's moveTo asks for, or null when it is not two finite numbers. */
export function destinationOf(payload: unknown): Point | null {
  const p = payload as { x?: unknown; z?: unknown } | null;
  if (typeof p?.x !== 'number' || typeof p.z !== 'number') return null;
  if (!Number.isFinite(p.x) || !Number.isFinite(p.z)) return null;
  return { x: p.x, z: p.z };
}
