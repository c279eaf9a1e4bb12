import { describe, expect, it } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { createWalker, isWalking, stepWalker, WALK_SPEED } from '../../shared/movement.ts';
import { createNavGrid, findPath, isWalkable } from '../../shared/navgrid.ts';
import { seeded } from '../../shared/seeded.ts';

const grid = createNavGrid(hallLayout);
const DT = 0.05;

describe('walking', () => {
  it('follows a path at walking speed and no faster', () => {
    const w = createWalker(-5, -3);
    w.path = findPath(grid, w, { x: 5, z: -3 })!;
    let x = w.x;
    let steps = 0;
    while (isWalking(w) && steps < 1000) {
      stepWalker(grid, w, DT);
      expect(w.x - x).toBeLessThanOrEqual(WALK_SPEED * DT + 1e-9);
      x = w.x;
      steps++;
    }
    expect(w.x).toBeCloseTo(5);
    // 10 m at 1.6 m/s is 6.25 s of 50 ms steps.
    expect(steps).toBe(Math.ceil(10 / (WALK_SPEED * DT)));
  });

  it('a long stall still moves one stride of at most speed × dt', () => {
    const w = createWalker(-5, -3);
    w.path = [{ x: 5, z: -3 }];
    stepWalker(grid, w, 0.2);
    expect(w.x).toBeCloseTo(-5 + WALK_SPEED * 0.2);
  });

  it('steering into a counter stops at it, and steering along a wall slides', () => {
    const desk = hallLayout.desks[0]!;
    const w = createWalker(desk.servicePoint.x, desk.servicePoint.z);
    w.steer = { x: 0, z: -1 }; // straight at the counter
    for (let i = 0; i < 100; i++) stepWalker(grid, w, DT);
    expect(isWalkable(grid, w.x, w.z)).toBe(true);
    expect(w.z).toBeGreaterThan(desk.counter.z + desk.counter.d / 2);

    w.steer = { x: 0.7, z: -0.7 }; // diagonally into the counter: slides east along it
    const x0 = w.x;
    const z0 = w.z;
    for (let i = 0; i < 10; i++) stepWalker(grid, w, DT);
    expect(w.x).toBeGreaterThan(x0 + 0.3);
    expect(w.z).toBeCloseTo(z0, 1);
  });

  it('never leaves free floor whatever direction is held (seeded)', () => {
    const rand = seeded(7);
    const w = createWalker(hallLayout.spawn.x, hallLayout.spawn.z);
    for (let i = 0; i < 5000; i++) {
      if (i % 20 === 0) w.steer = { x: rand() * 2 - 1, z: rand() * 2 - 1 };
      const x = w.x;
      const z = w.z;
      stepWalker(grid, w, DT);
      expect(isWalkable(grid, w.x, w.z)).toBe(true);
      expect(Math.hypot(w.x - x, w.z - z)).toBeLessThanOrEqual(WALK_SPEED * DT * Math.SQRT2 + 1e-9);
    }
  });

  it('a steer longer than one is walked at walking speed', () => {
    const w = createWalker(0, -3);
    w.steer = { x: 1, z: 1 };
    stepWalker(grid, w, DT);
    expect(Math.hypot(w.x, w.z + 3)).toBeCloseTo(WALK_SPEED * DT);
  });
});
