import { INVALID_WINDOW_MS, MAX_INVALID_PER_WINDOW, MAX_MESSAGES_PER_SECOND } from '../../shared/protocol.ts';

/**
 * Counts refused messages per client in a sliding window. One malformed message is answered and
 * forgotten (a client bug should not cost a merchant their place); a stream of them is an attack or a
 * broken client, and its sender is dropped.
 */
export class BadInputMeter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(limit = MAX_INVALID_PER_WINDOW, windowMs = INVALID_WINDOW_MS) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Record one refusal; true when the sender has now exceeded the limit. */
  record(sessionId: string, now: number): boolean {
    const since = now - this.windowMs;
    const list = (this.hits.get(sessionId) ?? []).filter((t) => t > since);
    list.push(now);
    this.hits.set(sessionId, list);
    return list.length > this.limit;
  }

  forget(sessionId: string): void {
    this.hits.delete(sessionId);
  }
}

/**
 * Messages per client per second, counted in the hall's own handlers so that a flood is logged with its
 * reason and the sender's place is not held (Colyseus' own limit only closes the socket).
 */
export class MessageRate {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limit: number;

  constructor(limit = MAX_MESSAGES_PER_SECOND) {
    this.limit = limit;
  }

  /** Count one message; true when the sender has gone over the limit in the current second. */
  record(sessionId: string, now: number): boolean {
    let w = this.windows.get(sessionId);
    if (!w || now - w.start >= 1000) {
      w = { start: now, count: 0 };
      this.windows.set(sessionId, w);
    }
    w.count++;
    return w.count > this.limit;
  }

  forget(sessionId: string): void {
    this.windows.delete(sessionId);
  }
}
