/**
 * A thread of bench bots: real `@colyseus/sdk` clients in the hall (or in the bench's naive room,
 * naiveRoom.ts, or its per-client messages room, messagesRoom.ts), each walking at a person's pace (walk to a place or a random free spot, stand 2–6 s, go
 * again). Driven by `botPool.ts`.
 *
 * Probe threads decode every patch like the real page does, time how long it takes one probe to see
 * another start walking, and count the bytes each probe receives. In the hall a probe sees only the avatars
 * in its view: "seen" is the observer's copy of the mover's avatar taking the new walk (its onChange with a
 * new t0, the walk rebuilt with walkOf and WalkReplay as the page does), and only observers that had the
 * mover in view when it moved count; probes walk within a small area (probeSpot, probeRadius) so that they
 * are near each other. In the naive room "seen" is the mover's `moving` turning true, everyone sees everyone.
 * In the messages room a probe reads every message as a page would (entries, walks, leavers): "seen" is a walk
 * with a new t0 for the mover, rebuilt with unpackWalk and WalkReplay; views and counting are as in the hall.
 * Bulk threads are the rest of the crowd: by default ("lean") a bulk bot decodes the state until it has
 * found its own avatar and then only reads and counts the messages (it plans its own walk the way the server
 * will, to know when it ends). Decoding every patch in every bot costs the bench several cores with the
 * naive room, and a starved bot thread answers the server's pings late and gets dropped. With `decodeAll`
 * bulk bots decode everything too and watch their own avatar to know when a walk ends.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Callbacks, Client, Protocol, type Room } from '@colyseus/sdk';
import { destinations, hallLayout } from '../../shared/layout.ts';
import { WALK_SPEED } from '../../shared/movement.ts';
import { createNavGrid, findPath, isWalkable, type Point } from '../../shared/navgrid.ts';
import { HallIntent, HallNotice, RoomName } from '../../shared/protocol.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { HallState, walkOf, type Avatar } from '../../shared/state.ts';
import { STATION_OPTION, type StationJoinOptions } from '../../shared/stations.ts';
import { WalkReplay, type Walk } from '../../shared/walk.ts';
import { NAIVE_ROOM, NaiveState, type NaiveAvatar } from './naiveState.ts';
import { MESSAGES_ROOM, MESSAGES_VIEW, unpackWalk, type ViewMessage } from './messagesWire.ts';
import { BENCH_MOVE } from './benchMove.ts';
import type { AddResult, BotRequest, BotResponse, BotThreadData, ThreadStats } from './messages.ts';
import { tallyConsole } from './stats.ts';
import { sleep, withTimeout } from './wait.ts';

const PLACES = destinations(hallLayout);

const data = workerData as BotThreadData;
const port = parentPort!;
const grid = createNavGrid(hallLayout);
const origin = new URL(data.url).origin;
const probe = data.kind === 'probe';
const lean = !probe && !data.decodeAll;
const naive = data.target === 'naive';
/** The messages room: no state, the bots keep what its messages say (Bot.view). */
const messages = data.target === 'messages';

/** How often each bot decides what to do next. */
const TICK_MS = probe ? 100 : 200;
const PAUSE_MIN_MS = 2000;
const PAUSE_SPAN_MS = 4000;
/** A walk that has not visibly started by then is taken as refused or lost; one that has not ended, as stuck. */
const START_TIMEOUT_MS = 10_000;
const WALK_TIMEOUT_MS = 60_000;
/** Lean bots: slack after the computed walking time (a simulation step and a patch). */
const WALK_SLACK_MS = 150;
/** Probes: a new destination at least this far from where they stand, metres. */
const PROBE_MIN_STRIDE_M = 1;
/** Low bits of a message's first byte hold its protocol code (PROTOCOL_CODE_MASK in @colyseus/shared-types). */
const PROTOCOL_CODE_MASK = 0x1f;

/** The hall's state or the naive room's: both keep avatars by session id. */
type AnyState = HallState | NaiveState;

interface Bot {
  n: number;
  room: Room<unknown, AnyState>;
  phase: 'pause' | 'walk';
  /** End of the current pause. */
  until: number;
  sentAt: number;
  /** The walk asked for has been seen starting (hall: a new walk on one's avatar; naive: `moving`). */
  sawWalk: boolean;
  closing: boolean;
  bytes: number;
  messages: number;
  /** Where the bot stands (once its walk ends); null until its avatar is in the state. */
  pos: Point | null;
  /** Lean bots: where the current walk ends. */
  dest: Point | null;
  /** When the current walk ends, on this thread's clock (lean bots: planned; hall bots that decode: replayed). */
  walkEnd: number;
  /** Hall bots that decode: the start moment (t0) of the last walk their own avatar carried. */
  ownT0: number;
  /** Hall and messages probes: the walk of each avatar in view, replayed as the page replays it. */
  replays: Map<string, WalkReplay>;
  /** Messages room: who is in view (session ids by the room's numbers), and everyone in the room. */
  view: Map<number, string>;
  people: number;
}

interface TimedMove {
  mover: string;
  t0: number;
  /** The other probes that had the mover in view when it moved: only they count. */
  expected: Set<string>;
  seen: Set<string>;
  rejected: boolean;
}

const bots: Bot[] = [];
let nextBot = 0;

// Measurement window.
let recording = false;
let windowStart = 0;
let movesSent = 0;
let movesRejected = 0;
let unexpectedLeaves = 0;
let drops = 0;
const latencies: number[] = [];
const timedMoves: TimedMove[] = [];
/** The timed move each probe bot is walking, by session id. */
const pending = new Map<string, TimedMove>();
let eluStart = performance.eventLoopUtilization();
let cpuStart = process.threadCpuUsage();

// The SDK reports drops and reconnections on the console, once per bot; tally them for the report instead.
const notices = new Map<string, number>();
tallyConsole(notices);

/** A probe's next destination: within probeRadius of probeSpot, so the probes stay near each other. */
function probeDestination(from: Point | null): Point {
  const { probeSpot, probeRadius } = data;
  for (let attempt = 0; attempt < 100; attempt++) {
    const a = Math.random() * 2 * Math.PI;
    const r = probeRadius * Math.sqrt(Math.random());
    const x = probeSpot.x + r * Math.cos(a);
    const z = probeSpot.z + r * Math.sin(a);
    if (!isWalkable(grid, x, z)) continue;
    if (from && Math.hypot(x - from.x, z - from.z) < PROBE_MIN_STRIDE_M) continue;
    return { x, z };
  }
  return probeSpot;
}

function randomDestination(from: Point | null | undefined): Point {
  if (probe && Number.isFinite(data.probeRadius)) return probeDestination(from ?? null);
  const { minX, maxX, minZ, maxZ } = hallLayout.bounds;
  for (let attempt = 0; attempt < 100; attempt++) {
    let x: number;
    let z: number;
    if (Math.random() < 0.25) {
      const place = PLACES[Math.floor(Math.random() * PLACES.length)]!;
      x = place.x + (Math.random() - 0.5);
      z = place.z + (Math.random() - 0.5);
    } else {
      x = minX + Math.random() * (maxX - minX);
      z = minZ + Math.random() * (maxZ - minZ);
    }
    if (!isWalkable(grid, x, z)) continue;
    if (from && Math.hypot(x - from.x, z - from.z) < 2) continue;
    return { x, z };
  }
  return hallLayout.spawn;
}

function self(bot: Bot): Avatar | NaiveAvatar | undefined {
  return bot.room.state?.avatars?.get(bot.room.sessionId);
}

/** Whether the bot has someone in view: in its state, or, in the messages room, as its messages left it. */
function sees(bot: Bot, id: string): boolean {
  if (messages) return [...bot.view.values()].includes(id);
  return bot.room.state?.avatars?.has(id) ?? false;
}

/** Where an avatar stands (before or after its walk), metres: the hall sends centimetres, the naive room metres. */
function standing(a: Avatar | NaiveAvatar): Point {
  return naive ? { x: a.x, z: a.z } : { x: a.x / 100, z: a.z / 100 };
}

function pathLength(from: Point, path: Point[]): number {
  let length = 0;
  let at = from;
  for (const p of path) {
    length += Math.hypot(p.x - at.x, p.z - at.z);
    at = p;
  }
  return length;
}

function sendMove(bot: Bot, now: number): void {
  let target: Point;
  if (lean) {
    // Plan the walk the way the server will, to know when it ends without watching the state.
    const from = bot.pos!;
    let path: Point[] | null = null;
    target = from;
    for (let attempt = 0; attempt < 5 && !path; attempt++) {
      target = randomDestination(from);
      path = findPath(grid, from, target);
    }
    if (!path) return pause(bot, now);
    bot.dest = target;
    bot.walkEnd = now + (1000 * pathLength(from, path)) / WALK_SPEED + WALK_SLACK_MS;
  } else {
    const me = self(bot);
    if ((!me && !messages) || !bot.pos || (naive && (me as NaiveAvatar).moving)) {
      bot.until = now + 500; // not in the state yet, or still walking: look again shortly
      return;
    }
    target = randomDestination(naive ? standing(me!) : bot.pos);
  }
  bot.phase = 'walk';
  bot.sawWalk = false;
  if (recording) movesSent++;
  if (probe && recording) {
    const mover = bot.room.sessionId;
    const expected = new Set<string>();
    for (const b of bots) {
      if (b !== bot && !b.closing && sees(b, mover)) expected.add(b.room.sessionId);
    }
    const move: TimedMove = { mover, t0: 0, expected, seen: new Set(), rejected: false };
    timedMoves.push(move);
    pending.set(bot.room.sessionId, move);
    move.t0 = performance.now();
  } else {
    pending.delete(bot.room.sessionId);
  }
  bot.sentAt = performance.now();
  bot.room.send(naive || messages ? BENCH_MOVE : HallIntent.moveTo, target);
}

function pause(bot: Bot, now: number): void {
  // A walk over (or given up) is no longer timed: a later change of this avatar is not its start.
  if (bot.phase === 'walk') pending.delete(bot.room.sessionId);
  bot.phase = 'pause';
  bot.until = now + PAUSE_MIN_MS + Math.random() * PAUSE_SPAN_MS;
}

function tick(): void {
  const now = performance.now();
  for (const bot of bots) {
    if (bot.closing) continue;
    if (!bot.pos) {
      const me = self(bot);
      if (me) bot.pos = standing(me);
      continue;
    }
    if (bot.phase === 'pause') {
      if (now >= bot.until) sendMove(bot, now);
      continue;
    }
    if (lean) {
      if (now >= bot.walkEnd) {
        bot.pos = bot.dest ?? bot.pos;
        pause(bot, now);
      }
      continue;
    }
    let ended: boolean;
    if (naive) {
      const moving = (self(bot) as NaiveAvatar | undefined)?.moving ?? false;
      if (moving) bot.sawWalk = true;
      ended = bot.sawWalk && !moving;
    } else {
      ended = bot.sawWalk && now >= bot.walkEnd;
    }
    const neverStarted = !bot.sawWalk && now - bot.sentAt > START_TIMEOUT_MS;
    if (ended || neverStarted || now - bot.sentAt > WALK_TIMEOUT_MS) pause(bot, now);
  }
}

/** A probe saw another probe's avatar start a new walk: time it, if it counts. */
function onProbeObserved(observer: Bot, avatarId: string): void {
  const me = observer.room.sessionId;
  if (avatarId === me) return;
  const move = pending.get(avatarId);
  if (!move || !move.expected.has(me) || move.seen.has(me)) return;
  move.seen.add(me);
  latencies.push(performance.now() - move.t0);
}

/** A bot that decodes (hall or messages room): its own walk changed; replay it to know where and when it ends. */
function ownWalk(bot: Bot, walk: Walk): void {
  if (walk.t0 === bot.ownT0) return;
  bot.ownT0 = walk.t0;
  const replay = new WalkReplay(grid, walk);
  const end = walk.path.at(-1) ?? { x: walk.x, z: walk.z };
  bot.pos = { x: end.x, z: end.z };
  if (bot.phase !== 'walk') return;
  bot.sawWalk = true;
  bot.walkEnd = performance.now() + Math.max(0, replay.endsAt - walk.t0);
}

/** Probes and bulk bots that decode: follow one's own walk and, for probes, time the others'. */
function watchAvatars(bot: Bot): void {
  if (naive) {
    const callbacks = Callbacks.get(bot.room as Room<unknown, NaiveState>);
    if (!probe) return; // a bulk bot reads its own `moving` in tick()
    callbacks.onAdd('avatars', (avatar: NaiveAvatar, id: string) => {
      callbacks.listen(avatar, 'moving', (cur: boolean) => {
        if (cur) onProbeObserved(bot, id);
      });
    });
    return;
  }
  const callbacks = Callbacks.get(bot.room as Room<unknown, HallState>);
  callbacks.onAdd('avatars', (avatar: Avatar, id: string) => {
    if (id === bot.room.sessionId) {
      bot.ownT0 = avatar.t0;
      bot.pos = standing(avatar);
      callbacks.onChange(avatar, () => {
        if (avatar.t0 !== bot.ownT0) ownWalk(bot, walkOf(avatar));
      });
      return;
    }
    if (!probe) return;
    // The page rebuilds an avatar's walk in its onChange; a new t0 is a new walk.
    bot.replays.set(id, new WalkReplay(grid, walkOf(avatar)));
    callbacks.onChange(avatar, () => {
      if (avatar.t0 === bot.replays.get(id)?.walk.t0) return;
      bot.replays.set(id, new WalkReplay(grid, walkOf(avatar)));
      onProbeObserved(bot, id);
    });
  });
  if (probe) callbacks.onRemove('avatars', (_avatar: Avatar, id: string) => bot.replays.delete(id));
}

/** Messages room: read one page's message as the page would, following one's own walk and timing the others'. */
function readView(bot: Bot, msg: ViewMessage): void {
  if (msg.p !== undefined) bot.people = msg.p;
  for (const n of msg.l ?? []) {
    const id = bot.view.get(n);
    bot.view.delete(n);
    if (id) bot.replays.delete(id);
  }
  const walked = (id: string, walk: Walk, entered: boolean) => {
    if (id === bot.room.sessionId) return ownWalk(bot, walk);
    if (!probe) return;
    const known = bot.replays.get(id);
    bot.replays.set(id, new WalkReplay(grid, walk));
    if (!entered && known?.walk.t0 !== walk.t0) onProbeObserved(bot, id);
  };
  for (const [n, id, , , wire] of msg.e ?? []) {
    bot.view.set(n, id);
    walked(id, unpackWalk(wire), true);
  }
  for (const [n, wire] of msg.w ?? []) {
    const id = bot.view.get(n);
    if (id) walked(id, unpackWalk(wire), false);
  }
}

async function joinOne(): Promise<Bot> {
  const n = nextBot++;
  // Each bot is a merchant of its own: signed up through the accounts API, joining with its token.
  const client = new Client(origin);
  let room: Room<unknown, AnyState>;
  if (naive) {
    room = await client.join(NAIVE_ROOM, {}, NaiveState);
  } else if (messages) {
    room = await client.join(MESSAGES_ROOM, { name: `${data.label}-${n}`, shop: `Bench shop ${data.label}-${n}` });
  } else {
    const token = await signUpMerchant(origin, `${data.label}-${n}`, `Bench shop ${data.label}-${n}`);
    client.auth.token = await roomPassFor(origin, token);
    const options: StationJoinOptions = data.station ? { [STATION_OPTION]: data.station } : {};
    room = await client.join(RoomName.hall, options, HallState);
  }
  const bot: Bot = {
    n,
    room,
    phase: 'pause',
    until: performance.now() + Math.random() * (PAUSE_MIN_MS + PAUSE_SPAN_MS),
    sentAt: 0,
    sawWalk: false,
    closing: false,
    bytes: 0,
    messages: 0,
    pos: null,
    dest: null,
    walkEnd: 0,
    ownT0: NaN,
    replays: new Map(),
    view: new Map(),
    people: -1,
  };
  // Walkers hold no tickets; the hall still sends each merchant their (empty) list as they join.
  room.onMessage('*', () => undefined);
  if (messages) room.onMessage(MESSAGES_VIEW, (msg: ViewMessage) => readView(bot, msg));
  room.onMessage(HallNotice.rejected, () => {
    if (recording) movesRejected++;
    const move = pending.get(room.sessionId);
    if (move) move.rejected = true;
    bot.dest = null;
    pause(bot, performance.now());
  });
  room.onDrop(() => drops++);
  room.onLeave(() => {
    if (!bot.closing) unexpectedLeaves++;
    bot.closing = true;
  });
  // Every message from the socket reaches the room through this handler (it survives reconnection):
  // count the bytes, and let lean bots skip patches (the messages room: its messages) once they know where they
  // stand.
  const events = room.connection.events;
  const decode = events.onmessage!;
  const skipped = messages ? Protocol.ROOM_DATA : Protocol.ROOM_STATE_PATCH;
  events.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
    const bytes = new Uint8Array(ev.data);
    bot.bytes += bytes.byteLength;
    bot.messages++;
    if (lean && bot.pos && ((bytes[0] ?? 0) & PROTOCOL_CODE_MASK) === skipped) return;
    decode(ev);
  };
  if (!lean && !messages) watchAvatars(bot);
  bots.push(bot);
  return bot;
}

async function add(count: number, batch: number, deadlineMs: number): Promise<AddResult> {
  const t0 = performance.now();
  const deadline = Date.now() + deadlineMs;
  let joined = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (let done = 0; done < count && Date.now() < deadline;) {
    const size = Math.min(batch, count - done);
    const results = await Promise.allSettled(
      Array.from({ length: size }, () => withTimeout(joinOne(), Math.max(1000, deadline - Date.now()), 'join')),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') joined++;
      else {
        failed++;
        firstError ??= r.reason instanceof Error ? r.reason.message : String(r.reason);
      }
    }
    done += size;
    if (failed > Math.max(5, count / 10)) break; // the hall is refusing us; stop hammering it
  }
  return { joined, failed, total: liveBots().length, firstError, ms: Math.round(performance.now() - t0) };
}

function liveBots(): Bot[] {
  return bots.filter((b) => !b.closing);
}

async function leave(list: Bot[]): Promise<void> {
  for (let i = 0; i < list.length; i += 50) {
    await Promise.allSettled(
      list.slice(i, i + 50).map((b) => {
        b.closing = true;
        pending.delete(b.room.sessionId);
        return withTimeout(b.room.leave(true), 5000, 'leave');
      }),
    );
  }
  for (const b of list) {
    const i = bots.indexOf(b);
    if (i >= 0) bots.splice(i, 1);
  }
}

function measureStart(): void {
  recording = true;
  windowStart = performance.now();
  movesSent = 0;
  movesRejected = 0;
  unexpectedLeaves = 0;
  drops = 0;
  latencies.length = 0;
  timedMoves.length = 0;
  pending.clear();
  for (const b of bots) {
    b.bytes = 0;
    b.messages = 0;
  }
  eluStart = performance.eventLoopUtilization();
  cpuStart = process.threadCpuUsage();
}

async function measureStop(graceMs: number): Promise<ThreadStats> {
  recording = false;
  const windowMs = performance.now() - windowStart;
  const elu = performance.eventLoopUtilization(eluStart).utilization;
  const cpu = process.threadCpuUsage(cpuStart);
  const live = liveBots();
  const bytesPerBot = live.map((b) => b.bytes);
  const messagesPerBot = live.map((b) => b.messages);
  if (probe) await sleep(graceMs); // let the last timed moves be seen
  const counted = timedMoves.filter((m) => !m.rejected);
  const sdkNotices = Object.fromEntries(notices);
  notices.clear();
  return {
    kind: data.kind,
    lean,
    bots: live.length,
    avatarsSeen: probe ? ((messages ? live[0]?.view.size : live[0]?.room.state?.avatars?.size) ?? -1) : -1,
    peopleSeen:
      probe && !naive
        ? ((messages ? live[0]?.people : (live[0]?.room.state as HallState | undefined)?.people) ?? -1)
        : -1,
    windowMs,
    elu,
    cpuPercent: (100 * (cpu.user + cpu.system)) / 1000 / windowMs,
    movesSent,
    movesRejected,
    unexpectedLeaves,
    drops,
    bytesPerBot,
    messagesPerBot,
    latencies: [...latencies],
    probeMoves: counted.length,
    expectedObservations: counted.reduce((sum, m) => sum + m.expected.size, 0),
    missedObservations: counted.reduce((sum, m) => sum + Math.max(0, m.expected.size - m.seen.size), 0),
    sdkNotices,
  };
}

async function handle(req: BotRequest): Promise<AddResult | ThreadStats | undefined> {
  switch (req.op) {
    case 'add':
      return add(req.count, req.batch, req.deadlineMs);
    case 'trim':
      await leave(liveBots().slice(req.count));
      return undefined;
    case 'measureStart':
      measureStart();
      return undefined;
    case 'measureStop':
      return measureStop(req.graceMs);
    case 'closeAll':
      clearInterval(timer);
      await leave([...bots]);
      return undefined;
  }
}

const timer = setInterval(tick, TICK_MS);

port.on('message', (req: BotRequest) => {
  handle(req).then(
    (result) => port.postMessage({ id: req.id, ok: true, result } satisfies BotResponse),
    (err: unknown) =>
      port.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
