import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { Callbacks, Client } from '@colyseus/sdk';
import { HallIntent, HallNotice, Reason, RoomName, type HallIntentPayloads } from '../../shared/protocol.ts';
import { LineState } from '../../shared/state.ts';
import type { MyTicket, MyTicketsNotice } from '../../shared/queue.ts';
import {
  CallEnd,
  DESK_CALL_RING_MS,
  VOICE_SDP_MAX,
  VoiceReason,
  type DeskCallNotice,
  type VoiceSignalNotice,
} from '../../shared/voice.ts';
import { MovableClock } from '../support/clock.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import {
  bootHall,
  cutNetwork,
  hallUrl,
  inbox,
  staffToken,
  until,
  visitWithToken,
  watch,
  type HallRoom,
  type Inbox,
  type Visitor,
} from './helpers.ts';
import { CANDIDATE, opusOffer } from '../support/voiceSdp.ts';

function all<T>(box: Inbox, type: string): T[] {
  return box.filter((m) => m.type === type).map((m) => m.message as T);
}
const mine = (v: Visitor): MyTicket | undefined => all<MyTicketsNotice>(v.box, HallNotice.myTickets).at(-1)?.tickets[0];
const calls = (v: Visitor) => all<DeskCallNotice>(v.box, HallNotice.deskCall);
const lastCall = (v: Visitor) => calls(v).at(-1);
const signals = (v: Visitor) => all<VoiceSignalNotice>(v.box, HallNotice.voiceSignal);

const OPUS_OFFER = opusOffer();
const WITH_VIDEO = `${OPUS_OFFER}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n`;
const WITHOUT_OPUS = OPUS_OFFER.replace('a=rtpmap:111 opus/48000/2', 'a=rtpmap:0 PCMU/8000').replace(' 111', ' 0');

/** Send an intent (or anything else) and wait for the refusal it brings. */
async function refusal(v: Visitor, type: string, payload: unknown): Promise<string> {
  const before = v.rejected.length;
  v.room.send(type, payload);
  const r = await until(() => v.rejected[before], `a refusal of ${type}`);
  expect(r.intent).toBe(type);
  return r.reason;
}

/** Send an intent that should go through: nothing refused, once a later refusal has come back (a round trip). */
async function accepted<K extends keyof HallIntentPayloads>(v: Visitor, type: K, payload: HallIntentPayloads[K]) {
  const before = v.rejected.length;
  v.room.send(type, payload);
  // A round trip behind it: hanging up nothing from a person with no call is refused, and comes back after it.
  expect(await refusal(v, 'voiceNothing', {})).toBe(Reason.unknownMessage);
  expect(v.rejected.slice(before, -1)).toEqual([]);
}

/**
 * Desk calls on the real hall, over real sockets: who may ask, answer, carry and signal, that signalling
 * reaches only the other side's connection, what is refused and why, and how a call ends.
 */
describe('a desk call between the officer and the merchant served', () => {
  const clock = new MovableClock();
  let hall: RunningHall;
  let n = 0;

  beforeAll(async () => {
    hall = await bootHall({}, clock);
  }, 60_000);
  afterAll(async () => {
    await hall.close();
  });

  const healthz = async () =>
    ((await (await fetch(new URL('/healthz', hallUrl(hall)))).json()) as { voice: Record<string, number> }).voice;

  async function merchant(): Promise<Visitor & { token: string; name: string }> {
    n++;
    const name = `商户${n}`;
    const token = await signUpMerchant(hallUrl(hall), name, `店${n}`);
    return { ...(await visitWithToken(hall, token)), token, name };
  }

  /** An officer opens `deskId`, a new merchant takes a number, is called and served there. */
  async function served(deskId: string, service: string) {
    n++;
    const officerToken = await staffToken(hall, 'officer', `voff${n}`, `警官${n}`);
    const officer = await visitWithToken(hall, officerToken);
    const officerName = `警官${n}`;
    const m = await merchant();
    officer.room.send(HallIntent.openDesk, { deskId, services: [service] });
    await until(() => m.room.state.desks.get(deskId)?.open, 'the desk open');
    m.room.send(HallIntent.takeTicket, { service });
    await until(() => mine(m)?.eta, 'a ticket');
    officer.room.send(HallIntent.callNext, {});
    await until(() => mine(m)?.status === 'called', 'the merchant called');
    officer.room.send(HallIntent.startService, {});
    await until(() => mine(m)?.status === 'serving', 'the merchant served');
    return { officer, officerName, merchant: m };
  }

  /** The officer asks and the merchant accepts: both see the call live. */
  async function talk(officer: Visitor, m: Visitor): Promise<DeskCallNotice> {
    officer.room.send(HallIntent.voiceAsk, {});
    await until(() => lastCall(m)?.state === 'ringing', 'the merchant asked');
    m.room.send(HallIntent.voiceAnswer, { accept: true });
    await until(() => lastCall(officer)?.state === 'live', 'the officer sees it live');
    return (await until(() => lastCall(m)?.state === 'live' && lastCall(m), 'the merchant sees it live'))!;
  }

  it('is asked, accepted, and its signalling reaches only the other side, refused with a reason elsewhere', async () => {
    const one = await served('desk-1', 'renovation');
    const two = await served('desk-2', 'signboard');
    const idle = await merchant(); // in the hall, no ticket, no call

    // Nobody but the two people of a visit may ask.
    expect(await refusal(idle, HallIntent.voiceAsk, {})).toBe(VoiceReason.noVisit);

    one.officer.room.send(HallIntent.voiceAsk, {});
    const ringing = await until(() => lastCall(one.merchant), 'the merchant asked');
    expect(ringing).toMatchObject({
      deskId: 'desk-1',
      state: 'ringing',
      askedBy: 'peer',
      polite: true,
      peer: { name: one.officerName, online: true, here: true, avatar: one.officer.room.sessionId },
      you: { here: false, hereOnThisConnection: false },
    });
    expect(ringing.ringsUntil).toBeGreaterThanOrEqual(clock.now() + DESK_CALL_RING_MS - 10_000);
    expect(lastCall(one.officer)).toMatchObject({ askedBy: 'you', polite: false, you: { hereOnThisConnection: true } });
    // Asking again is busy; the asker cannot answer their own ask.
    expect(await refusal(one.officer, HallIntent.voiceAsk, {})).toBe(VoiceReason.callBusy);
    expect(await refusal(one.officer, HallIntent.voiceAnswer, { accept: true })).toBe(VoiceReason.ownAsk);

    one.merchant.room.send(HallIntent.voiceAnswer, { accept: true });
    const live = await until(() => lastCall(one.officer)?.state === 'live' && lastCall(one.officer), 'live');
    expect(live!.peer).toMatchObject({ name: one.merchant.name, here: true, online: true });
    const merchantId = live!.peer.personId;
    const officerId = (await until(() => lastCall(one.merchant)?.state === 'live' && lastCall(one.merchant), 'live'))!
      .peer.personId;
    const epoch = live!.peer.epoch;

    // The officer's offer reaches the merchant's connection, and the answer comes back.
    const offer = { type: 'offer' as const, sdp: OPUS_OFFER };
    await accepted(one.officer, HallIntent.voiceSignal, { to: merchantId, epoch, description: offer });
    const got = await until(() => signals(one.merchant)[0], 'the offer delivered');
    expect(got).toEqual({ from: officerId, epoch, description: offer });
    const answerSdp = { type: 'answer' as const, sdp: OPUS_OFFER };
    await accepted(one.merchant, HallIntent.voiceSignal, { to: officerId, epoch, description: answerSdp });
    await accepted(one.merchant, HallIntent.voiceSignal, { to: officerId, epoch, candidate: CANDIDATE });
    await until(() => signals(one.officer).length === 2, 'the answer and the candidate delivered');
    expect(signals(one.officer)[1]).toEqual({ from: merchantId, epoch, candidate: CANDIDATE });
    // A signal of an older epoch is dropped quietly.
    await accepted(one.officer, HallIntent.voiceSignal, { to: merchantId, epoch: epoch + 7, candidate: CANDIDATE });

    // Two merchants; a merchant and another desk's officer; a person with no call; `to` naming someone else.
    two.officer.room.send(HallIntent.voiceAsk, {});
    await until(() => lastCall(two.merchant)?.state === 'ringing', 'desk 2 asked');
    const twoOfficerId = lastCall(two.merchant)!.peer.personId;
    const twoMerchantId = lastCall(two.officer)!.peer.personId;
    const sig = (to: string) => ({ to, epoch: 0, candidate: CANDIDATE });
    expect(await refusal(two.merchant, HallIntent.voiceSignal, sig(merchantId))).toBe(VoiceReason.noCall); // ringing
    two.merchant.room.send(HallIntent.voiceAsk, {}); // asking back accepts
    await until(() => lastCall(two.officer)?.state === 'live', 'desk 2 live');
    expect(await refusal(two.merchant, HallIntent.voiceSignal, sig(merchantId))).toBe(VoiceReason.notAllowed);
    expect(await refusal(one.merchant, HallIntent.voiceSignal, sig(twoOfficerId))).toBe(VoiceReason.notAllowed);
    expect(await refusal(two.officer, HallIntent.voiceSignal, sig(merchantId))).toBe(VoiceReason.notAllowed);
    expect(await refusal(one.officer, HallIntent.voiceSignal, sig(twoMerchantId))).toBe(VoiceReason.notAllowed);
    expect(await refusal(idle, HallIntent.voiceSignal, sig(merchantId))).toBe(VoiceReason.noCall);
    expect(await refusal(idle, HallIntent.voiceHangUp, {})).toBe(VoiceReason.noCall);
    expect(await refusal(idle, HallIntent.voiceHere, {})).toBe(VoiceReason.noCall);

    // Descriptions that are not audio with Opus only.
    const bad = (sdp: string) => ({ to: merchantId, epoch, description: { type: 'offer', sdp } });
    expect(await refusal(one.officer, HallIntent.voiceSignal, bad(WITH_VIDEO))).toBe(VoiceReason.badDescription);
    expect(await refusal(one.officer, HallIntent.voiceSignal, bad(WITHOUT_OPUS))).toBe(VoiceReason.badDescription);

    // Malformed signalling is refused as bad input; the sender and everyone else go on.
    const malformed: unknown[] = [
      { to: merchantId, candidate: CANDIDATE }, // no epoch
      { epoch, candidate: CANDIDATE }, // no one to send to
      { to: merchantId, epoch }, // nothing to send
      { to: merchantId, epoch, description: offer, candidate: CANDIDATE },
      { to: merchantId, epoch, description: { type: 'offer', sdp: 'a'.repeat(VOICE_SDP_MAX + 1) } },
      JSON.parse(`{"to":"${merchantId}","epoch":${epoch},"candidate":{"candidate":"x"},"__proto__":{"x":1}}`),
      { to: merchantId, epoch, candidate: CANDIDATE, toString: 'x' },
      { to: merchantId, epoch, description: { type: 'rollback', sdp: OPUS_OFFER } },
      'offer',
      null,
    ];
    for (const payload of malformed)
      expect(await refusal(idle, HallIntent.voiceSignal, payload)).toBe(Reason.invalidPayload);
    expect((await healthz()).refused).toBeGreaterThanOrEqual(malformed.length + 8);
    expect(idle.left).toEqual([]);

    // Still serving: the officer's candidate reaches the merchant after all of it.
    await accepted(one.officer, HallIntent.voiceSignal, { to: merchantId, epoch, candidate: CANDIDATE });
    await until(() => signals(one.merchant).length === 2, 'the candidate delivered');

    // Nothing of desk 1's call reached anyone else; desk 2's people heard only their own call.
    for (const v of [idle, two.merchant, two.officer]) {
      await refusal(v, 'voiceNothing', {}); // a round trip: whatever was sent to them has arrived
      expect(signals(v)).toEqual([]);
      expect(calls(v).every((c) => c.deskId !== 'desk-1')).toBe(true);
    }
    expect(calls(idle)).toEqual([]);
    expect(JSON.stringify(one.merchant.room.state.toJSON())).not.toContain(OPUS_OFFER.slice(0, 20));

    const counted = await healthz();
    expect(counted.relayed).toBeGreaterThanOrEqual(4);
    expect(counted.calls).toBeGreaterThanOrEqual(2);

    // Completing the visit ends the call for both.
    one.officer.room.send(HallIntent.complete, { notes: '', checklist: [], outcome: 'resolved' });
    for (const v of [one.officer, one.merchant])
      expect(await until(() => lastCall(v)?.state === 'ended' && lastCall(v), 'the call ended')).toMatchObject({
        ended: CallEnd.visitOver,
      });
    expect(await refusal(one.officer, HallIntent.voiceSignal, sig(merchantId))).toBe(VoiceReason.noCall);
    two.officer.room.send(HallIntent.complete, { notes: '', checklist: [], outcome: 'resolved' });
    await until(() => lastCall(two.merchant)?.ended === CallEnd.visitOver, 'desk 2 ended');
  }, 60_000);

  it('follows the merchant across tabs, a lost connection and a reload, and ends when they leave', async () => {
    const { officer, merchant: m } = await served('desk-3', 'concerns');
    const first = await talk(officer, m);
    // A second tab of the same merchant: it sees the call, carried elsewhere.
    const tab = await visitWithToken(hall, m.token);
    const seen = await until(() => lastCall(tab), 'the second tab told');
    expect(seen.you).toMatchObject({ here: true, hereOnThisConnection: false });
    const officerId = first.peer.personId;
    const sig = (epoch: number) => ({ to: officerId, epoch, candidate: CANDIDATE });
    expect(await refusal(tab, HallIntent.voiceSignal, sig(first.peer.epoch))).toBe(VoiceReason.elsewhere);
    expect(await refusal(tab, HallIntent.voiceMute, { muted: true })).toBe(VoiceReason.elsewhere);

    // The tab takes the call over: a new epoch for both, and only it carries the merchant's side.
    tab.room.send(HallIntent.voiceHere, {});
    const taken = await until(() => lastCall(officer)?.peer.epoch === first.peer.epoch + 1 && lastCall(officer), 'new');
    expect(taken!.peer.avatar).toBe(tab.room.sessionId);
    await until(() => lastCall(tab)?.you.hereOnThisConnection, 'the tab carries it');
    expect(lastCall(m)?.you).toMatchObject({ here: true, hereOnThisConnection: false });
    expect(await refusal(m, HallIntent.voiceSignal, sig(first.peer.epoch + 1))).toBe(VoiceReason.elsewhere);
    // The officer's signals now reach the tab, and not the merchant's first connection.
    const toMerchant = { to: taken!.peer.personId, epoch: first.peer.epoch + 1, candidate: CANDIDATE };
    await accepted(officer, HallIntent.voiceSignal, toMerchant);
    await until(() => signals(tab).length === 1, 'the candidate reached the tab');
    await refusal(m, 'voiceNothing', {});
    expect(signals(m)).toEqual([]);
    await accepted(tab, HallIntent.voiceMute, { muted: true });
    await until(() => lastCall(officer)?.peer.muted, 'the officer sees the merchant muted');

    // The carrying tab loses its network: the officer sees the merchant offline, then back.
    cutNetwork(tab.room);
    await until(() => lastCall(officer)?.peer.online === false, 'the merchant offline');
    expect(lastCall(officer)?.peer.here).toBe(true);
    await until(() => lastCall(officer)?.peer.online === true, 'the merchant back online');
    // A reload keeps the session id and asks for a new epoch all the same.
    const epoch = lastCall(officer)!.peer.epoch;
    tab.room.send(HallIntent.voiceHere, {});
    await until(() => lastCall(officer)?.peer.epoch === epoch + 1, 'a new epoch on the same connection');

    // The carrying tab closes: the other one remains, so nobody carries the merchant's side now.
    await tab.room.leave();
    await until(() => lastCall(officer)?.peer.here === false, 'the merchant not here');
    expect(lastCall(officer)?.state).toBe('live');
    // The merchant's last connection leaves: the call ends for the officer.
    await m.room.leave();
    expect(await until(() => lastCall(officer)?.state === 'ended' && lastCall(officer), 'ended')).toMatchObject({
      ended: CallEnd.left,
    });
  }, 60_000);

  it('rings until the ring time passes on the station clock, and ends when the officer leaves', async () => {
    const { officer, merchant: m } = await served('desk-4', 'consultation');
    m.room.send(HallIntent.voiceAsk, {});
    await until(() => lastCall(officer)?.state === 'ringing', 'the officer asked');
    clock.advance(DESK_CALL_RING_MS + 1_000);
    for (const v of [officer, m]) await until(() => lastCall(v)?.ended === CallEnd.unanswered, 'the ask lapsed');
    // Either side may ask again; declined this time.
    m.room.send(HallIntent.voiceAsk, {});
    await until(() => lastCall(officer)?.state === 'ringing', 'asked again');
    officer.room.send(HallIntent.voiceAnswer, { accept: false });
    await until(() => lastCall(m)?.ended === CallEnd.declined, 'declined');

    await talk(officer, m);
    // The officer leaves the hall for good: their desk closes, and so does the call.
    await officer.room.leave();
    expect(await until(() => lastCall(m)?.state === 'ended' && lastCall(m), 'ended')).toMatchObject({
      ended: CallEnd.deskClosed,
    });
    await until(() => mine(m)?.status === 'waiting', 'the merchant back in line');
  }, 60_000);

  it('reaches a merchant who follows the queue from the line, with no avatar', async () => {
    n++;
    const officer = await visitWithToken(hall, await staffToken(hall, 'officer', `voff${n}`, `警官${n}`));
    const token = await signUpMerchant(hallUrl(hall), `排队商户${n}`, `店${n}`);
    const client = new Client(hallUrl(hall));
    client.auth.token = await roomPassFor(hallUrl(hall), token);
    const room = await client.join(RoomName.line, {}, LineState);
    const m: Visitor = { client, room: room as unknown as HallRoom, box: inbox(room as never), rejected: [], left: [] };
    m.rejected = watch(m.room);
    Callbacks.get(room);
    officer.room.send(HallIntent.openDesk, { deskId: 'desk-4', services: ['renovation'] });
    await until(() => room.state.desks.get('desk-4')?.open, 'the desk open, seen from the line');
    room.send(HallIntent.takeTicket, { service: 'renovation' });
    await until(() => mine(m)?.eta, 'a ticket');
    officer.room.send(HallIntent.callNext, {});
    await until(() => mine(m)?.status === 'called', 'called');
    officer.room.send(HallIntent.startService, {});
    await until(() => mine(m)?.status === 'serving', 'served');

    room.send(HallIntent.voiceAsk, {});
    const asked = await until(() => lastCall(officer), 'the officer asked');
    expect(asked.peer).toMatchObject({ name: `排队商户${n}`, avatar: null, online: true, here: true });
    officer.room.send(HallIntent.voiceAnswer, { accept: true });
    const live = await until(() => lastCall(m)?.state === 'live' && lastCall(m), 'live in the line');
    await accepted(officer, HallIntent.voiceSignal, {
      to: asked.peer.personId,
      epoch: live!.peer.epoch,
      candidate: CANDIDATE,
    });
    await until(() => signals(m)[0], 'the candidate reached the line');
    officer.room.send(HallIntent.complete, { notes: '', checklist: [], outcome: 'resolved' });
    await until(() => lastCall(m)?.ended === CallEnd.visitOver, 'ended in the line');
  }, 60_000);
});
