import { matchMaker } from '@colyseus/core';
import { Callbacks, Client, Protocol } from '@colyseus/sdk';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, HallNotice, type ClockNotice } from '../../shared/protocol.ts';
import { createNavGrid, isWalkable } from '../../shared/navgrid.ts';
import { HallState } from '../../shared/state.ts';
import type { Pose } from '../../shared/walk.ts';
import type { RunningHall } from '../../server/app.ts';
import {
  bootHall,
  cutNetwork,
  hallNow,
  hallUrl,
  poseOf,
  staffToken,
  until,
  visit,
  visitWithToken,
  type HallRoom,
  type Visitor,
} from './helpers.ts';

/**
 * Each page is sent only its own avatar, its NEAREST nearest people (kept until beyond NEAREST + NEAREST/4)
 * and whoever it deals with at a desk. A small NEAREST keeps these crowds small: three people standing
 * together fill each other's views, and everyone else is "far".
 */
const NEAREST = 2;
const grid = createNavGrid(hallLayout);
/** Two corners of the waiting area, about 12 m apart, each with room for a group of three. */
const WEST = [
  { x: -6, z: 7 },
  { x: -7, z: 7 },
  { x: -6, z: 8 },
];
const EAST = [
  { x: 6, z: 7 },
  { x: 7, z: 7 },
  { x: 6, z: 8 },
];
/** How far apart the page's replay and the hall's own idea of someone may be, metres. */
const CM = 0.02;

let hall: RunningHall;
/** Everyone a test let in, shown out after it so the next test starts with an empty hall. */
let inHall: HallRoom[] = [];

beforeAll(async () => {
  hall = await bootHall({ HALL_VIEW_NEAREST: String(NEAREST) });
});
afterEach(async () => {
  // A page whose socket was cut has nothing to leave with: give up on it after a moment (its place is let go
  // when the page that took it back leaves).
  const leave = (room: HallRoom) =>
    Promise.race([room.leave(true).catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  await Promise.all(inHall.map(leave));
  inHall = [];
  await until(() => !hallId || serverHall()?.state.avatars.size === 0, 'the hall to be empty');
});
afterAll(async () => {
  await hall.close();
});

interface ServerHall {
  state: HallState;
  floor: { poseAt(id: string, now: number): Pose | undefined };
  /** Patches sent so far; each chooses again the views of one slice of the pages. */
  patches: number;
}

/** The hall chooses each page's view again once in this many patches (server/hall/HallRoom.ts). */
const VIEW_SLICES = 5;

/** The station's one hall, as the server runs it (in this process). */
let hallId: string | undefined;
function serverHall(): ServerHall | undefined {
  return hallId ? (matchMaker.getLocalRoomById(hallId) as unknown as ServerHall | undefined) : undefined;
}

/** Where the hall itself has someone at `t` (its own replay of their walk), not what any page was sent. */
function hallPose(room: HallRoom, id: string, t: number): Pose {
  const server = matchMaker.getLocalRoomById(room.roomId) as unknown as ServerHall;
  return server.floor.poseAt(id, t)!;
}

/** A page as the tests watch it: who it was ever sent, and the bytes of state it received in patches. */
interface Watched extends Visitor {
  id: string;
  everSent: Set<string>;
  patchBytes: { n: number };
}

function watchPage(v: Visitor, room: HallRoom = v.room): Watched {
  const everSent = new Set<string>();
  const patchBytes = { n: 0 };
  Callbacks.get(room).onAdd('avatars', (_avatar, id: string) => everSent.add(id));
  for (const id of room.state.avatars.keys()) everSent.add(id);
  const events = room.connection.events;
  const decode = events.onmessage!;
  events.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
    const bytes = new Uint8Array(ev.data);
    // Past the message's code: an empty patch is the code alone.
    if (((bytes[0] ?? 0) & 0x1f) === Protocol.ROOM_STATE_PATCH) patchBytes.n += bytes.byteLength - 1;
    decode(ev);
  };
  return { ...v, room, id: room.sessionId, everSent, patchBytes };
}

async function enter(name: string): Promise<Watched> {
  const v = await visit(hall, name);
  inHall.push(v.room);
  hallId = v.room.roomId;
  return watchPage(v);
}

/** Who a page holds now, besides itself. */
function others(p: Watched): string[] {
  return [...p.room.state.avatars.keys()].filter((id) => id !== p.id).sort();
}

/** Walk each to their spot and wait until the hall has them all standing there. */
async function walkTo(moves: (readonly [Watched, { x: number; z: number }])[]): Promise<void> {
  for (const [p, at] of moves) {
    expect(isWalkable(grid, at.x, at.z)).toBe(true);
    p.room.send('moveTo', at);
  }
  await until(
    () =>
      moves.every(([p, at]) => {
        const me = hallPose(p.room, p.id, hallNow(p.room));
        return !me.moving && Math.hypot(me.x - at.x, me.z - at.z) < 0.05;
      }),
    'everyone to arrive',
    20_000,
  );
}

/**
 * Until each page holds what its view is now: the hall goes through a whole round of view slices (each
 * chosen again and sent in its patch), then every page's clock is asked and answered. The answer leaves
 * after those patches on the same socket, so a page that has it has every patch before it.
 */
async function settle(pages: Watched[]): Promise<void> {
  const server = serverHall()!;
  const from = server.patches;
  await until(() => server.patches >= from + VIEW_SLICES, 'every view chosen again');
  await Promise.all(pages.map((p) => answered(p.room)));
}

let pings = 0;
/** A clock ask answered: everything the hall sent the page before the answer has arrived. */
function answered(room: HallRoom): Promise<void> {
  const c = ++pings;
  return new Promise((resolve) => {
    const stop = room.onMessage(HallNotice.clock, (n: ClockNotice) => {
      if (n.c !== c) return;
      stop();
      resolve();
    });
    room.send(HallIntent.clock, { c });
  });
}

/** Within a centimetre or two of where the hall has the person at this moment, on the page's own replay. */
function expectWhereTheHallHas(page: Watched, id: string): void {
  const t = hallNow(page.room);
  const seen = poseOf(page.room, id, t);
  expect(seen, `${page.id} to hold ${id}`).toBeDefined();
  const truth = hallPose(page.room, id, t);
  expect(Math.hypot(seen!.x - truth.x, seen!.z - truth.z)).toBeLessThan(CM);
  expect(seen!.moving).toBe(truth.moving);
}

/** Two groups of three, one at each corner of the waiting area. */
async function twoGroups(): Promise<{ west: Watched[]; east: Watched[] }> {
  const west = [await enter('西一'), await enter('西二'), await enter('西三')];
  const east = [await enter('东一'), await enter('东二'), await enter('东三')];
  await walkTo([...west.map((p, i) => [p, WEST[i]!] as const), ...east.map((p, i) => [p, EAST[i]!] as const)]);
  await settle([...west, ...east]);
  return { west, east };
}

describe('each page holds only the people near it, where they really are', () => {
  it('people far apart are not sent each other nor each other’s walks; walking closer brings the other in, where they are', async () => {
    const { west, east } = await twoGroups();
    const [w, , w3] = west as [Watched, Watched, Watched];
    const [e, e2, e3] = east as [Watched, Watched, Watched];
    // Each page holds its own group, and the header still counts everyone.
    for (const group of [west, east])
      for (const p of group) {
        expect(others(p)).toEqual(
          group
            .filter((q) => q !== p)
            .map((q) => q.id)
            .sort(),
        );
        expect(p.room.state.people).toBe(6);
      }

    // From here on, nothing of the east reaches the west while the east walks about on its side.
    for (const p of [...west, ...east]) {
      p.everSent.clear();
      p.patchBytes.n = 0;
    }
    await walkTo([
      [e2, { x: 7, z: 8 }],
      [e3, { x: 5, z: 7.5 }],
    ]);
    await settle([...west, ...east]);
    for (const p of west) {
      expect([...p.everSent].filter((id) => east.some((q) => q.id === id))).toEqual([]);
      expect(p.patchBytes.n).toBe(0);
    }
    // The east's own pages did follow those walks.
    expect(e.patchBytes.n).toBeGreaterThan(0);
    expectWhereTheHallHas(e, e2.id);

    // One of the east walks over to stand beside the first of the west: the two come into each other's views
    // while on the way, and the page that receives the walker has them where the hall has them at once.
    const cameIn: { t: number; seen: Pose | undefined; truth: Pose }[] = [];
    Callbacks.get(w.room).onAdd('avatars', (_avatar, id: string) => {
      if (id !== e.id) return;
      const t = hallNow(w.room);
      cameIn.push({ t, seen: poseOf(w.room, id, t), truth: hallPose(w.room, id, t) });
    });
    e.room.send('moveTo', { x: -5.5, z: 7 });
    const first = await until(() => cameIn[0], 'the walker to come into view', 20_000);
    expect(first.seen).toBeDefined();
    expect(Math.hypot(first.seen!.x - first.truth.x, first.seen!.z - first.truth.z)).toBeLessThan(CM);
    expect(first.truth.moving).toBe(true); // sent mid-way, not only once standing
    await until(() => others(e).includes(w.id), 'the walker to hold the west in turn');
    await walkTo([[e, { x: -5.5, z: 7 }]]);
    await settle([...west, ...east]);
    expectWhereTheHallHas(w, e.id);
    expectWhereTheHallHas(e, w.id);
    expectWhereTheHallHas(e, w3.id); // (-6, 8): nearer to the walker than (-7, 7)
    // The two left behind in the east are still nothing to the west.
    for (const p of west) expect(others(p).filter((id) => id === e2.id || id === e3.id)).toEqual([]);
    // And the walker no longer holds them: they are well beyond its nearest and its margin.
    expect(others(e)).not.toContain(e2.id);
    expect(others(e)).not.toContain(e3.id);
    expect(e.room.state.people).toBe(6);
  });

  it('a late joiner sees everyone near them where they really are: at the end of walks done before, mid-way in one under way', async () => {
    const done = await enter('早到');
    const going = await enter('走着');
    await walkTo([[done, { x: -2, z: 7 }]]);
    // A long walk to the far end of the hall, well under way (a metre gone) when the newcomer arrives.
    const door = hallPose(going.room, going.id, hallNow(going.room));
    going.room.send('moveTo', { x: 0, z: -4.5 });
    await until(() => {
      const now = hallPose(going.room, going.id, hallNow(going.room));
      return now.moving && Math.hypot(now.x - door.x, now.z - door.z) > 1;
    }, 'the long walk to be a metre under way');

    const late = await enter('晚到');
    expect(others(late)).toEqual([done.id, going.id].sort());
    const t = hallNow(late.room);
    const stood = poseOf(late.room, done.id, t)!;
    expect(Math.hypot(stood.x + 2, stood.z - 7)).toBeLessThan(CM); // where the walk ended, not at the door
    expect(stood.moving).toBe(false);
    expectWhereTheHallHas(late, done.id);
    expectWhereTheHallHas(late, going.id);
    expect(poseOf(late.room, going.id, t)!.moving).toBe(true);
    // Followed to the end of the walk on the newcomer's page.
    await until(
      () => {
        const p = poseOf(late.room, going.id);
        return p && !p.moving;
      },
      'the walk to end',
      20_000,
    );
    expectWhereTheHallHas(late, going.id);
    expect(late.room.state.people).toBe(3);
  });

  it('a page that comes back with its reconnection token holds the same people again, where they are now', async () => {
    const { west, east } = await twoGroups();
    const [w, w2, w3] = west as [Watched, Watched, Watched];
    const before = others(w);
    const token = w.room.reconnectionToken;
    w.room.reconnection.enabled = false; // the page is gone (a reload): it comes back with its token
    cutNetwork(w.room);
    await until(() => w2.room.state.avatars.get(w.id)?.online === false, 'the others to see it away');
    // Meanwhile one of its group walks a few steps.
    await walkTo([[w2, { x: -6.5, z: 8.5 }]]);

    const again = await new Client(hallUrl(hall)).reconnect<HallState>(token, HallState);
    inHall.push(again);
    Callbacks.get(again);
    expect(again.sessionId).toBe(w.id);
    const back = watchPage({ ...w, room: again as HallRoom }, again as HallRoom);
    await until(() => others(back).length === before.length, 'the view to come back');
    expect(others(back)).toEqual(before);
    expect(others(back)).toEqual([w2.id, w3.id].sort());
    expectWhereTheHallHas(back, w2.id);
    expect(Math.hypot(poseOf(again, w2.id)!.x + 6.5, poseOf(again, w2.id)!.z - 8.5)).toBeLessThan(CM);
    expectWhereTheHallHas(back, w3.id);
    expectWhereTheHallHas(back, w.id);
    await until(() => again.state.avatars.get(w.id)?.online, 'itself online again');
    expect(again.state.people).toBe(6);
    await settle([back]);
    expect([...back.everSent].filter((id) => east.some((q) => q.id === id))).toEqual([]);
  });

  it('the officer and the merchant at the same desk see each other however far apart and however many are nearer', async () => {
    const officer = watchPage(await visitWithToken(hall, await staffToken(hall, 'officer', 'li', '李警官')));
    inHall.push(officer.room);
    const o2 = await enter('陪一');
    const o3 = await enter('陪二');
    const merchant = await enter('办事');
    const m2 = await enter('同行一');
    const m3 = await enter('同行二');
    await walkTo([
      [officer, WEST[0]!],
      [o2, WEST[1]!],
      [o3, WEST[2]!],
      [merchant, EAST[0]!],
      [m2, EAST[1]!],
      [m3, EAST[2]!],
    ]);
    await settle([officer, o2, o3, merchant, m2, m3]);
    expect(others(officer)).not.toContain(merchant.id);
    expect(others(merchant)).not.toContain(officer.id);

    officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
    await until(() => merchant.room.state.desks.get('desk-1')?.open, 'the desk to open');
    merchant.room.send('takeTicket', { service: 'renovation' });
    await until(() => merchant.room.state.lines.get('renovation')?.waiting === 1, 'the number taken');
    officer.room.send('callNext');
    await until(() => others(officer).includes(merchant.id), 'the officer to hold the merchant called');
    await until(() => others(merchant).includes(officer.id), 'the merchant to hold the officer');
    expectWhereTheHallHas(officer, merchant.id);
    expectWhereTheHallHas(merchant, officer.id);
    // Their nearest are still in view besides: partners come on top of the nearest.
    expect(others(officer)).toEqual([o2.id, o3.id, merchant.id].sort());
    expect(others(merchant)).toEqual([m2.id, m3.id, officer.id].sort());

    // The merchant walks about on the far side; the officer's page follows the walk.
    await walkTo([[merchant, { x: 5, z: 8 }]]);
    await settle([officer, merchant]);
    expectWhereTheHallHas(officer, merchant.id);
    expect(officer.rejected).toEqual([]);
    expect(merchant.rejected).toEqual([]);
  });
});
