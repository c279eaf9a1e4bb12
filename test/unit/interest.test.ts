import { describe, expect, it } from 'vitest';
import { keepRank, nextView, SpatialGrid, type Placed } from '../../server/hall/interest.ts';
import { seeded } from '../../shared/seeded.ts';

function crowd(n: number, seed = 1): Placed[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, x: (random() - 0.5) * 32, z: (random() - 0.5) * 22 }));
}

describe('who each person sees', () => {
  it('the spatial grid finds the same nearest people as measuring everyone', () => {
    const people = crowd(1000);
    const grid = new SpatialGrid(people);
    for (const me of people.slice(0, 50)) {
      const byHand = people
        .filter((p) => p.id !== me.id)
        .map((p) => ({ id: p.id, d: Math.hypot(p.x - me.x, p.z - me.z) }))
        .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
        .slice(0, 75)
        .map((p) => p.id);
      expect(grid.nearest(me.x, me.z, 75, me.id)).toEqual(byHand);
    }
  });

  it('holds oneself, the nearest N and the partners however far, and never more than N + N/4 others besides', () => {
    const people = crowd(1000, 2);
    const grid = new SpatialGrid(people);
    const me = people[0]!;
    const far = people.reduce((a, p) =>
      Math.hypot(p.x - me.x, p.z - me.z) > Math.hypot(a.x - me.x, a.z - me.z) ? p : a,
    );
    const inHall = () => true;
    const N = 60;
    let view = new Set<string>();
    const random = seeded(3);
    for (let round = 0; round < 50; round++) {
      // Everyone shuffles a little each round.
      for (const p of people) {
        p.x += (random() - 0.5) * 0.6;
        p.z += (random() - 0.5) * 0.6;
      }
      const g = new SpatialGrid(people);
      const ranked = g.nearest(me.x, me.z, keepRank(N), me.id);
      view = nextView(me.id, view, ranked, [far.id], N, inHall);
      expect(view.has(me.id)).toBe(true);
      expect(view.has(far.id)).toBe(true);
      for (const id of ranked.slice(0, N)) expect(view.has(id)).toBe(true);
      expect(view.size).toBeLessThanOrEqual(1 + keepRank(N) + 1);
    }
    expect(grid.nearest(me.x, me.z, 0)).toEqual([]);
    // A partner who has left the hall is not in view.
    expect(nextView(me.id, view, [], [far.id], N, (id) => id !== far.id).has(far.id)).toBe(false);
  });

  it('does not flicker: someone pacing across the N-th rank stays in view once in it', () => {
    const N = 4;
    const me: Placed = { id: 'me', x: 0, z: 0 };
    // Others at 1, 2, … metres; the pacer walks between 3.5 m (among the nearest 4) and 4.5 m (fifth: beyond N).
    const others = Array.from({ length: 8 }, (_, i) => ({ id: `o${i}`, x: i + 1, z: 0 }));
    const pacer: Placed = { id: 'pacer', x: 0, z: 4.5 };
    let view = new Set<string>();
    let changes = 0;
    for (let round = 0; round < 20; round++) {
      pacer.z = round % 2 === 0 ? 3.5 : 4.5;
      const grid = new SpatialGrid([me, pacer, ...others]);
      const next = nextView('me', view, grid.nearest(0, 0, keepRank(N), 'me'), [], N, () => true);
      if (next.has('pacer') !== view.has('pacer')) changes++;
      view = next;
    }
    expect(changes).toBe(1); // came into view once, and stayed
    // Far beyond rank N + N/4, it does leave.
    pacer.z = 50;
    const grid = new SpatialGrid([me, pacer, ...others]);
    expect(nextView('me', view, grid.nearest(0, 0, keepRank(N), 'me'), [], N, () => true).has('pacer')).toBe(false);
  });
});
