import { schema, t, type SchemaType } from '@colyseus/schema';
import type { Walk } from './walk.ts';

/**
 * One person in the hall, as the people near them see it (see `avatars` below). Name, shop and look travel
 * once, when the person comes into view (and again when changed); where they are travels as their walk
 * (shared/walk.ts), once each time it starts or changes: a page replays it frame by frame, and someone
 * standing still costs nothing. Lengths in centimetres, directions in hundredths, times in ms of the hall clock.
 */
export const Avatar = schema(
  {
    name: t.string(),
    shop: t.string(),
    role: t.uint8(),
    /** Body, hair and clothing packed in one number (shared/appearance.ts `encodeLook`); staff wear uniform. */
    look: t.uint16(),
    /** Where the current walk starts, cm. */
    x: t.int16(),
    z: t.int16(),
    /** Facing at the start of the walk (kept while standing). */
    ry: t.angle({ bits: 8 }),
    /** When the walk starts, hall clock ms. */
    t0: t.float64(),
    /** Walking speed, cm/s. */
    speed: t.uint16(),
    /** A planned walk's waypoints after the start, cm, as x, z, x, z, …; empty when steering or standing. */
    path: t.array('int16'),
    /** A steered walk's direction, hundredths; both 0 when not steering. */
    sx: t.int8(),
    sz: t.int8(),
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
    /**
     * Keyed by session id, which survives reconnection. Each page receives only the avatars in its view: the
     * people nearest to it (HALL_VIEW_NEAREST) and always those it is dealing with (its desk's officer or
     * merchant); the server adds and removes them as people move (server/hall/interest.ts).
     */
    avatars: t.map(Avatar).view(),
    /** Everyone in the hall now, in view or not: the page says "and N more people in the hall". */
    people: t.uint16(),
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

/** The walk an avatar carries, in metres and ms (shared/walk.ts). */
export function walkOf(a: Pick<Avatar, 'x' | 'z' | 'ry' | 't0' | 'speed' | 'path' | 'sx' | 'sz'>): Walk {
  const path: { x: number; z: number }[] = [];
  const flat = a.path;
  for (let i = 0; i + 1 < flat.length; i += 2) path.push({ x: flat.at(i)! / 100, z: flat.at(i + 1)! / 100 });
  const steer = a.sx !== 0 || a.sz !== 0 ? { x: a.sx / 100, z: a.sz / 100 } : null;
  return { x: a.x / 100, z: a.z / 100, ry: a.ry, t0: a.t0, speed: a.speed / 100, path, steer };
}
