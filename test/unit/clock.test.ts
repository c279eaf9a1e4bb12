import { describe, expect, it } from 'vitest';
import { bestSample, CLOCK_SAMPLES, ClockEstimate, clockSample } from '../../client/net/clock.ts';
import { pageNavGrid } from '../../client/net/layoutStore.ts';
import { pathAhead } from '../../client/net/localWalker.ts';
import { createWalker, stepWalker } from '../../shared/movement.ts';
import { findPath } from '../../shared/navgrid.ts';
import { roundWalk, WalkReplay } from '../../shared/walk.ts';

/**
 * A page and a hall whose clocks differ by `skew` ms (hall = page + skew), linked by a way out and a way back
 * of given lengths: the answer the page gets to a question asked at page time `c`.
 */
function ask(c: number, skew: number, out: number, back: number) {
  const s = c + out + skew; // the hall reads its clock when the question arrives
  return clockSample(c, s, c + out + back);
}

describe('the hall clock as the page estimates it', () => {
  it('an answer over an even link gives the offset exactly, and its round trip', () => {
    const sample = ask(1000, 123_456, 40, 40);
    expect(sample.rtt).toBe(80);
    expect(sample.offset).toBe(123_456);
  });

  it('an uneven link is off by half the difference of its two ways, never more', () => {
    const sample = ask(1000, 5000, 10, 90);
    expect(sample.offset).toBe(5000 - 40);
    expect(Math.abs(sample.offset - 5000)).toBeLessThanOrEqual(sample.rtt / 2);
  });

  it('keeps the answer with the smallest round trip: one held up in a queue does not move the clock', () => {
    const clock = new ClockEstimate();
    clock.add(ask(0, 7000, 30, 30));
    clock.add(ask(150, 7000, 30, 400)); // the answer waited behind a burst of state
    clock.add(ask(300, 7000, 300, 30)); // the question did
    expect(clock.offset).toBe(7000);
    expect(clock.rtt).toBe(60);
    expect(bestSample([ask(0, 0, 5, 5), ask(1, 9, 5, 5)])).toEqual({ rtt: 10, offset: 9 }); // the later of equals
  });

  it('weighs only the recent answers, so a changed link (or a drifting clock) is followed', () => {
    const clock = new ClockEstimate();
    clock.add(ask(0, 1000, 5, 5)); // a fast link once
    for (let i = 1; i <= CLOCK_SAMPLES; i++) clock.add(ask(i * 10_000, 1003, 50, 50));
    expect(clock.offset).toBe(1003);
    expect(clock.rtt).toBe(100);
  });

  it('a first guess stands until the first answer, and a reconnect keeps the offset until a new one', () => {
    const clock = new ClockEstimate();
    expect(clock.known).toBe(false);
    expect(clock.offset).toBe(0);
    clock.seed(50_000, 2_000); // one's own arrival, read off the hall's state
    expect([clock.known, clock.settled, clock.offset]).toEqual([true, false, 48_000]);
    clock.add(ask(2_100, 48_020, 20, 20));
    expect(clock.settled).toBe(true);
    expect(clock.offset).toBe(48_020);
    clock.seed(0, 0); // too late: answers win
    expect(clock.offset).toBe(48_020);

    clock.reset(true); // the same hall, taken up again
    expect([clock.settled, clock.offset]).toEqual([false, 48_020]);
    clock.add(ask(9_000, 48_025, 30, 30));
    expect(clock.offset).toBe(48_025);

    clock.reset(); // another hall: its clock starts afresh
    expect([clock.known, clock.offset]).toEqual([false, 0]);
  });
});

describe("taking the hall's walk for oneself", () => {
  it('keeps the waypoints still ahead, so the walk goes on where the hall has it', () => {
    const start = { x: -4, z: 6 };
    const navGrid = pageNavGrid();
    const path = findPath(navGrid, start, { x: 4, z: -2 })!;
    const walk = roundWalk({ x: start.x, z: start.z, ry: 0, t0: 10_000, speed: 1.6, path, steer: null });
    const replay = new WalkReplay(navGrid, walk);
    const t = 10_000 + (replay.endsAt - 10_000) / 2;
    const at = replay.poseAt(t);
    const ahead = pathAhead(walk, ((t - walk.t0) / 1000) * walk.speed);
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.at(-1)).toEqual(walk.path.at(-1));
    // Walking the rest from that pose ends where the hall's replay ends, at the same moment.
    const w = { ...createWalker(at.x, at.z, at.ry), path: ahead };
    for (let ms = t; ms < replay.endsAt + 100; ms += 16) stepWalker(navGrid, w, 0.016, walk.speed);
    const end = replay.poseAt(replay.endsAt);
    expect(Math.hypot(w.x - end.x, w.z - end.z)).toBeLessThan(0.01);
    expect(pathAhead(walk, replay.length + 1)).toEqual([]);
    expect(pathAhead(walk, 0)).toEqual(walk.path);
  });
});
