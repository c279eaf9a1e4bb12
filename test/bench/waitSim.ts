/**
 * Busy days at the desks, simulated, for `npm run bench -- waitSim`: how far the wait shown to a merchant who
 * just took a number is from the wait they then had, for the hall's estimate (server/domain/waitEstimate.ts)
 * and for the rules found in the literature, side by side.
 *
 * The day: WAIT_SIM_DESKS desks in a ring, each open for two services and each service served at two desks
 * (so the desks share their lines); merchants arrive at random (a Poisson process) at a rate that keeps the
 * desks busy WAIT_SIM_LOAD of the time; service times are log-normal (a few long cases among many short
 * ones), each service with its own median. A free desk calls the oldest ticket of its services at once, as
 * the hall's queue does. At each arrival the estimates are made from what the hall would know then (the
 * line, the desks, the last RECENT_SAMPLES service times of each service, and the typical times the station
 * states, off by a fifth or a quarter); the actual wait is read when the ticket is called. Seeded: the same
 * figures every run.
 *
 * Compared (each from the same moment):
 * - the hall: `estimateWait`, its median and its range;
 * - the hall shown: the same, in whole minutes as a merchant sees it (point rounded, range widened outward);
 * - before: the hall's estimate until now (ahead × median time ÷ desk capacity, range widened by 30 %);
 * - position × mean service time (one desk's rule);
 * - position × mean service time ÷ desks open for the service;
 * - Erlang C, the multi-counter formula: the mean wait of c desks given the arrival rate of the last hour.
 */
import { seeded } from '../../shared/seeded.ts';
import { estimateWait, type WaitSnapshot } from '../../server/domain/waitEstimate.ts';
import { RECENT_SAMPLES } from '../../server/queue/rules.ts';

/** Desks open, in a ring: desk i serves services i and i + 1. Default 4. */
export const WAIT_SIM_DESKS = 4;
/** Share of time the desks are busy on average (arrival rate × mean service time ÷ desks). Default 0.9. */
export const WAIT_SIM_LOAD = 0.9;
/** Median service time per service, minutes (one service per desk). */
export const WAIT_SIM_MEDIAN_MIN = [6, 8, 10, 5];
/**
 * The typical times the station states for its services (`typicalServiceMs`), as a share of their true
 * medians: a stated time is a guess, off by a fifth or a quarter either way, so an estimate leaning on it
 * is not handed the truth. The published rules use it too until three times are observed.
 */
export const WAIT_SIM_TYPICAL_SHARE = [1.25, 0.8, 1.2, 0.75];
/**
 * Spreads of service times simulated (σ of the log-normal), one day type each: 0.6 (mean 1.2 × median, one
 * case in twenty over 2.7 × median; the day the old estimate was measured on) and 0.45 (one in twenty over
 * 2.1 × median).
 */
export const WAIT_SIM_SPREADS = [0.6, 0.45];
/** Length of a day, minutes (arrivals stop then; the line is served out). Default 8 hours. */
export const WAIT_SIM_DAY_MIN = 480;
/**
 * Days simulated per row, each with its own seed. How long the waits are varies much from day to day at this
 * load (a day's mean wait from 3 to 28 minutes), and the error as a share of the mean wait with it, so six
 * days (as first measured) move a row by several points: thirty steady it. Default 30.
 */
export const WAIT_SIM_DAYS = 30;
/** First day's seed. */
export const WAIT_SIM_SEED = 18;

const MIN = 60_000;

export interface WaitMethodRow {
  method: string;
  /** Mean absolute error of the point, as a share of the mean actual wait. */
  maePct: number;
  /** Share of actual waits inside [low, high]; null for a rule that gives no range. */
  coveredPct: number | null;
  /** Mean width of the range as a share of the mean actual wait; null without a range. */
  widthPct: number | null;
}

export interface WaitSimResult {
  spread: number;
  days: number;
  tickets: number;
  meanWaitMin: number;
  medianWaitMin: number;
  rows: WaitMethodRow[];
  /** Time to make all of the hall's estimates, ms. */
  estimateMs: number;
}

interface Guess {
  point: number;
  low?: number;
  high?: number;
}

interface SimTicket {
  service: number;
  issuedAt: number;
  calledAt: number | null;
  guesses: Guess[];
}

const METHODS = [
  'the hall (estimateWait)',
  'the hall, shown in whole minutes',
  'the hall, if it knew the true times',
  'before: ahead × median ÷ capacity',
  'position × mean service time',
  'position × mean time ÷ desks',
  'Erlang C (multi-counter)',
];

/** Desk i serves services i and i + 1 (mod the number of services). */
function deskServices(i: number): number[] {
  const n = WAIT_SIM_MEDIAN_MIN.length;
  return [i % n, (i + 1) % n];
}

export function simulateWaits(spread: number, days = WAIT_SIM_DAYS, seed = WAIT_SIM_SEED): WaitSimResult {
  const all: SimTicket[] = [];
  let estimateMs = 0;
  for (let day = 0; day < days; day++) {
    const { tickets, ms } = simulateDay(spread, seed + day);
    all.push(...tickets);
    estimateMs += ms;
  }
  const waits = all.map((t) => (t.calledAt! - t.issuedAt) / MIN);
  const meanWait = waits.reduce((a, b) => a + b, 0) / waits.length;
  const rows = METHODS.map((method, m) => {
    let err = 0;
    let covered = 0;
    let width = 0;
    let ranged = 0;
    all.forEach((t, i) => {
      const g = t.guesses[m]!;
      const w = waits[i]!;
      err += Math.abs(g.point - w);
      if (g.low !== undefined && g.high !== undefined) {
        ranged++;
        if (w >= g.low && w <= g.high) covered++;
        width += g.high - g.low;
      }
    });
    return {
      method,
      maePct: pct(err / all.length / meanWait),
      coveredPct: ranged ? pct(covered / ranged) : null,
      widthPct: ranged ? pct(width / ranged / meanWait) : null,
    };
  });
  const sorted = [...waits].sort((a, b) => a - b);
  return {
    spread,
    days,
    tickets: all.length,
    meanWaitMin: round1(meanWait),
    medianWaitMin: round1(sorted[sorted.length >> 1] ?? 0),
    rows,
    estimateMs: Math.round(estimateMs),
  };
}

/** One day: arrivals, calls and completions in time order, the estimates taken at each arrival. */
function simulateDay(spread: number, seed: number): { tickets: SimTicket[]; ms: number } {
  const random = seeded(seed);
  const services = WAIT_SIM_MEDIAN_MIN.map((m, i) => ({ id: `s${i}`, medianMs: m * MIN }));
  const meanMs = services.reduce((a, s) => a + s.medianMs, 0) / services.length;
  const meanServiceMs = meanMs * Math.exp((spread * spread) / 2);
  const arrivalsPerMs = (WAIT_SIM_LOAD * WAIT_SIM_DESKS) / meanServiceMs;
  const desks = Array.from({ length: WAIT_SIM_DESKS }, (_, i) => ({
    services: deskServices(i),
    ticket: null as SimTicket | null,
    since: 0,
    freeAt: 0,
  }));
  const recent: number[][] = services.map(() => []);
  const tickets: SimTicket[] = [];
  const waiting: SimTicket[] = [];
  const trueTimes = Object.fromEntries(
    services.map((s) => [s.id, truePercentiles(spread).map((z) => s.medianMs * Math.exp(z))]),
  );
  const draw = (s: number) => services[s]!.medianMs * Math.exp(spread * gaussian(random));
  let nextArrival = -Math.log(1 - random()) / arrivalsPerMs;
  let ms = 0;

  const callFree = (now: number) => {
    for (const d of desks) {
      if (d.ticket || d.freeAt > now) continue;
      const i = waiting.findIndex((t) => d.services.includes(t.service));
      if (i < 0) continue;
      const t = waiting.splice(i, 1)[0]!;
      t.calledAt = now;
      d.ticket = t;
      d.since = now;
      d.freeAt = now + draw(t.service);
    }
  };

  for (;;) {
    const busy = desks.filter((d) => d.ticket);
    const nextFree = Math.min(...busy.map((d) => d.freeAt));
    const arriving = nextArrival < WAIT_SIM_DAY_MIN * MIN;
    if (!arriving && busy.length === 0) break;
    if (arriving && nextArrival <= nextFree) {
      const now = nextArrival;
      nextArrival += -Math.log(1 - random()) / arrivalsPerMs;
      const service = Math.floor(random() * services.length);
      const t: SimTicket = { service, issuedAt: now, calledAt: null, guesses: [] };
      tickets.push(t);
      waiting.push(t);
      // The hall's queue calls the moment a desk is free; a desk idle now calls this merchant at once.
      t.guesses = guesses(t, now);
      callFree(now);
    } else {
      const now = nextFree;
      for (const d of desks) {
        if (!d.ticket || d.freeAt !== now) continue;
        const list = recent[d.ticket.service]!;
        list.push(now - d.since);
        if (list.length > RECENT_SAMPLES) list.shift();
        d.ticket = null;
      }
      callFree(now);
    }
  }
  return { tickets, ms };

  function guesses(t: SimTicket, now: number): Guess[] {
    const line = waiting.map((w) => ({ service: services[w.service]!.id, issuedAt: w.issuedAt }));
    const snapshot: WaitSnapshot = {
      now,
      // The merchant who just arrived stands last.
      target: line[line.length - 1]!,
      waiting: line,
      desks: desks.map((d) => ({
        services: d.services.map((s) => services[s]!.id),
        servingService: d.ticket ? services[d.ticket.service]!.id : null,
        servingSince: d.ticket ? d.since : null,
      })),
      recentServiceMs: Object.fromEntries(services.map((s, i) => [s.id, [...recent[i]!]])),
      typicalServiceMs: Object.fromEntries(services.map((s, i) => [s.id, s.medianMs * WAIT_SIM_TYPICAL_SHARE[i]!])),
    };
    const t0 = performance.now();
    const estimate = estimateWait(snapshot);
    ms += performance.now() - t0;
    const hall = { point: estimate.minutes, low: estimate.low, high: estimate.high };
    // The bound no estimate from this snapshot can beat by much: the same replay, told the true distributions
    // (as TRUE_POINTS of their percentiles, whose median and spread are the true ones, and the true medians as
    // the typical times).
    const truth = estimateWait({
      ...snapshot,
      recentServiceMs: trueTimes,
      typicalServiceMs: Object.fromEntries(services.map((s) => [s.id, s.medianMs])),
    });
    const oracle = { point: truth.minutes, low: truth.low, high: truth.high };
    const shown = {
      point: Math.round(hall.point),
      low: Math.floor(hall.low),
      high: Math.max(Math.ceil(hall.high), Math.floor(hall.low) + 1),
    };
    // What the hall knew of this service's time: the median or mean of its recent ones, or its typical time.
    const known = recent[t.service]!;
    const typical = services[t.service]!.medianMs * WAIT_SIM_TYPICAL_SHARE[t.service]!;
    const medianMs = known.length >= 3 ? middle(known) : typical;
    const meanTimeMs = known.length >= 3 ? known.reduce((a, b) => a + b, 0) / known.length : typical;
    const position = waiting.filter((w) => w.service === t.service).length;
    const serving = desks.filter((d) => d.services.includes(t.service));
    const capacity = serving.reduce((c, d) => c + 1 / d.services.length, 0);
    const perTicket = medianMs / capacity / MIN;
    const before = {
      point: ((position - 0.5) * perTicket) as number,
      low: Math.floor((position - 1) * perTicket * 0.7),
      high: Math.ceil(position * perTicket * 1.3),
    };
    return [
      hall,
      shown,
      oracle,
      before,
      { point: (position * meanTimeMs) / MIN },
      { point: (position * meanTimeMs) / serving.length / MIN },
      { point: erlangC() },
    ];
  }

  /**
   * Mean wait of WAIT_SIM_DESKS desks by Erlang C, given the station's planned arrival rate and mean service
   * time (the formula knows nothing of the line now, so it says the same to everyone).
   */
  function erlangC(): number {
    const c = WAIT_SIM_DESKS;
    const a = arrivalsPerMs * meanServiceMs;
    let term = 1;
    let sum = 1;
    for (let k = 1; k < c; k++) {
      term *= a / k;
      sum += term;
    }
    const last = (term * a) / c / (1 - a / c);
    const waitProbability = last / (sum + last);
    return (waitProbability * meanServiceMs) / (c - a) / MIN;
  }
}

export function waitSimReport(r: WaitSimResult): string {
  const lines = [
    `${r.days} simulated days, ${r.tickets} tickets, ${WAIT_SIM_DESKS} desks × 2 services, load ${WAIT_SIM_LOAD}, ` +
      `log-normal σ ${r.spread}: mean wait ${r.meanWaitMin} min (median ${r.medianWaitMin}); ` +
      `the hall's estimates took ${r.estimateMs} ms in all`,
    `${'method'.padEnd(36)} ${'MAE % of mean wait'.padStart(19)} ${'inside range'.padStart(13)} ${'range width'.padStart(12)}`,
  ];
  for (const row of r.rows) {
    const opt = (v: number | null) => (v === null ? '—' : `${v} %`);
    lines.push(
      `${row.method.padEnd(36)} ${`${row.maePct} %`.padStart(19)} ${opt(row.coveredPct).padStart(13)} ${opt(row.widthPct).padStart(12)}`,
    );
  }
  return lines.join('\n');
}

function middle(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function pct(share: number): number {
  return Math.round(share * 1000) / 10;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

const percentiles = new Map<number, number[]>();

/**
 * A log-normal's logarithms at TRUE_POINTS evenly spaced probabilities, around a median of 1: told as
 * observed durations, so many that their mean and spread are the true ones (to within 1 %) and a median
 * known to within 0.02 σ.
 */
function truePercentiles(spread: number): number[] {
  let p = percentiles.get(spread);
  if (!p) {
    p = Array.from({ length: TRUE_POINTS }, (_, k) => spread * normalQuantile((k + 0.5) / TRUE_POINTS));
    percentiles.set(spread, p);
  }
  return p;
}
const TRUE_POINTS = 2000;

/** Φ⁻¹(p) by bisection: slow and plainly right, for the true percentiles above. */
function normalQuantile(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * (1 + erf(mid / Math.SQRT2)) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** erf(x) by its series, exact enough for |x| < 6. */
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
