import { describe, expect, it } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { isWalkable } from '../../shared/navgrid.ts';
import { HallFloor } from '../../server/hall/rules.ts';
import { BadInputMeter } from '../../server/rooms/badInput.ts';
import { seeded } from '../support/seeded.ts';

describe('hall floor', () => {
  it('places newcomers on free floor inside the entrance, spread out', () => {
    const floor = new HallFloor(hallLayout, seeded(1));
    const spots = Array.from({ length: 20 }, (_, i) => floor.enter(`p${i}`));
    for (const s of spots) {
      expect(isWalkable(floor.grid, s.x, s.z)).toBe(true);
      expect(Math.hypot(s.x - hallLayout.spawn.x, s.z - hallLayout.spawn.z)).toBeLessThan(2.5);
    }
    expect(new Set(spots.map((s) => `${s.x.toFixed(2)},${s.z.toFixed(2)}`)).size).toBeGreaterThan(15);
  });

  it('plans a walk to a tapped desk by snapping to the floor in front of it', () => {
    const floor = new HallFloor(hallLayout, seeded(2));
    floor.enter('a');
    const c = hallLayout.desks[0]!.counter;
    const result = floor.moveTo('a', c.x, c.z);
    expect(result.ok).toBe(true);
    if (result.ok) expect(isWalkable(floor.grid, result.value.x, result.value.z)).toBe(true);
  });

  it('refuses a destination outside the hall or deep in a wall', () => {
    const floor = new HallFloor(hallLayout, seeded(3));
    floor.enter('a');
    expect(floor.moveTo('a', 500, 0)).toEqual({ ok: false, error: 'target_blocked' });
    expect(floor.moveTo('a', 0, -11.3)).toMatchObject({ ok: true }); // a tap on the wall snaps to the floor
    expect(floor.moveTo('a', 0, -14)).toEqual({ ok: false, error: 'target_blocked' });
    expect(floor.moveTo('nobody', 0, 0)).toEqual({ ok: false, error: 'no_path' });
  });

  it('moves people only by stepping: arrival takes walking time', () => {
    const floor = new HallFloor(hallLayout, seeded(4));
    const w = floor.enter('a');
    const start = { x: w.x, z: w.z };
    floor.moveTo('a', 0, -4);
    let moved = false;
    floor.tick(0.05, (_id, _w, m) => (moved = m));
    expect(moved).toBe(true);
    expect(Math.hypot(w.x - start.x, w.z - start.z)).toBeLessThanOrEqual(floor.speed * 0.05 + 1e-9);
  });

  it('a steer clears a planned walk and (0, 0) stops', () => {
    const floor = new HallFloor(hallLayout, seeded(5));
    const w = floor.enter('a');
    floor.moveTo('a', 0, -4);
    floor.steer('a', 1, 0);
    expect(w.path).toEqual([]);
    floor.steer('a', 0, 0);
    expect(w.steer).toBeNull();
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
