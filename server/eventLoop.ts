import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

/**
 * How long the hall's event loop was held up: while it is, nobody's message, walk or /healthz is answered.
 * Node samples the delay of a timer every RESOLUTION_MS; the longest delay is kept per window of LOOP_WINDOW_MS,
 * the current one and the last complete one, each with when it began, so a reader polling more often than
 * once a window sees every stall and knows which span each figure covers; reading changes nothing for
 * another reader.
 */

/** Sampling period of the delay histogram, ms (Node's own default is 10). */
const RESOLUTION_MS = 10;
/** Length of one window of the longest delay, ms. */
export const LOOP_WINDOW_MS = 5_000;

export interface EventLoopDelay {
  /** Longest delay in the window running now, ms. */
  maxMs: number;
  /** When the window running now began, epoch ms. */
  startedAt: number;
  /** Longest delay in the window before it, ms, and when that one began (0: none yet). */
  previousMaxMs: number;
  previousStartedAt: number;
  /** 99th percentile of the delay in the window running now, ms. */
  p99Ms: number;
  windowMs: number;
}

let histogram: ELDHistogram | null = null;
let startedAt = 0;
let previousMaxMs = 0;
let previousStartedAt = 0;

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** Start watching (once per process); the window timer does not keep the process alive. */
export function watchEventLoop(): void {
  if (histogram) return;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  histogram = h;
  startedAt = Date.now();
  setInterval(() => {
    previousMaxMs = h.count > 0 ? ms(h.max) : 0;
    previousStartedAt = startedAt;
    startedAt = Date.now();
    h.reset();
  }, LOOP_WINDOW_MS).unref();
}

/** The delay figures now; zeros until watchEventLoop has run. */
export function eventLoopDelay(): EventLoopDelay {
  const h = histogram;
  // An empty histogram reports its extremes as huge or NaN: no sample yet is no delay yet.
  const count = h ? h.count : 0;
  return {
    maxMs: h && count > 0 ? ms(h.max) : 0,
    startedAt,
    previousMaxMs,
    previousStartedAt,
    p99Ms: h && count > 0 ? ms(h.percentile(99)) : 0,
    windowMs: LOOP_WINDOW_MS,
  };
}
