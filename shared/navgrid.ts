import { obstacles, type HallLayout } from './layout.ts';

/**
 * A walkability grid over the hall floor and an A* path finder on it. The server uses it to judge every
 * movement intent and to plan click-to-move walks; the client uses the very same code to predict its own
 * avatar, so both agree on where a person can stand.
 */

export interface Point {
  x: number;
  z: number;
}

export interface NavGrid {
  /** Cell size in metres. */
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  readonly minX: number;
  readonly minZ: number;
  /** 1 = blocked (an obstacle grown by the walker's radius), 0 = free. Row-major, `row * cols + col`. */
  readonly blocked: Uint8Array;
}

export interface NavGridOptions {
  /** Cell size in metres. Default 0.25. */
  cell?: number;
  /** Body radius in metres by which obstacles are grown. Default 0.3. */
  radius?: number;
}

/** Each layout's grid at the default cell and radius, built once: every hall of that layout shares it, read-only. */
const grids = new WeakMap<HallLayout, NavGrid>();

/**
 * The layout's walkability grid at the default cell and radius, built the first time it is asked for and then
 * shared (by every station's hall with that layout, and by the page). Nobody writes into a grid once built.
 */
export function navGridOf(layout: HallLayout): NavGrid {
  let grid = grids.get(layout);
  if (!grid) grids.set(layout, (grid = createNavGrid(layout)));
  return grid;
}

export function createNavGrid(layout: HallLayout, options: NavGridOptions = {}): NavGrid {
  const cell = options.cell ?? 0.25;
  const radius = options.radius ?? 0.3;
  const { minX, maxX, minZ, maxZ } = layout.bounds;
  const cols = Math.round((maxX - minX) / cell);
  const rows = Math.round((maxZ - minZ) / cell);
  const blocked = new Uint8Array(cols * rows);
  const grid: NavGrid = { cell, cols, rows, minX, minZ, blocked };

  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const cx = minX + (col + 0.5) * cell;
      const cz = minZ + (row + 0.5) * cell;
      // Keep the walker's body inside the outer walls too.
      if (cx < minX + radius || cx > maxX - radius || cz < minZ + radius || cz > maxZ - radius) {
        blocked[row * cols + col] = 1;
      }
    }
  }
  for (const r of obstacles(layout)) {
    const x0 = r.x - r.w / 2 - radius;
    const x1 = r.x + r.w / 2 + radius;
    const z0 = r.z - r.d / 2 - radius;
    const z1 = r.z + r.d / 2 + radius;
    const c0 = Math.max(0, Math.floor((x0 - minX) / cell));
    const c1 = Math.min(cols - 1, Math.floor((x1 - minX) / cell));
    const r0 = Math.max(0, Math.floor((z0 - minZ) / cell));
    const r1 = Math.min(rows - 1, Math.floor((z1 - minZ) / cell));
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const cx = minX + (col + 0.5) * cell;
        const cz = minZ + (row + 0.5) * cell;
        if (cx > x0 && cx < x1 && cz > z0 && cz < z1) blocked[row * cols + col] = 1;
      }
    }
  }
  return grid;
}

function cellIndex(grid: NavGrid, x: number, z: number): number {
  const col = Math.floor((x - grid.minX) / grid.cell);
  const row = Math.floor((z - grid.minZ) / grid.cell);
  if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return -1;
  return row * grid.cols + col;
}

function cellCentre(grid: NavGrid, index: number): Point {
  const col = index % grid.cols;
  const row = (index - col) / grid.cols;
  return { x: grid.minX + (col + 0.5) * grid.cell, z: grid.minZ + (row + 0.5) * grid.cell };
}

export function isWalkable(grid: NavGrid, x: number, z: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(z)) return false;
  const i = cellIndex(grid, x, z);
  return i >= 0 && grid.blocked[i] === 0;
}

/** True when a straight walk from `a` to `b` stays on free cells (sampled at a quarter cell). */
export function lineClear(grid: NavGrid, a: Point, b: Point): boolean {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const len = Math.hypot(dx, dz);
  const steps = Math.max(1, Math.ceil(len / (grid.cell / 4)));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    if (!isWalkable(grid, a.x + dx * t, a.z + dz * t)) return false;
  }
  return true;
}

/**
 * The free point nearest to (x, z) within `maxDistance` metres, searched ring by ring; null if none.
 * Clicking on a desk walks a person to the floor beside it instead of refusing the click.
 */
export function nearestWalkable(grid: NavGrid, x: number, z: number, maxDistance: number): Point | null {
  if (isWalkable(grid, x, z)) return { x, z };
  const rings = Math.ceil(maxDistance / grid.cell);
  const col0 = Math.floor((x - grid.minX) / grid.cell);
  const row0 = Math.floor((z - grid.minZ) / grid.cell);
  let best: Point | null = null;
  let bestD = Infinity;
  for (let ring = 1; ring <= rings; ring++) {
    for (let dr = -ring; dr <= ring; dr++) {
      for (let dc = -ring; dc <= ring; dc++) {
        if (Math.max(Math.abs(dr), Math.abs(dc)) !== ring) continue;
        const col = col0 + dc;
        const row = row0 + dr;
        if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) continue;
        const idx = row * grid.cols + col;
        if (grid.blocked[idx] !== 0) continue;
        const p = cellCentre(grid, idx);
        const d = Math.hypot(p.x - x, p.z - z);
        if (d < bestD && d <= maxDistance) {
          bestD = d;
          best = p;
        }
      }
    }
    // A point found on this ring can only be beaten by one on the next ring (diagonal vs straight).
    if (best && bestD <= ring * grid.cell) break;
  }
  return best;
}

/** Binary min-heap keyed by f-score; A* on a 30 × 20 m hall touches a few thousand cells at most. */
class Heap {
  private items: number[] = [];
  private readonly score: Float64Array;
  constructor(score: Float64Array) {
    this.score = score;
  }
  get size(): number {
    return this.items.length;
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.score[a[p]!]! <= this.score[v]!) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && this.score[a[r]!]! < this.score[a[l]!]! ? r : l;
        if (this.score[a[c]!]! >= this.score[last]!) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

const SQRT2 = Math.SQRT2;
const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [1, 0, 1],
  [-1, 0, 1],
  [0, 1, 1],
  [0, -1, 1],
  [1, 1, SQRT2],
  [1, -1, SQRT2],
  [-1, 1, SQRT2],
  [-1, -1, SQRT2],
];

/**
 * Shortest walk from `from` to `to` around obstacles: A* over 8-connected cells (no cutting corners past
 * a blocked cell), then string-pulled so the avatar walks straight lines instead of a staircase.
 * Returns the waypoints after `from`, ending exactly at `to`; an empty array when already there; null when
 * either end is blocked or no way exists.
 */
export function findPath(grid: NavGrid, from: Point, to: Point): Point[] | null {
  if (!isWalkable(grid, to.x, to.z)) return null;
  const start = cellIndex(grid, from.x, from.z);
  const goal = cellIndex(grid, to.x, to.z);
  if (start < 0 || goal < 0) return null;
  if (lineClear(grid, from, to)) return Math.hypot(to.x - from.x, to.z - from.z) < 1e-6 ? [] : [{ ...to }];

  const n = grid.cols * grid.rows;
  const g = new Float64Array(n).fill(Infinity);
  const f = new Float64Array(n).fill(Infinity);
  const came = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  const goalCol = goal % grid.cols;
  const goalRow = (goal - goalCol) / grid.cols;
  const h = (i: number): number => {
    const c = i % grid.cols;
    const dx = Math.abs(c - goalCol);
    const dz = Math.abs((i - c) / grid.cols - goalRow);
    return Math.max(dx, dz) + (SQRT2 - 1) * Math.min(dx, dz);
  };
  const open = new Heap(f);
  g[start] = 0;
  f[start] = h(start);
  open.push(start);
  // A person standing slightly inside a grown obstacle (after a layout change, say) can still walk out.
  const startBlocked = grid.blocked[start] !== 0;

  while (open.size > 0) {
    const cur = open.pop();
    if (cur === goal) break;
    if (closed[cur]) continue;
    closed[cur] = 1;
    const col = cur % grid.cols;
    const row = (cur - col) / grid.cols;
    for (const [dc, dr, cost] of NEIGHBOURS) {
      const nc = col + dc;
      const nr = row + dr;
      if (nc < 0 || nr < 0 || nc >= grid.cols || nr >= grid.rows) continue;
      const ni = nr * grid.cols + nc;
      if (grid.blocked[ni] !== 0 && !(startBlocked && cur === start)) continue;
      if (dc !== 0 && dr !== 0) {
        if (grid.blocked[row * grid.cols + nc] !== 0 || grid.blocked[nr * grid.cols + col] !== 0) continue;
      }
      const tentative = g[cur]! + cost;
      if (tentative < g[ni]!) {
        g[ni] = tentative;
        f[ni] = tentative + h(ni);
        came[ni] = cur;
        open.push(ni);
      }
    }
  }
  if (came[goal] === -1 && goal !== start) return null;

  const cells: Point[] = [];
  for (let i = goal; i !== start && i !== -1; i = came[i]!) cells.push(cellCentre(grid, i));
  cells.reverse();
  cells[cells.length - 1] = { ...to };

  // String pulling: from each anchor, jump to the farthest waypoint still in straight sight.
  const out: Point[] = [];
  let anchor: Point = from;
  let i = 0;
  while (i < cells.length) {
    let j = cells.length - 1;
    while (j > i && !lineClear(grid, anchor, cells[j]!)) j--;
    out.push(cells[j]!);
    anchor = cells[j]!;
    i = j + 1;
  }
  return out;
}
