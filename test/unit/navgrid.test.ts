import { describe, expect, it } from 'vitest';
import { destinations, hallLayout, obstacles } from '../../shared/layout.ts';
import { createNavGrid, findPath, isWalkable, lineClear, nearestWalkable, type Point } from '../../shared/navgrid.ts';
import { seeded } from '../../shared/seeded.ts';

const grid = createNavGrid(hallLayout);
const entrance = hallLayout.spawn;

function pathStaysOnFloor(from: Point, path: Point[]): boolean {
  let a = from;
  for (const b of path) {
    if (!lineClear(grid, a, b)) return false;
    a = b;
  }
  return true;
}

function pathLength(from: Point, path: Point[]): number {
  let a = from;
  let sum = 0;
  for (const b of path) {
    sum += Math.hypot(b.x - a.x, b.z - a.z);
    a = b;
  }
  return sum;
}

describe('floor grid', () => {
  it('blocks every counter, bench, wall and plant, and leaves the aisles free', () => {
    for (const r of obstacles(hallLayout))
      expect(isWalkable(grid, r.x, r.z), `centre of ${JSON.stringify(r)}`).toBe(false);
    expect(isWalkable(grid, entrance.x, entrance.z)).toBe(true);
    expect(isWalkable(grid, 0, -3)).toBe(true);
  });

  it('refuses points outside the hall and non-numbers', () => {
    expect(isWalkable(grid, 100, 0)).toBe(false);
    expect(isWalkable(grid, 0, -11.5)).toBe(false);
    expect(isWalkable(grid, Number.NaN, 0)).toBe(false);
    expect(isWalkable(grid, Infinity, 0)).toBe(false);
  });
});

describe('layout integrity', () => {
  it('every named place and every desk is reachable on foot from the entrance', () => {
    const targets: Point[] = [
      ...destinations(hallLayout),
      ...hallLayout.desks.flatMap((d) => [d.servicePoint, d.staffPoint]),
    ];
    for (const t of targets) {
      expect(isWalkable(grid, t.x, t.z), `walkable ${JSON.stringify(t)}`).toBe(true);
      const path = findPath(grid, entrance, t);
      expect(path, `path to ${JSON.stringify(t)}`).not.toBeNull();
      expect(pathStaysOnFloor(entrance, path!)).toBe(true);
    }
  });

  it('every desk offers only services from the catalogue, and ticket prefixes are unique', () => {
    const ids = new Set(hallLayout.services.map((s) => s.id));
    for (const d of hallLayout.desks) for (const s of d.services) expect(ids.has(s)).toBe(true);
    const prefixes = hallLayout.services.map((s) => s.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('offers every desk as a destination, right after the entrance', () => {
    const list = destinations(hallLayout);
    expect(list.map((p) => p.id).slice(0, 1 + hallLayout.desks.length)).toEqual([
      'entrance',
      ...hallLayout.desks.map((d) => d.id),
    ]);
    expect(list.find((p) => p.id === 'desk-1')?.name.zh).toBe('1号窗口 装修指导');
  });

  it('has the four services of the station', () => {
    expect(hallLayout.services.map((s) => s.name.zh)).toEqual(['装修指导', '招牌备案', '诉求反映', '综合咨询']);
  });
});

describe('path finding', () => {
  it('walks around a counter instead of through it', () => {
    const desk = hallLayout.desks[0]!;
    const path = findPath(grid, desk.servicePoint, desk.staffPoint)!;
    expect(path).not.toBeNull();
    expect(pathStaysOnFloor(desk.servicePoint, path)).toBe(true);
    // The straight line crosses the counter, so the walk must be longer than it.
    const straight = Math.hypot(desk.staffPoint.x - desk.servicePoint.x, desk.staffPoint.z - desk.servicePoint.z);
    expect(pathLength(desk.servicePoint, path)).toBeGreaterThan(straight + 1);
  });

  it('enters the meeting room through its door', () => {
    const table = hallLayout.meetingRoom.table;
    const seat = { x: table.x, z: table.z + table.r + 0.9 };
    const path = findPath(grid, entrance, seat)!;
    expect(path).not.toBeNull();
    expect(pathStaysOnFloor(entrance, path)).toBe(true);
    const door = hallLayout.meetingRoom.door;
    // Some waypoint-to-waypoint segment passes through the doorway.
    const crossesDoor = [entrance, ...path].some((a, i, all) => {
      const b = all[i + 1];
      if (!b || (a.x - door.x) * (b.x - door.x) > 0) return false;
      const t = (door.x - a.x) / (b.x - a.x);
      return Math.abs(a.z + (b.z - a.z) * t - door.z) < door.w / 2;
    });
    expect(crossesDoor).toBe(true);
  });

  it('string-pulls to few waypoints in open floor and returns nothing to do when already there', () => {
    expect(findPath(grid, { x: -5, z: -3 }, { x: 5, z: -3 })).toEqual([{ x: 5, z: -3 }]);
    expect(findPath(grid, entrance, entrance)).toEqual([]);
  });

  it('refuses a blocked destination', () => {
    const c = hallLayout.desks[1]!.counter;
    expect(findPath(grid, entrance, { x: c.x, z: c.z })).toBeNull();
  });

  it('snaps a tap on furniture to the nearest floor within reach, and only within reach', () => {
    const c = hallLayout.desks[1]!.counter;
    const p = nearestWalkable(grid, c.x, c.z, 1.5)!;
    expect(p).not.toBeNull();
    expect(isWalkable(grid, p.x, p.z)).toBe(true);
    expect(Math.hypot(p.x - c.x, p.z - c.z)).toBeLessThanOrEqual(1.5);
    expect(nearestWalkable(grid, 0, -50, 1.5)).toBeNull();
  });

  it('finds a path between random free points, always on free floor (seeded)', () => {
    const rand = seeded(12345);
    const { minX, maxX, minZ, maxZ } = hallLayout.bounds;
    const free = (): Point => {
      for (;;) {
        const p = { x: minX + rand() * (maxX - minX), z: minZ + rand() * (maxZ - minZ) };
        if (isWalkable(grid, p.x, p.z)) return p;
      }
    };
    for (let i = 0; i < 150; i++) {
      const a = free();
      const b = free();
      const path = findPath(grid, a, b);
      expect(path, `seed run ${i}: ${JSON.stringify([a, b])}`).not.toBeNull();
      expect(pathStaysOnFloor(a, path!)).toBe(true);
      expect(path!.at(-1)).toEqual(b);
    }
  });
});
