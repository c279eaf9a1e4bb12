import { seeded } from '../../shared/seeded.ts';

/**
 * How long a waiting merchant will wait to be called: the line replayed forward, many times over.
 *
 * Each replay starts from the desks as they are (open ones only: a paused desk, or one whose officer is away,
 * is not in the snapshot), finishes what each is doing, and lets every desk call as the hall does: when it is
 * free, the first ticket in call order among its services. Service times are drawn from each service's
 * log-normal, fitted to its recent durations and its typical time (`serviceModel`: the typical time weighs
 * as a few durations, odd cases left out), so a desk mid-service finishes after a time drawn for a service
 * that has already lasted so long. Each replay also draws each service's median from how well it is known,
 * so a range made from few durations is wider. The replays' median call time is the point (the median is
 * what is least far off on average), and the range cuts 3 % of them below and 13 % above, a wait being skewed.
 *
 * Only tickets ahead can hold a ticket up: a desk calls the oldest it may serve, so whoever comes later never
 * passes a ticket waiting for one of that desk's services (booked times excepted: `estimateLine` takes
 * those). The replays are seeded from their number, so the same snapshot always gives the same estimate.
 *
 * A long line is replayed only as far as its head, the first WAIT_REPLAY_HEAD tickets in call order, which
 * keeps a pass as cheap with ten thousand waiting as with two hundred; each service's tickets behind the head
 * are placed from the pace at which the replays called that service in it (its tail, `estimateHead`), their
 * range widening the further back they stand. One replay of the head gives each of its tickets exactly what
 * `estimateWait` gives it; `estimateWait` replays the line up to its target however far back, as before.
 *
 * Pure: no clock, no storage; the caller hands in `now`.
 */

export interface WaitSnapshot {
  now: number; // ms
  target: { service: string; issuedAt: number }; // the ticket to estimate (also in `waiting`)
  waiting: { service: string; issuedAt: number }[]; // every waiting, due ticket of every service, in call order
  desks: { services: string[]; servingService: string | null; servingSince: number | null }[]; // open desks
  recentServiceMs: Record<string, number[]>; // observed service durations per service, oldest first
  typicalServiceMs: Record<string, number>; // used until enough durations are observed
}

/**
 * Minutes from `now` until the ticket is called: `minutes` the median of the replays, `[low, high]` the
 * WAIT_RANGE_BELOW and 1 − WAIT_RANGE_ABOVE quantiles. Not rounded: whoever shows it rounds.
 *
 * No estimate: when no open desk serves the ticket's service, the line never reaches it and all three are
 * `Infinity` (which JSON writes as null). The hall never asks then; it tells the merchant there is none.
 */
export interface WaitEstimate {
  minutes: number;
  low: number;
  high: number;
}

/** Replays per estimate, at most. Default 160. */
export const WAIT_REPLAYS = 160;
/** Replays per estimate, at least, however long the line. Default 24. */
export const WAIT_REPLAYS_MIN = 24;
/**
 * Calls replayed in one pass, at most (replays × tickets replayed, bookings still to come included): more
 * tickets (a head and a day of bookings, or `estimateWait` for a ticket far back) are replayed fewer times,
 * down to WAIT_REPLAYS_MIN, so a pass stays a few milliseconds. Default 320,000.
 */
export const WAIT_REPLAY_BUDGET = 320_000;
/**
 * Share of replays left out of the range below it: [low, high] holds 84 % of them (a little more than the
 * 80 % promised), cut 3 % below and 13 % above. A wait is skewed (a long case ahead makes it much longer,
 * nothing makes it much shorter), so a range cut more from the top than the bottom holds as many waits and
 * is narrower. Default 0.03.
 */
export const WAIT_RANGE_BELOW = 0.03;
/** Share of replays left out of the range above it (see WAIT_RANGE_BELOW). Default 0.13. */
export const WAIT_RANGE_ABOVE = 0.13;
/**
 * How many observed durations the typical time of a service counts as: with none observed it is the
 * service's time, with 40 it weighs 3 in 43. Default 3.
 */
export const WAIT_PRIOR_WEIGHT = 3;
/** Observed durations needed before odd ones can be told apart and left out. Default 3. */
export const WAIT_MIN_SAMPLES = 3;
/** Durations this many robust spreads from the median of a service's are odd cases, left out. Default 3. */
export const WAIT_OUTLIER_SPREADS = 3;
/** Spread of log service times assumed of the typical time (σ of a log-normal). Default 0.5. */
export const WAIT_TYPICAL_SPREAD = 0.5;
/** Least spread ever assumed, so a few alike durations do not promise a minute. Default 0.15. */
export const WAIT_MIN_SPREAD = 0.15;
/** Service time of a service nobody described, ms. Default 10 minutes. */
export const WAIT_FALLBACK_MS = 10 * 60_000;

/**
 * Tickets at the head of the line replayed call by call, at most; the ones behind are placed from the pace the
 * replays called their service at (`estimateHead`). Enough that everyone in a hall of a few hundred is
 * replayed, few enough that a pass stays about a millisecond whatever the length of the line. Default 200.
 */
export const WAIT_REPLAY_HEAD = 200;
/**
 * Calls of a service in the head's replays needed to place its tail from their pace; below that, from the
 * service's time and its desks' share of it. Default 8.
 */
export const WAIT_TAIL_MIN_CALLS = 8;

/** Points of each service's time distribution a replay draws from (its quantiles, evenly spaced). */
const TABLE_SIZE = 64;
/**
 * Draws of each replay stratified: the k-th draw of each replay (k below this) takes its own R-th of the
 * probabilities, in an order of the draw's, somewhere within it, so that the replays hold each draw's
 * distribution evenly, and the same few replays do not make every estimate a little long, or short, alike
 * (with 160 plain draws the first service ahead came out 7 % long at σ 0.6). The first ones matter most: a
 * ticket near the front waits for a few services, one far back for a sum of many, which evens out.
 */
const STRATIFIED_DRAWS = 16;
/** The standard normal at the same points: each replay's draw of a service's median, from a table (cheaper). */
const NORMAL_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, k) => normalQuantile((k + 0.5) / TABLE_SIZE));
const MINUTE = 60_000;

/** Bookings not yet due, for the hall: each joins the line when its time comes, before every walk-in. */
export interface LineSnapshot extends Omit<WaitSnapshot, 'target'> {
  /** How many tickets at the head of `waiting` are due bookings (the upcoming ones follow them). */
  dueBookings?: number;
  /** Bookings not yet due, by booked time. */
  upcoming?: { service: string; dueAt: number }[];
}

/** A service's time as a log-normal: median e^mu, spread sigma; mu itself known to within muSpread (a σ). */
export interface ServiceModel {
  mu: number;
  sigma: number;
  muSpread: number;
}

/**
 * The service's time from its observed durations (non-positive ones ignored) and its typical time, as a
 * log-normal. The typical time counts as WAIT_PRIOR_WEIGHT durations with a spread of WAIT_TYPICAL_SPREAD,
 * so a service with few observed leans on it and one with many follows what was observed. Durations further
 * than WAIT_OUTLIER_SPREADS robust spreads (the median absolute deviation of their logarithms, scaled to a σ)
 * from the median are left out as odd cases (a ticket completed hours late); the rest give the mean and the
 * spread of the logarithms, which use every duration and so are steadier than their median and deviation.
 */
export function serviceModel(observed: readonly number[] | undefined, typicalMs: number | undefined): ServiceModel {
  const typical = typicalMs !== undefined && Number.isFinite(typicalMs) && typicalMs > 0 ? typicalMs : WAIT_FALLBACK_MS;
  let logs = (observed ?? [])
    .filter((ms) => Number.isFinite(ms) && ms > 0)
    .map(Math.log)
    .sort((a, b) => a - b);
  if (logs.length >= WAIT_MIN_SAMPLES) {
    const mid = median(logs);
    const deviations = logs.map((l) => Math.abs(l - mid)).sort((a, b) => a - b);
    const reach = WAIT_OUTLIER_SPREADS * Math.max(WAIT_MIN_SPREAD, 1.4826 * median(deviations));
    logs = logs.filter((l) => Math.abs(l - mid) <= reach);
  }
  const n = logs.length;
  const k = WAIT_PRIOR_WEIGHT;
  const mu0 = Math.log(typical);
  let mean = 0;
  for (const l of logs) mean += l;
  mean = n > 0 ? mean / n : mu0;
  let squares = 0;
  for (const l of logs) squares += (l - mean) ** 2;
  // Normal–inverse-gamma update: the typical time and its spread weigh k durations.
  const mu = (k * mu0 + n * mean) / (k + n);
  const variance = (k * WAIT_TYPICAL_SPREAD ** 2 + squares + ((k * n) / (k + n)) * (mean - mu0) ** 2) / (k + n);
  const sigma = Math.max(WAIT_MIN_SPREAD, Math.sqrt(variance));
  return { mu, sigma, muSpread: sigma / Math.sqrt(k + n) };
}

export function estimateWait(snapshot: WaitSnapshot): WaitEstimate {
  const { target, waiting } = snapshot;
  let index = waiting.findIndex((t) => t === target);
  if (index < 0) index = waiting.findIndex((t) => t.service === target.service && t.issuedAt === target.issuedAt);
  // A target missing from the line stands at its end, where a ticket just taken would.
  const line = index < 0 ? [...waiting, target] : waiting;
  const at = index < 0 ? waiting.length : index;
  // Those behind the target never hold it up: the line is replayed up to it, or over the head as
  // `estimateHead` replays it, so that both draw the same replays for a ticket in the head.
  const replayed = line.slice(0, Math.max(at + 1, Math.min(line.length, WAIT_REPLAY_HEAD)));
  return new Replay({ ...snapshot, waiting: replayed }).run(at, at)[0]!;
}

/** The whole line's estimates from one replay of its head (`estimateHead`). */
export interface LineEstimate {
  /** The estimates of the head, the first WAIT_REPLAY_HEAD tickets of `waiting` (or all of a shorter line). */
  head: WaitEstimate[];
  /**
   * The estimate of a ticket behind the head: the `behind`-th of its service's tickets after the head's (1 for
   * the first). O(1).
   */
  tail(service: string, behind: number): WaitEstimate;
}

/**
 * The line's estimates in one pass whose cost does not grow with the line: the head (the first
 * WAIT_REPLAY_HEAD tickets of `waiting`, the only ones read) is replayed call by call, each of its tickets
 * getting exactly what `estimateWait` gives it; a ticket behind is placed from its service's pace in the head.
 *
 * The tail: in each replay, the service's last call in the head, L, and the gaps between its successive calls
 * (the time one of its tickets holds up the next, desk sharing and bookings included). The `behind`-th ticket
 * after the head is then called at L plus that many gaps: the point adds the mean gap to L's median, the range
 * widens L's by the spread of a sum of that many gaps (√behind gap deviations times the range's normal
 * quantile). A service called fewer than WAIT_TAIL_MIN_CALLS times in the head takes its gap from its
 * service time and its desks' share of it instead (a desk for two services gives each half), and its first
 * ticket behind is called when its first desk is free after the head. Bookings that come due after the head
 * is called are not counted.
 *
 * O(replays × (head + bookings) × desk work), the replays fewer only when head and bookings together pass
 * WAIT_REPLAY_BUDGET ÷ WAIT_REPLAYS.
 */
export function estimateHead(snapshot: LineSnapshot): LineEstimate {
  const head = snapshot.waiting.slice(0, WAIT_REPLAY_HEAD);
  const replay = new Replay({ ...snapshot, waiting: head });
  return { head: replay.run(0, head.length - 1, true), tail: (service, behind) => replay.tail(service, behind) };
}

/**
 * Every waiting ticket's estimate, in the order of `waiting`: the head's as `estimateWait` gives them, the rest
 * placed behind it (`estimateHead`). O(tickets) on top of one pass over the head.
 */
export function estimateLine(snapshot: LineSnapshot): WaitEstimate[] {
  const line = estimateHead(snapshot);
  const behind = new Map<string, number>();
  return snapshot.waiting.map((t, i) => {
    if (i < line.head.length) return line.head[i]!;
    const n = (behind.get(t.service) ?? 0) + 1;
    behind.set(t.service, n);
    return line.tail(t.service, n);
  });
}

/** How many replays a line of `n` gets: the same for a single ticket as for the whole line. */
export function replaysFor(n: number): number {
  return Math.max(WAIT_REPLAYS_MIN, Math.min(WAIT_REPLAYS, Math.floor(WAIT_REPLAY_BUDGET / Math.max(1, n))));
}

class Replay {
  private readonly now: number;
  private readonly replays: number;
  /** Service index of each waiting ticket. */
  private readonly serviceOf: Int32Array;
  /** Per service: its waiting tickets' indexes in call order. */
  private readonly lines: number[][] = [];
  /** Per service: booked times not yet due, earliest first. */
  private readonly upcoming: number[][] = [];
  private readonly dueBookings: number;
  private readonly deskServices: number[][];
  private readonly deskBusy: ({ service: number; elapsed: number } | null)[];
  /** Per service: TABLE_SIZE evenly spaced quantiles of its service time, ms. */
  private readonly tables: Float64Array[] = [];
  private readonly models: ServiceModel[] = [];
  /** Per service: the order in which the replays take its median's strata (`strata`), from its id. */
  private readonly medianStrata: Int32Array[] = [];
  /** Per draw of a replay, its first STRATIFIED_DRAWS: the order in which the replays take its strata. */
  private readonly drawStrata: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly snapshot: LineSnapshot;
  /** What the replays saw of each service, for its tail; kept only when `run` is asked to. */
  private pace: Pace | null = null;
  /** Each service's tail, worked out from `pace` when first asked. */
  private readonly tails = new Map<number, Tail>();

  constructor(snapshot: LineSnapshot) {
    this.snapshot = snapshot;
    this.now = snapshot.now;
    this.replays = replaysFor(snapshot.waiting.length + (snapshot.upcoming?.length ?? 0));
    for (let k = 0; k < STRATIFIED_DRAWS; k++) this.drawStrata.push(strata(this.replays, Math.imul(k + 1, 0x27d4eb2d)));
    this.dueBookings = snapshot.dueBookings ?? 0;
    this.serviceOf = new Int32Array(snapshot.waiting.length);
    snapshot.waiting.forEach((t, i) => {
      const s = this.service(t.service);
      this.serviceOf[i] = s;
      this.lines[s]!.push(i);
    });
    for (const b of snapshot.upcoming ?? []) this.upcoming[this.service(b.service)]!.push(b.dueAt);
    this.deskServices = snapshot.desks.map((d) => d.services.map((s) => this.service(s)));
    this.deskBusy = snapshot.desks.map((d) => {
      if (d.servingService === null) return null;
      return { service: this.service(d.servingService), elapsed: Math.max(0, this.now - (d.servingSince ?? this.now)) };
    });
  }

  /** The index of a service by id, its model and table made on first sight. */
  private service(id: string): number {
    let s = this.ids.get(id);
    if (s !== undefined) return s;
    s = this.models.length;
    this.ids.set(id, s);
    // Own keys only: a service named `__proto__` or `toString` is a service like any other.
    const own = <T>(r: Record<string, T>): T | undefined => (Object.hasOwn(r, id) ? r[id] : undefined);
    const model = serviceModel(own(this.snapshot.recentServiceMs), own(this.snapshot.typicalServiceMs));
    this.models.push(model);
    this.medianStrata.push(strata(this.replays, seedOf(id)));
    const table = new Float64Array(TABLE_SIZE);
    for (let k = 0; k < TABLE_SIZE; k++)
      table[k] = Math.exp(model.mu + model.sigma * normalQuantile((k + 0.5) / TABLE_SIZE));
    this.tables.push(table);
    this.lines.push([]);
    this.upcoming.push([]);
    return s;
  }

  /**
   * Estimates for the waiting tickets `first`…`last`. Each replay runs until all of them are called (or no
   * desk is left that could call one), and stops there: the same replay whatever the range asked for. With
   * `pace`, what each service's tail needs is kept on the way (`tail`).
   */
  run(first: number, last: number, pace = false): WaitEstimate[] {
    const R = this.replays;
    const calledAt = new Float64Array(Math.max(0, last - first + 1) * R).fill(Infinity);
    if (pace) {
      const S = this.models.length;
      this.pace = {
        lastCall: new Float64Array(S * R),
        firstFree: new Float64Array(S * R),
        calls: new Float64Array(S),
        gaps: new Float64Array(S),
        gapSum: new Float64Array(S),
        gapSquares: new Float64Array(S),
      };
    }
    for (let r = 0; r < R; r++) this.replayOnce(r, first, last, calledAt);
    const out: WaitEstimate[] = [];
    for (let i = 0; i <= last - first; i++) {
      const times = calledAt.subarray(i * R, (i + 1) * R).sort();
      out.push({
        minutes: quantile(times, 0.5),
        low: quantile(times, WAIT_RANGE_BELOW),
        high: quantile(times, 1 - WAIT_RANGE_ABOVE),
      });
    }
    return out;
  }

  /** One replay: each desk, when free, calls as the hall does. Writes minutes from now into `calledAt`. */
  private replayOnce(r: number, first: number, last: number, calledAt: Float64Array): void {
    const R = this.replays;
    let left = last - first + 1;
    const random = seeded(Math.imul(r + 1, 0x9e3779b1));
    // The first draws of every replay are stratified (`drawStrata`); the later ones, summed, even out.
    let draws = 0;
    const orders = this.drawStrata;
    const draw = (): number => (draws < STRATIFIED_DRAWS ? (orders[draws++]![r]! + random()) / R : random());
    // Each service's median, as this replay has it: known only to within its muSpread, so each replay draws
    // its own, and the range holds what the few observed durations leave open too. Drawn from the service's
    // id and the replay's number, apart from the replay's other draws: a service that comes into the
    // snapshot (a booking of it) changes nothing for the others.
    const shift = new Float64Array(this.models.length);
    const scale = new Float64Array(this.models.length);
    for (let s = 0; s < shift.length; s++) {
      const pick = Math.floor(((this.medianStrata[s]![r]! + 0.5) / R) * TABLE_SIZE);
      shift[s] = this.models[s]!.muSpread * NORMAL_TABLE[pick]!;
      scale[s] = Math.exp(shift[s]!);
    }
    const free = this.deskBusy.map((busy) =>
      busy ? this.now + residual(this.models[busy.service]!, shift[busy.service]!, busy.elapsed, draw()) : this.now,
    );
    const head = new Int32Array(this.lines.length);
    const upHead = new Int32Array(this.upcoming.length);
    const pace = this.pace;
    // For the tail: each service's last call, and since when each desk has had nothing to do (NaN: busy).
    const lastCall = pace ? new Float64Array(this.lines.length).fill(Number.NaN) : null;
    const idleSince = pace ? new Float64Array(free.length).fill(Number.NaN) : null;
    while (left > 0) {
      let d = -1;
      for (let k = 0; k < free.length; k++) if (free[k]! < Infinity && (d < 0 || free[k]! < free[d]!)) d = k;
      if (d < 0) break; // no desk left that could call anyone still waiting
      const t = free[d]!;
      // The desk's next: a due booking first (earliest booked), then the oldest walk-in of its services.
      let ticket = -1;
      let booking = -1;
      let nextDue = Infinity;
      for (const s of this.deskServices[d]!) {
        const i = this.lines[s]![head[s]!];
        if (i !== undefined && (ticket < 0 || i < ticket)) ticket = i;
        const due = this.upcoming[s]![upHead[s]!];
        if (due === undefined) continue;
        if (due <= t) {
          if (booking < 0 || due < this.upcoming[booking]![upHead[booking]!]!) booking = s;
        } else nextDue = Math.min(nextDue, due);
      }
      if (ticket >= 0 && (ticket < this.dueBookings || booking < 0)) {
        const s = this.serviceOf[ticket]!;
        head[s]!++;
        if (ticket >= first && ticket <= last) {
          calledAt[(ticket - first) * R + r] = (t - this.now) / MINUTE;
          left--;
        }
        if (pace && lastCall) {
          const previous = lastCall[s]!;
          if (previous === previous) {
            pace.gaps[s]!++;
            pace.gapSum[s]! += t - previous;
            pace.gapSquares[s]! += (t - previous) ** 2;
          }
          pace.calls[s]!++;
          lastCall[s] = t;
        }
        if (idleSince) idleSince[d] = Number.NaN;
        free[d] = t + scale[s]! * this.tables[s]![Math.floor(draw() * TABLE_SIZE)]!;
      } else if (booking >= 0) {
        upHead[booking]!++;
        if (idleSince) idleSince[d] = Number.NaN;
        free[d] = t + scale[booking]! * this.tables[booking]![Math.floor(draw() * TABLE_SIZE)]!;
      } else {
        // Nothing for this desk now: it waits for its next booking, or calls no one again.
        if (idleSince && idleSince[d] !== idleSince[d]) idleSince[d] = t;
        free[d] = nextDue;
      }
    }
    if (!pace || !lastCall || !idleSince) return;
    // Where each service stands when the head is called: its last call, and when its first desk is free
    // (a desk with nothing to do is free since then), in minutes from now; Infinity when none serves it.
    for (let s = 0; s < this.lines.length; s++) {
      let firstFree = Infinity;
      for (let k = 0; k < free.length; k++) {
        if (!this.deskServices[k]!.includes(s)) continue;
        firstFree = Math.min(firstFree, idleSince[k]! === idleSince[k]! ? idleSince[k]! : free[k]!);
      }
      const called = lastCall[s]! === lastCall[s]! ? lastCall[s]! : this.now;
      pace.lastCall[s * R + r] = lastCall[s]! === lastCall[s]! ? (lastCall[s]! - this.now) / MINUTE : Infinity;
      pace.firstFree[s * R + r] = (Math.max(called, firstFree) - this.now) / MINUTE;
    }
  }

  /** The `behind`-th ticket of the service after the head (see `estimateHead`); `run` with `pace` first. */
  tail(service: string, behind: number): WaitEstimate {
    const s = this.ids.get(service);
    const tail = s === undefined ? undefined : (this.tails.get(s) ?? this.paceOf(s));
    if (!tail || !(tail.gap < Infinity)) return { minutes: Infinity, low: Infinity, high: Infinity };
    // From the last call, the first behind is one gap later; from a desk free, it is called then.
    const gaps = tail.fromFree ? behind - 1 : behind;
    // The gaps vary one by one, and all together with the service's median, known only so well (`muSpread`).
    const spread = Math.sqrt(gaps * tail.gapVariance + (gaps * tail.gap * tail.drift) ** 2);
    return {
      minutes: tail.median + gaps * tail.gap,
      low: tail.low + Math.max(0, gaps * tail.gap - BELOW_Z * spread),
      high: tail.high + gaps * tail.gap + ABOVE_Z * spread,
    };
  }

  private paceOf(s: number): Tail | undefined {
    const pace = this.pace;
    if (!pace) return undefined;
    const R = this.replays;
    let gap: number;
    let gapVariance: number;
    let from: Float64Array;
    if (pace.calls[s]! >= WAIT_TAIL_MIN_CALLS * R && pace.gaps[s]! > 0) {
      gap = pace.gapSum[s]! / pace.gaps[s]!;
      gapVariance = Math.max(0, pace.gapSquares[s]! / pace.gaps[s]! - gap * gap);
      gap /= MINUTE;
      gapVariance /= MINUTE * MINUTE;
      from = pace.lastCall;
    } else {
      // Too few calls to read a pace from: the service's own time, over its desks' share of their time.
      let share = 0;
      for (const services of this.deskServices) if (services.includes(s)) share += 1 / services.length;
      const { mu, sigma } = this.models[s]!;
      const mean = Math.exp(mu + (sigma * sigma) / 2);
      gap = share > 0 ? mean / share / MINUTE : Infinity;
      gapVariance = share > 0 ? (Math.expm1(sigma * sigma) * mean * mean) / (share * share * MINUTE * MINUTE) : 0;
      from = pace.firstFree;
    }
    const at = from.slice(s * R, (s + 1) * R).sort();
    const tail: Tail = {
      median: quantile(at, 0.5),
      low: quantile(at, WAIT_RANGE_BELOW),
      high: quantile(at, 1 - WAIT_RANGE_ABOVE),
      gap,
      gapVariance,
      drift: this.models[s]!.muSpread,
      fromFree: from === pace.firstFree,
    };
    this.tails.set(s, tail);
    return tail;
  }
}

/** What the head's replays saw of each service (per service `s`, per replay `r` at `s × replays + r`). */
interface Pace {
  /** The service's last call in the head, minutes from now (Infinity: never called). */
  lastCall: Float64Array;
  /** When the service's first desk is free after the head, minutes from now, not before its last call. */
  firstFree: Float64Array;
  /** Calls of the service's walk-ins in all replays. */
  calls: Float64Array;
  /** Gaps between its successive calls in all replays: how many, their sum and their squares' sum, ms. */
  gaps: Float64Array;
  gapSum: Float64Array;
  gapSquares: Float64Array;
}

/** A service's tail: where its line stands after the head (quantiles, minutes) and its gap's mean and variance. */
interface Tail {
  median: number;
  low: number;
  high: number;
  gap: number;
  gapVariance: number;
  /** How far every gap may be off together, as a share of it: the service's median's own spread. */
  drift: number;
  /** Placed from when its first desk is free (too few calls for a pace), not from its last call. */
  fromFree: boolean;
}

/** How many deviations of a sum of gaps the range reaches below and above it: a sum of many gaps is about normal. */
const BELOW_Z = -normalQuantile(WAIT_RANGE_BELOW);
const ABOVE_Z = -normalQuantile(WAIT_RANGE_ABOVE);

/**
 * What is left of a service already `elapsed` long: a time drawn from the service's log-normal (its median
 * moved by `shift`, in logarithms) given that it lasts longer than that, less what has passed.
 */
function residual(model: ServiceModel, shift: number, elapsed: number, u: number): number {
  const mu = model.mu + shift;
  if (elapsed <= 0) return Math.exp(mu + model.sigma * normalQuantile(u));
  const past = normalCdf((Math.log(elapsed) - mu) / model.sigma);
  const p = Math.min(1 - 1e-9, past + (1 - past) * u);
  return Math.max(0, Math.exp(mu + model.sigma * normalQuantile(p)) - elapsed);
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile of sorted values, interpolated between neighbours. */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const a = sorted[lo]!;
  if (at === lo) return a;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)]!;
  return a === b ? a : a + (b - a) * (at - lo);
}

/** A number from a service's id (FNV-1a), the same on every machine. */
function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 0…n − 1 shuffled (Fisher–Yates), the same for the same seed. */
function strata(n: number, seed: number): Int32Array {
  const random = seeded(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Φ(x), the standard normal distribution (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  if (q < 0.02425) {
    const s = Math.sqrt(-2 * Math.log(q));
    return (
      (((((c[0]! * s + c[1]!) * s + c[2]!) * s + c[3]!) * s + c[4]!) * s + c[5]!) /
      ((((d[0]! * s + d[1]!) * s + d[2]!) * s + d[3]!) * s + 1)
    );
  }
  if (q > 1 - 0.02425) return -normalQuantile(1 - q);
  const s = q - 0.5;
  const r = s * s;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * s) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
