import { describe, expect, it } from 'vitest';
import {
  CallEnd,
  DESK_CALL_RING_MS,
  VOICE_ASK_COOLDOWN_MS,
  VoiceReason,
  type VoiceSignalIntent,
} from '../../shared/voice.ts';
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
  reconcile,
  visitOf,
  type CallResult,
  type DeskCall,
  type DeskFacts,
} from '../../server/voice/rules.ts';

const T0 = Date.UTC(2026, 2, 10, 1, 0);
const OFFICER = 'officer-1';
const MERCHANT = 'merchant-1';
const desk: DeskFacts = {
  deskId: 'desk-1',
  officerId: OFFICER,
  officerName: '王警官',
  visit: { ticketId: 't-1', merchantId: MERCHANT },
};

/** The call a step leaves, or the test fails with the refusal. */
function callOf(r: CallResult): DeskCall {
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  expect(r.value.ended).toBeNull();
  return r.value.call;
}

function endOf(r: CallResult) {
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return r.value.ended;
}

function errorOf(r: { ok: boolean; error?: string }) {
  return r.ok ? null : r.error;
}

/** The officer asked from connection o1, the merchant accepted from m1. */
function liveCall(): DeskCall {
  const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, '李老板'));
  return callOf(answer(ringing, MERCHANT, 'm1', true));
}

const OPUS_AUDIO = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n';

describe('a desk call', () => {
  it('is asked only by the two people of a visit under way', () => {
    expect(errorOf(ask(desk, undefined, 'merchant-2', 's', T0, ''))).toBe(VoiceReason.noVisit);
    expect(errorOf(ask({ ...desk, visit: null }, undefined, OFFICER, 's', T0, ''))).toBe(VoiceReason.noVisit);
    expect(errorOf(ask(undefined, undefined, OFFICER, 's', T0, ''))).toBe(VoiceReason.noVisit);
    const ringing = callOf(ask(desk, undefined, MERCHANT, 'm1', T0, '李老板'));
    expect(ringing).toMatchObject({
      state: 'ringing',
      askedBy: 'merchant',
      ringsUntil: T0 + DESK_CALL_RING_MS,
      merchant: { session: 'm1', name: '李老板' },
      officer: { session: null, name: '王警官' },
    });
  });

  it('asked by both sides is accepted; asked twice by one side is busy', () => {
    const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, '李老板'));
    expect(errorOf(ask(desk, ringing, OFFICER, 'o2', T0, ''))).toBe(VoiceReason.callBusy);
    const live = callOf(ask(desk, ringing, MERCHANT, 'm1', T0, ''));
    expect(live).toMatchObject({ state: 'live', ringsUntil: null, merchant: { session: 'm1' } });
    expect(errorOf(ask(desk, live, MERCHANT, 'm1', T0, ''))).toBe(VoiceReason.callBusy);
  });

  it('is answered only by the asked side, and a decline ends it', () => {
    const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, ''));
    expect(errorOf(answer(ringing, OFFICER, 'o1', true))).toBe(VoiceReason.ownAsk);
    expect(errorOf(answer(ringing, 'merchant-2', 'x', true))).toBe(VoiceReason.noCall);
    expect(errorOf(answer(undefined, MERCHANT, 'm1', true))).toBe(VoiceReason.noCall);
    expect(endOf(answer(ringing, MERCHANT, 'm1', false))).toBe(CallEnd.declined);
    expect(errorOf(answer(liveCall(), MERCHANT, 'm1', true))).toBe(VoiceReason.noCall);
  });

  it('holds back an asker whose ask ended without a call until the cool-down from the ask, never the other side', () => {
    const ringing = callOf(ask(desk, undefined, MERCHANT, 'm1', T0, '李老板'));
    const until = T0 + VOICE_ASK_COOLDOWN_MS;
    for (const ended of [CallEnd.hungUp, CallEnd.declined, CallEnd.unanswered])
      expect(askCoolDown(ringing, ended)).toEqual({ personId: MERCHANT, askAgainAt: until });
    // An ask ended by its visit or desk, or a call that was live, holds nobody back.
    for (const ended of [CallEnd.visitOver, CallEnd.deskClosed, CallEnd.left])
      expect(askCoolDown(ringing, ended)).toBeNull();
    expect(askCoolDown(liveCall(), CallEnd.hungUp)).toBeNull();
    // The asker again: refused until the time, asked from it on (an unanswered ask lapses long after it); the
    // other side asks at once.
    expect(errorOf(ask(desk, undefined, MERCHANT, 'm1', until - 1, '', until))).toBe(VoiceReason.askTooSoon);
    expect(callOf(ask(desk, undefined, MERCHANT, 'm1', until, '', until)).askedBy).toBe('merchant');
    expect(until).toBeLessThan(T0 + DESK_CALL_RING_MS);
    expect(callOf(ask(desk, undefined, OFFICER, 'o1', T0, '')).askedBy).toBe('officer');
    // Accepting the other side's ask by "Talk" is never held back; someone with no visit hears that first.
    const officerAsks = callOf(ask(desk, undefined, OFFICER, 'o1', T0, ''));
    expect(callOf(ask(desk, officerAsks, MERCHANT, 'm1', T0, '', until)).state).toBe('live');
    expect(errorOf(ask({ ...desk, visit: null }, undefined, MERCHANT, 'm1', T0, '', until))).toBe(VoiceReason.noVisit);
  });

  it('rings until its time runs out on the station clock', () => {
    const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, ''));
    expect(lapse(ringing, T0 + DESK_CALL_RING_MS - 1)).toBeNull();
    expect(lapse(ringing, T0 + DESK_CALL_RING_MS)).toBe(CallEnd.unanswered);
    expect(lapse(liveCall(), T0 + 10 * DESK_CALL_RING_MS)).toBeNull();
  });

  it('is hung up by either side, never by a third person', () => {
    expect(endOf(hangUp(liveCall(), MERCHANT))).toBe(CallEnd.hungUp);
    expect(endOf(hangUp(liveCall(), OFFICER))).toBe(CallEnd.hungUp);
    expect(errorOf(hangUp(liveCall(), 'officer-2'))).toBe(VoiceReason.noCall);
  });

  it('is taken over by another connection, always with a new epoch, even on the same one', () => {
    const live = liveCall();
    const moved = callOf(here(live, MERCHANT, 'm2'));
    expect(moved).toMatchObject({ epoch: live.epoch + 1, merchant: { session: 'm2' } });
    const reloaded = callOf(here(moved, MERCHANT, 'm2'));
    expect(reloaded.epoch).toBe(live.epoch + 2);
    // While it rings only the asker has a side to carry.
    const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, ''));
    expect(callOf(here(ringing, OFFICER, 'o2')).epoch).toBe(1);
    expect(errorOf(here(ringing, MERCHANT, 'm1'))).toBe(VoiceReason.noCall);
  });

  it('is muted only from the connection carrying that side', () => {
    const live = liveCall();
    expect(errorOf(mute(live, MERCHANT, 'm2', true))).toBe(VoiceReason.elsewhere);
    expect(callOf(mute(live, MERCHANT, 'm1', true)).merchant.muted).toBe(true);
  });

  it('relays a signal only from the carrying connection to the other person, of this epoch', () => {
    const live = liveCall();
    const offer: VoiceSignalIntent = {
      to: MERCHANT,
      epoch: live.epoch,
      description: { type: 'offer', sdp: OPUS_AUDIO },
    };
    expect(checkSignal(live, OFFICER, 'o1', offer)).toEqual({ ok: true, value: 'relay' });
    expect(checkSignal(live, OFFICER, 'o1', { ...offer, epoch: live.epoch + 1 })).toEqual({ ok: true, value: 'stale' });
    expect(errorOf(checkSignal(live, OFFICER, 'o2', offer))).toBe(VoiceReason.elsewhere);
    expect(errorOf(checkSignal(live, OFFICER, 'o1', { ...offer, to: 'merchant-2' }))).toBe(VoiceReason.notAllowed);
    expect(errorOf(checkSignal(live, 'merchant-2', 'x', offer))).toBe(VoiceReason.noCall);
    const video = `${OPUS_AUDIO}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n`;
    expect(errorOf(checkSignal(live, OFFICER, 'o1', { ...offer, description: { type: 'offer', sdp: video } }))).toBe(
      VoiceReason.badDescription,
    );
    const ringing = callOf(ask(desk, undefined, OFFICER, 'o1', T0, ''));
    expect(errorOf(checkSignal(ringing, OFFICER, 'o1', offer))).toBe(VoiceReason.noCall);
  });

  it('ends with the right reason when its desk changes', () => {
    const live = liveCall();
    expect(reconcile(live, desk)).toBeNull();
    expect(reconcile(live, { ...desk, visit: null })).toBe(CallEnd.visitOver);
    expect(reconcile(live, { ...desk, visit: { ticketId: 't-2', merchantId: 'merchant-2' } })).toBe(CallEnd.visitOver);
    expect(reconcile(live, { ...desk, officerId: null, visit: null })).toBe(CallEnd.deskClosed);
    expect(reconcile(live, { ...desk, officerId: 'officer-2' })).toBe(CallEnd.deskClosed);
    expect(reconcile(live, undefined)).toBe(CallEnd.deskClosed);
  });

  it('ends when a side leaves for good (the officer: their desk closes), else loses only the carrying connection', () => {
    const live = liveCall();
    expect(departed(live, MERCHANT, 'm1', true)?.ended).toBe(CallEnd.left);
    expect(departed(live, OFFICER, 'o1', true)?.ended).toBe(CallEnd.deskClosed);
    expect(departed(live, MERCHANT, 'm2', false)).toBeNull();
    const step = departed(live, MERCHANT, 'm1', false);
    expect(step).toMatchObject({ ended: null, call: { merchant: { session: null } } });
    expect(departed(live, 'merchant-2', 'x', true)).toBeNull();
  });

  it('finds the visit a person is part of, the desk they staff first', () => {
    const other: DeskFacts = { ...desk, deskId: 'desk-2', officerId: 'officer-2', visit: null };
    expect(visitOf([other, desk], MERCHANT)?.deskId).toBe('desk-1');
    expect(visitOf([other, desk], 'officer-2')).toBeUndefined();
    expect(visitOf([other, desk], OFFICER)?.deskId).toBe('desk-1');
  });

  it('is shown to each side from its own point of view, "here" only on the carrying connection', () => {
    const live = callOf(mute(liveCall(), MERCHANT, 'm1', true));
    const presence = { avatar: 'a', online: true };
    const toMerchant = noticeFor(live, 'merchant', 'm1', presence);
    expect(toMerchant).toMatchObject({
      state: 'live',
      askedBy: 'peer',
      polite: true,
      you: { here: true, hereOnThisConnection: true, muted: true },
      peer: { personId: OFFICER, name: '王警官', here: true, online: true, avatar: 'a', epoch: live.epoch },
    });
    expect(noticeFor(live, 'merchant', 'm2', presence).you.hereOnThisConnection).toBe(false);
    const toOfficer = noticeFor(live, 'officer', 'o1', presence, CallEnd.visitOver);
    expect(toOfficer).toMatchObject({ state: 'ended', ended: 'visit_over', askedBy: 'you', polite: false });
    expect(toOfficer.peer).toMatchObject({ personId: MERCHANT, name: '李老板', muted: true });
  });
});
