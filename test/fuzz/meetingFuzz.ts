import { matchMaker } from '@colyseus/core';
import type { RunningHall } from '../../server/app.ts';
import { chatOf, getMeeting, loadRun, publishedAt, type MeetingRecord } from '../../server/meetings/store.ts';
import {
  CHAT_HISTORY,
  CLOSE_REMOVED,
  MEETING_CHAT_MAX,
  MeetingIntent,
  type MeetingChatLine,
} from '../../shared/meetingRoom.ts';
import { chairs, keepsMinutes, mayReadMinutes, mayUpdateAction, mayWriteMinutes } from '../../shared/meetingRules.ts';
import { MeetingsRoute, MinutesRoute, type MeetingMinutes, type MeetingSummary } from '../../shared/meetings.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { RoomName } from '../../shared/protocol.ts';
import { stationDay } from '../../shared/dates.ts';
import { VOICE_CANDIDATES_MAX } from '../../shared/voice.ts';
import { joinMeeting, type Attendee } from '../integration/meetingHelpers.ts';
import { api, hallUrl, staffToken, until } from '../integration/helpers.ts';
import { garbageFrame, hostileValue, ODD_KEYS } from './hostileValues.ts';
import { planSession, sendRaw } from './people.ts';
import type { Prng } from './prng.ts';

/**
 * The meeting room's part of a seeded fuzz run: the park manager of the run schedules a session through the
 * real HTTP API, inviting one officer and most of the run's merchants; the invitees, an officer who was not
 * invited (sitting in on a spare seat) and the merchants who were not (refused at the door) walk into its
 * room over real sockets and send random valid, invalid and hostile meeting intents, and now and then write
 * minutes and action items or name roles over HTTP. After every check the meeting's invariants are read from
 * what the clients were shown and from storage (see {@link MeetingFuzz.violation}). A session that ends is
 * followed by a new one with the same people.
 */

/** One person of the run as the meeting sees them. */
export interface MeetingPerson {
  kind: 'merchant' | 'officer' | 'manager';
  name: string;
  token: string;
  /** A word only this merchant's own hall messages carry (their matter, their desk chat): never seen at the table. */
  secret: string;
}

interface Seat {
  p: MeetingPerson;
  id: string;
  /** Their name as the station knows it (and the table shows it). */
  name: string;
  /** Invited to the sessions of the run (the host is). */
  invited: boolean;
  /** What this person says at the table carries this tag; a line with it from anyone else is someone speaking for them. */
  tag: string;
  /** Their live connection to the current session's room, and every connection to it so far. */
  at?: Attendee;
  past: Attendee[];
  /** Tries in a row to walk in that failed for no reason the door gives. */
  failedJoins: number;
  /** Sessions of this connection shown out for a garbage frame (one log line each). */
  garbage: string[];
}

export interface MeetingSummaryCounts {
  sessions: number;
  messages: number;
  refusals: number;
  chatLines: number;
  signalsRelayed: number;
  httpMoves: number;
  doorRefusals: number;
  removals: number;
}

/** Mixed into the seed for the meeting's stream, so the hall's draws of a seed stay in their order. */
export const MEETING_STREAM = 0x2545f491;
/** Chance a move at the table is one of the HTTP moves (minutes, action items, roles, ending). */
const HTTP_SHARE = 0.06;
/** Audio-only Opus, as a page offers it. */
const OPUS_SDP =
  'v=0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n';
/** The intents only whoever chairs may use, and what of the table each one changes. */
const CHAIR_ONLY = [
  MeetingIntent.start,
  MeetingIntent.nextItem,
  MeetingIntent.giveFloor,
  MeetingIntent.mute,
  MeetingIntent.remove,
  MeetingIntent.end,
  MeetingIntent.discussion,
] as const;

type Shown = {
  phase: string;
  current: number;
  speaker: string;
  discussion: string;
  hands: string[];
  muted: string[];
};

export class MeetingFuzz {
  readonly counts: MeetingSummaryCounts = {
    sessions: 0,
    messages: 0,
    refusals: 0,
    chatLines: 0,
    signalsRelayed: 0,
    httpMoves: 0,
    doorRefusals: 0,
    removals: 0,
  };
  private seats: Seat[] = [];
  private host!: Seat;
  private session!: MeetingSummary;
  /** The session's record as the last check read it from storage. */
  private record!: MeetingRecord;
  /** What the table showed at the last check, and the chair-only intents a chair sent since. */
  private before: Shown | null = null;
  private chairSent = new Set<string>();
  /** The same for the check before: a move sent just before a check may be shown just after it. */
  private chairSentBefore = new Set<string>();
  /** People whose removal a chair asked for in this session. */
  private removalsAsked = new Set<string>();
  /** Person ids who ever sat at the current session's table (a chat line comes from one of them). */
  private seated = new Set<string>();
  /** Action items added over HTTP, with their owner. */
  private actions: { id: string; ownerId: string; meetingId: string }[] = [];
  /** Highest chat line id each connection was shown, to check order. */
  private lastLine = new Map<Attendee, number>();
  private said = 0;
  /** People who left the table (shown out) and walked in again since the last check: they raised no hand since. */
  private cameBack = new Set<string>();
  private knocks = 0;

  private readonly hall: RunningHall;
  readonly r: Prng;
  private readonly run: string;

  constructor(hall: RunningHall, r: Prng, run: string) {
    this.hall = hall;
    this.r = r;
    this.run = run;
  }

  /**
   * The people of the run, and one more officer who is not invited and sits in. Invited: the park manager
   * (host), the first officer, every merchant but the last of the hall and the last of the line.
   */
  async setUp(people: MeetingPerson[], lineMerchants: readonly MeetingPerson[]): Promise<void> {
    const manager = people.find((p) => p.kind === 'manager')!;
    const sitter: MeetingPerson = {
      kind: 'officer',
      name: `旁听${this.run}`,
      token: await staffToken(this.hall, 'officer', `fzs${this.run}`, `旁听${this.run}`),
      secret: '',
    };
    const whoIs = async (p: MeetingPerson): Promise<{ id: string; name: string }> => {
      const me = await api<{ me?: { id: string; name: string } }>(this.hall, p.token, 'GET', AccountsRoute.me);
      if (!me.body.me?.id) throw new Error(`no person id for ${p.name}: ${me.status}`);
      return me.body.me;
    };
    const hallMerchants = people.filter((p) => p.kind === 'merchant' && !lineMerchants.includes(p));
    const uninvited = new Set([hallMerchants.at(-1), lineMerchants.at(-1)].filter(Boolean));
    const firstOfficer = people.find((p) => p.kind === 'officer');
    for (const p of [...people, sitter]) {
      const invited = p === manager || p === firstOfficer || (p.kind === 'merchant' && !uninvited.has(p));
      const { id, name } = await whoIs(p);
      const seat: Seat = {
        p,
        id,
        name,
        invited,
        tag: `言${this.seats.length}_${this.run}Y`,
        past: [],
        failedJoins: 0,
        garbage: [],
      };
      this.seats.push(seat);
      if (p === manager) this.host = seat;
    }
    await this.newSession();
  }

  private async newSession(): Promise<void> {
    // What the connections to the last session were told was checked up to the last check; the rest went with it.
    for (const s of this.seats) {
      s.at = undefined;
      s.past = [];
    }
    const invitees = this.seats
      .filter((s) => s.invited && s !== this.host)
      .map((s) => ({ id: s.id, party: s.p.kind === 'officer' ? ('officer' as const) : ('merchant' as const) }));
    this.session = await planSession(this.hall, this.host.p.token, invitees);
    this.record = (await getMeeting(this.hall.db, this.session.id))!;
    this.counts.sessions++;
    this.before = null;
    this.chairSent = new Set();
    this.chairSentBefore = new Set();
    this.removalsAsked.clear();
    this.removedSeen.clear();
    this.cameBack.clear();
    this.seated.clear();
    this.lastLine.clear();
  }

  /** Everyone the current session admits walks in (again); those it does not are refused at the door. */
  async connectAll(): Promise<void> {
    if (this.record.status === 'ended' || this.record.status === 'cancelled') {
      await Promise.all(this.live().map((s) => s.at!.room.leave(true).catch(() => 0)));
      await this.newSession();
    }
    const run = await loadRun(this.hall.db, this.session.id);
    // Those not invited knock at every tenth check only: the door's answer does not change.
    const knock = this.knocks++ % 10 === 0;
    for (const s of this.seats) {
      if (s.at && s.at.left.length === 0) continue;
      if (!knock && !s.invited && s.p.kind === 'merchant') continue;
      if (run?.removed.includes(s.id)) continue; // the chair showed them out of this session for good
      const admitted = s.invited || s.p.kind !== 'merchant';
      // Walk in again only once the room has seen the last connection go: two at once are two tabs of one
      // person, who keeps their hand while one of them stays.
      const gone = s.at;
      if (gone) {
        const seen = () => !matchMaker.getLocalRoomById(gone.room.roomId)?.clients.getById(gone.room.sessionId);
        await until(seen, 'the room to see the connection go').catch(() => {
          throw new MeetingBroken('a connection shown out is still held at the table', {
            who: s.p.name,
            left: gone.left,
          });
        });
      }
      try {
        const at = await joinMeeting(hallUrl(this.hall), s.p.token, this.session.id, s.id, false);
        if (s.at) this.cameBack.add(s.id);
        s.at = at;
        s.past.push(at);
        s.failedJoins = 0;
        this.seated.add(s.id);
        if (!admitted) throw new MeetingBroken('an uninvited merchant was seated', s.p.name);
      } catch (err) {
        if (err instanceof MeetingBroken) throw err;
        s.at = undefined;
        const why = err instanceof Error ? err.message : String(err);
        if (!admitted && why === 'not_invited') {
          this.counts.doorRefusals++;
          continue;
        }
        // Shown out of this session, or the session just ended: the next check sees to it.
        if (['removed', 'meeting_over'].includes(why)) continue;
        // Shown out as they sat down (removed a moment before it was stored): refused again at the next try.
        if (++s.failedJoins < 3) continue;
        throw new MeetingBroken('someone the session admits was refused at its door', { who: s.p.name, why });
      }
    }
  }

  private live(): Seat[] {
    return this.seats.filter((s) => s.at && s.at.left.length === 0);
  }

  /** One message at the table (or an HTTP move about the session) from someone seated. */
  async move(): Promise<boolean> {
    const here = this.live();
    if (here.length === 0) return false;
    const s = this.r.pick(here);
    const room = s.at!.room;
    const chair = chairs(this.record, s.id);
    // Whatever a chair sends that may be a chair's move counts as one (an empty hostile payload is a valid one).
    const send = (type: unknown, payload?: unknown) => {
      if (chair && (CHAIR_ONLY as readonly unknown[]).includes(type)) this.chairSent.add(type as string);
      room.send(type as string, payload);
    };
    this.counts.messages++;
    const r = this.r;
    const roll = r.next();
    try {
      if (roll < HTTP_SHARE) return (await this.httpMove(s), true);
      if (roll < 0.075) {
        s.garbage.push(room.sessionId);
        sendRaw(room, garbageFrame(r));
        return true;
      }
      if (roll < 0.15) return (send(r.pick(Object.values(MeetingIntent)), hostileValue(r)), true);
      if (roll < 0.18) return (send(r.pick(['*', 'nope', ...ODD_KEYS, '']), hostileValue(r)), true);
      if (roll < 0.2) return (send(r.pick(Object.values(MeetingIntent)), this.oddKeys()), true);
      if (roll < 0.22)
        return (
          send(MeetingIntent.chat, { text: r.pick(['x'.repeat(30_000), '', '   ', `${s.tag}${'长'.repeat(400)}`]) }),
          true
        );
      if (roll < 0.25)
        return (
          send(MeetingIntent.giveFloor, { to: r.pick(['__proto__', 'constructor', 'x'.repeat(65), s.id]) }),
          true
        );
      this.validMove(s, send);
    } catch {
      // The client library refused to encode a value (a BigInt too large): nothing was sent.
    }
    return true;
  }

  private oddKeys(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k of ODD_KEYS)
      if (this.r.chance(0.5)) Object.defineProperty(o, k, { value: this.r.int(3), enumerable: true });
    return o;
  }

  /** What a page sends: hands, the floor, chat, the chair's moves, voice. Anyone may try a chair's move. */
  private validMove(s: Seat, send: (type: unknown, payload?: unknown) => void): void {
    const r = this.r;
    const others = this.seats.filter((o) => o !== s);
    const anyone = () => r.pick(others).id;
    const roll = r.next();
    if (roll < 0.14) send(MeetingIntent.raiseHand);
    else if (roll < 0.2) send(MeetingIntent.lowerHand);
    else if (roll < 0.25) send(MeetingIntent.endTurn);
    else if (roll < 0.43) send(MeetingIntent.chat, { text: `${s.tag} 说 ${++this.said}` });
    else if (roll < 0.5) send(MeetingIntent.start);
    else if (roll < 0.55) send(MeetingIntent.nextItem);
    else if (roll < 0.65) send(MeetingIntent.giveFloor, r.chance(0.4) ? undefined : { to: anyone() });
    else if (roll < 0.7) send(MeetingIntent.mute, { personId: anyone(), muted: r.chance(0.6) });
    else if (roll < 0.71) {
      const who = anyone();
      send(MeetingIntent.remove, { personId: who });
      if (chairs(this.record, s.id)) this.removalsAsked.add(who);
    } else if (roll < 0.715) send(MeetingIntent.end);
    else if (roll < 0.75) send(MeetingIntent.discussion, { open: r.chance(0.5) });
    else if (roll < 0.79) send(MeetingIntent.voiceJoin);
    else if (roll < 0.8) send(MeetingIntent.voiceLeave);
    else {
      const type = MeetingIntent.voiceSignal;
      // Mostly to someone shown in the voice, as a page does; now and then to anyone, or to oneself.
      const rows = [...(s.at?.room.state.participants?.entries() ?? [])];
      const inVoice = rows.filter(([pid, p]) => p.voice && pid !== s.id).map(([pid]) => pid);
      const pick = r.next();
      const to =
        pick < 0.8 && inVoice.length
          ? inVoice[Math.floor((pick / 0.8) * inVoice.length)]!
          : pick < 0.95
            ? anyone()
            : s.id;
      // A link's epoch is the sum of both ends' (shared/voice.ts); a stale one is dropped unanswered.
      const epochOf = (pid: string) => s.at?.room.state.participants?.get(pid)?.voiceEpoch ?? 0;
      const epoch = r.chance(0.9) ? epochOf(s.id) + epochOf(to) : r.int(5);
      // Whom it is for rides inside it: a signal shown to anyone else is a signal misrouted.
      const mark = `${s.tag}>${to}`;
      const part = r.next();
      if (part < 0.4)
        send(type, {
          to,
          epoch,
          description: { type: r.pick(['offer', 'answer']), sdp: `${OPUS_SDP}a=x:${mark}\r\n` },
        });
      else if (part < 0.45)
        send(type, { to, epoch, description: { type: 'offer', sdp: `${OPUS_SDP}m=video 9 RTP 96\r\n` } });
      else {
        const candidate = { candidate: `candidate:1 1 udp 1 10.0.0.${r.int(255)} 9 typ host ${mark}`, sdpMid: '0' };
        if (part < 0.75) send(type, { to, epoch, candidate });
        else
          send(type, {
            to,
            epoch,
            candidates: Array.from({ length: 1 + r.int(VOICE_CANDIDATES_MAX + 2) }, () => candidate),
          });
      }
    }
  }

  /**
   * Minutes, action items, roles and the end over HTTP, each answered as shared/meetingRules.ts says it
   * must be for this person: allowed ones are never refused as not theirs, the others never accepted.
   */
  private async httpMove(s: Seat): Promise<void> {
    const r = this.r;
    const m = this.record;
    const id = this.session.id;
    const at = (route: string, params: Record<string, string | number>) =>
      Object.entries(params).reduce((path, [k, v]) => path.replace(`:${k}`, encodeURIComponent(String(v))), route);
    this.counts.httpMoves++;
    const roll = r.next();
    const hostile = r.chance(0.15);
    const expect = (what: string, status: number, allowed: boolean, ok: number[]) => {
      if (status >= 500) throw new MeetingBroken(`${what} failed on the server`, { who: s.p.name, status });
      if (hostile) return; // an odd body: any 4xx will do
      if (!allowed && ok.includes(status))
        throw new MeetingBroken(`${what} accepted from someone the rules do not allow`, { who: s.p.name, status });
      if (allowed && status === 403)
        throw new MeetingBroken(`${what} refused to someone the rules allow`, { who: s.p.name, status });
    };
    if (roll < 0.3) {
      const index = r.int(m.agenda.length + 1);
      const minutes = await api<MeetingMinutes>(this.hall, s.p.token, 'GET', at(MinutesRoute.minutes, { id }));
      const version = minutes.body.items?.[index]?.version ?? '';
      const body = hostile
        ? hostileValue(r)
        : { text: `${s.tag} 记 ${++this.said}`, decisions: r.chance(0.5) ? ['同意'] : [], version };
      const res = await api(this.hall, s.p.token, 'PUT', at(MinutesRoute.item, { id, index }), body);
      expect('writing minutes', res.status, mayWriteMinutes(m, s.id), [200]);
    } else if (roll < 0.5) {
      const owners = [this.host, ...this.seats.filter((o) => o.invited)];
      const owner = r.pick(owners);
      const body = hostile
        ? hostileValue(r)
        : {
            agendaIndex: r.int(m.agenda.length),
            what: `${s.tag} 办 ${++this.said}`,
            ownerId: owner.id,
            party: owner === this.host ? 'property' : owner.p.kind === 'officer' ? 'officer' : 'merchant',
            due: stationDay(Date.now() + 7 * 86_400_000, 'Asia/Shanghai'),
          };
      const res = await api<MeetingMinutes>(this.hall, s.p.token, 'POST', at(MinutesRoute.actions, { id }), body);
      expect('adding an action item', res.status, mayWriteMinutes(m, s.id), [201]);
      if (res.status === 201) {
        for (const a of res.body.actions) {
          if (!this.actions.some((k) => k.id === a.id))
            this.actions.push({ id: a.id, ownerId: a.ownerId, meetingId: id });
        }
      }
    } else if (roll < 0.7 && this.actions.length > 0) {
      const item = r.pick(this.actions);
      const of = item.meetingId === id ? m : await getMeeting(this.hall.db, item.meetingId);
      const body = hostile ? hostileValue(r) : { status: r.pick(['open', 'done']) };
      const res = await api(this.hall, s.p.token, 'PUT', at(MinutesRoute.action, { id: item.id }), body);
      expect('updating an action item', res.status, of !== null && mayUpdateAction(of, item, s.id), [200]);
    } else if (roll < 0.85) {
      const res = await api(this.hall, s.p.token, 'GET', at(MinutesRoute.minutes, { id }));
      const run = await loadRun(this.hall.db, id);
      const table = run ? { attended: run.attended ?? [], removed: run.removed } : null;
      const published = Boolean(await publishedAt(this.hall.db, id));
      const may = mayReadMinutes(m, table, s.id, published);
      if (res.status >= 500 || (res.status === 200) !== may)
        throw new MeetingBroken('minutes shown against the rules', { who: s.p.name, status: res.status, may });
    } else if (roll < 0.97) {
      // The host names roles: an officer co-hosts or not, one invitee keeps the minutes or none.
      const staff = this.seats.filter((o) => o.invited && o !== this.host && o.p.kind === 'officer');
      const invited = this.seats.filter((o) => o.invited && o !== this.host);
      const body = hostile
        ? hostileValue(r)
        : {
            coHostIds: staff.filter(() => r.chance(0.3)).map((o) => o.id),
            secretaryIds: r.chance(0.5) ? [r.pick(invited).id] : [],
          };
      const res = await api(this.hall, s.p.token, 'PUT', at(MinutesRoute.roles, { id }), body);
      expect('naming roles', res.status, s === this.host, [200]);
      if (res.status === 200) this.record = (await getMeeting(this.hall.db, id))!;
    } else {
      const res = await api(this.hall, s.p.token, 'POST', at(MeetingsRoute.end, { id }));
      expect('ending the session', res.status, chairs(m, s.id), [200]);
      if (res.status === 200 && chairs(m, s.id)) this.chairSent.add(MeetingIntent.end);
    }
  }

  /**
   * The meeting's invariants, once the table has settled (null when they hold): read from what every live
   * connection was shown and from storage. The rules are those shared/meetingRules.ts and the room claim.
   */
  async violation(): Promise<{ what: string; detail: unknown } | null> {
    const id = this.session.id;
    const record = await getMeeting(this.hall.db, id);
    if (!record) return { what: 'the session vanished from storage', detail: id };
    const run = await loadRun(this.hall.db, id);
    const live = this.live();
    // Seats held are people connected: the room holds a connection for each live one, and no other.
    const rooms = await matchMaker.query({ name: RoomName.meeting, meetingId: id });
    const clients = rooms.reduce((n, room) => n + room.clients, 0);
    if (rooms.length > 1) return { what: 'two rooms for one session', detail: rooms.map((x) => x.roomId) };
    if (clients !== live.length)
      return { what: 'room connections differ from people at the table', detail: [clients, live.length] };
    if (live.length === 0) return this.settled(record, null);
    const states = live.map((s) => s.at!.room.state);
    const shown = (st: (typeof states)[number]): Shown => ({
      phase: st.phase,
      current: st.current,
      speaker: st.speaker,
      discussion: st.discussion,
      hands: [...st.hands],
      muted: [...st.participants.entries()]
        .filter(([, p]) => p.muted)
        .map(([pid]) => pid)
        .sort(),
    });
    const first = shown(states[0]!);
    const same = JSON.stringify(first);
    for (const [i, st] of states.entries())
      if (JSON.stringify(shown(st)) !== same)
        return {
          what: 'two people shown different tables',
          detail: [live[0]!.p.name, first, live[i]!.p.name, shown(st)],
        };
    const st = states[0]!;
    const present = new Set([...st.participants.entries()].filter(([, p]) => p.present).map(([pid]) => pid));
    const here = new Set(live.map((s) => s.id));
    if (present.size !== here.size || [...here].some((h) => !present.has(h)))
      return {
        what: 'people shown present differ from people connected',
        detail: { present: [...present], here: [...here] },
      };
    // The floor: nobody, or one person present and not removed, not also waiting with a raised hand.
    const removed = run?.removed ?? [];
    if (first.speaker && (!present.has(first.speaker) || removed.includes(first.speaker)))
      return { what: 'the floor held by someone not present', detail: first.speaker };
    // Someone gone for good loses their hand and the floor; coming back does not bring them back.
    const kept = [first.speaker, ...first.hands].filter((x) => this.cameBack.has(x));
    if (kept.length > 0) return { what: 'a hand or the floor kept for someone who left', detail: { kept, first } };
    if (first.hands.includes(first.speaker)) return { what: 'the speaker also has a hand raised', detail: first };
    if (new Set(first.hands).size !== first.hands.length) return { what: 'a hand raised twice', detail: first.hands };
    const stray = first.hands.filter((h) => !present.has(h) || removed.includes(h));
    if (stray.length > 0) return { what: 'a hand raised by someone not present', detail: stray };
    if (!['scheduled', 'running', 'ended', 'cancelled'].includes(first.phase))
      return { what: 'an unknown phase', detail: first };
    const items = st.agenda.length;
    // -1 before the start (and in a session ended before it started, as the host may over HTTP); an item while it runs.
    const lowest = first.phase === 'running' && items > 0 ? 0 : -1;
    const inRange =
      first.phase === 'scheduled'
        ? first.current === -1
        : first.current >= lowest && first.current < Math.max(items, 1);
    if (!inRange)
      return { what: 'the agenda item out of range', detail: { current: first.current, items, phase: first.phase } };
    if (first.phase !== 'running' && (first.speaker || first.hands.length))
      return { what: 'a floor or hands outside a running session', detail: first };
    if (removed.some((x) => present.has(x))) return { what: 'someone removed still at the table', detail: removed };
    if (
      [...st.participants.keys()].some((pid) =>
        this.seats.find((s) => s.id === pid && !s.invited && s.p.kind === 'merchant'),
      )
    )
      return { what: 'an uninvited merchant has a seat', detail: [...st.participants.keys()] };
    // Who chairs and who writes, as the record names them and the rules read it.
    for (const [pid, p] of st.participants) {
      if (p.chair !== chairs(record, pid) || p.secretary !== keepsMinutes(record, pid))
        return {
          what: 'a chair or secretary shown against the rules',
          detail: { pid, chair: p.chair, secretary: p.secretary },
        };
    }
    // What everyone is shown is what is stored (stored first, then shown).
    if (record.status !== first.phase)
      return { what: 'the phase shown differs from storage', detail: [record.status, first.phase] };
    if (run) {
      const stored = {
        current: first.phase === 'scheduled' ? -1 : run.current,
        speaker: run.speakerId ?? '',
        discussion: run.discussion ?? 'moderated',
        hands: run.hands ?? [],
        muted: [...run.muted].filter((x) => st.participants.has(x)).sort(),
      };
      const shownNow = {
        current: first.current,
        speaker: first.speaker,
        discussion: first.discussion,
        hands: first.hands,
        muted: first.muted,
      };
      if (JSON.stringify(stored) !== JSON.stringify(shownNow))
        return { what: 'the table shown differs from the table stored', detail: { stored, shown: shownNow } };
    }
    // Only a chair changes what the rules leave to a chair.
    if (this.before) {
      const b = this.before;
      const changed = (k: string, moved: boolean, by: string[]) =>
        moved && !by.some((t) => this.chairSent.has(t) || this.chairSentBefore.has(t))
          ? { what: `${k} changed with no chair asking`, detail: { before: b, now: first } }
          : null;
      const broken =
        changed('the phase', b.phase !== first.phase, [MeetingIntent.start, MeetingIntent.end]) ??
        changed('the agenda item', b.current !== first.current, [MeetingIntent.start, MeetingIntent.nextItem]) ??
        changed('the discussion', b.discussion !== first.discussion, [MeetingIntent.discussion]) ??
        changed('who is muted', b.muted.join() !== first.muted.join(), [MeetingIntent.mute]) ??
        changed('the floor', first.speaker !== '' && first.speaker !== b.speaker, [MeetingIntent.giveFloor]);
      if (broken) return broken;
    }
    for (const x of removed)
      if (!this.removalsAsked.has(x)) return { what: 'someone removed with no chair asking', detail: x };
    const problem = this.toldProblem(await chatOf(this.hall.db, id, CHAT_HISTORY));
    if (problem) return problem;
    this.counts.removals += removed.filter((x) => !this.removedSeen.has(x)).length;
    for (const x of removed) this.removedSeen.add(x);
    return this.settled(record, first);
  }

  /** Removals of this session already counted. */
  private removedSeen = new Set<string>();

  /** Everything told to every connection of this session: chat in order and bounded, signals to their addressee only, nothing private. */
  private toldProblem(stored: MeetingChatLine[]): { what: string; detail: unknown } | null {
    const storedById = new Map(stored.map((l) => [l.id, JSON.stringify(l)]));
    const newest = stored.at(-1)?.id ?? 0;
    const secrets = this.seats.filter((s) => s.p.kind === 'merchant').map((s) => ({ id: s.id, secret: s.p.secret }));
    for (const s of this.seats) {
      for (const a of s.past) {
        let last = this.lastLine.get(a) ?? 0;
        for (const history of a.histories) {
          if (history.length > CHAT_HISTORY) return { what: 'a chat history longer than kept', detail: history.length };
          const ids = history.map((l) => l.id);
          if (ids.some((x, i) => i > 0 && x <= ids[i - 1]!))
            return { what: 'a chat history out of order', detail: ids };
          for (const l of history) {
            const bad = this.lineProblem(l);
            if (bad) return bad;
          }
          if (ids.length) last = Math.max(last, ids.at(-1)!);
        }
        for (const l of a.chat) {
          if (l.id <= last)
            return { what: 'a chat line out of order or twice', detail: { to: s.p.name, id: l.id, after: last } };
          last = l.id;
          // Stored first, then shown: a line shown is in storage as shown.
          if (l.id > newest || (storedById.has(l.id) && storedById.get(l.id) !== JSON.stringify(l)))
            return { what: 'a chat line shown that is not stored as shown', detail: { line: l, newest } };
          const bad = this.lineProblem(l);
          if (bad) return bad;
        }
        this.lastLine.set(a, last);
        this.counts.chatLines += a.chat.length;
        for (const n of a.signals) {
          this.counts.signalsRelayed++;
          const text = JSON.stringify(n);
          const mark = /言(\d+)_[^>]*>([^\\\s"]+)/.exec(text);
          const sender = mark ? this.seats[Number(/^言(\d+)/.exec(mark[0])![1])] : undefined;
          if (mark && (mark[2] !== s.id || (sender && sender.id !== n.from)))
            return {
              what: 'a voice signal shown to someone it was not for',
              detail: { to: s.p.name, from: n.from, mark: mark[0] },
            };
        }
        this.counts.refusals += a.rejected.length;
        if (s.p.kind === 'merchant') {
          const told = JSON.stringify([a.chat, a.histories, a.signals, a.rejected, a.room.state?.toJSON?.()]);
          for (const o of secrets)
            if (o.id !== s.id && o.secret && told.includes(o.secret))
              return {
                what: 'a merchant was told another merchant’s private data at the table',
                detail: [s.p.name, o.id],
              };
        }
        // Everything told so far has been checked.
        a.chat = [];
        a.histories = [];
        a.signals = [];
        a.rejected = [];
      }
      // Shown out as removed: only someone a chair removed from this session.
      for (const a of s.past)
        if (a.left.includes(CLOSE_REMOVED) && !this.removalsAsked.has(s.id))
          return { what: 'shown out as removed with no chair asking', detail: s.p.name };
      // Connections of earlier sessions, and closed ones, have nothing more to tell.
      s.past = s.past.filter((a) => a === s.at);
    }
    return null;
  }

  private lineProblem(l: MeetingChatLine): { what: string; detail: unknown } | null {
    if ([...l.text].length > MEETING_CHAT_MAX || l.text.length === 0)
      return { what: 'a chat line of a length the room refuses', detail: l.text.length };
    if (!this.seated.has(l.from)) return { what: 'a chat line from someone never at the table', detail: l };
    const tag = /言(\d+)_/.exec(l.text);
    const speaker = tag ? this.seats[Number(tag[1])] : undefined;
    if (speaker && l.text.includes(speaker.tag) && speaker.id !== l.from)
      return { what: 'a chat line in someone else’s name', detail: l };
    const who = this.seats.find((s) => s.id === l.from);
    if (who && l.name !== who.name) return { what: 'a chat line under another name', detail: l };
    return null;
  }

  /** The check passed: what the table shows now is the baseline for the next one. */
  private settled(record: MeetingRecord, shown: Shown | null): null {
    this.record = record;
    if (shown) this.before = shown;
    this.cameBack.clear();
    this.chairSentBefore = this.chairSent;
    this.chairSent = new Set();
    return null;
  }

  /** Sessions of connections shown out for a garbage frame (the log must name each once). */
  garbageSessions(): string[] {
    return this.seats.flatMap((s) => s.garbage);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.live().map((s) =>
        Promise.race([s.at!.room.leave(true).catch(() => 0), new Promise((r) => setTimeout(r, 3000))]),
      ),
    );
  }
}

export class MeetingBroken extends Error {
  readonly what: string;
  readonly detail: unknown;

  constructor(what: string, detail: unknown) {
    super(what);
    this.what = what;
    this.detail = detail;
  }
}
