/**
 * Voice signalling counted since the process started, for /healthz and the bench: offers, answers and
 * candidates `relayed` to the other person, those `refused` (with a reason to their sender), and desk calls
 * that became live (`calls`). Desk calls and the meeting room's voice count here alike. Nothing of what was
 * said or signalled is kept: only these numbers.
 */
export interface VoiceCounters {
  relayed: number;
  refused: number;
  calls: number;
}

const counters: VoiceCounters = { relayed: 0, refused: 0, calls: 0 };

/** One signalling message relayed to the other person, or refused. */
export function countSignal(kind: 'relayed' | 'refused'): void {
  counters[kind]++;
}

/** One call became live (both sides agreed to talk). */
export function countCall(): void {
  counters.calls++;
}

/** The counts so far, as a copy. */
export function voiceCounters(): VoiceCounters {
  return { ...counters };
}

/**
 * Signals refused by a voice rule (not bad input), per connection: a page whose call moved to another of its
 * tabs, or that just hung up, may go on sending for a moment, and a script for as long as it likes. The first
 * of a connection is logged; the rest are only counted, and their number logged once when it goes.
 */
export class QuietRefusals {
  private readonly counts = new Map<string, number>();

  /** Count one refused signal of connection `session`: true when it is its first (to be logged). */
  count(session: string): boolean {
    const n = (this.counts.get(session) ?? 0) + 1;
    this.counts.set(session, n);
    return n === 1;
  }

  /** The connection has gone: how many of its signals were refused (0 when none), then forgotten. */
  forget(session: string): number {
    const n = this.counts.get(session) ?? 0;
    this.counts.delete(session);
    return n;
  }
}
