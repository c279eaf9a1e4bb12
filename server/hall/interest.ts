/**
 * Who each person in the hall sees: themselves, the people nearest to them and always the people they are
 * dealing with. A pure rule over where everyone is; the hall room applies it to each client's StateView.
 *
 * Hysteresis keeps the edge of a view calm: a person comes into view when among the `nearest` closest, and
 * leaves it only when beyond rank `nearest + nearest/4` (or gone from the hall), so someone pacing about at
 * the edge does not flicker in and out. A view thus never holds more than `nearest + nearest/4` others
 * besides the partners.
 */

/** Someone on the floor, where they are now. */
export interface Placed {
  id: string;
  x: number;
  z: number;
}

/** How many beyond `nearest` a view keeps before letting someone go. */
export function keepRank(nearest: number): number {
  return nearest + Math.floor(nearest / 4);
}

/**
 * A bucket grid over the floor: the k people nearest to a point in time proportional to the people in the
 * few cells around it, not to everyone in the hall.
 */
export class SpatialGrid {
  private readonly cell: number;
  private readonly cells = new Map<number, Placed[]>();
  private minCol = 0;
  private maxCol = -1;
  private minRow = 0;
  private maxRow = -1;

  constructor(people: Iterable<Placed>, cell = 2) {
    this.cell = cell;
    let first = true;
    for (const p of people) {
      const col = Math.floor(p.x / cell);
      const row = Math.floor(p.z / cell);
      if (first || col < this.minCol) this.minCol = col;
      if (first || col > this.maxCol) this.maxCol = col;
      if (first || row < this.minRow) this.minRow = row;
      if (first || row > this.maxRow) this.maxRow = row;
      first = false;
      const key = SpatialGrid.key(col, row);
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(p);
      else this.cells.set(key, [p]);
    }
  }

  private static key(col: number, row: number): number {
    return (col + 32768) * 65536 + (row + 32768);
  }

  /**
   * The ids of the `k` people nearest to (x, z), nearest first (ties by id), leaving out `self`. Searches ring
   * after ring of cells around the point until the k-th found is closer than anything a further ring holds.
   */
  nearest(x: number, z: number, k: number, self?: string): string[] {
    if (k <= 0 || this.maxCol < this.minCol) return [];
    const col0 = Math.floor(x / this.cell);
    const row0 = Math.floor(z / this.cell);
    const found: { id: string; d: number }[] = [];
    const span = Math.max(
      Math.abs(col0 - this.minCol),
      Math.abs(col0 - this.maxCol),
      Math.abs(row0 - this.minRow),
      Math.abs(row0 - this.maxRow),
    );
    for (let r = 0; r <= span; r++) {
      for (let row = row0 - r; row <= row0 + r; row++) {
        const edge = row === row0 - r || row === row0 + r;
        for (let col = col0 - r; col <= col0 + r; col += edge || r === 0 ? 1 : 2 * r) {
          const bucket = this.cells.get(SpatialGrid.key(col, row));
          if (!bucket) continue;
          for (const p of bucket) if (p.id !== self) found.push({ id: p.id, d: Math.hypot(p.x - x, p.z - z) });
        }
      }
      // Anything in ring r + 1 is at least r whole cells away from the point.
      if (found.length >= k && kth(found, k) <= r * this.cell) break;
    }
    found.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return found.slice(0, k).map((f) => f.id);
  }
}

/** The k-th smallest distance (1-based) among `found` (found.length >= k). */
function kth(found: readonly { d: number }[], k: number): number {
  if (k === found.length) return Math.max(...found.map((f) => f.d));
  return found
    .map((f) => f.d)
    .sort((a, b) => a - b)
    .at(k - 1)!;
}

/**
 * One person's next view: themselves, their partners (who are in the hall), whoever of their current view is
 * still within `keepRank(nearest)`, and the `nearest` closest. `ranked` is the others nearest first, at least
 * `keepRank(nearest)` of them when the hall has that many (see {@link SpatialGrid.nearest}).
 */
export function nextView(
  self: string,
  current: ReadonlySet<string>,
  ranked: readonly string[],
  partners: Iterable<string>,
  nearest: number,
  inHall: (id: string) => boolean,
): Set<string> {
  const view = new Set<string>([self]);
  for (const p of partners) if (p !== self && inHall(p)) view.add(p);
  const keep = Math.min(ranked.length, keepRank(nearest));
  for (let i = 0; i < keep; i++) {
    const id = ranked[i]!;
    if (i < nearest || current.has(id)) view.add(id);
  }
  return view;
}

/** What to add to and remove from a view to turn it into the next one. */
export function viewChanges(
  current: ReadonlySet<string>,
  next: ReadonlySet<string>,
): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const id of next) if (!current.has(id)) add.push(id);
  for (const id of current) if (!next.has(id)) remove.push(id);
  return { add, remove };
}
