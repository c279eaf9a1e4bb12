import { CLOCK_PING_MS } from '../../shared/protocol.ts';

/**
 * The hall clock as this page estimates it. The hall counts ms since it opened; walks start at moments of that
 * clock, and the page replays them at `hallNow()` so everyone is drawn where the hall has them, with no delay.
 *
 * The page asks (`clock` {c: its own time}) and the hall answers with the same c and its clock s. With the
 * answer received at r, the round trip is r − c and, taking the way back as half of it, the hall clock at r was
 * s + (r − c) / 2: the offset to add to the page's clock is s + rtt / 2 − r. The sample with the smallest
 * round trip among the recent ones is the least disturbed by queues on the way, so that one is kept.
 */

/** One answer to a clock question. */
export interface ClockSample {
  /** Round trip, ms. */
  rtt: number;
  /** Hall clock minus page clock, ms. */
  offset: number;
}

/** How many recent answers are weighed (five on joining, then one every CLOCK_PING_MS). */
export const CLOCK_SAMPLES = 8;
/** Questions asked on joining, and how far apart, ms. */
export const CLOCK_BURST = 5;
export const CLOCK_BURST_GAP_MS = 150;

/** The sample an answer makes: `c` the page time the question carried, `s` the hall clock, `received` now. */
export function clockSample(c: number, s: number, received: number): ClockSample {
  const rtt = Math.max(0, received - c);
  return { rtt, offset: s + rtt / 2 - received };
}

/** The best estimate from recent samples: the one with the smallest round trip (the latest among equals). */
export function bestSample(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null;
  for (const s of samples) if (!best || s.rtt <= best.rtt) best = s;
  return best;
}

/** The estimate kept by the page: recent samples, and a first guess until the first answer arrives. */
export class ClockEstimate {
  private samples: ClockSample[] = [];
  private guess: number | null = null;

  /** Take one answer in; returns the offset now in force. */
  add(sample: ClockSample): number {
    this.samples.push(sample);
    if (this.samples.length > CLOCK_SAMPLES) this.samples.shift();
    return this.offset;
  }

  /**
   * A rough offset before any answer: the hall clock read off something that just happened on the hall
   * (one's own arrival), late by half a round trip at most. Ignored once an answer arrives.
   */
  seed(hallTime: number, pageTime: number): void {
    if (this.samples.length === 0 && this.guess === null) this.guess = hallTime - pageTime;
  }

  /** Whether an answer has come (the offset is then good to a few ms). */
  get settled(): boolean {
    return this.samples.length > 0;
  }

  /** Whether there is any estimate at all, an answer or a first guess. */
  get known(): boolean {
    return this.samples.length > 0 || this.guess !== null;
  }

  /** Hall clock minus page clock, ms (0 while nothing is known). */
  get offset(): number {
    return bestSample(this.samples)?.offset ?? this.guess ?? 0;
  }

  /** The best round trip now weighed, ms (Infinity before any answer). */
  get rtt(): number {
    return bestSample(this.samples)?.rtt ?? Infinity;
  }

  /**
   * Forget the samples: the way to the hall may have changed (a connection taken up again) or the hall itself
   * (a new room, whose clock starts afresh). `keep` holds the offset now in force as the first guess, for the
   * same hall reached again, so nothing jumps while the new answers come.
   */
  reset(keep = false): void {
    this.guess = keep && this.known ? this.offset : null;
    this.samples = [];
  }
}

/** This page's estimate. */
export const hallClock = new ClockEstimate();

/** The hall clock now, ms, as this page estimates it. */
export function hallNow(): number {
  return performance.now() + hallClock.offset;
}

let timers: ReturnType<typeof setTimeout>[] = [];

/**
 * Start estimating afresh for a room just joined (`sameHall` false) or taken up again after a drop (true: the
 * old offset stands until the first answer): a few questions quickly, then one every CLOCK_PING_MS. `ask`
 * sends one question carrying the page time. Returns the way to stop asking.
 */
export function startClock(ask: (c: number) => void, sameHall = false): () => void {
  stopClock();
  hallClock.reset(sameHall);
  const one = () => ask(performance.now());
  for (let i = 0; i < CLOCK_BURST; i++) timers.push(setTimeout(one, i * CLOCK_BURST_GAP_MS));
  const every = setInterval(one, CLOCK_PING_MS);
  timers.push(every);
  return stopClock;
}

export function stopClock(): void {
  for (const t of timers) clearTimeout(t);
  timers = [];
}

/** Take in the hall's answer to one question. */
export function clockAnswered(c: number, s: number): void {
  hallClock.add(clockSample(c, s, performance.now()));
}
