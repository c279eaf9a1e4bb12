import { describe, expect, it } from 'vitest';
import { TagSpreader } from '../../client/hall/tagSpread.ts';

function levelsOf(points: [number, number][], halfW = 50, height = 34): number[] {
  const n = points.length;
  const x = Float32Array.from(points.map((p) => p[0]));
  const y = Float32Array.from(points.map((p) => p[1]));
  const level = new Uint8Array(n);
  new TagSpreader(n).spread(n, x, y, new Float32Array(n).fill(halfW), new Uint8Array(n).fill(1), height, 412, level);
  return [...level];
}

describe('name tags of people sharing a spot', () => {
  it('stack one above the other instead of covering each other', () => {
    expect(
      levelsOf([
        [200, 400],
        [205, 402],
        [198, 399],
      ]),
    ).toEqual([0, 1, 2]);
  });

  it('stay where they are when they do not overlap', () => {
    expect(
      levelsOf([
        [60, 400],
        [200, 400],
        [340, 400],
        [200, 300],
      ]),
    ).toEqual([0, 0, 0, 0]);
  });

  it('climb past tags already lifted by where their people stand', () => {
    // The second tag already sits a tag higher, so the third, at the first one's spot, climbs past both.
    expect(
      levelsOf([
        [200, 400],
        [200, 364],
        [200, 400],
      ]),
    ).toEqual([0, 0, 2]);
  });
});
