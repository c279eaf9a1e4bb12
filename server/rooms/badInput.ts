import { INVALID_WINDOW_MS, MAX_INVALID_PER_WINDOW } from '../../shared/protocol.ts';

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
