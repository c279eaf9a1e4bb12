import { HallIntent, HallNotice, type HallIntentMessage, type HallNoticePayloads } from '../../shared/protocol.ts';
import { relayedSignal, type CallEnd, type VoiceReason } from '../../shared/voice.ts';
import { unhandled } from '../../shared/wire.ts';
import { log } from '../log.ts';
import { countCall, countSignal } from './counters.ts';
import {
  answer,
  ask,
  askCoolDown,
  checkSignal,
  departed,
  hangUp,
  here,
  lapse,
  mute,
  noticeFor,
  otherSide,
  reconcile,
  sideOf,
  visitOf,
  type CallResult,
  type CallStep,
  type DeskCall,
  type DeskFacts,
  type PeerPresence,
  type Side,
} from './rules.ts';

export type VoiceIntent =
  | typeof HallIntent.voiceAsk
  | typeof HallIntent.voiceAnswer
  | typeof HallIntent.voiceHangUp
  | typeof HallIntent.voiceHere
  | typeof HallIntent.voiceMute
  | typeof HallIntent.voiceSignal;
/** A desk call intent, checked for role and payload by the room. */
export type VoiceIntentMessage = HallIntentMessage<VoiceIntent>;

/** One live connection of a person in a room told of the queue. */
export interface Connection {
  sessionId: string;
  /** The person's name as their pass gives it. */
  name: string;
  /** The session id keys an avatar in the hall's state (false in the line, which has none). */
  avatar: boolean;
}

/** A private notice to one connection; false when it is not live in the room (dropped, gone, elsewhere). */
export type TellSession = <K extends HallNotice>(sessionId: string, type: K, payload: HallNoticePayloads[K]) => boolean;

/** How the calls reach people, through every room told of the queue. */
export interface CallLines {
  /** The person's live connections (one whose place is held after a drop is not live). */
  connections(personId: string): readonly Connection[];
  sendToSession: TellSession;
  /** Whether the person still has a connection, live or held, in any of the rooms. */
  present(personId: string): boolean;
}

/**
 * The station's desk calls: at most one per desk, between its officer and the merchant served there. The
 * rules are in rules.ts; this keeps the live calls, applies what people send and what happens to their
 * desks and connections, and tells the two people, each connection its own copy. Nothing of a call reaches
 * anyone else, nor the shared state. Calls are memory only: after a restart there are none, and the pages
 * ask again.
 */
export class DeskCalls {
  private readonly calls = new Map<string, DeskCall>();
  /** When a person whose ask ended without a call may ask again (see askCoolDown), until then. */
  private readonly askAgainAt = new Map<string, number>();
  /** The desks as they were last published. */
  private desks = new Map<string, DeskFacts>();
  private readonly lines: CallLines;
  private readonly now: () => number;

  constructor(lines: CallLines, now: () => number) {
    this.lines = lines;
    this.now = now;
  }

  /** Apply a desk call intent from one connection (`session`) of `actor`: a refusal, or null. */
  handle(actor: { personId: string; name: string }, session: string, intent: VoiceIntentMessage): VoiceReason | null {
    const me = actor.personId;
    const call = this.callOf(me);
    switch (intent.type) {
      case HallIntent.voiceAsk: {
        const desk = visitOf(this.desks.values(), me);
        const merchant = desk?.visit?.merchantId;
        const name = merchant === me ? actor.name : (this.lines.connections(merchant ?? '')[0]?.name ?? '');
        const atDesk = desk && this.calls.get(desk.deskId);
        return this.apply(ask(desk, atDesk, me, session, this.now(), name, this.askAgainAt.get(me)), actor);
      }
      case HallIntent.voiceAnswer:
        return this.apply(answer(call, me, session, intent.payload.accept), actor);
      case HallIntent.voiceHangUp:
        return this.apply(hangUp(call, me), actor);
      case HallIntent.voiceHere:
        return this.apply(here(call, me, session), actor);
      case HallIntent.voiceMute:
        return this.apply(mute(call, me, session, intent.payload.muted), actor);
      case HallIntent.voiceSignal:
        return this.signal(call, me, session, intent.payload);
      default:
        return unhandled(intent);
    }
  }

  /** The desks changed (published): a call whose visit is over or whose desk closed ends. */
  reconcile(desks: Iterable<DeskFacts>): void {
    this.desks = new Map([...desks].map((d) => [d.deskId, d]));
    for (const call of [...this.calls.values()]) {
      const ended = reconcile(call, this.desks.get(call.deskId));
      if (ended) this.settle({ call, ended });
    }
  }

  /** Asks nobody answered by now end; the rooms call this on their look at the station clock. */
  lapse(): void {
    const now = this.now();
    for (const [personId, at] of this.askAgainAt) if (at <= now) this.askAgainAt.delete(personId);
    for (const call of [...this.calls.values()]) {
      const ended = lapse(call, now);
      if (ended) this.settle({ call, ended });
    }
  }

  /**
   * One of the person's connections came, dropped or came back: both sides hear the call as it now stands
   * (the person sees it again; the other sees them online or not).
   */
  connectionChanged(personId: string): void {
    const call = this.callOf(personId);
    if (call) this.tell(call, null);
  }

  /** One of the person's connections left for good (after `present` counts it gone). */
  departed(personId: string, session: string): void {
    const call = this.callOf(personId);
    if (!call) return;
    const change = departed(call, personId, session, !this.lines.present(personId));
    if (change) this.settle(change);
  }

  /** How many calls are asked or under way. */
  get size(): number {
    return this.calls.size;
  }

  private callOf(personId: string): DeskCall | undefined {
    for (const call of this.calls.values()) if (sideOf(call, personId)) return call;
    return undefined;
  }

  private apply(r: CallResult, actor: { personId: string; name: string }): VoiceReason | null {
    if (!r.ok) return r.error;
    const { call } = r.value;
    // A merchant's name comes with what they send (the desks know officers' names, not merchants').
    if (sideOf(call, actor.personId) === 'merchant' && actor.name && call.merchant.name !== actor.name)
      call.merchant = { ...call.merchant, name: actor.name };
    this.settle(r.value);
    return null;
  }

  /** Keep the call as it now stands (or drop it, ended), and tell both sides. */
  private settle({ call, ended }: CallStep): void {
    const before = this.calls.get(call.deskId);
    if (ended) {
      this.calls.delete(call.deskId);
      const coolDown = askCoolDown(call, ended);
      if (coolDown) this.askAgainAt.set(coolDown.personId, coolDown.askAgainAt);
      log.info('voice.call.ended', { desk: call.deskId, reason: ended, was: call.state });
    } else {
      this.calls.set(call.deskId, call);
      if (!before) log.info('voice.call.asked', { desk: call.deskId, by: call.askedBy });
      if (call.state === 'live' && before?.state !== 'live') {
        countCall();
        log.info('voice.call.live', { desk: call.deskId });
      }
    }
    this.tell(call, ended);
  }

  /** Each connection of both people gets its own copy (only the carrying one reads "here on this connection"). */
  private tell(call: DeskCall, ended: CallEnd | null): void {
    for (const side of ['officer', 'merchant'] as const) {
      const presence = this.presenceOf(call, otherSide(side));
      for (const c of this.lines.connections(call[side].personId))
        this.lines.sendToSession(c.sessionId, HallNotice.deskCall, noticeFor(call, side, c.sessionId, presence, ended));
    }
  }

  /**
   * Where one side is, for the other's page: online while the connection carrying their side is live (or, when
   * none does yet, any of theirs), and their avatar in the hall, if they have one.
   */
  private presenceOf(call: DeskCall, side: Side): PeerPresence {
    const { personId, session } = call[side];
    const connections = this.lines.connections(personId);
    const carrying = session === null ? undefined : connections.find((c) => c.sessionId === session);
    const avatar = (carrying?.avatar ? carrying : connections.find((c) => c.avatar))?.sessionId ?? null;
    return { avatar, online: session === null ? connections.length > 0 : carrying !== undefined };
  }

  /**
   * Relay one offer, answer or candidate to the connection carrying the other side, and only there. A signal
   * of an older epoch, or for a connection that is down, is dropped: the pages negotiate again.
   */
  private signal(
    call: DeskCall | undefined,
    me: string,
    session: string,
    p: HallIntentMessage<typeof HallIntent.voiceSignal>['payload'],
  ): VoiceReason | null {
    const r = checkSignal(call, me, session, p);
    if (!r.ok) return r.error;
    if (r.value === 'stale' || !call) return null;
    const to = call[otherSide(sideOf(call, me)!)].session;
    const notice = relayedSignal(me, p);
    if (to !== null && this.lines.sendToSession(to, HallNotice.voiceSignal, notice)) countSignal('relayed');
    return null;
  }
}
