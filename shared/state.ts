import { schema, t, type SchemaType } from '@colyseus/schema';
import { hallLayout } from './layout.ts';

const { minX, maxX, minZ, maxZ } = hallLayout.bounds;

/**
 * One person in the hall. Positions travel quantised to 16 bits over the hall's extent (under a millimetre
 * a step) and the facing to 8 bits; name, shop and look travel once, on join (and again when changed).
 */
export const Avatar = schema(
  {
    name: t.string(),
    shop: t.string(),
    role: t.uint8(),
    /** Body, hair and clothing packed in one number (shared/appearance.ts `encodeLook`); staff wear uniform. */
    look: t.uint16(),
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

/**
 * A service desk as the hall's queue board shows it to everyone: open or not, the officer's name, the
 * services it serves and the ticket number at it. Never who holds the number.
 */
export const DeskBoard = schema(
  {
    open: t.boolean(),
    /** Calls nobody now: paused at the desk, or its officer in a meeting or dropped (see `hold`). */
    paused: t.boolean(),
    /** Why it is paused: a DeskHold code ('paused', 'meeting', 'dropped'); empty while at work or closed. */
    hold: t.string(),
    officer: t.string(),
    /** Service ids, comma-separated. */
    services: t.string(),
    /** Ticket number called to or being served at the desk; empty when none. */
    serving: t.string(),
    /** The number is called and its holder is on the way: the desk lights up. */
    calling: t.boolean(),
    /** Times the current number has been called; a recall lights the desk again. */
    callCount: t.uint8(),
  },
  'DeskBoard',
);
export type DeskBoard = SchemaType<typeof DeskBoard>;

/** One service's line: how many are waiting, nothing more. */
export const ServiceLine = schema({ waiting: t.uint16() }, 'ServiceLine');
export type ServiceLine = SchemaType<typeof ServiceLine>;

export const HallState = schema(
  {
    /** Keyed by session id, which survives reconnection. */
    avatars: t.map(Avatar),
    /** Keyed by desk id. */
    desks: t.map(DeskBoard),
    /** Keyed by service id. */
    lines: t.map(ServiceLine),
  },
  'HallState',
);
export type HallState = SchemaType<typeof HallState>;

/**
 * The line: the hall's public queue board without anyone's avatar, for merchants who follow the queue from
 * the 2D panels while the hall is full.
 */
export const LineState = schema(
  {
    /** Keyed by desk id. */
    desks: t.map(DeskBoard),
    /** Keyed by service id. */
    lines: t.map(ServiceLine),
  },
  'LineState',
);
export type LineState = SchemaType<typeof LineState>;

/** What the desks keep up to date in a room's state: the hall's and the line's alike. */
export type QueueBoards = Pick<HallState, 'desks' | 'lines'>;
