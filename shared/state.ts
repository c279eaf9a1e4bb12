import { schema, t, type SchemaType } from '@colyseus/schema';
import { hallLayout } from './layout.ts';

const { minX, maxX, minZ, maxZ } = hallLayout.bounds;

/**
 * One person in the hall. Positions travel quantised to 16 bits over the hall's extent (under a millimetre
 * a step) and the facing to 8 bits; name and shop travel once, on join.
 */
export const Avatar = schema(
  {
    name: t.string(),
    shop: t.string(),
    role: t.uint8(),
    x: t.quantized({ min: minX, max: maxX, bits: 16 }),
    z: t.quantized({ min: minZ, max: maxZ, bits: 16 }),
    ry: t.angle({ bits: 8 }),
    moving: t.boolean(),
    /** False while the person's connection is lost and the hall is holding their place. */
    online: t.boolean().default(true),
  },
  'Avatar',
);
export type Avatar = SchemaType<typeof Avatar>;

export const HallState = schema(
  {
    /** Keyed by session id, which survives reconnection. */
    avatars: t.map(Avatar),
  },
  'HallState',
);
export type HallState = SchemaType<typeof HallState>;
