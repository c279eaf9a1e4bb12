import { describe, expect, it } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { isWalkable } from '../../shared/navgrid.ts';
import { STEER_LATE_MS } from '../../shared/protocol.ts';
import type { Walk } from '../../shared/walk.ts';
import { HallFloor, REANCHOR_MS } from '../../server/hall/rules.ts';
import { BadInputMeter } from '../../server/rooms/badInput.ts';
import { seeded } from '../../shared/seeded.ts';

describe('hall floor', () => {
  it('places newcomers standing on free floor inside the entrance, spread out', () => {
    const floor = new HallFloor(hallLayout, seeded(1));
    const spots = Array.from({ length: 20 }, (_, i) => floor.enter(`p${i}`, 1000));
    for (const s of spots) {
      expect(isWalkable(floor.grid, s.x, s.z)).toBe(true);
      expect(s).toMatchObject({ t0: 1000, path: [], steer: null });
      expect(Math.hypot(s.x - hallLayout.spawn.x, s.z - hallLayout.spawn.z)).toBeLessThan(2.5);
    }
    expect(new Set(spots.map((s) => `${s.x.toFixed(2)},${s.z.toFixed(2)}`)).size).toBeGreaterThan(15);
  });

  it('plans a walk to a tapped desk by snapping to the floor in front of it', () => {
    const floor = new HallFloor(hallLayout, seeded(2));
    floor.enter('a', 0);
    const c = hallLayout.desks[0]!.counter;
    const result = floor.moveTo('a', c.x, c.z, 100);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(isWalkable(floor.grid, result.value.target.x, result.value.target.z)).toBe(true);
    expect(result.value.walk.t0).toBe(100);
    expect(result.value.walk.path.at(-1)).toEqual(result.value.target);
  });

  it('refuses a destination outside the hall or deep in a wall', () => {
    const floor = new HallFloor(hallLayout, seeded(3));
    floor.enter('a', 0);
    expect(floor.moveTo('a', 500, 0, 0)).toEqual({ ok: false, error: 'target_blocked' });
    expect(floor.moveTo('a', 0, -11.3, 0)).toMatchObject({ ok: true }); // a tap on the wall snaps to the floor
    expect(floor.moveTo('a', 0, -14, 0)).toEqual({ ok: false, error: 'target_blocked' });
    expect(floor.moveTo('nobody', 0, 0, 0)).toEqual({ ok: false, error: 'no_path' });
  });

  it('moves people only at walking speed: arrival takes walking time, and a new walk starts where they are', () => {
    const floor = new HallFloor(hallLayout, seeded(4));
    const start = floor.enter('a', 0);
    floor.moveTo('a', 0, -4, 0);
    const at = floor.poseAt('a', 50)!;
    expect(at.moving).toBe(true);
    expect(Math.hypot(at.x - start.x, at.z - start.z)).toBeLessThanOrEqual(floor.speed * 0.05 + 1e-9);
    const mid = floor.poseAt('a', 1000)!;
    const r = floor.moveTo('a', 5, 0, 1000);
    expect(r.ok && r.value.walk).toMatchObject({ x: Math.round(mid.x * 100) / 100, z: Math.round(mid.z * 100) / 100 });
  });

  it("a steer takes the page's start when it agrees with the hall's, and the hall's own otherwise", () => {
    const floor = new HallFloor(hallLayout, seeded(5));
    const w = floor.enter('a', 10_000);
    // Close by, a little late: taken as the page said.
    const near = floor.steer('a', { x: w.x + 0.2, z: w.z, dx: 1, dz: 0, t: 9_900 }, 10_000)!;
    expect(near).toMatchObject({ x: Math.round((w.x + 0.2) * 100) / 100, z: w.z, t0: 9_900, steer: { x: 1, z: 0 } });
    // Too far from where the hall has them: the hall's pose now.
    const pose = floor.poseAt('a', 10_200)!;
    const far = floor.steer('a', { x: w.x + 5, z: w.z, dx: 0, dz: -1, t: 10_200 }, 10_200)!;
    expect(far).toMatchObject({ x: Math.round(pose.x * 100) / 100, t0: 10_200, steer: { x: 0, z: -1 } });
    // Too early a start is clamped to STEER_LATE_MS ago; a start in the future to now.
    expect(floor.steer('a', { x: far.x, z: far.z, dx: 1, dz: 0, t: 0 }, 11_000)!.t0).toBe(11_000 - STEER_LATE_MS);
    expect(floor.steer('a', { x: far.x, z: far.z, dx: 1, dz: 0, t: 99_999 }, 12_000)!.t0).toBe(12_000);
    // A zero direction stops: standing where they are.
    const stop = floor.steer('a', { x: 0, z: 0, dx: 0, dz: 0, t: 12_500 }, 12_500)!;
    expect(stop).toMatchObject({ steer: null, path: [], t0: 12_500 });
    expect(floor.poseAt('a', 20_000)).toMatchObject({ x: stop.x, z: stop.z, moving: false });
  });

  it('starts a long steered walk afresh where it has got to, and the replay goes on as before', () => {
    const floor = new HallFloor(hallLayout, seeded(6));
    const w = floor.enter('a', 0);
    floor.steer('a', { x: w.x, z: w.z, dx: 0, dz: -1, t: 0 }, 0);
    expect(floor.reanchor(REANCHOR_MS)).toEqual([]);
    const before = floor.poseAt('a', REANCHOR_MS + 1000)!;
    const [[id, walk]] = floor.reanchor(REANCHOR_MS + 20) as [[string, Walk]];
    expect(id).toBe('a');
    expect(walk.t0).toBe(REANCHOR_MS);
    expect(walk.steer).toEqual({ x: 0, z: -1 });
    const after = floor.poseAt('a', REANCHOR_MS + 1000)!;
    expect(Math.hypot(after.x - before.x, after.z - before.z)).toBeLessThan(0.01);
  });
});

describe('bad input meter', () => {
  it('tolerates a few refusals and trips past the limit within the window', () => {
    const meter = new BadInputMeter(3, 1000);
    expect([0, 10, 20].map((t) => meter.record('s', t))).toEqual([false, false, false]);
    expect(meter.record('s', 30)).toBe(true);
    expect(meter.record('other', 30)).toBe(false);
  });

  it('forgets refusals older than the window', () => {
    const meter = new BadInputMeter(2, 1000);
    meter.record('s', 0);
    meter.record('s', 10);
    expect(meter.record('s', 2000)).toBe(false);
  });
});
