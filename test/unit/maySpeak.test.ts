import { describe, expect, it } from 'vitest';
import {
  giveFloor,
  newRun,
  resume,
  setDiscussion,
  setMuted,
  start,
  type MeetingRun,
} from '../../server/meetings/rules.ts';
import { SessionVoice, type Sender } from '../../server/meetings/voice.ts';
import { maySpeak, type SpeakingTable } from '../../shared/meetingRules.ts';
import { VoiceReason } from '../../shared/voice.ts';

const HOST = 'pro-host';
const CO = 'off-co';
const ANN = 'mer-ann';
const BO = 'mer-bo';
const GONE = 'mer-gone';

/** A running session: the host chairs with an officer as co-host; two merchants and one removed. */
function table(over: Partial<SpeakingTable> = {}): SpeakingTable {
  return {
    hostId: HOST,
    coHostIds: [CO],
    secretaryIds: [],
    invitees: [CO, ANN, BO, GONE].map((id) => ({ id })),
    phase: 'running',
    speakerId: null,
    muted: [],
    removed: [GONE],
    discussion: 'moderated',
    ...over,
  };
}

const heard = (t: SpeakingTable) => [HOST, CO, ANN, BO, GONE].filter((id) => maySpeak(t, id));

describe('who may be heard in a session', () => {
  it('moderated: the chairs only, and whoever has the floor', () => {
    expect(heard(table())).toEqual([HOST, CO]);
    expect(heard(table({ speakerId: ANN }))).toEqual([HOST, CO, ANN]);
  });

  it('open discussion: everyone not muted or removed', () => {
    expect(heard(table({ discussion: 'open' }))).toEqual([HOST, CO, ANN, BO]);
  });

  it('muted people never, not a chair, not the speaker, not in open discussion', () => {
    expect(heard(table({ muted: [CO, ANN], speakerId: ANN }))).toEqual([HOST]);
    expect(heard(table({ muted: [BO], discussion: 'open' }))).toEqual([HOST, CO, ANN]);
  });

  it('removed people never, even with the floor (a stale one) or in open discussion', () => {
    expect(heard(table({ speakerId: GONE, discussion: 'open' }))).toEqual([HOST, CO, ANN, BO]);
  });

  it('a co-host dropped from the invitation no longer chairs, so is not heard', () => {
    expect(heard(table({ invitees: [ANN, BO].map((id) => ({ id })) }))).toEqual([HOST]);
  });

  it('before the start the chairs may be heard; once ended or cancelled nobody', () => {
    expect(heard(table({ phase: 'scheduled' }))).toEqual([HOST, CO]);
    for (const phase of ['ended', 'cancelled']) {
      expect(heard(table({ phase, discussion: 'open', speakerId: ANN }))).toEqual([]);
    }
  });
});

describe('open discussion, a chair’s switch', () => {
  const scheduled = (): MeetingRun =>
    newRun({ hostId: HOST, coHostIds: [CO], secretaryIds: [], invitees: [{ id: CO }, { id: ANN }] }, [
      { title: 'Signboards' },
    ]);
  const ok = (s: ReturnType<typeof setDiscussion>) => {
    if (!s.ok) throw new Error(`refused: ${s.reason}`);
    return s.value;
  };

  it('is moderated by default, and opened or closed again by the host or a co-host, before or during', () => {
    const r = scheduled();
    expect(r.discussion).toBe('moderated');
    const opened = ok(setDiscussion(r, CO, true));
    expect(opened.discussion).toBe('open');
    const running = ok(start(opened, HOST));
    expect(ok(setDiscussion(running, HOST, false)).discussion).toBe('moderated');
  });

  it('setting what already is changes nothing (the same run, nothing to store)', () => {
    const r = scheduled();
    expect(ok(setDiscussion(r, HOST, false))).toBe(r);
  });

  it('is refused to anyone who does not chair, and after the end', () => {
    const r = scheduled();
    expect(setDiscussion(r, ANN, true)).toEqual({ ok: false, reason: 'not_host' });
    for (const phase of ['ended', 'cancelled'] as const) {
      expect(setDiscussion({ ...r, phase }, HOST, true)).toEqual({ ok: false, reason: 'already_ended' });
    }
  });

  it('comes back after a restart as it was kept, and moderated when nothing was kept', () => {
    const base = { ...scheduled(), phase: 'running' as const };
    expect(resume(base, { current: 0, muted: [], removed: [], discussion: 'open' }).discussion).toBe('open');
    expect(resume(base, { current: 0, muted: [], removed: [] }).discussion).toBe('moderated');
    expect(
      resume({ ...base, phase: 'scheduled' }, { current: -1, muted: [], removed: [], discussion: 'open' }),
    ).toMatchObject({
      discussion: 'open',
    });
  });

  it('the table as the rules keep it is what maySpeak reads: floor, mute and the switch', () => {
    const r = ok(start(scheduled(), HOST));
    expect(maySpeak(r, ANN)).toBe(false);
    const floor = ok(giveFloor(r, HOST, ANN));
    expect(maySpeak(floor, ANN)).toBe(true);
    expect(maySpeak(ok(setMuted(floor, HOST, ANN, true)), ANN)).toBe(false);
    expect(maySpeak(ok(setDiscussion(r, HOST, true)), ANN)).toBe(true);
  });
});

/** Audio-only, Opus, with the given direction line in its one audio section. */
const sdp = (direction: string) =>
  ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2', `a=${direction}`, ''].join('\r\n');

describe('the voice of a session, as the room keeps it', () => {
  const sender = (personId: string, sessionId: string, over: Partial<Sender> = {}): Sender => ({
    personId,
    sessionId,
    maySpeak: false,
    removed: [],
    ...over,
  });

  it('each join is a new epoch, and a second connection takes the voice over', () => {
    const v = new SessionVoice(4);
    expect(v.join(ANN, 's1')).toBeNull();
    expect([v.inVoice(ANN), v.epochOf(ANN), v.carrierOf(ANN)]).toEqual([true, 1, 's1']);
    expect(v.join(ANN, 's1')).toBeNull();
    expect(v.epochOf(ANN)).toBe(2);
    expect(v.join(ANN, 's2')).toBeNull();
    expect([v.epochOf(ANN), v.carrierOf(ANN)]).toEqual([3, 's2']);
    // The old connection leaving takes nothing with it; the carrying one does, and the epoch stays.
    expect(v.leave(ANN, 's1')).toBe(false);
    expect(v.leave(ANN, 's2')).toBe(true);
    expect([v.inVoice(ANN), v.epochOf(ANN)]).toEqual([false, 3]);
  });

  it('is full at its limit, counting everyone but the one joining', () => {
    const v = new SessionVoice(2);
    expect(v.join(HOST, 'h')).toBeNull();
    expect(v.join(ANN, 'a')).toBeNull();
    expect(v.join(BO, 'b')).toBe(VoiceReason.voiceFull);
    expect(v.join(ANN, 'a2')).toBeNull(); // taking one's own voice over is not one more
    v.leave(HOST, 'h');
    expect(v.join(BO, 'b')).toBeNull();
  });

  it('relays only from the carrying connection to another person in the voice, on the link’s epoch', () => {
    const v = new SessionVoice(4);
    v.join(HOST, 'h');
    v.join(ANN, 'a');
    v.join(ANN, 'a2'); // ann's epoch 2, host's 1: the link's is 3
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' };
    expect(v.signal(sender(HOST, 'h'), { to: ANN, epoch: 3, candidate })).toEqual({
      kind: 'relay',
      sessionId: 'a2',
      notice: { from: HOST, epoch: 3, candidate },
    });
    expect(v.signal(sender(HOST, 'h'), { to: ANN, epoch: 2, candidate })).toEqual({ kind: 'stale' });
    expect(v.signal(sender(ANN, 'a'), { to: HOST, epoch: 3, candidate })).toMatchObject({
      reason: VoiceReason.elsewhere,
      bad: false,
    });
    expect(v.signal(sender(BO, 'b'), { to: HOST, epoch: 1, candidate })).toMatchObject({ reason: VoiceReason.noCall });
    // To oneself: no page does that. To someone not (or no longer) in the voice: candidates still on their way
    // when a person leaves it, refused without counting against the sender; so for someone removed.
    expect(v.signal(sender(HOST, 'h'), { to: HOST, epoch: 1, candidate })).toMatchObject({
      reason: VoiceReason.notAllowed,
      bad: true,
    });
    for (const to of [BO, 'nobody']) {
      expect(v.signal(sender(HOST, 'h'), { to, epoch: 1, candidate })).toMatchObject({
        reason: VoiceReason.notAllowed,
        bad: false,
      });
    }
    expect(v.signal(sender(HOST, 'h', { removed: [ANN] }), { to: ANN, epoch: 3, candidate })).toMatchObject({
      reason: VoiceReason.notAllowed,
      bad: false,
    });
  });

  it('a description that sends goes only from someone who may be heard; receiving goes from anyone', () => {
    const v = new SessionVoice(4);
    v.join(HOST, 'h');
    v.join(ANN, 'a');
    const offer = (direction: string) => ({
      to: HOST,
      epoch: 2,
      description: { type: 'offer' as const, sdp: sdp(direction) },
    });
    expect(v.signal(sender(ANN, 'a'), offer('sendrecv'))).toMatchObject({ reason: VoiceReason.notAllowed, bad: false });
    expect(v.signal(sender(ANN, 'a'), offer('recvonly'))).toMatchObject({ kind: 'relay', sessionId: 'h' });
    expect(v.signal(sender(ANN, 'a', { maySpeak: true }), offer('sendrecv'))).toMatchObject({ kind: 'relay' });
    const video = {
      to: HOST,
      epoch: 2,
      description: { type: 'offer' as const, sdp: `${sdp('recvonly')}m=video 9 UDP 96\r\n` },
    };
    expect(v.signal(sender(ANN, 'a', { maySpeak: true }), video)).toMatchObject({
      reason: VoiceReason.badDescription,
      bad: true,
    });
  });

  it('nobody is in the voice once it is cleared', () => {
    const v = new SessionVoice(4);
    v.join(HOST, 'h');
    expect(v.clear()).toBe(true);
    expect(v.inVoice(HOST)).toBe(false);
    expect(v.clear()).toBe(false);
  });
});
