import { matchMaker } from '@colyseus/core';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../server/store/auditRepo.ts';
import { voiceCounters } from '../../server/voice/counters.ts';
import { MeetingIntent } from '../../shared/meetingRoom.ts';
import { MinutesRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { CLOSE_BAD_INPUT, CLOSE_FLOOD, MAX_INVALID_PER_WINDOW } from '../../shared/protocol.ts';
import { VOICE_CANDIDATES_MAX, VOICE_SDP_MAX, VOICE_SIGNALS_PER_SECOND } from '../../shared/voice.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { api, cutNetwork, until } from './helpers.ts';
import { all, meetingStation, refusal, seat, started, type Attendee } from './meetingHelpers.ts';

/** The session's voice holds four here: the four people of a session, and a fifth finds it full. */
const VOICE_MAX = 4;

let marks = 0;
/** An audio-only Opus description whose audio section has `direction`; each one told apart by its origin line. */
const sdp = (direction: string, extra: string[] = []) =>
  [
    'v=0',
    `o=- ${++marks} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=rtpmap:111 opus/48000/2',
    `a=${direction}`,
    ...extra,
    '',
  ].join('\r\n');

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`session voice tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-voicemeet')))('a session’s voice on $name', (target) => {
  const station = meetingStation(target, { MEETING_VOICE_MAX: String(VOICE_MAX) }, [
    'host',
    'wu',
    'li',
    'wang',
    'chen',
    'zhao',
  ]);
  const { tokens, ids, enter } = station;

  /** The host (a park manager) with the officer li as co-host, another park manager and two merchants invited. */
  async function schedule(title: string): Promise<MeetingSummary> {
    const m = await station.schedule(title);
    const roles = MinutesRoute.roles.replace(':id', m.id);
    const named = await api(station.hall, tokens.host!, 'PUT', roles, { coHostIds: [ids.li], secretaryIds: [] });
    expect(named.status).toBe(200);
    return m;
  }

  /** The link's epoch between two people, as `viewer` is shown it. */
  const link = (viewer: Attendee, a: string, b: string) =>
    (seat(viewer, a)?.voiceEpoch ?? 0) + (seat(viewer, b)?.voiceEpoch ?? 0);

  /** `a` joins the voice on this connection; everyone sees them in it with the epoch one higher. */
  async function joinVoice(a: Attendee, everyone: Attendee[]): Promise<void> {
    const before = seat(a, a.id)!.voiceEpoch;
    a.room.send(MeetingIntent.voiceJoin);
    await all(
      everyone,
      (x) => seat(x, a.id)?.voice === true && seat(x, a.id)?.voiceEpoch === before + 1,
      `${a.id} in the voice`,
    );
  }

  const refusals = (a: Attendee) => a.rejected.filter((r) => r.intent === MeetingIntent.voiceSignal).length;

  /** An offer from `from` to `to` on their current link; returns its SDP, to look for. */
  function offer(from: Attendee, to: Attendee, direction: string, extra: string[] = []): string {
    const text = sdp(direction, extra);
    from.room.send(MeetingIntent.voiceSignal, {
      to: to.id,
      epoch: link(from, from.id, to.id),
      description: { type: 'offer', sdp: text },
    });
    return text;
  }

  /** `to`'s connection receives `from`'s description. */
  const relayed = (from: Attendee, to: Attendee, text: string) =>
    until(() => to.signals.some((s) => s.from === from.id && s.description?.sdp === text), 'the description relayed');

  /**
   * `from`'s description is refused with `reason` and `to` never receives it: a candidate sent after it on the
   * same link arrives alone (the room handles a connection's messages in order and relays in that order).
   */
  async function refusedOffer(from: Attendee, to: Attendee, direction: string, reason: string): Promise<void> {
    const count = refusals(from);
    const text = offer(from, to, direction);
    expect(await refusal(from, MeetingIntent.voiceSignal, count + 1)).toEqual({ intent: 'voiceSignal', reason });
    await barrier(from, to);
    expect(to.signals.some((s) => s.description?.sdp === text)).toBe(false);
  }

  /** A candidate from `from` reaches `to`: whatever `from` sent `to` before it has been relayed (or not). */
  async function barrier(from: Attendee, to: Attendee): Promise<void> {
    const candidate = { candidate: `candidate:${++marks} 1 udp 1 127.0.0.1 9 typ host`, sdpMid: '0' };
    from.room.send(MeetingIntent.voiceSignal, { to: to.id, epoch: link(from, from.id, to.id), candidate });
    await until(
      () => to.signals.some((s) => s.from === from.id && s.candidate?.candidate === candidate.candidate),
      'the candidate after it',
    );
  }

  it('relays a description that sends only from who may be heard: the chairs, the floor, open discussion, never the muted', async () => {
    const m = await schedule('谁能说话');
    const host = await enter('host', m.id);
    const li = await enter('li', m.id);
    const wang = await enter('wang', m.id);
    const chen = await enter('chen', m.id);
    const everyone = [host, li, wang, chen];
    await all(everyone, (a) => seat(a, ids.li!)?.chair === true, 'li chairing beside the host');
    for (const a of everyone) await joinVoice(a, everyone);
    await started(host, everyone);
    const counted = voiceCounters();

    // Moderated by default: the chairs are heard, a merchant only listens.
    expect(host.room.state.discussion).toBe('moderated');
    await refusedOffer(wang, host, 'sendrecv', 'voice_not_allowed');
    await refusedOffer(wang, li, 'sendonly', 'voice_not_allowed');
    await relayed(wang, host, offer(wang, host, 'recvonly'));
    const chairs = offer(host, wang, 'sendrecv');
    await relayed(host, wang, chairs);
    await relayed(li, chen, offer(li, chen, 'sendrecv'));
    // Relayed as sent, from the sender, on the link's epoch, to the target's connection only.
    expect(wang.signals.find((s) => s.description?.sdp === chairs)).toEqual({
      from: ids.host,
      epoch: link(wang, ids.host!, ids.wang!),
      description: { type: 'offer', sdp: chairs },
    });
    expect([host, li, chen].some((a) => a.signals.some((s) => s.description?.sdp === chairs))).toBe(false);

    // Given the floor, wang is heard; once the turn ends, not.
    host.room.send(MeetingIntent.giveFloor, { to: ids.wang });
    await all(everyone, (a) => a.room.state.speaker === ids.wang, 'wang to have the floor');
    await relayed(wang, chen, offer(wang, chen, 'sendrecv'));
    wang.room.send(MeetingIntent.endTurn);
    await all(everyone, (a) => a.room.state.speaker === '', 'the turn to end');
    await refusedOffer(wang, chen, 'sendrecv', 'voice_not_allowed');

    // The chair mutes the co-host: silent in the voice too, while still listening.
    host.room.send(MeetingIntent.mute, { personId: ids.li, muted: true });
    await all(everyone, (a) => seat(a, ids.li!)?.muted === true, 'li muted');
    await refusedOffer(li, host, 'sendrecv', 'voice_not_allowed');
    await relayed(li, host, offer(li, host, 'recvonly'));

    // A merchant cannot open the discussion; the chair can, and then every one not muted is heard.
    chen.room.send(MeetingIntent.discussion, { open: true });
    expect(await refusal(chen, MeetingIntent.discussion, 1)).toMatchObject({ reason: 'not_permitted' });
    host.room.send(MeetingIntent.discussion, { open: true });
    await all(everyone, (a) => a.room.state.discussion === 'open', 'open discussion');
    await relayed(wang, chen, offer(wang, chen, 'sendrecv'));
    await relayed(chen, wang, offer(chen, wang, 'sendrecv'));
    await refusedOffer(li, wang, 'sendrecv', 'voice_not_allowed');
    host.room.send(MeetingIntent.mute, { personId: ids.li, muted: false });
    await all(everyone, (a) => seat(a, ids.li!)?.muted === false, 'li unmuted');
    await relayed(li, wang, offer(li, wang, 'sendrecv'));
    // The co-host closes it again: the merchants listen.
    li.room.send(MeetingIntent.discussion, { open: false });
    await all(everyone, (a) => a.room.state.discussion === 'moderated', 'moderated again');
    await refusedOffer(chen, wang, 'sendrecv', 'voice_not_allowed');

    // Nobody was shown the door for any of it; the chair's switches are audited; the signals counted.
    expect(everyone.map((a) => a.left)).toEqual([[], [], [], []]);
    const audit = await until(async () => {
      const rows = await listAudit(station.hall.db, { targetKind: 'meeting', targetId: m.id });
      const switches = rows.filter((r) => r.action === 'meeting.discussion');
      return switches.length === 2 && switches;
    }, 'both switches audited');
    expect(audit.map((r) => [r.actorId, r.detail])).toEqual([
      [ids.li, { open: false, station: 'main' }],
      [ids.host, { open: true, station: 'main' }],
    ]);
    const now = voiceCounters();
    expect(now.refused - counted.refused).toBe(6);
    // Eight descriptions, and a candidate after each refused one.
    expect(now.relayed - counted.relayed).toBe(8 + 6);
  });

  it('refuses signals to or from anyone not in the voice, to oneself, malformed ones; drops stale ones quietly', async () => {
    const m = await schedule('信令');
    const host = await enter('host', m.id);
    const wang = await enter('wang', m.id);
    const chen = await enter('chen', m.id);
    const everyone = [host, wang, chen];
    await joinVoice(host, everyone);
    await joinVoice(wang, everyone);
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' };
    const send = (from: Attendee, payload: unknown) => from.room.send(MeetingIntent.voiceSignal, payload);

    // chen is not in the voice: nothing from him, nothing to him.
    send(chen, { to: ids.host, epoch: 1, candidate });
    expect(await refusal(chen, 'voiceSignal', 1)).toMatchObject({ reason: 'voice_no_call' });
    let n = refusals(host);
    for (const to of [ids.chen, ids.zhao, ids.host, 'nobody-at-all']) {
      send(host, { to, epoch: 2, candidate });
      expect(await refusal(host, 'voiceSignal', ++n)).toMatchObject({ reason: 'voice_not_allowed' });
    }
    // Malformed: refused as bad input, never relayed.
    for (const bad of [
      { to: ids.wang, epoch: 2 },
      { to: ids.wang, epoch: 2, candidate, description: { type: 'offer', sdp: sdp('recvonly') } },
      { to: ids.wang, epoch: 2, description: { type: 'offer', sdp: 'x'.repeat(VOICE_SDP_MAX + 1) } },
      { to: ids.wang, epoch: '2', candidate },
      'not even an object',
    ]) {
      send(host, bad);
      expect(await refusal(host, 'voiceSignal', ++n)).toMatchObject({ reason: 'invalid_payload' });
    }
    offer(host, wang, 'recvonly', ['m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=recvonly']);
    expect(await refusal(host, 'voiceSignal', ++n)).toMatchObject({ reason: 'voice_bad_description' });
    // A signal of an older link is dropped without a word.
    send(host, { to: ids.wang, epoch: 1, candidate: { candidate: 'candidate:stale' } });
    await barrier(host, wang);
    expect(wang.signals.some((s) => s.candidate?.candidate === 'candidate:stale')).toBe(false);
    expect(refusals(host)).toBe(n);
    expect(chen.signals).toEqual([]);

    // Refusals a page never causes honestly count as bad input: enough of them, and the sender is shown out.
    await joinVoice(chen, everyone);
    for (let i = 0; i <= MAX_INVALID_PER_WINDOW; i++) send(chen, { to: ids.chen, epoch: 2, candidate });
    expect(await until(() => chen.left.at(0), 'chen to be shown out')).toBe(CLOSE_BAD_INPUT);
  });

  it('relays candidates in batches, and a burst of signalling as large as joining a full voice sends does not show the sender out', async () => {
    const m = await schedule('成批');
    const host = await enter('host', m.id);
    const wang = await enter('wang', m.id);
    const everyone = [host, wang];
    for (const a of everyone) await joinVoice(a, everyone);
    const epoch = link(host, host.id, wang.id);
    const batch = (n: number) =>
      Array.from({ length: n }, () => ({
        candidate: `candidate:${++marks} 1 udp 1 127.0.0.1 9 typ host`,
        sdpMid: '0',
      }));
    const first = batch(VOICE_CANDIDATES_MAX);
    host.room.send(MeetingIntent.voiceSignal, { to: wang.id, epoch, candidates: first });
    await until(() => wang.signals.some((s) => s.candidates?.[0]?.candidate === first[0]!.candidate), 'the batch');
    expect(wang.signals.at(-1)?.candidates).toHaveLength(VOICE_CANDIDATES_MAX);
    // One more than a batch holds, or a batch beside a single candidate: refused as malformed, never relayed.
    const count = refusals(host);
    host.room.send(MeetingIntent.voiceSignal, { to: wang.id, epoch, candidates: batch(VOICE_CANDIDATES_MAX + 1) });
    host.room.send(MeetingIntent.voiceSignal, { to: wang.id, epoch, candidates: batch(1), candidate: batch(1)[0] });
    await until(() => refusals(host) >= count + 2, 'both refused');
    expect(host.rejected.slice(-2).map((r) => r.reason)).toEqual(['invalid_payload', 'invalid_payload']);
    // Seventy signals at once (a page joining a voice of 24) is more than the intents' own rate, not a flood.
    const relayedBefore = wang.signals.length;
    for (let i = 0; i < 70; i++)
      host.room.send(MeetingIntent.voiceSignal, { to: wang.id, epoch, candidates: batch(2) });
    await until(() => wang.signals.length >= relayedBefore + 70, 'the burst relayed');
    expect(host.left).toEqual([]);
    // The intents keep their own rate, and the signalling its own: beyond VOICE_SIGNALS_PER_SECOND is a flood.
    for (let i = 0; i <= VOICE_SIGNALS_PER_SECOND; i++)
      host.room.send(MeetingIntent.voiceSignal, { to: wang.id, epoch, candidates: batch(1) });
    expect(await until(() => host.left.at(0), 'the flooding sender shown out')).toBe(CLOSE_FLOOD);
    expect(wang.left).toEqual([]);
  });

  it('is full at MEETING_VOICE_MAX; a second connection takes a person’s voice over in a new epoch', async () => {
    const m = await schedule('满员');
    const host = await enter('host', m.id);
    const li = await enter('li', m.id);
    const wu = await enter('wu', m.id);
    const wang = await enter('wang', m.id);
    const chen = await enter('chen', m.id);
    const everyone = [host, li, wu, wang, chen];
    for (const a of [host, li, wang, chen]) await joinVoice(a, everyone);
    wu.room.send(MeetingIntent.voiceJoin);
    expect(await refusal(wu, MeetingIntent.voiceJoin, 1)).toMatchObject({ reason: 'voice_full' });
    expect(seat(host, ids.wu!)?.voice).toBe(false);
    chen.room.send(MeetingIntent.voiceLeave);
    await all(everyone, (a) => seat(a, ids.chen!)?.voice === false, 'chen out of the voice');
    await joinVoice(wu, everyone);

    // wang's second tab takes her voice over: everyone sees a new epoch, and signals go to that tab only.
    const tab = await enter('wang', m.id);
    everyone.push(tab);
    await joinVoice(tab, everyone);
    expect(seat(host, ids.wang!)?.voiceEpoch).toBe(2);
    // The tab that carried it is told at once.
    expect(await refusal(wang, MeetingIntent.voiceJoin, 1)).toMatchObject({ reason: 'voice_elsewhere' });
    expect(tab.rejected).toEqual([]);
    const text = offer(host, tab, 'sendrecv');
    await relayed(host, tab, text);
    expect(wang.signals.some((s) => s.description?.sdp === text)).toBe(false);
    wang.room.send(MeetingIntent.voiceSignal, {
      to: ids.host,
      epoch: link(wang, ids.wang!, ids.host!),
      candidate: { candidate: 'candidate:old-tab' },
    });
    expect(await refusal(wang, MeetingIntent.voiceSignal, 1)).toMatchObject({ reason: 'voice_elsewhere' });
    // The old tab leaving takes nothing with it (the new one still signals); the carrying one does.
    await wang.room.leave(true);
    await until(() => !matchMaker.getLocalRoomById(wang.room.roomId)?.clients.getById(wang.room.sessionId), 'gone');
    await barrier(tab, host);
    expect(seat(host, ids.wang!)?.voice).toBe(true);

    // A dropped carrying connection keeps the voice while its seat is held, and has it back unchanged.
    const epoch = seat(host, ids.host!)!.voiceEpoch;
    let reconnected = false;
    host.room.onReconnect(() => (reconnected = true));
    cutNetwork(host.room);
    await until(() => seat(tab, ids.host!)?.online === false, 'the host seen offline');
    expect(seat(tab, ids.host!)?.voice).toBe(true);
    await until(() => reconnected, 'the host to reconnect', 15_000);
    await until(() => seat(tab, ids.host!)?.online === true, 'the host back');
    expect([seat(tab, ids.host!)?.voice, seat(tab, ids.host!)?.voiceEpoch]).toEqual([true, epoch]);
    await relayed(tab, host, offer(tab, host, 'recvonly'));

    await tab.room.leave(true);
    await all([host, li], (a) => seat(a, ids.wang!)?.voice === false, 'wang out of the voice with her tab');
    // The session over, nobody stays linked, and nobody joins.
    await started(host, [host, li]);
    host.room.send(MeetingIntent.end);
    await all([host, li], (a) => a.room.state.phase === 'ended', 'the session ended');
    await all(
      [host, li],
      (a) => [...a.room.state.participants.values()].every((p) => !p.voice),
      'everyone out of the voice',
    );
    li.room.send(MeetingIntent.voiceJoin);
    expect(await refusal(li, MeetingIntent.voiceJoin, 1)).toMatchObject({ reason: 'meeting_over' });
  });

  it('keeps open discussion over a restart and in a room made again, like who is muted; the voice starts empty', async () => {
    const m = await schedule('重启后');
    const host = await enter('host', m.id);
    const wang = await enter('wang', m.id);
    await joinVoice(host, [host, wang]);
    await started(host, [host, wang]);
    host.room.send(MeetingIntent.discussion, { open: true });
    host.room.send(MeetingIntent.mute, { personId: ids.chen, muted: true });
    await all([host, wang], (a) => a.room.state.discussion === 'open' && seat(a, ids.chen!)?.muted === true, 'shown');

    await station.hall.close();
    await until(() => [host, wang].every((a) => a.left.length > 0), 'everyone sent away by the shutdown');
    await station.boot();
    const back = await enter('wang', m.id);
    expect(back.room.state.discussion).toBe('open');
    expect(seat(back, ids.chen!)?.muted).toBe(true);
    expect([...back.room.state.participants.values()].map((p) => [p.voice, p.voiceEpoch])).toEqual(
      [...back.room.state.participants.values()].map(() => [false, 0]),
    );
    const roomId = back.room.roomId;
    await back.room.leave(true);
    await until(() => !matchMaker.getLocalRoomById(roomId), 'the room to be disposed');
    const again = await enter('chen', m.id);
    expect(again.room.state.discussion).toBe('open');
  });
});
