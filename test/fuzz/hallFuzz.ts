import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, HallNotice, RoomName } from '../../shared/protocol.ts';
import { OUTCOMES, type MyTicket, type MyTicketsNotice } from '../../shared/queue.ts';
import { VOICE_CANDIDATES_MAX, type DeskCallNotice } from '../../shared/voice.ts';
import type { RunningHall } from '../../server/app.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { hallNow, hallUrl, poseOf, staffToken, until } from '../integration/helpers.ts';
import { garbageFrame, hostileValue } from './hostileValues.ts';
import { checkLog } from './logCheck.ts';
import { enterHall, roomsOf, sendRaw, type Guest } from './people.ts';
import { MEETING_STREAM, MeetingBroken, MeetingFuzz, type MeetingSummaryCounts } from './meetingFuzz.ts';
import { Prng } from './prng.ts';

/**
 * A seeded fuzz run against the real hall over real sockets, in the manner of tldraw's sync fuzz test:
 * merchants, officers and a park manager send random but reproducible intents — valid ones, invalid ones and
 * hostile ones (wrong types, huge and NaN-ish numbers, deep objects, odd keys, 30 KB strings, unknown and "*"
 * types, requests, raw garbage frames) — in bursts, and after every burst (or every message, with
 * `checkEvery: 'message'`) the invariants are checked: the
 * hall answers, every seat held is a person connected, each ticket in one state, positions 1…n without
 * gaps per service, one desk per ticket, nobody called to two desks, no merchant told another's private data.
 */
export interface FuzzOptions {
  seed: number;
  /** Messages to send in all (hostile frames included). */
  messages: number;
  merchants?: number;
  /** Merchants following the queue from the line (as when the hall is full), on the same desks. */
  lineMerchants?: number;
  officers?: number;
  /** Messages per burst; the invariants are checked after each. */
  burst?: number;
  /**
   * `message`: the invariants are checked after every single message (a burst of one), so a failure names the
   * message that broke them; slower, for the regression seeds. Default `burst`.
   */
  checkEvery?: 'burst' | 'message';
  /** The hall's log lines, when the caller captures them, to count the lines each bad frame costs. */
  logLines?: string[];
  /**
   * Share of the messages sent at a three-party session's table (see meetingFuzz.ts), scheduled for the run's
   * people; 0 fuzzes the hall alone. Default {@link MEETING_SHARE}.
   */
  meetingShare?: number;
}

export interface FuzzSummary {
  seed: number;
  messages: number;
  refusals: number;
  drops: number;
  badFrames: number;
  checks: number;
  /** Connections shown out for a garbage frame, and the log lines about that (one each when all is well). */
  badFrameDrops: number;
  badFrameLogLines: number;
  /** The most lines one bad frame's sender was logged with (one when all is well). */
  badFrameMostLines: number;
  /** Stack-trace lines and lines Colyseus printed itself, over the whole run (none when all is well). */
  stackOrLibraryLines: number;
  /** Lines logged at error level over the whole run (none when all is well). */
  errorLines: number;
  /** Why the hall's log breaks its rules (see {@link checkLog}); empty when it keeps them or was not captured. */
  problems: string[];
  /** What happened at the meeting table (its messages are counted in `messages` too). */
  meeting: MeetingSummaryCounts | null;
}

interface Actor {
  kind: 'merchant' | 'officer' | 'manager';
  name: string;
  /** A word only this merchant's own messages may carry (their matter and chat). */
  secret: string;
  token: string;
  /** A merchant in the line: no avatar, the queue only. */
  inLine?: boolean;
  deskId?: string;
  guest?: Guest;
  /** Every connection this actor had: their sessions and what each was told. */
  past: Guest[];
  /** Sessions shown out for a garbage frame this actor sent. */
  garbageSessions: Set<string>;
}

const SERVICES = hallLayout.services.map((s) => s.id);
const DESKS = hallLayout.desks.map((d) => d.id);
/** Tries of /healthz, half a second apart, before the hall counts as no longer answering. */
const HEALTH_TRIES = 3;
/** How long the hall may take to settle after a burst before an invariant counts as broken, ms. */
const SETTLE_MS = 8000;

/** Share of messages that are a desk call's intents (ask, answer, hang up, carry, mute, signal). */
const VOICE_SHARE = 0.12;
/** Share of messages sent at the meeting table by default. */
export const MEETING_SHARE = 0.25;
/** Mixed into the seed for the desk call's stream. */
const VOICE_STREAM = 0x5f3759df;
/** Audio-only Opus, as a page offers it; the rooms relay it between the two people of a live call only. */
const OPUS_SDP =
  'v=0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n';

export class FuzzFailure extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFuzz(hall: RunningHall, opts: FuzzOptions): Promise<FuzzSummary> {
  const r = new Prng(opts.seed);
  // The desk call's intents draw from a stream of their own, so the other draws of a seed stay in their order.
  const voice = new Prng(opts.seed ^ VOICE_STREAM);
  const burst = opts.checkEvery === 'message' ? 1 : (opts.burst ?? 40);
  const url = hallUrl(hall);
  const run = `${opts.seed.toString(36)}${Date.now().toString(36)}`;
  const actors: Actor[] = [];
  const fresh = (kind: Actor['kind'], name: string, token: string): Actor => ({
    kind,
    name,
    secret: `密${run}${actors.length}X`,
    token,
    past: [],
    garbageSessions: new Set(),
  });
  for (let i = 0; i < (opts.merchants ?? 5); i++) {
    const name = `商${run}${i}`;
    actors.push(fresh('merchant', name, await signUpMerchant(url, name, `${name}店`)));
  }
  for (let i = 0; i < (opts.lineMerchants ?? 2); i++) {
    const name = `列${run}${i}`;
    actors.push({ ...fresh('merchant', name, await signUpMerchant(url, name, `${name}店`)), inLine: true });
  }
  for (let i = 0; i < (opts.officers ?? 2); i++) {
    const a = fresh('officer', `警${i}`, await staffToken(hall, 'officer', `fz${run}${i}`, `警官${run}${i}`));
    a.deskId = DESKS[i % DESKS.length];
    actors.push(a);
  }
  actors.push(fresh('manager', '经理', await staffToken(hall, 'parkManager', `fzm${run}`, `经理${run}`)));

  const summary: FuzzSummary = {
    seed: opts.seed,
    messages: 0,
    refusals: 0,
    drops: 0,
    badFrames: 0,
    checks: 0,
    badFrameDrops: 0,
    badFrameLogLines: 0,
    badFrameMostLines: 0,
    stackOrLibraryLines: 0,
    errorLines: 0,
    problems: [],
    meeting: null,
  };
  const share = opts.meetingShare ?? MEETING_SHARE;
  // The meeting's moves draw from a stream of their own too.
  const meeting = share > 0 ? new MeetingFuzz(hall, new Prng(opts.seed ^ MEETING_STREAM), run) : null;
  const fail = (what: string, detail: unknown): never => {
    throw new FuzzFailure(
      `fuzz seed ${opts.seed}: ${what} after ${summary.messages} messages: ${JSON.stringify(detail)}`,
    );
  };

  /**
   * Everyone shown out walks back in at once. There are exactly as many seats as people, so a seat still
   * held by a closed connection shows up as someone who cannot come back (and then as seats ≠ people).
   */
  const connectAll = async () => {
    for (const a of actors) {
      if (a.guest && a.guest.left.length === 0) continue;
      if (a.guest) summary.drops++;
      const back = await enterHall(hall, a.token, a.inLine).catch(() => undefined);
      if (back) a.past.push(back);
      a.guest = back;
    }
  };

  try {
    if (meeting) {
      await meeting.setUp(
        actors,
        actors.filter((a) => a.inLine),
      );
      summary.meeting = meeting.counts;
    }
    await check(actors, hall, summary, connectAll, fail, meeting);
    while (summary.messages < opts.messages) {
      for (let i = 0; i < burst && summary.messages < opts.messages; i++) {
        if (meeting && meeting.r.chance(share)) {
          if (await meeting.move()) summary.messages++;
          continue;
        }
        const a = r.pick(actors);
        if (!a.guest || a.guest.left.length > 0) continue; // shown out: back in at the check
        summary.messages++;
        try {
          if (a.kind !== 'manager' && voice.chance(VOICE_SHARE)) voiceMove(voice, a, a.guest);
          else act(r, a, a.guest, summary);
        } catch {
          // The client library refused to encode a value (a BigInt too large): nothing was sent.
        }
      }
      await check(actors, hall, summary, connectAll, fail, meeting);
    }
  } catch (err) {
    if (err instanceof MeetingBroken) fail(`at the meeting table: ${err.what}`, err.detail);
    throw err;
  } finally {
    await meeting?.close();
    // Leave what is still open; a connection the hall closed has nothing to leave.
    const open = actors.filter((a) => a.guest && a.guest.left.length === 0);
    await Promise.all(open.map((a) => Promise.race([a.guest!.room.leave(true).catch(() => 0), sleep(3000)])));
  }
  summary.refusals = actors.reduce((n, a) => n + a.past.reduce((m, g) => m + g.rejected.length, 0), 0);
  if (opts.logLines) {
    const report = checkLog(opts.logLines, [
      ...actors.flatMap((a) => [...a.garbageSessions]),
      ...(meeting?.garbageSessions() ?? []),
    ]);
    Object.assign(summary, report);
  }
  return summary;
}

/** One message from one person: mostly what the page would send, a share of it hostile. */
function act(r: Prng, a: Actor, g: Guest, summary: FuzzSummary): void {
  const room = g.room;
  const roll = r.next();
  if (roll < 0.02) {
    summary.badFrames++;
    a.garbageSessions.add(room.sessionId);
    return sendRaw(room, garbageFrame(r));
  }
  if (roll < 0.1) return room.send(r.pick(Object.values(HallIntent)), hostileValue(r) as never);
  if (roll < 0.13) return room.send(r.pick(['*', 'nope', 'toString', '__proto__', '']), hostileValue(r) as never);
  if (roll < 0.15) return room.send(r.pick([0, 7, -1, 2 ** 31]), hostileValue(r) as never);
  if (roll < 0.17) return void room.request(r.pick(['*', HallIntent.callNext, 'x']), hostileValue(r)).catch(() => {});
  if (roll < 0.18) return room.sendBytes(r.pick(['*', 'moveTo', 3]), new Uint8Array(r.int(100)));
  if (roll < 0.3) return room.send(HallIntent.moveTo, { x: r.int(40) - 20, z: r.int(40) - 20 });
  if (a.kind === 'merchant') return merchantMove(r, a, g);
  if (a.kind === 'officer') return officerMove(r, a, g);
  steer(r, g, r.pick([-1, 0, 1]), r.pick([-1, 0, 1]));
}

/**
 * A steering segment as the page sends it: from where its replay has the person now, on the hall clock; now
 * and then from a spot or a moment the hall disagrees with (a page out of step), which the hall replaces by its own.
 */
function steer(r: Prng, g: Guest, dx: number, dz: number): void {
  if (!g.room.state.avatars) return; // in the line: nobody walks there
  const t = hallNow(g.room);
  const here = poseOf(g.room, g.room.sessionId, t) ?? { x: 0, z: 0 };
  const off = r.chance(0.2) ? r.int(5) - 2 : 0;
  g.room.send(HallIntent.steer, { x: here.x + off, z: here.z, dx, dz, t: r.chance(0.1) ? Math.max(0, t - 5000) : t });
}

/**
 * A desk call's intent, mostly as a page sends it to the other side of its latest call, some of it not: to
 * nobody, to oneself, an old epoch, video, a batch too long. What a merchant signals carries their secret, so
 * a signal relayed to anyone but their desk's officer shows up as another merchant told their private data.
 */
function voiceMove(r: Prng, a: Actor, g: Guest): void {
  const send = g.room.send.bind(g.room) as (type: string, payload?: unknown) => void;
  let call: DeskCallNotice | undefined;
  for (let i = g.told.length - 1; i >= 0 && !call; i--)
    if (g.told[i]!.type === HallNotice.deskCall) call = g.told[i]!.message as DeskCallNotice;
  const roll = r.next();
  if (roll < 0.15) return send(HallIntent.voiceAsk);
  if (roll < 0.25) return send(HallIntent.voiceAnswer, { accept: r.chance(0.8) });
  if (roll < 0.3) return send(HallIntent.voiceHangUp);
  if (roll < 0.35) return send(HallIntent.voiceHere);
  if (roll < 0.4) return send(HallIntent.voiceMute, { muted: r.chance(0.5) });
  const to = r.chance(0.85) ? (call?.peer.personId ?? 'nobody') : r.pick(['nobody', g.personId ?? 'x', '__proto__']);
  const epoch = r.chance(0.85) ? (call?.peer.epoch ?? 0) : r.int(5);
  const candidate = { candidate: `candidate:1 1 udp 1 10.0.0.${r.int(255)} 9 typ host ${a.secret}`, sdpMid: '0' };
  const part = r.next();
  if (part < 0.3)
    send(HallIntent.voiceSignal, { to, epoch, description: { type: 'offer', sdp: `${OPUS_SDP}a=x:${a.secret}\r\n` } });
  else if (part < 0.35)
    send(HallIntent.voiceSignal, {
      to,
      epoch,
      description: { type: 'answer', sdp: `${OPUS_SDP}m=video 9 RTP 96\r\n` },
    });
  else if (part < 0.7) send(HallIntent.voiceSignal, { to, epoch, candidate });
  else
    send(HallIntent.voiceSignal, {
      to,
      epoch,
      candidates: Array.from({ length: 1 + r.int(VOICE_CANDIDATES_MAX + 2) }, () => candidate),
    });
}

function latestTickets(g: Guest): MyTicket[] {
  for (let i = g.told.length - 1; i >= 0; i--)
    if (g.told[i]!.type === HallNotice.myTickets) return (g.told[i]!.message as MyTicketsNotice).tickets;
  return [];
}

function merchantMove(r: Prng, a: Actor, g: Guest): void {
  const mine = latestTickets(g);
  const roll = r.next();
  if (roll < 0.5) g.room.send(HallIntent.takeTicket, { service: r.pick(SERVICES), description: `${a.secret} 办事` });
  else if (roll < 0.7 && mine.length) g.room.send(HallIntent.leaveQueue, { ticketId: r.pick(mine).id });
  else {
    const serving = mine.find((t) => t.status === 'serving');
    if (serving) g.room.send(HallIntent.deskChat, { ticketId: serving.id, text: `${a.secret} 说` });
    else if (!a.inLine) steer(r, g, 0, 0);
  }
}

function officerMove(r: Prng, a: Actor, g: Guest): void {
  const roll = r.next();
  const send = g.room.send.bind(g.room) as (type: string, payload?: unknown) => void;
  if (roll < 0.15) {
    const services = SERVICES.filter(() => r.chance(0.6));
    send(HallIntent.openDesk, { deskId: a.deskId, services: services.length ? services : [SERVICES[0]] });
  } else if (roll < 0.45) send(HallIntent.callNext);
  else if (roll < 0.6) send(HallIntent.startService);
  else if (roll < 0.75) send(HallIntent.complete, { notes: '已办', checklist: ['带执照'], outcome: r.pick(OUTCOMES) });
  else if (roll < 0.8) send(HallIntent.recall);
  else if (roll < 0.85) send(HallIntent.noShow);
  else if (roll < 0.9) send(HallIntent.transfer, { service: r.pick(SERVICES) });
  else if (roll < 0.95) send(HallIntent.pauseDesk, { paused: r.chance(0.3) });
  else send(HallIntent.closeDesk);
}

/** The invariants, once the hall has settled after a burst (each must hold within SETTLE_MS). */
async function check(
  actors: Actor[],
  hall: RunningHall,
  summary: FuzzSummary,
  connectAll: () => Promise<void>,
  fail: (what: string, detail: unknown) => never,
  meeting: MeetingFuzz | null,
): Promise<void> {
  summary.checks++;
  // A connection the client library reused just as the server closed it fails once; a hall that stopped
  // answering fails every try.
  let answer: string | number = 'no answer';
  for (let attempt = 0; attempt < HEALTH_TRIES; attempt++) {
    const health = await fetch(new URL('/healthz', hallUrl(hall))).catch((err: unknown) => {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      answer = `${String(err)}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      return null;
    });
    if (health?.ok) break;
    if (health) answer = health.status;
    if (attempt === HEALTH_TRIES - 1) fail('the hall stopped answering /healthz', answer);
    await sleep(500);
  }
  let broken: { what: string; detail: unknown } | null = null;
  await until(
    async () => {
      await connectAll();
      broken = await violation(actors);
      if (broken || !meeting) return broken === null;
      try {
        await meeting.connectAll();
        broken = await meeting.violation();
      } catch (err) {
        if (err instanceof MeetingBroken) broken = { what: err.what, detail: err.detail };
        throw err;
      }
      if (broken) broken = { what: `at the meeting table: ${broken.what}`, detail: broken.detail };
      return broken === null;
    },
    'invariants',
    SETTLE_MS,
  ).catch(() => fail(broken!.what, broken!.detail));
}

async function violation(actors: Actor[]): Promise<{ what: string; detail: unknown } | null> {
  const connected = actors.filter((a) => a.guest && a.guest.left.length === 0);
  const halls = await roomsOf(RoomName.hall);
  if (halls.length !== 1) return { what: 'not exactly one hall', detail: halls };
  const lines = await roomsOf(RoomName.line);
  if (lines.length !== 1) return { what: 'not exactly one line', detail: lines };
  // Seats held are people connected (a dropped sender holds none; everyone else is connected here).
  const inHall = connected.filter((a) => !a.inLine).length;
  if (halls[0]!.clients !== inHall)
    return { what: 'seats held differ from people connected', detail: [halls[0]!.clients, inHall] };
  if (lines[0]!.clients !== connected.length - inHall)
    return { what: 'line seats differ from people following', detail: [lines[0]!.clients, connected.length - inHall] };
  const board = connected.find((a) => !a.inLine)?.guest?.room.state;
  // The line shows the very board the hall shows: one queue, one set of desks.
  const lineBoard = connected.find((a) => a.inLine)?.guest?.room.state;
  if (board && lineBoard) {
    const shownBy = (s: typeof board) =>
      JSON.stringify({ desks: s.desks.toJSON(), lines: s.lines.toJSON() }, (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
          : v,
      );
    if (shownBy(board) !== shownBy(lineBoard))
      return { what: 'the line shows another board than the hall', detail: [shownBy(board), shownBy(lineBoard)] };
  }
  const positions = new Map<string, number[]>();
  for (const a of actors.filter((x) => x.kind === 'merchant')) {
    if (!a.guest || a.guest.left.length > 0) return { what: 'a merchant could not come back', detail: a.name };
    const tickets = latestTickets(a.guest);
    if (tickets.some((t) => !['waiting', 'called', 'serving'].includes(t.status)))
      return { what: 'a ticket in an unknown state', detail: tickets };
    if (new Set(tickets.map((t) => t.service)).size !== tickets.length)
      return { what: 'two tickets for one service', detail: tickets };
    const atDesks = tickets.filter((t) => t.status !== 'waiting');
    if (atDesks.length > 1) return { what: 'one merchant called to two desks', detail: atDesks };
    for (const t of atDesks) {
      const desk = board?.desks.get(t.deskId ?? '');
      if (!desk || desk.serving !== t.number || desk.calling !== (t.status === 'called'))
        return { what: 'a called ticket not shown at its desk', detail: { t, desk: desk?.toJSON() } };
    }
    for (const t of tickets)
      if (t.status === 'waiting' && t.position !== null)
        positions.set(t.service, [...(positions.get(t.service) ?? []), t.position]);
    // No merchant is told another merchant's name, matter or chat; only a session both are invited to names
    // its invitees, as the table shows them to each other anyway.
    const toldAll = a.past.flatMap((g) => g.told);
    const told = JSON.stringify(toldAll);
    const toldOutsideSessions = JSON.stringify(toldAll.filter((t) => t.type !== HallNotice.meetingChanged));
    const coInvited = new Set(
      toldAll
        .filter((t) => t.type === HallNotice.meetingChanged)
        .flatMap((t) => (t.message as { invitees?: { name: string }[] }).invitees?.map((i) => i.name) ?? []),
    );
    for (const other of actors) {
      if (other === a || other.kind !== 'merchant') continue;
      const named =
        toldOutsideSessions.includes(other.name) || (told.includes(other.name) && !coInvited.has(other.name));
      if (told.includes(other.secret) || named)
        return { what: 'a merchant was told another merchant’s private data', detail: [a.name, other.name] };
    }
  }
  // Places in line are 1…n without gaps: where the run's merchants hold the whole line (always, in a hall of
  // their own), exactly so; in a hall shared with earlier tickets, theirs are distinct places within it.
  for (const [service, list] of positions) {
    const sorted = [...list].sort((x, y) => x - y);
    const waiting = board?.lines.get(service)?.waiting ?? 0;
    const whole = sorted.length === waiting;
    const bad = whole
      ? sorted.some((p, i) => p !== i + 1)
      : new Set(sorted).size !== sorted.length || sorted.at(-1)! > waiting;
    if (bad) return { what: 'positions with a gap or twice', detail: { service, sorted, waiting } };
  }
  const shown = [...(board?.desks.values() ?? [])].map((d) => d.serving).filter(Boolean);
  if (new Set(shown).size !== shown.length) return { what: 'one ticket at two desks', detail: shown };
  // Everything told so far has been checked: keep only what the next moves read, so a long run neither
  // holds every message in memory nor reads them all again at each check.
  for (const a of actors) for (const g of a.past) forgetChecked(g);
  return null;
}

/** What a connection was told, down to the latest of the notices the fuzz reads back (its tickets, its call). */
function forgetChecked(g: Guest): void {
  const kept: Guest['told'] = [];
  for (const type of [HallNotice.myTickets, HallNotice.deskCall]) {
    const last = g.told.findLastIndex((t) => t.type === type);
    if (last >= 0) kept.push(g.told[last]!);
  }
  if (kept.length === g.told.length) return;
  g.told = kept.sort((x, y) => g.told.indexOf(x) - g.told.indexOf(y));
}
