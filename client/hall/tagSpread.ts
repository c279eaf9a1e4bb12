/**
 * Name tags that share a spot on the screen stack instead of covering each other. Tags are placed in
 * order; each takes the lowest level (a step up of one tag's height) at which it overlaps none placed
 * before it. Placed tags are kept in buckets of screen columns, so a crowd costs about one comparison per
 * close neighbour, and nothing is allocated once the buckets have grown.
 */

/** Most levels a tag climbs; past that it overlaps (a crowd that big is read in the people list). */
export const MAX_LEVEL = 6;
/** Width of a bucket, CSS pixels. */
const COLUMN = 64;

export class TagSpreader {
  private columns: number[][] = [];
  private placedY: Float32Array;

  constructor(capacity: number) {
    this.placedY = new Float32Array(capacity);
  }

  /**
   * Levels for `n` tags: tag i's anchor is at (x[i], y[i]) in CSS pixels (y downwards), it is `halfW[i]`
   * wide on each side and `height` tall, `shown[i]` is 0 for a tag off screen. Writes `level[i]`.
   */
  spread(
    n: number,
    x: Float32Array,
    y: Float32Array,
    halfW: Float32Array,
    shown: Uint8Array,
    height: number,
    width: number,
    level: Uint8Array,
  ): void {
    const cols = Math.max(1, Math.ceil(width / COLUMN));
    while (this.columns.length < cols) this.columns.push([]);
    for (let c = 0; c < cols; c++) this.columns[c]!.length = 0;
    const step = height * 1.05;
    for (let i = 0; i < n; i++) {
      level[i] = 0;
      if (!shown[i]) continue;
      const first = Math.max(0, Math.floor((x[i]! - halfW[i]!) / COLUMN));
      const last = Math.min(cols - 1, Math.floor((x[i]! + halfW[i]!) / COLUMN));
      if (first > last) continue;
      let l = 0;
      for (; l < MAX_LEVEL; l++) {
        const top = y[i]! - l * step;
        if (!this.collides(i, top, first, last, x, halfW, height)) break;
      }
      level[i] = l;
      this.placedY[i] = y[i]! - l * step;
      for (let c = first; c <= last; c++) this.columns[c]!.push(i);
    }
  }

  private collides(
    i: number,
    top: number,
    first: number,
    last: number,
    x: Float32Array,
    halfW: Float32Array,
    height: number,
  ): boolean {
    for (let c = first; c <= last; c++) {
      for (const j of this.columns[c]!) {
        // A tenth of a tag's height may overlap: the plates' rounded edges leave every line readable.
        if (Math.abs(this.placedY[j]! - top) < height * 0.9 && Math.abs(x[j]! - x[i]!) < halfW[j]! + halfW[i]!)
          return true;
      }
    }
    return false;
  }
}
