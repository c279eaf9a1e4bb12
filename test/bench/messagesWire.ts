import type { Walk } from '../../shared/walk.ts';

/**
 * The wire of the bench's per-client messages room (messagesRoom.ts): the hall's walks and views delivered as
 * one `client.send` (msgpack) per page per patch instead of a StateView. The numbers are the hall's own units
 * (centimetres, hundredths of a direction, whole ms, an 8-bit facing as `t.angle({ bits: 8 })` packs it), so
 * the bytes compare with the hall's schema and nothing but the delivery.
 */

/** The room's name and its one message, what changed in view (its one intent is BENCH_MOVE, benchMove.ts). */
export const MESSAGES_ROOM = 'messages';
export const MESSAGES_VIEW = 'view';
/** Longest name or shop a bot may join with, characters (the room's only input besides a destination). */
export const MESSAGES_NAME_MAX = 40;

/** A walk as sent: x, z cm; facing 0–255 of a turn; t0 ms; speed cm/s; waypoints cm as x, z, …; steer hundredths. */
export type WireWalk = [
  x: number,
  z: number,
  ry: number,
  t0: number,
  speed: number,
  path: number[],
  sx: number,
  sz: number,
];

/** Someone who came into view: their number in this room, session id, name, shop and walk. */
export type WireEntry = [n: number, id: string, name: string, shop: string, walk: WireWalk];

/** One page's message: who came into view, whose walk changed, who left (by number), everyone in the room. */
export interface ViewMessage {
  e?: WireEntry[];
  w?: [n: number, walk: WireWalk][];
  l?: number[];
  p?: number;
}

const TURN = 2 * Math.PI;
const cm = (m: number) => Math.round(m * 100);

export function packWalk(walk: Walk): WireWalk {
  const ry = Math.round(((((walk.ry % TURN) + TURN) % TURN) / TURN) * 256) % 256;
  return [
    cm(walk.x),
    cm(walk.z),
    ry,
    walk.t0,
    cm(walk.speed),
    walk.path.flatMap((p) => [cm(p.x), cm(p.z)]),
    walk.steer ? cm(walk.steer.x) : 0,
    walk.steer ? cm(walk.steer.z) : 0,
  ];
}

/** The walk a page rebuilds from the wire, as `walkOf` rebuilds it from an avatar (shared/state.ts). */
export function unpackWalk([x, z, ry, t0, speed, flat, sx, sz]: WireWalk): Walk {
  const path: { x: number; z: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) path.push({ x: flat[i]! / 100, z: flat[i + 1]! / 100 });
  const steer = sx !== 0 || sz !== 0 ? { x: sx / 100, z: sz / 100 } : null;
  return { x: x / 100, z: z / 100, ry: (ry / 256) * TURN, t0, speed: speed / 100, path, steer };
}
