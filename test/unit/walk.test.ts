import { describe, expect, it } from 'vitest';
import { Callbacks, Decoder, Encoder, StateView } from '@colyseus/schema';
import { hallLayout } from '../../shared/layout.ts';
import { createWalker, stepWalker } from '../../shared/movement.ts';
import { isWalkable } from '../../shared/navgrid.ts';
import { Avatar, HallState, walkOf } from '../../shared/state.ts';
import { STEER_STEP_MS, WalkReplay, type Walk } from '../../shared/walk.ts';
import { HallFloor, writeWalk } from '../../server/hall/rules.ts';
import { seeded } from '../../shared/seeded.ts';

const TICK = 50;

/**
 * The hall's side (a floor keeping walks, avatars written as the room writes them, a page's StateView) and a
 * page's side (a decoder fed every patch, a replay rebuilt in each avatar's onChange), one patch per tick.
 */
function hallAndPage(ids: string[]) {
  const floor = new HallFloor(hallLayout, seeded(7));
  const state = new HallState();
  const encoder = new Encoder(state);
  const view = new StateView();
  for (const id of ids) {
    const avatar = new Avatar();
    avatar.name = id;
    writeWalk(avatar, floor.enter(id, 0));
    state.avatars.set(id, avatar);
    view.add(avatar);
  }
  const page = new HallState();
  const decoder = new Decoder(page);
  const callbacks = Callbacks.get(decoder);
  const replays = new Map<string, WalkReplay>();
  const rebuilds = new Map<string, number>();
  callbacks.onAdd('avatars', (avatar, id) => {
    const rebuild = () => {
      replays.set(id, new WalkReplay(floor.grid, walkOf(avatar)));
      rebuilds.set(id, (rebuilds.get(id) ?? 0) + 1);
    };
    rebuild();
    callbacks.onChange(avatar, rebuild);
  });
  return {
    floor,
    replays,
    rebuilds,
    /** A walk the hall started or changed, into the avatar as the room writes it. */
    write(id: string, walk: Walk | undefined) {
      if (walk) writeWalk(state.avatars.get(id)!, walk);
    },
    /** One patch, as the room sends it to this page. */
    patch() {
      const it = { offset: 1 };
      encoder.encode(it);
      const bytes = encoder.encodeView(view, it.offset, it);
      decoder.decode(bytes, { offset: 1 });
      encoder.discardChanges();
    },
    /** How far apart the page and the hall have someone at `t`, metres. */
    gap(id: string, t: number): number {
      const mine = floor.poseAt(id, t)!;
      const theirs = replays.get(id)!.poseAt(t);
      expect(theirs.moving).toBe(mine.moving);
      return Math.hypot(mine.x - theirs.x, mine.z - theirs.z);
    },
  };
}

describe('a page that applies the walks ends where the hall has everyone', () => {
  it('planned walks, and a walk changed half-way', () => {
    const h = hallAndPage(['a', 'b']);
    const events = new Map<number, () => void>([
      [100, () => h.write('a', expectOk(h.floor.moveTo('a', -10.5, -5.6, 100)).walk)],
      [200, () => h.write('b', expectOk(h.floor.moveTo('b', 10, -4, 200)).walk)],
      [1550, () => h.write('a', expectOk(h.floor.moveTo('a', 6, 3, 1550)).walk)], // a new tap mid-way
      [4000, () => h.write('b', h.floor.stop('b', 4000))],
    ]);
    let worst = 0;
    let arrived = 0;
    for (let t = 0; t <= 20_000; t += TICK) {
      events.get(t)?.();
      h.patch();
      if (t === 0) arrived = h.rebuilds.get('a')!;
      for (const id of ['a', 'b']) worst = Math.max(worst, h.gap(id, t), h.gap(id, t + TICK / 2));
    }
    expect(worst).toBeLessThan(0.01);
    expect(h.floor.poseAt('a', 20_000)).toMatchObject({ moving: false });
    // After arriving, one rebuild per walk received (the two taps): nothing while a walk goes as planned.
    expect(h.rebuilds.get('a')! - arrived).toBe(2);
  });

  it('steered walks sliding along walls, changed, stopped, and re-anchored after long steering', () => {
    const h = hallAndPage(['a']);
    const steer = (t: number, dx: number, dz: number) => {
      const here = h.replays.get('a')!.poseAt(t); // where the page has itself
      h.write('a', h.floor.steer('a', { x: here.x + 0.1, z: here.z, dx, dz, t: t - 120 }, t));
    };
    const events = new Map<number, () => void>([
      [100, () => steer(100, 0.6, 0.8)], // towards the wall behind the entrance, then along it
      [9000, () => steer(9000, -1, 0.2)],
      [16_000, () => steer(16_000, 0, 0)],
      [17_000, () => steer(17_000, 0.71, -0.71)],
    ]);
    let worst = 0;
    let slid = false;
    let reanchored = 0;
    for (let t = 0; t <= 60_000; t += TICK) {
      events.get(t)?.();
      for (const [id, walk] of h.floor.reanchor(t)) {
        h.write(id, walk);
        reanchored++;
      }
      h.patch();
      worst = Math.max(worst, h.gap('a', t), h.gap('a', t + 17));
      const pose = h.floor.poseAt('a', t)!;
      const walk = h.floor.walkOf('a')!;
      // Each step lands on free floor (between two steps the pose may cut a corner).
      if ((t - walk.t0) % STEER_STEP_MS === 0) expect(isWalkable(h.floor.grid, pose.x, pose.z)).toBe(true);
      if (walk.steer && !isWalkable(h.floor.grid, pose.x + walk.steer.x * 0.1, pose.z + walk.steer.z * 0.1))
        slid = true;
    }
    expect(worst).toBeLessThan(0.01);
    expect(slid).toBe(true); // the walk did run into a wall
    expect(reanchored).toBeGreaterThan(0);
  });
});

describe('a planned walk replays as the walker steps', () => {
  it('matches stepping at 50 ms within a centimetre', () => {
    const floor = new HallFloor(hallLayout, seeded(8));
    const start = floor.enter('a', 0);
    const { walk } = expectOk(floor.moveTo('a', -10.5, -5.6, 0));
    expect(walk.path.length).toBeGreaterThan(1);
    const replay = new WalkReplay(floor.grid, walk);
    const walker = { ...createWalker(walk.x, walk.z), path: walk.path.map((p) => ({ ...p })) };
    expect(Math.hypot(walker.x - start.x, walker.z - start.z)).toBeLessThan(0.01);
    let worst = 0;
    for (let t = TICK; t <= replay.endsAt + 1000; t += TICK) {
      stepWalker(floor.grid, walker, TICK / 1000, walk.speed);
      const pose = replay.poseAt(t);
      worst = Math.max(worst, Math.hypot(pose.x - walker.x, pose.z - walker.z));
    }
    expect(worst).toBeLessThan(0.01);
    expect(walker.path).toEqual([]);
  });
});

function expectOk<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`refused: ${String(r.error)}`);
  return r.value;
}
