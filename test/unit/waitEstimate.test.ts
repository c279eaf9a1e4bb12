import { describe, expect, it } from 'vitest';
import {
  estimateLine,
  estimateWait,
  serviceModel,
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
    for (const [i, w] of waits.entries()) {
      expectRange(w);
      expect(w.minutes).toBeGreaterThan(i * 10 - 1.5);
      expect(w.minutes).toBeLessThan(i * 10 + 1.5);
    }
  });

  it('several desks share the line', () => {
    const line = Array<string>(6).fill('renovation');
    const one = estimateWait(snapshot(line, [idle('renovation')]));
    const three = estimateWait(snapshot(line, [idle('renovation'), idle('renovation'), idle('renovation')]));
    // Five ahead: one desk takes about 50 minutes, three desks two rounds, about 10.
    expect(one.minutes).toBeGreaterThan(45);
    expect(three.minutes).toBeGreaterThan(8);
    expect(three.minutes).toBeLessThan(13);
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
  it('uses the typical time until three durations are known, then their median, robust to one odd case', () => {
    expect(serviceModel([4 * MIN, 20 * MIN], 10 * MIN)).toEqual({ mu: Math.log(10 * MIN), sigma: WAIT_TYPICAL_SPREAD });
    const m = serviceModel([4 * MIN, 6 * MIN, 5 * MIN, 5 * MIN, 240 * MIN], 10 * MIN);
    expect(Math.exp(m.mu)).toBeCloseTo(5 * MIN, 0);
    expect(m.sigma).toBeLessThan(0.5);
    // Durations of zero or less, or not numbers, are not durations.
    expect(serviceModel([0, -1, Number.NaN], 7 * MIN).mu).toBe(Math.log(7 * MIN));
  });
});
