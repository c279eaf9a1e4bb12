import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  destinations,
  hallLayout,
  NOTICE_BOARD_ASPECT,
  QUEUE_BOARD_ASPECT,
  type BoardDef,
  type HallLayout,
  type Rect,
} from '../../shared/layout.ts';
import {
  ALL_DESK_IDS,
  DEFAULT_LAYOUT,
  isLayoutId,
  LAYOUT_IDS,
  layoutFor,
  SERVICE_CATALOGUE,
} from '../../shared/layouts/registry.ts';
import { findPath, isWalkable, navGridOf, type Point } from '../../shared/navgrid.ts';
import { DESK_IDS, SERVICE_IDS, takeTicketSchema } from '../../shared/queue.ts';

const overlaps = (a: Rect, b: Rect) =>
  Math.abs(a.x - b.x) < (a.w + b.w) / 2 - 1e-9 && Math.abs(a.z - b.z) < (a.d + b.d) / 2 - 1e-9;
const inside = (p: Point, r: Rect) => Math.abs(p.x - r.x) <= r.w / 2 && Math.abs(p.z - r.z) <= r.d / 2;

/** The two ends and the middle of a board's face, seen from above (ry turns the face's width about y). */
function boardSpan(b: BoardDef): Point[] {
  const ax = Math.cos(b.ry);
  const az = -Math.sin(b.ry);
  return [-1, 0, 1].map((k) => ({ x: b.x + (k * ax * b.w) / 2, z: b.z + (k * az * b.w) / 2 }));
}

describe('the layout registry', () => {
  it('keeps the standard hall exactly as it was, as the default', () => {
    expect(DEFAULT_LAYOUT).toBe('standard');
    expect(layoutFor('standard')).toBe(hallLayout);
    // The digest of the hall before layouts existed: every test, screenshot and bench measured this one.
    const digest = createHash('sha256').update(JSON.stringify(hallLayout)).digest('hex');
    expect(digest).toBe('2fa52d3b5a22de8d78516b695ef08f0b304b6681b343917ddf5b1aacca174b3d');
  });

  it('lists a compact hall of three desks without renovation guidance', () => {
    expect(LAYOUT_IDS).toEqual(['standard', 'compact']);
    const compact = layoutFor('compact');
    expect(compact.desks.map((d) => d.id)).toEqual(['desk-1', 'desk-2', 'desk-3']);
    expect(compact.services.map((s) => s.id)).toEqual(['signboard', 'concerns', 'consultation']);
    expect(compact.bounds.maxX - compact.bounds.minX).toBeLessThan(hallLayout.bounds.maxX - hallLayout.bounds.minX);
  });

  it('refuses an id it does not have, whatever it is', () => {
    for (const bad of [
      '',
      'Standard',
      'huge',
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'x'.repeat(500),
    ])
      expect(() => layoutFor(bad), bad).toThrow(/Unknown hall layout/);
    for (const bad of [undefined, null, 1, {}, { toString: () => 'standard' }, ['standard']])
      expect(isLayoutId(bad)).toBe(false);
    // The message quotes at most a little of what was asked.
    expect(() => layoutFor('y'.repeat(500))).toThrow(/^Unknown hall layout "y{40}"/);
  });

  it('lets a message name any layout’s service or desk, and nothing else', () => {
    expect(SERVICE_IDS).toEqual(SERVICE_CATALOGUE.map((s) => s.id));
    expect(DESK_IDS).toEqual([...ALL_DESK_IDS]);
    expect(takeTicketSchema.safeParse({ service: 'renovation' }).success).toBe(true);
    expect(takeTicketSchema.safeParse({ service: 'toString' }).success).toBe(false);
  });

  it('gives a service shared by layouts the same prefix and names in each', () => {
    for (const id of LAYOUT_IDS)
      for (const s of layoutFor(id).services) expect(SERVICE_CATALOGUE.find((c) => c.id === s.id)).toEqual(s);
  });
});

describe.each(LAYOUT_IDS.map((id) => [id, layoutFor(id)] as [string, HallLayout]))('the %s layout', (_id, layout) => {
  const grid = navGridOf(layout);
  const { spawn, bounds } = layout;
  const walls = layout.walls;
  const standing: Rect[] = [
    ...layout.benches,
    ...layout.desks.map((d) => d.counter),
    ...[layout.queueBoard, layout.noticeBoard].flatMap((b) => (b.footprint ? [b.footprint] : [])),
  ];

  it('builds its floor grid once and shares it', () => {
    expect(navGridOf(layout)).toBe(grid);
  });

  it('has a walkable spawn just inside its entrance', () => {
    expect(isWalkable(grid, spawn.x, spawn.z)).toBe(true);
    expect(Math.abs(spawn.x - layout.entrance.x)).toBeLessThan(layout.entrance.w / 2);
    expect(layout.entrance.z).toBe(bounds.maxZ);
  });

  it('has desks with unique ids, each serving services the hall offers', () => {
    const ids = layout.desks.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const offered = new Set(layout.services.map((s) => s.id));
    expect(offered.size).toBe(layout.services.length);
    expect(new Set(layout.services.map((s) => s.prefix)).size).toBe(layout.services.length);
    for (const d of layout.desks) {
      expect(d.services.length, d.id).toBeGreaterThan(0);
      for (const s of d.services) expect(offered.has(s), `${d.id} ${s}`).toBe(true);
    }
    // Every service the hall gives numbers for is called by some desk's sign.
    for (const s of offered)
      expect(
        layout.desks.some((d) => d.services.includes(s)),
        s,
      ).toBe(true);
  });

  it('has every desk reachable from the spawn, in front for the merchant and behind for the officer', () => {
    for (const d of layout.desks)
      for (const p of [d.servicePoint, d.staffPoint]) {
        expect(isWalkable(grid, p.x, p.z), `${d.id} ${p.x},${p.z}`).toBe(true);
        expect(findPath(grid, spawn, p), `${d.id} ${p.x},${p.z}`).not.toBeNull();
      }
  });

  it('has every place of its "go to" list free and reachable, the meeting room’s among them', () => {
    const places = destinations(layout);
    expect(places.map((p) => p.id)).toEqual(expect.arrayContaining(['entrance', 'waiting', 'notice', 'meeting']));
    for (const p of places) {
      expect(isWalkable(grid, p.x, p.z), p.id).toBe(true);
      expect(findPath(grid, spawn, p), p.id).not.toBeNull();
    }
    expect(
      inside(
        layout.places.find((p) => p.id === 'meeting')!,
        layout.meetingRoom.area,
      ),
    ).toBe(true);
  });

  it('has benches, counters and standing boards clear of the walls and of each other', () => {
    for (const [i, r] of standing.entries()) {
      for (const w of walls) expect(overlaps(r, w), `${JSON.stringify(r)} / wall ${JSON.stringify(w)}`).toBe(false);
      for (const other of standing.slice(i + 1)) expect(overlaps(r, other), JSON.stringify([r, other])).toBe(false);
      expect(r.x - r.w / 2 >= bounds.minX && r.x + r.w / 2 <= bounds.maxX).toBe(true);
      expect(r.z - r.d / 2 >= bounds.minZ && r.z + r.d / 2 <= bounds.maxZ).toBe(true);
    }
  });

  it('hangs and stands its boards inside the hall, out of every wall, at the proportions the page paints', () => {
    for (const b of [layout.queueBoard, layout.noticeBoard]) {
      for (const p of boardSpan(b)) {
        expect(p.x > bounds.minX && p.x < bounds.maxX && p.z > bounds.minZ && p.z < bounds.maxZ).toBe(true);
        for (const w of walls) expect(inside(p, w), `${p.x},${p.z} in ${JSON.stringify(w)}`).toBe(false);
      }
      expect(b.y + b.h / 2).toBeLessThan(layout.wallHeight);
    }
    expect(layout.queueBoard.h / layout.queueBoard.w).toBeCloseTo(QUEUE_BOARD_ASPECT, 6);
    expect(layout.noticeBoard.h / layout.noticeBoard.w).toBeCloseTo(NOTICE_BOARD_ASPECT, 6);
  });

  it('has its meeting table inside the meeting room, its door in the room’s west side', () => {
    const { area, door, table } = layout.meetingRoom;
    expect(inside({ x: table.x - table.r, z: table.z - table.r }, area)).toBe(true);
    expect(inside({ x: table.x + table.r, z: table.z + table.r }, area)).toBe(true);
    expect(door.x).toBeCloseTo(area.x - area.w / 2, 6);
  });

  it('puts each window on one of its walls', () => {
    for (const w of layout.windows)
      expect(
        walls.some((r) => Math.abs(w.x - r.x) <= r.w / 2 + 0.3 && Math.abs(w.z - r.z) <= r.d / 2 + 0.3),
        JSON.stringify(w),
      ).toBe(true);
  });
});
