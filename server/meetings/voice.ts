/**
 * A session's voice (语音) as the meeting room keeps it: which connection carries each person's voice, the
 * epoch of that connection, whether there is room for one more, and what becomes of a signalling message
 * (relayed to one connection, dropped as stale, or refused). Plain bookkeeping, no sockets: the room asks
 * and delivers. Who may be heard is shared/meetingRules.ts maySpeak; the room passes its answer in.
 */

import {
  descriptionRefusal,
  relayedSignal,
  VoiceReason,
  type VoiceSignalIntent,
  type VoiceSignalNotice,
} from '../../shared/voice.ts';

/** What became of a signalling message. */
export type SignalDecision =
  /** Deliver `notice` to the connection `sessionId` (the one carrying the target's voice), and only there. */
  | { kind: 'relay'; sessionId: string; notice: VoiceSignalNotice }
  /** For a link that has since been rebuilt (an older epoch): dropped quietly, the pages build anew. */
  | { kind: 'stale' }
  /** Refused with `reason`; `bad` when only a page that misbehaves sends it (counted as bad input). */
  | { kind: 'refuse'; reason: VoiceReason; bad: boolean };

/** The sender of a signal, and what the table says of them and the people in it. */
export interface Sender {
  personId: string;
  /** The connection it came from. */
  sessionId: string;
  /** Whether the sender may be heard now (maySpeak, as the room accepted and showed the table). */
  maySpeak: boolean;
  /** People the chair removed: they neither send nor receive. */
  removed: readonly string[];
}

const refuse = (reason: VoiceReason, bad: boolean): SignalDecision => ({ kind: 'refuse', reason, bad });

export class SessionVoice {
  /** Person id → the session id of the connection carrying their voice. */
  private carriers = new Map<string, string>();
  /** Person id → their voice epoch; kept when they leave the voice, so a return is a new epoch. */
  private epochs = new Map<string, number>();
  /** Most people in the voice at once (MEETING_VOICE_MAX). */
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  inVoice(personId: string): boolean {
    return this.carriers.has(personId);
  }

  epochOf(personId: string): number {
    return this.epochs.get(personId) ?? 0;
  }

  /** The connection carrying a person's voice, if any. */
  carrierOf(personId: string): string | undefined {
    return this.carriers.get(personId);
  }

  /**
   * The connection `sessionId` carries `personId`'s voice from now on, in a new epoch (also when it already
   * did: a page that joins again builds its links anew). Refused when the voice is full without them.
   */
  join(personId: string, sessionId: string): VoiceReason | null {
    const others = this.carriers.size - (this.carriers.has(personId) ? 1 : 0);
    if (others >= this.max) return VoiceReason.voiceFull;
    this.carriers.set(personId, sessionId);
    this.epochs.set(personId, this.epochOf(personId) + 1);
    return null;
  }

  /** The connection leaves the voice (it left, was dropped or said so); true when it carried it. */
  leave(personId: string, sessionId: string): boolean {
    if (this.carriers.get(personId) !== sessionId) return false;
    this.carriers.delete(personId);
    return true;
  }

  /** Everyone leaves the voice (the session is over); true when anyone was in it. */
  clear(): boolean {
    const any = this.carriers.size > 0;
    this.carriers.clear();
    return any;
  }

  /**
   * A signal from `from` for `signal.to`: only from the connection carrying the sender's voice, only to
   * someone else in the voice, neither of them removed, on the link's current epoch (the sum of both
   * people's), and a description only audio with Opus that sends only if the sender may be heard.
   */
  signal(from: Sender, signal: VoiceSignalIntent): SignalDecision {
    const carrier = this.carriers.get(from.personId);
    if (carrier === undefined) return refuse(VoiceReason.noCall, false);
    if (carrier !== from.sessionId) return refuse(VoiceReason.elsewhere, false);
    const to = signal.to;
    const target = this.carriers.get(to);
    if (to === from.personId) return refuse(VoiceReason.notAllowed, true);
    // Someone who just left the voice or was removed still gets the candidates already on their way: refused,
    // not counted against an honest sender (a burst of them would otherwise show the sender out).
    if (target === undefined || from.removed.includes(from.personId) || from.removed.includes(to)) {
      return refuse(VoiceReason.notAllowed, false);
    }
    if (signal.epoch !== this.epochOf(from.personId) + this.epochOf(to)) return { kind: 'stale' };
    if (signal.description) {
      const refusal = descriptionRefusal(signal.description.sdp, from.maySpeak);
      // Offering to send just after the floor was taken back is a race, not misbehaviour; anything but audio is.
      if (refusal) return refuse(refusal, refusal === VoiceReason.badDescription);
    }
    return relay(target, relayedSignal(from.personId, signal));
  }
}

function relay(sessionId: string, notice: VoiceSignalNotice): SignalDecision {
  return { kind: 'relay', sessionId, notice };
}
