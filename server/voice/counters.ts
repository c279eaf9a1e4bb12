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
