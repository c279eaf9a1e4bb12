import { describe, expect, it } from 'vitest';
import { RankedSet } from '../../server/queue/rankedSet.ts';
import { seeded } from '../../shared/seeded.ts';

interface Item {
  key: number;
  id: number;
}
const order = (a: Item, b: Item) => a.key - b.key || a.id - b.id;

/** Every query of the tree answered by a sorted array instead, and compared. */
function expectSameAs(set: RankedSet<Item>, reference: Item[], seed: number, step: number): void {
  const where = `seed ${seed}, step ${step}`;
  expect(set.size, where).toBe(reference.length);
  expect([...set.values()], where).toEqual(reference);
  expect(
    reference.map((item) => set.rank(item)),
    where,
  ).toEqual(reference.map((_, i) => i));
  expect(
    reference.map((_, i) => set.at(i)),
    where,
  ).toEqual(reference);
  expect(
    reference.every((item) => set.has(item)),
    where,
  ).toBe(true);
  expect(set.at(reference.length), where).toBeUndefined();
  const from = Math.floor(reference.length / 3);
  expect([...set.values(from)], where).toEqual(reference.slice(from));
  for (const limit of [-1, 0, 7, 25, 50]) {
    expect(
      set.countWhile((x) => x.key <= limit),
      where,
    ).toBe(reference.filter((x) => x.key <= limit).length);
  }
}

describe('ranked set', () => {
  it('matches a sorted array through seeded random adds and deletes', () => {
    // Few keys, many ids: ties on the key are broken by id, as the queue breaks ties by sequence.
    for (let seed = 1; seed <= 25; seed++) {
      const random = seeded(seed);
      const set = new RankedSet<Item>(order);
      let reference: Item[] = [];
      let nextId = 0;
      for (let step = 0; step < 200; step++) {
        if (reference.length === 0 || random() < 0.6) {
          const item = { key: Math.floor(random() * 50), id: nextId++ };
          expect(set.add(item)).toBe(true);
          reference.push(item);
          reference.sort(order);
        } else {
          const victim = reference[Math.floor(random() * reference.length)]!;
          expect(set.delete(victim)).toBe(true);
          reference = reference.filter((x) => x !== victim);
          expect(set.has(victim)).toBe(false);
        }
        expectSameAs(set, reference, seed, step);
      }
    }
  });

  it('refuses a duplicate and ignores deleting what is absent', () => {
    const set = new RankedSet<Item>(order);
    const a = { key: 1, id: 1 };
    expect(set.add(a)).toBe(true);
    expect(set.add({ key: 1, id: 1 })).toBe(false);
    expect(set.delete({ key: 2, id: 2 })).toBe(false);
    expect(set.size).toBe(1);
    // The rank of an item not in the set is where it would go.
    expect(set.rank({ key: 0, id: 9 })).toBe(0);
    expect(set.rank({ key: 5, id: 9 })).toBe(1);
  });

  it('stays shallow: 100,000 items in order answer any rank in a few steps', () => {
    const set = new RankedSet<Item>(order);
    let compares = 0;
    const counting = new RankedSet<Item>((a, b) => {
      compares++;
      return order(a, b);
    });
    for (let i = 0; i < 100_000; i++) {
      set.add({ key: i, id: i });
      counting.add({ key: i, id: i });
    }
    compares = 0;
    expect(counting.rank({ key: 77_777, id: 77_777 })).toBe(77_777);
    // An AVL tree of 100,000 is at most 1.44·log2(100,000) ≈ 24 deep; a list would take 77,778 compares.
    expect(compares).toBeLessThanOrEqual(25);
    for (let i = 0; i < 100_000; i += 2) set.delete({ key: i, id: i });
    expect(set.size).toBe(50_000);
    expect(set.at(0)).toEqual({ key: 1, id: 1 });
    expect(set.rank({ key: 99_999, id: 99_999 })).toBe(49_999);
  });
});
