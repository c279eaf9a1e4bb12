import { describe, expect, it } from 'vitest';
import {
  estimateLine,
  estimateWait,
  serviceModel,
  WAIT_FALLBACK_MS,
  WAIT_MIN_SPREAD,
  WAIT_PRIOR_WEIGHT,
  WAIT_REPLAY_HEAD,
  WAIT_TYPICAL_SPREAD,
  type WaitSnapshot,
} from '../../server/domain/waitEstimate.ts';

const NOW = Date.UTC(2026, 2, 10, 2, 0);
const MIN = 60_000;

type Desk = WaitSnapshot['desks'][number];
const idle = (...services: string[]): Desk => ({ services, servingService: null, servingSince: null });
const busy = (services: string[], servingService: string, sinceMin: number): Desk => ({
  services,
  servingService,
  servingSince: NOW - sinceMin * MIN,
});

/** A line of the given services, taken a minute apart in that order; the target is the `at`-th (last by default). */
function snapshot(services: string[], desks: Desk[], at = services.length - 1): WaitSnapshot {
  const waiting = services.map((service, i) => ({ service, issuedAt: NOW - (services.length - i) * MIN }));
  return {
    now: NOW,
    target: waiting[at]!,
    waiting,
    desks,
    // Ten-minute renovations, five-minute signboards, all alike but for a minute either way.
    recentServiceMs: {
      renovation: [9, 10, 11, 10, 10].map((m) => m * MIN),
      signboard: [4, 5, 6, 5].map((m) => m * MIN),
    },
    typicalServiceMs: { renovation: 10 * MIN, signboard: 5 * MIN, concerns: 30 * MIN },
  };
}

function expectRange(e: { minutes: number; low: number; high: number }): void {
  expect(e.low).toBeLessThanOrEqual(e.minutes);
  expect(e.high).toBeGreaterThanOrEqual(e.minutes);
}

describe('estimateWait', () => {
  it('one desk: first in line at an idle desk is called now; each ticket ahead adds a service', () => {
    const line = Array<string>(4).fill('renovation');
    const waits = line.map((_, i) => estimateWait(snapshot(line, [idle('renovation')], i)));
    expect(waits[0]).toEqual({ minutes: 0, low: 0, high: 0 });
    // Five durations known leave the spread partly the typical time's (σ about 0.3): a renovation is ten
    // minutes at the median, about ten and a half on average.
    for (const [i, w] of waits.entries()) {
      expectRange(w);
      expect(w.minutes).toBeGreaterThan(i * 10 - 1.5);
      expect(w.minutes).toBeLessThan(i * 10.5 + 1.5);
    }
  });

  it('several desks share the line', () => {
    const line = Array<string>(6).fill('renovation');
    const one = estimateWait(snapshot(line, [idle('renovation')]));
    const three = estimateWait(snapshot(line, [idle('renovation'), idle('renovation'), idle('renovation')]));
    // Five ahead: one desk takes about 50 minutes, three desks two rounds, a little over 10 (the first of
    // them to finish its second).
    expect(one.minutes).toBeGreaterThan(45);
    expect(three.minutes).toBeGreaterThan(8);
    expect(three.minutes).toBeLessThan(14);
    expectRange(three);
  });

  it('overlapping services: a desk for both calls the older ticket of either line first', () => {
    // Signboard tickets ahead hold up a renovation ticket only at the desk that serves both.
    const line = ['signboard', 'signboard', 'signboard', 'renovation'];
    const shared = estimateWait(snapshot(line, [idle('renovation', 'signboard')]));
    expect(shared.minutes).toBeGreaterThan(13);
    const apart = estimateWait(snapshot(line, [idle('renovation', 'signboard'), idle('renovation')]));
    expect(apart).toEqual({ minutes: 0, low: 0, high: 0 });
  });

  it('a desk mid-service finishes what is left of it', () => {
    const line = ['renovation'];
    const justBegun = estimateWait(snapshot(line, [busy(['renovation'], 'renovation', 0)]));
    const nearlyDone = estimateWait(snapshot(line, [busy(['renovation'], 'renovation', 8)]));
    expect(justBegun.minutes).toBeGreaterThan(8);
    expect(nearlyDone.minutes).toBeLessThan(justBegun.minutes - 5);
    expectRange(nearlyDone);
  });

  it('a desk serving another service first finishes that one before calling', () => {
    const line = ['renovation'];
    const freeSoon = estimateWait(snapshot(line, [busy(['renovation', 'signboard'], 'signboard', 0)]));
    // A signboard takes about five minutes, and that desk is the only one for renovation.
    expect(freeSoon.minutes).toBeGreaterThan(3.5);
    expect(freeSoon.minutes).toBeLessThan(6.5);
  });

  it('no desk open for the service: no estimate (Infinity), whatever else is open', () => {
    const none = estimateWait(snapshot(['concerns', 'renovation'], [idle('renovation')], 0));
    expect(none).toEqual({ minutes: Infinity, low: Infinity, high: Infinity });
    expect(JSON.parse(JSON.stringify(none))).toEqual({ minutes: null, low: null, high: null });
    expect(estimateWait(snapshot(['renovation'], []))).toEqual({ minutes: Infinity, low: Infinity, high: Infinity });
  });

  it('is monotone in the place in line, the range always holding the point', () => {
    const line = ['renovation', 'signboard', 'renovation', 'renovation', 'signboard', 'renovation', 'renovation'];
    const desks = [busy(['renovation', 'signboard'], 'renovation', 3), idle('renovation')];
    const all = estimateLine(snapshot(line, desks));
    const renovations = all.filter((_, i) => line[i] === 'renovation');
    for (let i = 1; i < renovations.length; i++) {
      expect(renovations[i]!.minutes).toBeGreaterThanOrEqual(renovations[i - 1]!.minutes);
      expect(renovations[i]!.high).toBeGreaterThanOrEqual(renovations[i - 1]!.high);
    }
    for (const e of all) expectRange(e);
    // One pass over the line gives each ticket what it would get alone.
    line.forEach((_, i) => expect(estimateWait(snapshot(line, desks, i))).toEqual(all[i]));
  });

  it('is the same for the same snapshot; a target missing from the line stands last', () => {
    const s = snapshot(['renovation', 'renovation'], [busy(['renovation'], 'renovation', 2)]);
    expect(estimateWait(s)).toEqual(estimateWait(s));
    const newcomer = { service: 'renovation', issuedAt: NOW };
    expect(estimateWait({ ...s, target: newcomer }).minutes).toBeGreaterThan(estimateWait(s).minutes);
  });

  it('service names that are object keys are services like any other', () => {
    const s = snapshot(['__proto__', 'toString'], [idle('__proto__', 'toString')]);
    const e = estimateWait(s);
    // Neither has durations or a typical time: the fallback, about ten minutes behind one ticket.
    expect(e.minutes).toBeGreaterThan(7);
    expect(e.minutes).toBeLessThan(13);
  });
});

describe('estimateLine behind the head', () => {
  const H = WAIT_REPLAY_HEAD;

  it('places those behind the replayed head near where replaying the whole line would, the range wider', () => {
    // Two renovations to a signboard, three heads long; one desk shares both services, mid-renovation.
    const line = Array.from({ length: 3 * H }, (_, i) => (i % 3 === 2 ? 'signboard' : 'renovation'));
    const desks = [busy(['renovation', 'signboard'], 'renovation', 3), idle('renovation'), idle('signboard')];
    const all = estimateLine(snapshot(line, desks));
    for (const service of ['renovation', 'signboard']) {
      const own = all.filter((_, i) => line[i] === service);
      for (let i = 1; i < own.length; i++) {
        expect(own[i]!.minutes).toBeGreaterThanOrEqual(own[i - 1]!.minutes);
        expect(own[i]!.low).toBeGreaterThanOrEqual(own[i - 1]!.low);
        expect(own[i]!.high).toBeGreaterThanOrEqual(own[i - 1]!.high);
      }
    }
    for (const e of all) expectRange(e);
    // The head is replayed as each of its tickets is alone.
    for (const i of [0, H >> 1, H - 1]) expect(estimateWait(snapshot(line, desks, i))).toEqual(all[i]);
    for (const i of [H, H + 1, 2 * H, 3 * H - 2, 3 * H - 1]) {
      const replayed = estimateWait(snapshot(line, desks, i));
      expect(Math.abs(all[i]!.minutes - replayed.minutes)).toBeLessThan(0.1 * replayed.minutes);
      expect(all[i]!.low).toBeLessThanOrEqual(replayed.minutes);
      expect(all[i]!.high).toBeGreaterThanOrEqual(replayed.minutes);
      expect(all[i]!.high - all[i]!.low).toBeGreaterThanOrEqual(replayed.high - replayed.low);
    }
  });

  it('a service scarcely in the head: its desks free after it, then one service time per ticket', () => {
    // A head of renovations, then three signboards whose own desk stands idle.
    const line = [...Array<string>(H).fill('renovation'), 'signboard', 'signboard', 'signboard'];
    const desks = [idle('renovation'), idle('signboard')];
    const all = estimateLine(snapshot(line, desks));
    for (const [k, e] of all.slice(H).entries()) {
      // Five-minute signboards: called now, in about five minutes, in about ten.
      expect(Math.abs(e.minutes - 5 * k)).toBeLessThan(1.5);
      expectRange(e);
      expect(Math.abs(e.minutes - estimateWait(snapshot(line, desks, H + k)).minutes)).toBeLessThan(1.5);
    }
  });

  it('no desk for a service behind the head: no estimate', () => {
    const line = [...Array<string>(H).fill('renovation'), 'concerns'];
    expect(estimateLine(snapshot(line, [idle('renovation')]))[H]).toEqual({
      minutes: Infinity,
      low: Infinity,
      high: Infinity,
    });
  });
});

describe('serviceModel', () => {
  it('leans on the typical time while few durations are known, then follows them, robust to one odd case', () => {
    // Nothing observed: the typical time, with the typical spread, its median known to within that over √3.
    const none = serviceModel([], 10 * MIN);
    expect(none.mu).toBe(Math.log(10 * MIN));
    expect(none.sigma).toBeCloseTo(WAIT_TYPICAL_SPREAD, 12);
    expect(none.muSpread).toBeCloseTo(WAIT_TYPICAL_SPREAD / Math.sqrt(WAIT_PRIOR_WEIGHT), 12);
    // Two five-minute cases against a typical ten: between the two, nearer the typical time.
    const two = serviceModel([5 * MIN, 5 * MIN], 10 * MIN);
    expect(Math.exp(two.mu)).toBeGreaterThan(5 * MIN);
    expect(Math.exp(two.mu)).toBeLessThan(10 * MIN);
    expect(Math.exp(two.mu)).toBeGreaterThan(Math.sqrt(50) * MIN);
    // Forty of them: five minutes, give or take the typical time's small share (3 in 43).
    const forty = serviceModel(Array<number>(40).fill(5 * MIN), 10 * MIN);
    expect(Math.exp(forty.mu) / MIN).toBeGreaterThan(5);
    expect(Math.exp(forty.mu) / MIN).toBeLessThan(5.4);
    // The more observed, the better the median is known.
    expect(forty.muSpread).toBeLessThan(two.muSpread);
    expect(two.muSpread).toBeLessThan(none.muSpread);
    // A four-hour case among five-minute ones is left out, not averaged in.
    const odd = serviceModel([4 * MIN, 6 * MIN, 5 * MIN, 5 * MIN, 240 * MIN, 5 * MIN, 4 * MIN, 6 * MIN], 5 * MIN);
    expect(Math.exp(odd.mu) / MIN).toBeGreaterThan(4.8);
    expect(Math.exp(odd.mu) / MIN).toBeLessThan(5.2);
    expect(odd.sigma).toBeLessThan(0.5);
    // Durations of zero or less, or not numbers, are not durations; a typical time of none, the fallback.
    expect(serviceModel([0, -1, Number.NaN], 7 * MIN).mu).toBe(Math.log(7 * MIN));
    expect(serviceModel(undefined, -5).mu).toBe(Math.log(WAIT_FALLBACK_MS));
  });

  it('spread: the observed one once many are known, never below WAIT_MIN_SPREAD', () => {
    // Forty durations spread as a log-normal of σ 0.8 (its quantiles), against a typical spread of 0.5: σ
    // near 0.8, the typical spread's share (3 in 43) pulling it a little down.
    const many = Array.from({ length: 40 }, (_, i) => 8 * MIN * Math.exp(0.8 * normalish(i)));
    const m = serviceModel(many, 8 * MIN);
    expect(m.sigma).toBeGreaterThan(0.7);
    expect(m.sigma).toBeLessThan(0.82);
    expect(serviceModel(Array<number>(200).fill(5 * MIN), 5 * MIN).sigma).toBe(WAIT_MIN_SPREAD);
  });
});

describe('the range', () => {
  it('is wider while the service times are scarcely known, and still holds the point', () => {
    const line = Array<string>(5).fill('renovation');
    const desks = [idle('renovation'), idle('renovation')];
    const known = snapshot(line, desks);
    // The same ten-minute renovations, only two of them observed (the rest is the typical time's).
    const scarce = { ...known, recentServiceMs: { renovation: [10 * MIN, 10 * MIN] } };
    const many = { ...known, recentServiceMs: { renovation: Array<number>(40).fill(10 * MIN) } };
    const a = estimateWait(scarce);
    const b = estimateWait(many);
    expectRange(a);
    expectRange(b);
    expect(a.high - a.low).toBeGreaterThan(b.high - b.low);
  });

  it('reaches further above the point than below: a wait is more likely much longer than much shorter', () => {
    // Next at the one desk, mid-renovation, the renovations skewed (σ 0.6).
    const line = ['renovation'];
    const skewed = Array.from({ length: 40 }, (_, i) => 10 * MIN * Math.exp(0.6 * normalish(i)));
    const e = estimateWait({
      ...snapshot(line, [busy(['renovation'], 'renovation', 1)]),
      recentServiceMs: { renovation: skewed },
    });
    expectRange(e);
    expect(e.high - e.minutes).toBeGreaterThan(e.minutes - e.low);
  });
});

/** The i-th of 40 standard normal values evenly spread in probability (their quantiles, by bisection). */
function normalish(i: number): number {
  const p = (i + 0.5) / 40;
  let lo = -6;
  let hi = 6;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Φ(x) by Simpson's rule from 0: slow and plainly right. */
function cdf(x: number): number {
  const n = 200;
  const h = x / n;
  let sum = 0;
  for (let k = 0; k <= n; k++) sum += (k === 0 || k === n ? 1 : k % 2 ? 4 : 2) * Math.exp(-((k * h) ** 2) / 2);
  return 0.5 + (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}
