/**
 * Where things stand in a meeting room: the round table sized to its seats, each seat facing the table,
 * and the way in from the door to a seat. Pure numbers, shared by the scene and its tests.
 */

/** Space each seat takes along the ring, metres. */
const SEAT_PITCH = 0.75;
const MIN_TABLE_R = 1.3;
/** From the table's edge to the middle of a seat. */
const SEAT_GAP = 0.6;
/** The door is in the front wall, this far from the table's centre. */
export const DOOR_Z = 6.5;
/** Walking pace of someone coming to their seat, metres per second. */
export const WALK_SPEED = 2.2;

export function tableRadius(seats: number): number {
  return Math.max(MIN_TABLE_R, (seats * SEAT_PITCH) / (2 * Math.PI) - SEAT_GAP);
}

export interface SeatPose {
  x: number;
  z: number;
  /** Facing: the table's centre. */
  ry: number;
}

/** Seat `index` of `count`, round the table; seat 0 faces the door, the rest follow clockwise. */
export function seatPose(index: number, count: number): SeatPose {
  const r = tableRadius(count) + SEAT_GAP;
  const a = Math.PI + (index / Math.max(1, count)) * Math.PI * 2;
  const x = Math.sin(a) * r;
  const z = Math.cos(a) * r;
  return { x, z, ry: Math.atan2(-x, -z) };
}

/** The way in: through the door, round the outside of the chairs the shorter way, then onto the seat. */
export function pathToSeat(index: number, count: number): { x: number; z: number }[] {
  const seat = seatPose(index, count);
  const r = tableRadius(count) + SEAT_GAP + 1.1;
  const target = Math.atan2(seat.x, seat.z);
  const steps = Math.max(1, Math.ceil(Math.abs(target) / 0.3));
  const path = [{ x: 0, z: DOOR_Z }];
  for (let i = 0; i <= steps; i++) {
    const a = (target * i) / steps;
    path.push({ x: Math.sin(a) * r, z: Math.cos(a) * r });
  }
  path.push({ x: seat.x, z: seat.z });
  return path;
}

/** A point `distance` metres along a path (the end, past it), and the heading there. */
export function alongPath(
  path: { x: number; z: number }[],
  distance: number,
): { x: number; z: number; ry: number; done: boolean } {
  let left = distance;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const len = Math.hypot(b.x - a.x, b.z - a.z);
    const ry = Math.atan2(b.x - a.x, b.z - a.z);
    if (left <= len) {
      const t = len === 0 ? 1 : left / len;
      return { x: a.x + (b.x - a.x) * t, z: a.z + (b.z - a.z) * t, ry, done: false };
    }
    left -= len;
  }
  const end = path[path.length - 1]!;
  return { x: end.x, z: end.z, ry: 0, done: true };
}
