import { ok, refused, type Result } from '../../shared/result.ts';
import {
  CallEnd,
  DESK_CALL_RING_MS,
  descriptionRefusal,
  VOICE_ASK_COOLDOWN_MS,
  VoiceReason,
  type DeskCallNotice,
  type VoiceSignalIntent,
} from '../../shared/voice.ts';

/**
 * A desk call's rules: who may ask, answer, carry, mute, signal in and end the call between an officer and
 * the merchant served at their desk. Plain data in and out; the time is handed in, nothing is read or sent
 * here (server/voice/calls.ts keeps the live calls and tells the two people).
 */

export type Side = 'officer' | 'merchant';

/** A desk as the calls see it: its officer, if staffed, and the visit under way there (a ticket being served). */
export interface DeskFacts {
  deskId: string;
  officerId: string | null;
  officerName: string;
  /** The ticket served at the desk now (status serving, after startService), and its merchant. */
  visit: { ticketId: string; merchantId: string } | null;
}

/** One side of a call: the person, the connection that carries their side (null until they take it up), their mute. */
export interface CallSide {
  personId: string;
  name: string;
  session: string | null;
  muted: boolean;
}

export interface DeskCall {
  deskId: string;
  ticketId: string;
  state: 'ringing' | 'live';
  askedBy: Side;
  officer: CallSide;
  merchant: CallSide;
  /** When an unanswered ask lapses, on the station clock; null once live. */
  ringsUntil: number | null;
  /** Grows whenever either side's carrying connection changes (see VoicePeer.epoch). */
  epoch: number;
}

/** What a step leaves: the call as it now stands, and why it ended (then the desk has no call). */
export interface CallStep {
  call: DeskCall;
  ended: CallEnd | null;
}

export type CallResult = Result<CallStep, VoiceReason>;

export function otherSide(side: Side): Side {
  return side === 'officer' ? 'merchant' : 'officer';
}

/** Which side of a call the person is on, if any. */
export function sideOf(call: DeskCall, personId: string): Side | null {
  if (call.officer.personId === personId) return 'officer';
  if (call.merchant.personId === personId) return 'merchant';
  return null;
}

/** The desk whose visit the person is part of: the one they staff, or the one serving them. */
export function visitOf(desks: Iterable<DeskFacts>, personId: string): DeskFacts | undefined {
  let served: DeskFacts | undefined;
  for (const desk of desks) {
    if (!desk.visit || !desk.officerId) continue;
    if (desk.officerId === personId) return desk;
    if (!served && desk.visit.merchantId === personId) served = desk;
  }
  return served;
}

function step(call: DeskCall, ended: CallEnd | null = null): CallResult {
  return ok({ call, ended });
}

function bind(call: DeskCall, side: Side, session: string): DeskCall {
  return { ...call, [side]: { ...call[side], session } };
}

/**
 * "Talk" from one side of the visit at `desk`. A new ask rings until DESK_CALL_RING_MS from `now`, with the
 * asker's side carried by `session`; it is refused before `askAgainAt` (see {@link askCoolDown}). Asking while
 * the other side's ask rings accepts it, at any time. The officer is named as the desk shows them; the
 * merchant by `merchantName`.
 */
export function ask(
  desk: DeskFacts | undefined,
  call: DeskCall | undefined,
  personId: string,
  session: string,
  now: number,
  merchantName: string,
  askAgainAt = 0,
): CallResult {
  if (!desk?.visit || !desk.officerId) return refused(VoiceReason.noVisit);
  const side: Side | null =
    desk.officerId === personId ? 'officer' : desk.visit.merchantId === personId ? 'merchant' : null;
  if (!side) return refused(VoiceReason.noVisit);
  if (call) {
    if (call.state === 'ringing' && call.askedBy !== side) return answer(call, personId, session, true);
    return refused(VoiceReason.callBusy);
  }
  if (now < askAgainAt) return refused(VoiceReason.askTooSoon);
  const fresh: DeskCall = {
    deskId: desk.deskId,
    ticketId: desk.visit.ticketId,
    state: 'ringing',
    askedBy: side,
    officer: { personId: desk.officerId, name: desk.officerName, session: null, muted: false },
    merchant: { personId: desk.visit.merchantId, name: merchantName, session: null, muted: false },
    ringsUntil: now + DESK_CALL_RING_MS,
    epoch: 0,
  };
  return step(bind(fresh, side, session));
}

/** The asked side accepts (carried by `session` from now) or declines. */
export function answer(call: DeskCall | undefined, personId: string, session: string, accept: boolean): CallResult {
  const side = call ? sideOf(call, personId) : null;
  if (!call || !side || call.state !== 'ringing') return refused(VoiceReason.noCall);
  if (call.askedBy === side) return refused(VoiceReason.ownAsk);
  if (!accept) return step(call, CallEnd.declined);
  return step({ ...bind(call, side, session), state: 'live', ringsUntil: null });
}

/** Either side ends the call, or withdraws an ask. */
export function hangUp(call: DeskCall | undefined, personId: string): CallResult {
  if (!call || !sideOf(call, personId)) return refused(VoiceReason.noCall);
  return step(call, CallEnd.hungUp);
}

/**
 * `session` carries the person's side from now: another tab, or the same one after a reload (which keeps its
 * session id). Always a new epoch, so both pages build a new peer connection. While the call rings only the
 * asker has a side to carry.
 */
export function here(call: DeskCall | undefined, personId: string, session: string): CallResult {
  const side = call ? sideOf(call, personId) : null;
  if (!call || !side || (call.state === 'ringing' && call.askedBy !== side)) return refused(VoiceReason.noCall);
  return step({ ...bind(call, side, session), epoch: call.epoch + 1 });
}

/** The person's own microphone, from the connection carrying their side. */
export function mute(call: DeskCall | undefined, personId: string, session: string, muted: boolean): CallResult {
  const side = call ? sideOf(call, personId) : null;
  if (!call || !side) return refused(VoiceReason.noCall);
  if (call[side].session !== session) return refused(VoiceReason.elsewhere);
  return step({ ...call, [side]: { ...call[side], muted } });
}

/**
 * Whether a signal may go to the other side: `relay`, or `stale` for one of an older epoch (dropped quietly:
 * signals of an old connection cross a new one), or the refusal.
 */
export function checkSignal(
  call: DeskCall | undefined,
  personId: string,
  session: string,
  signal: VoiceSignalIntent,
): Result<'relay' | 'stale', VoiceReason> {
  const side = call ? sideOf(call, personId) : null;
  if (!call || !side || call.state !== 'live') return refused(VoiceReason.noCall);
  if (call[side].session !== session) return refused(VoiceReason.elsewhere);
  if (signal.to !== call[otherSide(side)].personId) return refused(VoiceReason.notAllowed);
  const refusal = signal.description ? descriptionRefusal(signal.description.sdp, true) : null;
  if (refusal) return refused(refusal);
  return ok(signal.epoch === call.epoch ? 'relay' : 'stale');
}

/**
 * A call ended: if it was an ask that ended without a call (withdrawn, declined, unanswered), its asker may
 * not ask again until VOICE_ASK_COOLDOWN_MS after that ask was made — who and until when; otherwise null (a
 * live call that ended, or an ask ended by its visit or desk, holds nobody back).
 */
export function askCoolDown(call: DeskCall, ended: CallEnd): { personId: string; askAgainAt: number } | null {
  if (call.state !== 'ringing' || call.ringsUntil === null) return null;
  if (ended !== CallEnd.hungUp && ended !== CallEnd.declined && ended !== CallEnd.unanswered) return null;
  const askedAt = call.ringsUntil - DESK_CALL_RING_MS;
  return { personId: call[call.askedBy].personId, askAgainAt: askedAt + VOICE_ASK_COOLDOWN_MS };
}

/** An ask nobody answered in time ends; anything else is left as it is (null). */
export function lapse(call: DeskCall, now: number): CallEnd | null {
  return call.state === 'ringing' && call.ringsUntil !== null && now >= call.ringsUntil ? CallEnd.unanswered : null;
}

/**
 * After the desks changed: a call lasts while its ticket is served at its desk by the same officer. A desk no
 * longer staffed ends it `desk_closed`; a visit completed, transferred or marked a no-show ends it `visit_over`.
 */
export function reconcile(call: DeskCall, desk: DeskFacts | undefined): CallEnd | null {
  if (!desk?.officerId || desk.officerId !== call.officer.personId) return CallEnd.deskClosed;
  if (desk.visit?.ticketId !== call.ticketId || desk.visit.merchantId !== call.merchant.personId)
    return CallEnd.visitOver;
  return null;
}

/**
 * A connection of the person left for good. Their last one: the call ends, `left` for the merchant, and
 * `desk_closed` for the officer, whose desk closes as they go (the merchant hears the same from the desk).
 * Another one remains: if the one that left carried their side, nobody carries it now (null when nothing
 * changed).
 */
export function departed(call: DeskCall, personId: string, session: string, lastGone: boolean): CallStep | null {
  const side = sideOf(call, personId);
  if (!side) return null;
  if (lastGone) return { call, ended: side === 'officer' ? CallEnd.deskClosed : CallEnd.left };
  if (call[side].session !== session) return null;
  return { call: { ...call, [side]: { ...call[side], session: null } }, ended: null };
}

/** What the other side's page shows of them, as the rooms know it now. */
export interface PeerPresence {
  avatar: string | null;
  online: boolean;
}

/** The call as `side` sees it, in the copy for connection `session` (null: none of theirs is meant). */
export function noticeFor(
  call: DeskCall,
  side: Side,
  session: string | null,
  peer: PeerPresence,
  ended: CallEnd | null = null,
): DeskCallNotice {
  const you = call[side];
  const them = call[otherSide(side)];
  return {
    ticketId: call.ticketId,
    deskId: call.deskId,
    state: ended ? 'ended' : call.state,
    askedBy: call.askedBy === side ? 'you' : 'peer',
    you: {
      here: you.session !== null,
      hereOnThisConnection: session !== null && you.session === session,
      muted: you.muted,
    },
    peer: {
      personId: them.personId,
      name: them.name,
      avatar: peer.avatar,
      online: peer.online,
      here: them.session !== null,
      muted: them.muted,
      epoch: call.epoch,
    },
    polite: side === 'merchant',
    ringsUntil: call.state === 'ringing' ? call.ringsUntil : null,
    ...(ended ? { ended } : {}),
  };
}
