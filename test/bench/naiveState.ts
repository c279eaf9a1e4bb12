import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * The naive room's state (naiveRoom.ts): what a straightforward Colyseus room sends — every avatar's float
 * position, facing and a moving flag in one plain map that every client receives whole, at the patch rate.
 */
export const NaiveAvatar = schema(
  {
    x: t.float32(),
    z: t.float32(),
    ry: t.float32(),
    moving: t.boolean(),
  },
  'NaiveAvatar',
);
export type NaiveAvatar = SchemaType<typeof NaiveAvatar>;

export const NaiveState = schema({ avatars: t.map(NaiveAvatar) }, 'NaiveState');
export type NaiveState = SchemaType<typeof NaiveState>;

/** The naive room's name (its one intent is the bench rooms' BENCH_MOVE, benchMove.ts). */
export const NAIVE_ROOM = 'naive';
