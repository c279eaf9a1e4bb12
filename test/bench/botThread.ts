/**
 * A thread of bench bots: real `@colyseus/sdk` clients in the hall, each walking at a person's pace (walk
 * to a place or a random free spot, stand 2–6 s, go again). Driven by `botPool.ts`.
 *
 * Probe threads decode every patch like the real page does, time how long it takes one probe to see
 * another start walking, and count the bytes each probe receives. Bulk threads are the rest of the
 * crowd: by default ("lean") a bulk bot decodes the state until it has found its own avatar and then only
 * reads and counts the patches (the server's work does not change: it encodes each patch once and sends
 * the same bytes to every socket). Decoding every patch in every bot costs the bench several cores at 500
 * people, and a starved bot thread answers the server's pings late and gets dropped. With `decodeAll` bulk
 * bots decode everything too and watch their own avatar to know when a walk ends.
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
import { HallState, type Avatar } from '../../shared/state.ts';
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

/** How often each bot decides what to do next. */
const TICK_MS = probe ? 100 : 200;
const PAUSE_MIN_MS = 2000;
const PAUSE_SPAN_MS = 4000;
/** A walk that has not visibly started by then is taken as refused or lost; one that has not ended, as stuck. */
const START_TIMEOUT_MS = 10_000;
const WALK_TIMEOUT_MS = 60_000;
/** Lean bots: slack after the computed walking time (a simulation step and a patch). */
const WALK_SLACK_MS = 150;
/** Low bits of a message's first byte hold its protocol code (PROTOCOL_CODE_MASK in @colyseus/shared-types). */
const PROTOCOL_CODE_MASK = 0x1f;

interface Bot {
  n: number;
  room: Room<unknown, HallState>;
  phase: 'pause' | 'walk';
  /** End of the current pause. */
  until: number;
  sentAt: number;
  sawMoving: boolean;
  closing: boolean;
  bytes: number;
  messages: number;
  /** Lean bots: where the bot stands; null until its avatar is in the state (patches are skipped after). */
  pos: Point | null;
  /** Lean bots: where the current walk ends, and when. */
  dest: Point | null;
  walkEnd: number;
}

interface TimedMove {
  mover: string;
  t0: number;
  expected: number;
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

function randomDestination(from: Point | undefined): Point {
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

function self(bot: Bot): Avatar | undefined {
  return bot.room.state.avatars?.get(bot.room.sessionId);
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
    if (!me || me.moving) {
      bot.until = now + 500; // not in the state yet, or still walking: look again shortly
      return;
    }
    target = randomDestination(me);
  }
  bot.phase = 'walk';
  bot.sawMoving = false;
  if (recording) movesSent++;
  if (probe && recording) {
    const move: TimedMove = {
      mover: bot.room.sessionId,
      t0: 0,
      expected: bots.filter((b) => b !== bot && !b.closing).length,
      seen: new Set(),
      rejected: false,
    };
    timedMoves.push(move);
    pending.set(bot.room.sessionId, move);
    move.t0 = performance.now();
  } else {
    pending.delete(bot.room.sessionId);
  }
  bot.sentAt = performance.now();
  bot.room.send(HallIntent.moveTo, target);
}

function pause(bot: Bot, now: number): void {
  bot.phase = 'pause';
  bot.until = now + PAUSE_MIN_MS + Math.random() * PAUSE_SPAN_MS;
}

function tick(): void {
  const now = performance.now();
  for (const bot of bots) {
    if (bot.closing) continue;
    if (lean && !bot.pos) {
      const me = self(bot);
      if (me) bot.pos = { x: me.x, z: me.z };
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
    const moving = self(bot)?.moving ?? false;
    if (moving) bot.sawMoving = true;
    const ended = bot.sawMoving && !moving;
    const neverStarted = !bot.sawMoving && now - bot.sentAt > START_TIMEOUT_MS;
    if (ended || neverStarted || now - bot.sentAt > WALK_TIMEOUT_MS) pause(bot, now);
  }
}

function onProbeObserved(observer: Bot, avatarId: string, moving: boolean): void {
  if (!moving || avatarId === observer.room.sessionId) return;
  const move = pending.get(avatarId);
  if (!move || move.seen.has(observer.room.sessionId)) return;
  move.seen.add(observer.room.sessionId);
  latencies.push(performance.now() - move.t0);
}

async function joinOne(): Promise<Bot> {
  const n = nextBot++;
  // Each bot is a merchant of its own: signed up through the accounts API, joining with its token.
  const client = new Client(origin);
  const token = await signUpMerchant(origin, `${data.label}-${n}`, `Bench shop ${data.label}-${n}`);
  client.auth.token = await roomPassFor(origin, token);
  const room: Room<unknown, HallState> = await client.join(RoomName.hall, {}, HallState);
  const bot: Bot = {
    n,
    room,
    phase: 'pause',
    until: performance.now() + Math.random() * (PAUSE_MIN_MS + PAUSE_SPAN_MS),
    sentAt: 0,
    sawMoving: false,
    closing: false,
    bytes: 0,
    messages: 0,
    pos: null,
    dest: null,
    walkEnd: 0,
  };
  // Walkers hold no tickets; the hall still sends each merchant their (empty) list as they join.
  room.onMessage('*', () => undefined);
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
  // count the bytes, and let lean bots skip patches once they know where they stand.
  const events = room.connection.events;
  const decode = events.onmessage!;
  events.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
    const bytes = new Uint8Array(ev.data);
    bot.bytes += bytes.byteLength;
    bot.messages++;
    if (lean && bot.pos && ((bytes[0] ?? 0) & PROTOCOL_CODE_MASK) === Protocol.ROOM_STATE_PATCH) return;
    decode(ev);
  };
  if (probe) {
    const callbacks = Callbacks.get(room);
    callbacks.onAdd('avatars', (avatar: Avatar, id: string) => {
      callbacks.listen(avatar, 'moving', (cur: boolean) => onProbeObserved(bot, id, cur));
    });
  }
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
    avatarsSeen: probe ? (live[0]?.room.state.avatars?.size ?? -1) : -1,
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
    missedObservations: counted.reduce((sum, m) => sum + Math.max(0, m.expected - m.seen.size), 0),
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
