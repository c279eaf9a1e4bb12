/**
 * `npm run bench`: the hall under a crowd. Starts the server and N bot clients (real `@colyseus/sdk`
 * clients walking at a person's pace) for N = 50, 200, 500 and 1,000 and reports, per N, the bytes each client
 * receives per second, the time from one client sending a move to a probe near it seeing it, and the server's
 * CPU and memory (and memory per person at the margin, from the slope between crowds); the same bots then walk
 * in a naive full-state Colyseus room (naiveRoom.ts, its own process) and in a room that delivers the hall's
 * walks and views as per-client messages instead of a StateView (messagesRoom.ts) at the same crowds, printed
 * beside the hall with the ratio and the targets at 1,000. Then, in headless Chromium, the hall's draw calls and triangles with 0, 50 and 200 other
 * avatars, and the gzip size of each built JavaScript chunk. Between the two, 200 merchants queue across the
 * four services while four officers serve them: the time from "call next" to the called merchant's client
 * receiving the signal, and tickets lost (queue.ts). Then 20 three-party sessions of 12 run at once beside a
 * hall of walking bots: the time from a participant raising a hand to every client of the room showing it
 * (meetings.ts). Figures are reported, never asserted, except the queue's promises: a ticket lost or a
 * call never signalled makes the run exit non-zero with the reason printed.
 * Loopback only; bounded in time (every wait has a deadline, the whole run a budget).
 * phone (a Pixel 7 profile's frames, draw calls, triangles and JS heap with 60 and then 999 bots walking in
 * the hall, at the hall's default view; phone.ts) runs after the rendering, on a budget of its own.
 * `npm run bench -- meetings` (or crowd, queue, render, phone, queueScale, in any combination) runs only the phases
 * named; load (the JavaScript before the sign-in form and the hall's first frame, and both reached by a cold
 * phone on slow 4G, load.ts) runs after the rendering, on a budget of its own; queueScale (call next with
 * 200, 2,000 and 10,000 waiting, queueScale.ts) runs after the rendering, on a budget of its own.
 * waitSim (simulated busy days: the wait estimate beside the published rules, waitSim.ts) runs in process.
 * dashboard (a year of a busy station seeded, the dashboard's period timed on PGlite, and on PostgreSQL with
 * DASHBOARD_BENCH_DATABASE_URL; dashboard.ts) runs in process.
 * voice (a desk call in Chromium with fake audio: bitrates, accepting → first audio, signalling per call; and
 * a session of 12, unless BENCH_VOICE_SESSION=0; voice.ts) runs after load, on a budget of its own.
 * soak (300 people for SOAK_MINUTES, default 10, memory at start and end, every error; soak.ts) runs after it,
 * on a budget of its own too; its memory growth over 10 % or any error fails the run.
 * city (two processes behind nginx on Redis and PostgreSQL, four stations of 200 walking bots, against one
 * process holding one station; city.ts) runs only when named (`npm run bench -- city`), on a budget of its own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { childEnv, startHallProcessWithin, type HallProcess } from '../support/server.ts';
import { HallIntent, Reason } from '../../shared/protocol.ts';
import { BotPool } from './botPool.ts';
import type { ThreadStats } from './messages.ts';
import {
  HAND_DEADLINE_MS,
  HAND_GAP_MS,
  HAND_ROUNDS,
  MEETING_HALL_BOTS,
  MEETING_ROOMS,
  MEETING_SIZE,
  MEETING_TZ,
  MeetingBench,
  type MeetingBenchResult,
} from './meetings.ts';
import { OFFICER_GAP_MS, QUEUE_DESKS, QUEUE_MERCHANTS, QueueBench, queueFailures, type QueueResult } from './queue.ts';
import {
  QueueScaleBench,
  SCALE_CALLS_PER_DESK,
  SCALE_CONNECTED,
  SCALE_SIZES,
  SCALE_TZ,
  seededDataDir,
  type QueueScaleRow,
} from './queueScale.ts';
import { loadReport, measureLoad, PHONE, type LoadResult } from './load.ts';
import { VoiceBench, voiceReport, type VoiceBenchResult } from './voice.ts';
import { SOAK_BUDGET_MS, SoakBench, soakFailures, soakReport, type SoakResult } from './soak.ts';
import { measureRender, openHallPage, waitForAvatars, waitSignedIn, type RenderSample } from './render.ts';
import {
  measurePhone,
  PHONE_CROWDS,
  PHONE_NEAR,
  PHONE_NEAR_M,
  PHONE_NEAR_SPOT,
  countUploads,
  phoneReport,
  separatePhoneCpus,
  type PhoneSample,
} from './phone.ts';
import {
  cpuMeter,
  machineCpuMeter,
  machineInfo,
  mean,
  percentile,
  processRssMb,
  processWrittenBytes,
  round,
  table,
  type MachineInfo,
} from './stats.ts';
import { errorText, sleep } from './wait.ts';
import {
  dashboardBench,
  dashboardReport,
  DASHBOARD_DAYS,
  TICKETS_PER_DAY,
  type DashboardBenchRow,
} from './dashboard.ts';
import { simulateWaits, WAIT_SIM_SPREADS, waitSimReport, type WaitSimResult } from './waitSim.ts';
import { MEMORY_LINE, type MemoryProbeFigures } from './memoryProbe.ts';
import { CITY_BUDGET_MS, CityBench, cityReport, type CityResult } from './city.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The build to serve: CLIENT_DIR when set (a build of one's own elsewhere), as the hall itself reads it. */
const builtClientDir = process.env.CLIENT_DIR
  ? path.resolve(process.env.CLIENT_DIR)
  : path.join(root, 'dist', 'client');
/** The bench serves and measures a copy of the build, so a rebuild while it runs cannot pull chunks away. */
let clientDir = builtClientDir;

/** The crowds, smallest first (the margin is the slope between them); BENCH_CROWDS=50,200 for a quick look. */
const CROWDS = process.env.BENCH_CROWDS ? process.env.BENCH_CROWDS.split(',').map(Number) : [50, 200, 500, 1000];
/**
 * Which servers the crowds walk in, in this order: all three by default; BENCH_CROWD_ROOMS=naive (or hall, or
 * messages, or any two) for fewer.
 */
const CROWD_ROOMS = (process.env.BENCH_CROWD_ROOMS ?? 'hall,naive,messages').split(',');
/** The bench's own rooms, each in a process of its own (roomServer.ts), walked after the hall. */
type BenchRoom = 'naive' | 'messages';
const BENCH_ROOMS = (['naive', 'messages'] as const satisfies readonly BenchRoom[]).filter((r) =>
  CROWD_ROOMS.includes(r),
);
/** The hall's cap for the crowd phase (HALL_MAX_CLIENTS): the largest crowd fits. */
const CROWD_HALL_MAX = Math.max(...CROWDS);
/**
 * Probes walk to destinations within this many metres of this spot, away from the entrance (where newcomers
 * stand), so that they are near each other: in the hall only probes that had the mover in view count.
 */
const PROBE_SPOT = { x: -4, z: -4 };
const PROBE_RADIUS_M = 1.5;
/** Each room after the hall is left at least this much of the crowd phase… */
const ROOM_RESERVE_MS = 170_000;
/** …and the crowd phase (the hall, then the naive and the messages room) stops here whatever it is doing. */
const CROWD_BUDGET_MS = 310_000 + ROOM_RESERVE_MS * BENCH_ROOMS.length;
/** The targets at 1,000 people, printed beside the figures. */
const TARGET = { downKbPerS: 5, underNaive: 15, p99Ms: 150, drops: 0, marginKbPerPerson: 20 } as const;
const RENDER_CROWDS = [0, 50, 200];
const RENDER_QUALITIES = ['high', 'low'];
/** Bots that time moves and count bytes; the rest walk in bulk threads. */
const PROBES = 16;
const WARMUP_MS = 3_000;
const MEASURE_MS = 15_000;
/** After the window, time for the last timed moves to be seen. */
const GRACE_MS = 1_500;
const JOIN_DEADLINE_MS = 120_000;
/** How long the hall may take to open (a first start migrates its fresh database). */
const HALL_START_MS = 60_000;
const RENDER_SETTLE_MS = 2_000;
/**
 * Bulk bots decode every patch only when asked (BENCH_DECODE_ALL=1): it costs the bench several cores at
 * 500 people. Probe bots, which do all the measuring, always decode everything. See botThread.ts.
 */
const DECODE_ALL = process.env.BENCH_DECODE_ALL === '1';
/** The whole run stops here whatever it is doing (the spec says under 5 minutes). */
const BUDGET_MS = 270_000;
/** The queue phase gets at most this, and always leaves the rendering phase this much. */
const QUEUE_BUDGET_MS = 120_000;
const RENDER_RESERVE_MS = 60_000;
/** The meetings phase gets at most this (and also leaves the rendering phase its reserve)… */
const MEETINGS_BUDGET_MS = 60_000;
/** …and the queue phase leaves it at least this when it is to run (it takes about 20 s). */
const MEETINGS_RESERVE_MS = 40_000;
/**
 * The long-line queue phase runs after the rendering, on a budget of its own added to the run's (about 40 s
 * per size: seed, start, 200 joins, 100 timed calls).
 */
const QUEUE_SCALE_BUDGET_MS = 180_000;
/** The first seconds on a phone (load.ts): two cold phones on slow 4G, on a budget of their own. */
const LOAD_BUDGET_MS = 150_000;
/**
 * A phone in a crowd (phone.ts): a thousand joins and two crowds sampled, on a budget of its own; each person
 * signs up, which takes the hall 2–3 minutes for a thousand on a busy 2-core machine.
 */
const PHONE_BUDGET_MS = 420_000;
const PHONE_JOIN_MS = 240_000;
/** The view the hall gives each page unless HALL_VIEW_NEAREST says otherwise (server/config.ts). */
const DEFAULT_VIEW_NEAREST = 60;
/** Voice (voice.ts): a desk call and a session of 12 in Chromium with fake audio, on a budget of its own. */
const VOICE_BUDGET_MS = 360_000;
const PHASES = [
  'crowd',
  'queue',
  'meetings',
  'render',
  'phone',
  'load',
  'voice',
  'queueScale',
  'waitSim',
  'dashboard',
  'soak',
  'city',
] as const;
type Phase = (typeof PHASES)[number];
/** Phases run only when named: the city needs nginx, Redis and PostgreSQL beside the bench (city.ts). */
const NAMED_ONLY: readonly Phase[] = ['city'];
/** What `npm run bench` runs with no phase named. */
const DEFAULT_PHASES = PHASES.filter((p) => !NAMED_ONLY.includes(p));
/** Phases named on the command line, or the default ones. */
const selected: readonly Phase[] = (() => {
  const named = process.argv.slice(2);
  const unknown = named.filter((n) => !(PHASES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown bench phase ${unknown.join(', ')}: choose from ${PHASES.join(', ')}`);
  return named.length ? (named as Phase[]) : DEFAULT_PHASES;
})();

interface CrowdResult {
  /** The hall, or beside it the naive full-state room (naiveRoom.ts) or the per-client messages one (messagesRoom.ts). */
  room: 'hall' | BenchRoom;
  n: number;
  joined: number;
  joinMs: number;
  joinFailed: number;
  joinError?: string;
  /** Avatars in the state as a probe bot saw it at the end of the window (the hall: those in its view). */
  avatarsSeen: number;
  /** The room's count of everyone in it as that probe was told (-1 for the naive room). */
  peopleSeen: number;
  windowS: number;
  /** WebSocket payload bytes received per second, over every bot (probes and bulk): mean, min and max. */
  downBytesPerClientPerS: number;
  downBytesMin: number;
  downBytesMax: number;
  downMessagesPerClientPerS: number;
  /** The mean over the probes alone (in the hall they stand in a small, crowded area) and the bulk bots. */
  probeDownBytesPerClientPerS: number;
  bulkDownBytesPerClientPerS: number;
  /** Everything the server process wrote (all sockets, framing included), per client per second. */
  serverWrittenBytesPerClientPerS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  latencySamples: number;
  timedMoves: number;
  expectedObservations: number;
  missedObservations: number;
  movesPerS: number;
  movesRejected: number;
  unexpectedLeaves: number;
  drops: number;
  serverCpuPercent: number;
  serverRssMb: number;
  /** Memory per connected person at the margin: the RSS slope from the previous crowd to this one, KB. */
  marginKbPerPerson: number | null;
  /**
   * The server's memory right after the window, after a full collection (memoryProbe.ts): resident, the JS heap
   * in use (state, buffers, views), and the WebAssembly memory touched (the embedded database), MB…
   */
  afterGc: { rssMb: number; heapMb: number; wasmMb: number } | null;
  /** …and their slopes from the previous crowd, KB per person. */
  marginAfterGc: { rssKb: number | null; heapKb: number | null; wasmKb: number | null };
  benchCpuPercent: number;
  /** Every other process on the machine (and the kernel), % of one core: other work skews the figures. */
  otherCpuPercent: number;
  threads: Omit<ThreadStats, 'latencies' | 'bytesPerBot' | 'messagesPerBot' | 'sdkNotices'>[];
  /** What the SDK printed in the bot threads (drops, reconnections) since the previous N, with counts. */
  sdkNotices: Record<string, number>;
  latencies: number[];
  error?: string;
}

interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

interface Results {
  machine: MachineInfo;
  settings: Record<string, unknown>;
  /** The phases this run was asked for. */
  phases: readonly Phase[];
  /** The hall's crowds, and the naive and messages rooms' at the same sizes. */
  crowds: CrowdResult[];
  naiveCrowds: CrowdResult[];
  messagesCrowds: CrowdResult[];
  queue: QueueResult | null;
  queueScale: QueueScaleRow[];
  waitSim: WaitSimResult[];
  dashboard: DashboardBenchRow[];
  soak: SoakResult | null;
  city: CityResult | null;
  meetings: MeetingBenchResult | null;
  load: LoadResult | null;
  voice: VoiceBenchResult | null;
  render: RenderSample[];
  renderNotes: string[];
  phone: PhoneSample[];
  phoneNotes: string[];
  /** Where the phone's browser ran and where the bots and the hall did (CPU lists), when kept apart. */
  phoneCpus?: { browser: string; rest: string };
  chunks: ChunkSize[];
  /** Distinct lines the server printed after start-up, with how often each came. */
  serverOutput: Record<string, number>;
  errors: string[];
  durationS: number;
}

const started = performance.now();
const budgetMs =
  BUDGET_MS +
  (selected.includes('crowd') ? CROWD_BUDGET_MS - 60_000 : 0) +
  (selected.includes('queueScale') ? QUEUE_SCALE_BUDGET_MS : 0) +
  (selected.includes('load') ? LOAD_BUDGET_MS : 0) +
  (selected.includes('phone') ? PHONE_BUDGET_MS : 0) +
  (selected.includes('voice') ? VOICE_BUDGET_MS : 0) +
  (selected.includes('soak') ? SOAK_BUDGET_MS : 0) +
  (selected.includes('city') ? CITY_BUDGET_MS : 0);
const deadline = Date.now() + budgetMs;
const cleanups: (() => Promise<void>)[] = [];
const results: Results = {
  machine: machineInfo(),
  settings: {
    crowds: CROWDS,
    crowdRooms: CROWD_ROOMS,
    crowdHallMaxClients: CROWD_HALL_MAX,
    crowdBudgetMs: CROWD_BUDGET_MS,
    probeArea: { spot: PROBE_SPOT, radiusM: PROBE_RADIUS_M },
    naiveRoom:
      'naiveRoom.ts in its own process, no sign-in: float32 x, z, ry and a moving flag per avatar in one map, every client receives every avatar at 20 Hz; walks planned with findPath and stepped with stepWalker each patch',
    messagesRoom:
      "messagesRoom.ts in its own process, no sign-in: the hall's floor (HallFloor) plans the walks and its interest rule chooses each view (nearest HALL_VIEW_NEAREST, same slices and rate); at each 50 ms patch each page whose view changed gets one msgpack message: entries (number, session id, name, shop, walk), changed walks, leavers' numbers",
    targetsAt1000: TARGET,
    renderCrowds: RENDER_CROWDS,
    renderQualities: RENDER_QUALITIES,
    phoneCrowds: PHONE_CROWDS,
    probes: PROBES,
    bulkBotsDecodeAllPatches: DECODE_ALL,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
    walk: 'moveTo a random free spot or a named place (≥ 2 m away), stand 2–6 s, repeat; 1.6 m/s server-side; probes: a spot within probeArea (≥ 1 m away)',
    viewport: '1280×720 @1x, headless Chromium, SwiftShader WebGL',
    queue: {
      merchants: QUEUE_MERCHANTS,
      desks: QUEUE_DESKS,
      officerGapMs: OFFICER_GAP_MS,
      noShowGraceSeconds: 0,
      flow: 'each merchant takes one ticket; each officer: callNext → startService → complete (resolved), each step confirmed before the next',
    },
    meetings: {
      rooms: MEETING_ROOMS,
      participantsPerRoom: MEETING_SIZE,
      people: 'host park manager + 1 park manager + 2 officers + merchants (staff shared out over the rooms)',
      hallBots: MEETING_HALL_BOTS,
      rounds: HAND_ROUNDS,
      handGapMs: HAND_GAP_MS,
      handDeadlineMs: HAND_DEADLINE_MS,
      flow: 'host starts; each round every other participant raises a hand in turn, each seen by all before the next; the host moves to the next item between rounds, ends at the last',
    },
  },
  phases: selected,
  crowds: [],
  naiveCrowds: [],
  messagesCrowds: [],
  queue: null,
  queueScale: [],
  waitSim: [],
  dashboard: [],
  soak: null,
  city: null,
  load: null,
  voice: null,
  meetings: null,
  render: [],
  renderNotes: [],
  phone: [],
  phoneNotes: [],
  chunks: [],
  serverOutput: {},
  errors: [],
  durationS: 0,
};

function log(msg: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${t}s] ${msg}\n`);
}

function timeLeft(): number {
  return deadline - Date.now();
}

/** Run cleanups newest first, down to the first `keep`; each is bounded and may not throw. */
async function cleanUp(keep = 0): Promise<void> {
  while (cleanups.length > keep) {
    const fn = cleanups.pop()!;
    await Promise.race([fn().catch((e: unknown) => log(`cleanup failed: ${errorText(e)}`)), sleep(20_000)]);
  }
}

function ensureBuilt(): void {
  if (!fs.existsSync(path.join(builtClientDir, 'index.html'))) {
    log('dist/client is missing: building the client (vite build)');
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', 2, 2], timeout: 180_000 });
    if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-bench-client-'));
  cleanups.push(async () => fs.rmSync(copy, { recursive: true, force: true }));
  fs.cpSync(builtClientDir, copy, { recursive: true });
  clientDir = copy;
}

function chunkSizes(): ChunkSize[] {
  const dir = path.join(clientDir, 'assets');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const buf = fs.readFileSync(path.join(dir, file));
      return { file, bytes: buf.length, gzipBytes: zlib.gzipSync(buf, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** Start the hall and keep what it prints after start-up (nothing, when all is well with LOG_LEVEL=silent). */
async function startHall(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<HallProcess> {
  // A first start applies every migration to the embedded database: slow on a busy machine.
  const hall = await startHallProcessWithin(
    {
      LOG_LEVEL: 'silent',
      HALL_MAX_CLIENTS: '500',
      CLIENT_DIR: clientDir,
      // Every bot signs up from this one address, as a park's merchants would, but thousands within the hour.
      LIMIT_SIGNUPS_PER_HOUR: '100000',
      ...env,
    },
    HALL_START_MS,
    nodeArgs,
  );
  const keep = (chunk: Buffer) => {
    for (const raw of chunk.toString().split('\n')) {
      if (raw.startsWith(`${MEMORY_LINE} `)) continue; // the memory probe's answers (memoryAfterGc)
      // Log lines start with a timestamp; drop it so repeats group together.
      const line = raw.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '').trim();
      if (line) results.serverOutput[line] = (results.serverOutput[line] ?? 0) + 1;
    }
  };
  hall.child.stdout!.on('data', keep);
  hall.child.stderr!.on('data', keep);
  const kill = () => hall.child.kill('SIGKILL');
  process.once('exit', kill);
  cleanups.push(async () => {
    await hall.stop();
    process.off('exit', kill);
    fs.rmSync(hall.dataDir, { recursive: true, force: true });
  });
  return hall;
}

function bulkThreadCount(): number {
  // The server wants a core, the probe thread a little; the crowd gets what is left, at least one thread.
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** The server a crowd walks in: the hall, or one of the bench's rooms in its own process. */
interface CrowdServer {
  room: CrowdResult['room'];
  url: string;
  pid: number;
  child: ChildProcess;
}

/** Node flags for a crowd's server: the memory probe (memoryProbe.ts) answers SIGUSR2 after a full collection. */
const MEMORY_PROBE_ARGS = ['--expose-gc', `--import=${path.join(root, 'test', 'bench', 'memoryProbe.ts')}`];

/** The server's memory after a full collection, MB, or null when it does not answer within 10 s. */
function memoryAfterGc(server: CrowdServer): Promise<CrowdResult['afterGc']> {
  return new Promise((resolve) => {
    let partial = '';
    const done = (v: CrowdResult['afterGc']) => {
      clearTimeout(timer);
      server.child.stdout!.off('data', take);
      resolve(v);
    };
    const take = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      const line = lines.find((l) => l.startsWith(`${MEMORY_LINE} `));
      if (!line) return;
      const m = JSON.parse(line.slice(MEMORY_LINE.length + 1)) as MemoryProbeFigures;
      const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
      done({ rssMb: mb(m.rss), heapMb: mb(m.heapUsed), wasmMb: mb(m.wasmRss) });
    };
    const timer = setTimeout(() => done(null), 10_000);
    server.child.stdout!.on('data', take);
    server.child.kill('SIGUSR2');
  });
}

async function measureCrowd(
  server: CrowdServer,
  pool: BotPool,
  n: number,
  joinDeadlineMs: number,
  previous: CrowdResult | undefined,
): Promise<CrowdResult> {
  const tag = `${server.room} N=${n}`;
  log(`${tag}: joining bots`);
  const join = await pool.setCrowd(n, PROBES, joinDeadlineMs);
  log(`${tag}: ${join.total} bots in (${join.joined} joined in ${join.ms} ms, ${join.failed} failed)`);
  await sleep(WARMUP_MS);

  const serverCpu = cpuMeter(server.pid);
  const benchCpu = cpuMeter(process.pid);
  const machineCpu = machineCpuMeter();
  const written0 = processWrittenBytes(server.pid);
  const t0 = performance.now();
  await pool.measureStart();
  await sleep(MEASURE_MS);
  const serverCpuPercent = serverCpu();
  const benchCpuPercent = benchCpu();
  const machineCpuPercent = machineCpu();
  const serverRssMb = processRssMb(server.pid);
  const written = processWrittenBytes(server.pid) - written0;
  const wallS = (performance.now() - t0) / 1000;
  const stats = await pool.measureStop(GRACE_MS);
  const afterGc = await memoryAfterGc(server);

  const probe = stats.find((s) => s.kind === 'probe')!;
  const windowS = probe.windowMs / 1000;
  const perSecond = stats.flatMap((s) => s.bytesPerBot.map((b) => b / (s.windowMs / 1000)));
  const messagesPerSecond = stats.flatMap((s) => s.messagesPerBot.map((m) => m / (s.windowMs / 1000)));
  const latencies = probe.latencies;
  const clients = stats.reduce((sum, s) => sum + s.bots, 0);
  const bulk = stats.filter((s) => s.kind === 'bulk');
  const bulkPerSecond = bulk.flatMap((s) => s.bytesPerBot.map((b) => b / (s.windowMs / 1000)));
  const sdkNotices: Record<string, number> = {};
  for (const s of stats) {
    for (const [line, count] of Object.entries(s.sdkNotices)) sdkNotices[line] = (sdkNotices[line] ?? 0) + count;
  }
  const slope = (now: number | undefined, before: number | undefined) =>
    previous && n > previous.n && now !== undefined && before !== undefined
      ? round(((now - before) * 1024) / (n - previous.n), 1)
      : null;
  return {
    room: server.room,
    n,
    joined: clients,
    joinMs: join.ms,
    joinFailed: join.failed,
    joinError: join.firstError,
    avatarsSeen: probe.avatarsSeen,
    peopleSeen: probe.peopleSeen,
    windowS: round(windowS, 2),
    downBytesPerClientPerS: round(mean(perSecond), 0),
    downBytesMin: round(Math.min(...perSecond), 0),
    downBytesMax: round(Math.max(...perSecond), 0),
    downMessagesPerClientPerS: round(mean(messagesPerSecond), 1),
    probeDownBytesPerClientPerS: round(mean(probe.bytesPerBot) / windowS, 0),
    bulkDownBytesPerClientPerS: round(mean(bulkPerSecond), 0),
    serverWrittenBytesPerClientPerS: round(written / wallS / Math.max(1, clients), 0),
    latencyP50Ms: round(percentile(latencies, 50), 1),
    latencyP99Ms: round(percentile(latencies, 99), 1),
    latencyMaxMs: round(latencies.length ? Math.max(...latencies) : NaN, 1),
    latencySamples: latencies.length,
    timedMoves: probe.probeMoves,
    expectedObservations: probe.expectedObservations,
    missedObservations: probe.missedObservations,
    movesPerS: round(stats.reduce((sum, s) => sum + s.movesSent, 0) / windowS, 1),
    movesRejected: stats.reduce((sum, s) => sum + s.movesRejected, 0),
    unexpectedLeaves: stats.reduce((sum, s) => sum + s.unexpectedLeaves, 0),
    drops: stats.reduce((sum, s) => sum + s.drops, 0),
    serverCpuPercent: round(serverCpuPercent, 1),
    serverRssMb: round(serverRssMb, 1),
    marginKbPerPerson: slope(serverRssMb, previous?.serverRssMb),
    afterGc,
    marginAfterGc: {
      rssKb: slope(afterGc?.rssMb, previous?.afterGc?.rssMb),
      heapKb: slope(afterGc?.heapMb, previous?.afterGc?.heapMb),
      wasmKb: slope(afterGc?.wasmMb, previous?.afterGc?.wasmMb),
    },
    benchCpuPercent: round(benchCpuPercent, 1),
    otherCpuPercent: round(Math.max(0, machineCpuPercent - serverCpuPercent - benchCpuPercent), 1),
    threads: stats.map(({ latencies: _l, bytesPerBot: _b, messagesPerBot: _m, sdkNotices: _n, ...rest }) => ({
      ...rest,
      windowMs: round(rest.windowMs, 0),
      elu: round(rest.elu, 3),
      cpuPercent: round(rest.cpuPercent, 1),
    })),
    sdkNotices,
    latencies: latencies.map((l) => round(l, 1)),
  };
}

/** One of the bench's rooms (roomServer.ts) as its own process on loopback, so its CPU and memory are its own. */
async function startBenchRoom(room: BenchRoom): Promise<CrowdServer> {
  const server = path.join(root, 'test', 'bench', 'roomServer.ts');
  const child = spawn(process.execPath, [...MEMORY_PROBE_ARGS, server, room], {
    cwd: root,
    env: childEnv({ PORT: '0', HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    process.off('exit', kill);
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${room} room did not start in 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /open at (https?:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = `${room} room: ${chunk.toString().trim().split('\n')[0]!.slice(0, 200)}`;
      results.serverOutput[line] = (results.serverOutput[line] ?? 0) + 1;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${room} room exited with ${code}:\n${output}`));
    });
  });
  return { room, url, pid: child.pid!, child };
}

/** Walk the crowds in one server, growing; each crowd stops being started when `until` comes near. */
async function crowdSweep(server: CrowdServer, until: number, into: CrowdResult[]): Promise<void> {
  const pool = new BotPool(server.url, bulkThreadCount(), DECODE_ALL, {
    target: server.room,
    probeSpot: PROBE_SPOT,
    probeRadius: PROBE_RADIUS_M,
  });
  cleanups.push(() => pool.close());
  for (const n of CROWDS) {
    // Joins, warm-up, window and grace, with a little to spare.
    if (until - Date.now() < WARMUP_MS + MEASURE_MS + GRACE_MS + 20_000) {
      results.errors.push(`${server.room} N=${n}: skipped, out of time`);
      break;
    }
    try {
      const joinDeadline = Math.min(JOIN_DEADLINE_MS, until - Date.now() - (WARMUP_MS + MEASURE_MS + 15_000));
      const r = await measureCrowd(server, pool, n, joinDeadline, into.at(-1));
      into.push(r);
      log(
        `${server.room} N=${n}: ${r.downBytesPerClientPerS} B/client/s down, latency p50 ${r.latencyP50Ms} ms ` +
          `p99 ${r.latencyP99Ms} ms (${r.latencySamples} samples), server ${r.serverCpuPercent}% CPU ` +
          `${r.serverRssMb} MB, ${r.drops} drops`,
      );
    } catch (err) {
      results.errors.push(`${server.room} N=${n}: ${errorText(err)}`);
      log(`${server.room} N=${n} failed: ${errorText(err)}`);
      if (server.child.exitCode !== null || server.child.signalCode !== null) break;
    }
  }
}

/** The crowds in the hall, then the same bots in the naive and the messages room, each server alone on the machine. */
async function networkPhase(): Promise<void> {
  const phaseEnd = Date.now() + Math.min(CROWD_BUDGET_MS, timeLeft() - 10_000);
  const mark = cleanups.length;
  if (CROWD_ROOMS.includes('hall')) {
    try {
      const hall = await startHall({ HALL_MAX_CLIENTS: String(CROWD_HALL_MAX) }, MEMORY_PROBE_ARGS);
      log(`hall at ${hall.url} (pid ${hall.pid}); ${bulkThreadCount()} bulk bot thread(s) + 1 probe thread`);
      const until = phaseEnd - ROOM_RESERVE_MS * BENCH_ROOMS.length;
      await crowdSweep({ room: 'hall', ...hall }, until, results.crowds);
    } catch (err) {
      results.errors.push(`hall crowd: ${errorText(err)}`);
      log(`hall crowd failed: ${errorText(err)}`);
    }
    await cleanUp(mark);
  }
  for (const [i, room] of BENCH_ROOMS.entries()) {
    try {
      const server = await startBenchRoom(room);
      log(`${room} room at ${server.url} (pid ${server.pid})`);
      const until = phaseEnd - ROOM_RESERVE_MS * (BENCH_ROOMS.length - 1 - i);
      await crowdSweep(server, until, room === 'naive' ? results.naiveCrowds : results.messagesCrowds);
    } catch (err) {
      results.errors.push(`${room} crowd: ${errorText(err)}`);
      log(`${room} crowd failed: ${errorText(err)}`);
    }
    await cleanUp(mark);
  }
}

async function queuePhase(): Promise<void> {
  const reserve = RENDER_RESERVE_MS + (selected.includes('meetings') ? MEETINGS_RESERVE_MS : 0);
  if (timeLeft() < reserve + 45_000) {
    results.errors.push('queue: skipped, out of time');
    return;
  }
  const mark = cleanups.length;
  const hall = await startHall({ NO_SHOW_GRACE_SECONDS: '0' });
  log(`queue: hall at ${hall.url} (pid ${hall.pid})`);
  const bench = new QueueBench({
    url: hall.url,
    dataDir: hall.dataDir,
    hallPid: hall.pid,
    deadline: Date.now() + Math.min(QUEUE_BUDGET_MS, timeLeft() - reserve),
    log,
  });
  cleanups.push(() => bench.close());
  const q = await bench.run();
  results.queue = q;
  log(
    `queue: ${q.served}/${q.ticketsTaken} served in ${q.servingS} s, ${q.lost} lost; call→signal p50 ` +
      `${q.callToSignalP50Ms} ms p99 ${q.callToSignalP99Ms} ms (${q.samples} samples)`,
  );
  // The queue's promises, unlike its timings, are enforced: any failure here fails the run.
  for (const failure of queueFailures(q)) {
    results.errors.push(`queue: ${failure}`);
    log(`queue FAILED: ${failure}`);
  }
  await cleanUp(mark);
}

/** Simulated busy days: the wait estimate beside the published rules (waitSim.ts); in process, no hall. */
async function waitSimPhase(): Promise<void> {
  for (const spread of WAIT_SIM_SPREADS) {
    const r = simulateWaits(spread);
    results.waitSim.push(r);
    log(`waitSim σ ${spread}: ${r.tickets} tickets, mean wait ${r.meanWaitMin} min, estimates ${r.estimateMs} ms`);
    await sleep(0);
  }
}

/** A year of a busy station seeded into the database; the dashboard's period timed (dashboard.ts); no hall. */
async function dashboardPhase(): Promise<void> {
  results.dashboard.push(...(await dashboardBench(log)));
}

/** Call next → desk view with 200, 2,000 and 10,000 waiting, one freshly seeded hall per size (queueScale.ts). */
async function queueScalePhase(): Promise<void> {
  for (const waiting of SCALE_SIZES) {
    if (timeLeft() < 45_000) {
      results.errors.push(`queueScale ${waiting}: skipped, out of time`);
      break;
    }
    const mark = cleanups.length;
    try {
      const { dataDir, seedMs } = await seededDataDir(waiting);
      const hall = await startHall({ DATA_DIR: dataDir, STATION_TIMEZONE: SCALE_TZ, NO_SHOW_GRACE_SECONDS: '0' });
      log(`queueScale ${waiting}: hall at ${hall.url} (pid ${hall.pid}), ${waiting} waiting (seeded in ${seedMs} ms)`);
      const bench = new QueueScaleBench(hall, waiting, seedMs, Date.now() + Math.min(90_000, timeLeft() - 10_000), log);
      cleanups.push(() => bench.close());
      const row = await bench.run();
      results.queueScale.push(row);
      log(
        `queueScale ${waiting}: call→desk view p50 ${row.callToDeskViewP50Ms} ms p99 ${row.callToDeskViewP99Ms} ms ` +
          `(${row.calls} calls); longest loop stall ${row.loopMaxMs ?? 'n/a'} ms`,
      );
    } catch (err) {
      results.errors.push(`queueScale ${waiting}: ${errorText(err)}`);
      log(`queueScale ${waiting} failed: ${errorText(err)}`);
    }
    await cleanUp(mark);
  }
}

async function meetingsPhase(): Promise<void> {
  const reserve = selected.includes('render') ? RENDER_RESERVE_MS : 0;
  if (timeLeft() < reserve + MEETINGS_RESERVE_MS) {
    results.errors.push('meetings: skipped, out of time');
    return;
  }
  const mark = cleanups.length;
  const hall = await startHall({ STATION_TIMEZONE: MEETING_TZ });
  log(`meetings: hall at ${hall.url} (pid ${hall.pid})`);
  const bench = new MeetingBench({
    url: hall.url,
    dataDir: hall.dataDir,
    hallPid: hall.pid,
    deadline: Date.now() + Math.min(MEETINGS_BUDGET_MS, timeLeft() - reserve),
    log,
  });
  cleanups.push(() => bench.close());
  const m = await bench.run();
  results.meetings = m;
  log(
    `meetings: ${m.handsSeen}/${m.handsRaised} hands seen by all; raise→all p50 ${m.raiseToAllP50Ms} ms ` +
      `p95 ${m.raiseToAllP95Ms} ms p99 ${m.raiseToAllP99Ms} ms max ${m.raiseToAllMaxMs} ms`,
  );
  await cleanUp(mark);
}

/** The soak: 300 people for SOAK_MINUTES, its own hall with its log on (soak.ts); growth or errors fail the run. */
async function soakPhase(): Promise<void> {
  const mark = cleanups.length;
  const bench = new SoakBench({ clientDir, bulkThreads: bulkThreadCount(), deadline: deadline - 10_000, log });
  cleanups.push(() => bench.close());
  const s = await bench.run();
  results.soak = s;
  log(`soak: memory grew ${round(100 * s.rssGrowth, 1)} % resident, ${round(100 * s.heapGrowth, 1)} % heap`);
  for (const failure of soakFailures(s)) {
    results.errors.push(`soak: ${failure}`);
    log(`soak FAILED: ${failure}`);
  }
  await cleanUp(mark);
}

/**
 * Two processes behind nginx serving four stations of walking bots, against one process holding one (city.ts);
 * skipped, saying why, without nginx, Redis or PostgreSQL.
 */
async function cityPhase(): Promise<void> {
  const mark = cleanups.length;
  const bench = new CityBench(Date.now() + Math.min(CITY_BUDGET_MS, timeLeft() - 10_000), log);
  cleanups.push(() => bench.close());
  results.city = await bench.run();
  for (const e of results.city.errors) results.errors.push(`city: ${e}`);
  await cleanUp(mark);
}

async function renderPhase(): Promise<void> {
  const mark = cleanups.length;
  // Hold a closed tab's place for 1 s only, so each fresh page sees just the bots and itself; and let the
  // page see all 200 others (each page's view otherwise holds its nearest HALL_VIEW_NEAREST, 60).
  const hall = await startHall({ RECONNECT_SECONDS: '1', HALL_VIEW_NEAREST: String(Math.max(...RENDER_CROWDS)) });
  // These bots are only there to be drawn: lean, whatever BENCH_DECODE_ALL says (the page does the work).
  const pool = new BotPool(hall.url, 1, false);
  cleanups.push(() => pool.close());
  log('launching Chromium');
  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  for (const quality of RENDER_QUALITIES) {
    if (timeLeft() < 30_000) {
      results.errors.push(`render ${quality}: skipped, out of time`);
      break;
    }
    await pool.setCrowd(0, 0, 10_000);
    await sleep(1_500); // the previous page's place is released after 1 s
    log(`render ${quality}: opening the hall page`);
    const hallPage = await openHallPage(browser, hall.url);
    try {
      await waitSignedIn(hallPage.page, hall.url, quality, Math.min(45_000, timeLeft() - 20_000));
      // Largest crowd last for the first pass and first for the second, to spend fewer joins.
      const counts = quality === RENDER_QUALITIES[0] ? RENDER_CROWDS : [...RENDER_CROWDS].reverse();
      for (const others of counts) {
        if (timeLeft() < 20_000) {
          results.errors.push(`render ${quality} ${others}: skipped, out of time`);
          break;
        }
        await pool.setCrowd(others, 0, Math.min(30_000, timeLeft() - 15_000));
        const seen = await waitForAvatars(hallPage.page, others + 1, Math.min(30_000, timeLeft() - 15_000));
        if (seen !== others + 1) {
          results.renderNotes.push(`${quality}/${others}: page drew ${seen} avatars, expected ${others + 1}`);
        }
        const sample = await measureRender(hallPage.page, quality, others, RENDER_SETTLE_MS);
        results.render.push(sample);
        log(`render ${quality} with ${others} others: ${sample.calls} calls, ${sample.triangles} triangles`);
      }
    } catch (err) {
      // One quality failing still leaves the other to measure.
      results.errors.push(`render ${quality}: ${errorText(err)}`);
      log(`render ${quality} failed: ${errorText(err)}`);
    } finally {
      for (const e of hallPage.errors.slice(0, 10)) results.renderNotes.push(`${quality}: ${e}`);
      await hallPage.close();
    }
  }
  await cleanUp(mark);
}

/** The phone in a crowd (phone.ts): one page, one browser, the crowds grown around it. */
async function phonePhase(): Promise<void> {
  const mark = cleanups.length;
  // The phone and the largest crowd fit (HALL_MAX_CLIENTS takes up to 1,000); the view is the hall's default.
  const most = Math.max(...PHONE_CROWDS);
  const cpus = separatePhoneCpus();
  if (cpus.browser === undefined)
    results.phoneNotes.push(`the browser shares every CPU with the bots and the hall (${cpus.reason})`);
  else {
    cleanups.push(async () => cpus.restore());
    results.phoneCpus = { browser: cpus.browser, rest: cpus.rest };
  }
  const hall = await startHall({ HALL_MAX_CLIENTS: String(Math.min(1000, most + 1)), RECONNECT_SECONDS: '1' });
  // Lean bots: they are there to be drawn and to walk; the page does the work.
  // The first crowd is the people near the phone; the larger ones add the rest of the hall around them.
  const pool = new BotPool(hall.url, bulkThreadCount(), false, {
    probeSpot: PHONE_NEAR_SPOT,
    probeRadius: PHONE_NEAR_M,
  });
  cleanups.push(() => pool.close());
  log('phone: launching Chromium');
  const browser: Browser = await launchChromium({ cpus: cpus.browser });
  cleanups.push(() => browser.close());
  const phone = await openHallPage(browser, hall.url, PHONE);
  await countUploads(phone.page);
  try {
    await waitSignedIn(phone.page, hall.url, 'low', Math.min(60_000, timeLeft() - 20_000));
    const cdp = await phone.page.context().newCDPSession(phone.page);
    await cdp.send('Performance.enable');
    for (const others of PHONE_CROWDS) {
      if (timeLeft() < 60_000) {
        results.errors.push(`phone ${others}: skipped, out of time`);
        break;
      }
      log(`phone: ${others} bots joining`);
      const near = Math.min(others, PHONE_NEAR);
      const join = await pool.setCrowd(others, near, Math.min(PHONE_JOIN_MS, timeLeft() - 50_000));
      if (join.total !== others)
        results.phoneNotes.push(`${others}: ${join.total} bots in, ${join.failed} failed (${join.firstError ?? '?'})`);
      const row = await measurePhone(phone.page, cdp, {
        others,
        botsIn: join.total,
        hallPid: hall.pid,
        viewNearest: DEFAULT_VIEW_NEAREST,
        shotDir: path.join(root, 'bench-results'),
        ...(cpus.browser === undefined ? {} : { browserCpus: cpus.browser }),
      });
      results.phone.push(row);
      log(
        `phone with ${join.total} bots: ${row.inView} in view of ${row.people}, ${row.fps} fps, ${row.calls} calls, ` +
          `${row.triangles} triangles, heap ${row.heapMb} MB`,
      );
    }
  } finally {
    for (const e of phone.errors.slice(0, 10)) results.phoneNotes.push(e);
    await phone.close();
  }
  await cleanUp(mark);
}

async function loadPhase(): Promise<void> {
  const mark = cleanups.length;
  // The page is served as a release serves it: from the precompressed copies the build writes.
  if (!fs.readdirSync(path.join(clientDir, 'assets')).some((f) => f.endsWith('.br'))) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'compress.ts'), clientDir], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`compressing the client failed (${r.status ?? r.signal})`);
  }
  const hall = await startHall({});
  log('load: two cold phones on slow 4G');
  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  results.load = await measureLoad(browser, hall.url, clientDir);
  await cleanUp(mark);
}

async function voicePhase(): Promise<void> {
  const mark = cleanups.length;
  const hall = await startHall({});
  log(`voice: hall at ${hall.url} (pid ${hall.pid})`);
  const browser: Browser = await launchChromium({ voice: true });
  cleanups.push(() => browser.close());
  const bench = new VoiceBench({
    url: hall.url,
    dataDir: hall.dataDir,
    hallPid: hall.pid,
    browser,
    deadline: Date.now() + Math.min(VOICE_BUDGET_MS - 20_000, timeLeft()),
    log,
  });
  results.voice = await bench.run();
  for (const e of results.voice.errors) results.errors.push(`voice: ${e}`);
  await cleanUp(mark);
}

function kb(bytes: number): number {
  return round(bytes / 1024, 1);
}

const kbS = (bytes: number) => round(bytes / 1024, bytes < 10_240 ? 2 : 1);

/**
 * The crowd phase: the hall, the naive room and the messages room side by side, with the ratio and the targets at
 * 1,000.
 */
function crowdReport(): string[] {
  const out: string[] = [];
  out.push(
    `Crowd: the hall, a naive full-state room and the hall's views as per-client messages, same bots (walk somewhere, stand 2–6 s, again; ${PROBES} probe ` +
      `bots decode like the page and time moves; ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s window; ` +
      `crowd phase budget ${CROWD_BUDGET_MS / 1000} s)`,
  );
  out.push(
    `  probes walk within ${PROBE_RADIUS_M} m of (${PROBE_SPOT.x}, ${PROBE_SPOT.z}), away from the entrance; in the ` +
      'hall and the messages room only probes that had the mover in view count ("seen" = the new walk arrived), in',
  );
  out.push(
    '  the naive room all do ("seen" = its `moving` turned true). ' +
      (DECODE_ALL
        ? 'Bulk bots decode everything too (BENCH_DECODE_ALL=1).'
        : 'Bulk bots count every message but decode only until they find their own avatar.'),
  );
  const rows: (string | number)[][] = [];
  for (const n of CROWDS) {
    const hall = results.crowds.find((c) => c.n === n);
    const naive = results.naiveCrowds.find((c) => c.n === n);
    const messages = results.messagesCrowds.find((c) => c.n === n);
    for (const c of [hall, naive, messages]) {
      if (!c) continue;
      const ratio =
        c !== naive && naive && c.downBytesPerClientPerS > 0
          ? `${round(naive.downBytesPerClientPerS / c.downBytesPerClientPerS, 1)}× under`
          : '';
      rows.push([
        c.n,
        c.room,
        c.joined,
        `${kbS(c.downBytesPerClientPerS)} (${kbS(c.downBytesMin)}–${kbS(c.downBytesMax)})`,
        ratio,
        c.downMessagesPerClientPerS,
        `${c.latencyP50Ms} / ${c.latencyP99Ms} / ${c.latencyMaxMs}`,
        `${c.latencySamples}/${c.expectedObservations}`,
        `${c.drops} / ${c.unexpectedLeaves}`,
        c.serverCpuPercent,
        c.serverRssMb,
        c.marginKbPerPerson ?? '–',
        c.afterGc ? `${c.afterGc.rssMb} / ${c.afterGc.heapMb} / ${c.afterGc.wasmMb}` : '–',
        `${c.marginAfterGc.rssKb ?? '–'} / ${c.marginAfterGc.heapKb ?? '–'} / ${c.marginAfterGc.wasmKb ?? '–'}`,
      ]);
    }
  }
  out.push(
    table(
      [
        'N',
        'room',
        'bots in',
        'down KB/s per client mean (min–max)',
        'vs naive',
        'msgs/s',
        'move→seen p50 / p99 / max ms',
        'seen/expected',
        'drops / leaves',
        'srv CPU %',
        'srv RSS MB',
        'KB/person (RSS slope)',
        'after GC: RSS / heap / db MB',
        'KB/person after GC: RSS / heap / db',
      ],
      rows,
    ),
  );
  out.push(
    '  down = WebSocket payload bytes received per bot, all bots (framing excluded); CPU % is of one core; KB/person =',
  );
  out.push(
    '  memory per connected person at the margin: the slope of the server RSS from the previous crowd to this one;',
  );
  out.push(
    '  after GC = right after the window, after a full collection: resident, JS heap in use (state, buffers, views),',
  );
  out.push('  WebAssembly memory touched (the embedded database), and their slopes from the previous crowd.');
  const hall = results.crowds.find((c) => c.n === 1000);
  const naive = results.naiveCrowds.find((c) => c.n === 1000);
  const mark = (ok: boolean | undefined) => (ok === undefined ? '(not measured)' : ok ? 'met' : 'MISSED');
  const fig = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '–' : `${v}${unit}`);
  const under =
    hall && naive && hall.downBytesPerClientPerS > 0
      ? naive.downBytesPerClientPerS / hall.downBytesPerClientPerS
      : undefined;
  out.push('  Targets at 1,000 people (the hall):');
  out.push(
    `    ≤ ${TARGET.downKbPerS} KB/s down per client: ${fig(hall && kbS(hall.downBytesPerClientPerS), ' KB/s')} ` +
      `${mark(hall && hall.downBytesPerClientPerS <= TARGET.downKbPerS * 1024)}`,
  );
  out.push(
    `    ≥ ${TARGET.underNaive}× under the naive room: ${fig(under && round(under, 1), '×')} ` +
      `${mark(under === undefined ? undefined : under >= TARGET.underNaive)}`,
  );
  out.push(
    `    move→seen p99 ≤ ${TARGET.p99Ms} ms: ${fig(hall?.latencyP99Ms, ' ms')} ` +
      `${mark(hall && hall.latencySamples > 0 && hall.latencyP99Ms <= TARGET.p99Ms)}`,
  );
  out.push(
    `    no bot dropped: ${hall ? `${hall.drops} drops, ${hall.unexpectedLeaves} unexpected leaves, ${hall.joined}/1,000 in` : '–'} ` +
      `${mark(hall && hall.drops === 0 && hall.unexpectedLeaves === 0 && hall.joined === 1000)}`,
  );
  out.push(
    `    ≤ ${TARGET.marginKbPerPerson} KB per person at the margin (slope 500→1,000 of the RSS after a full ` +
      `collection): ${fig(hall?.marginAfterGc.rssKb, ' KB')} ` +
      `${mark(hall && hall.marginAfterGc.rssKb !== null ? hall.marginAfterGc.rssKb <= TARGET.marginKbPerPerson : undefined)}` +
      ` (RSS as sampled ${fig(hall?.marginKbPerPerson, ' KB')}, JS heap ${fig(hall?.marginAfterGc.heapKb, ' KB')}, ` +
      `database ${fig(hall?.marginAfterGc.wasmKb, ' KB')})`,
  );
  const versus = CROWDS.flatMap((n) => {
    const h = results.crowds.find((c) => c.n === n);
    const m = results.messagesCrowds.find((c) => c.n === n);
    if (!h || !m) return [];
    const pair = (a: number | string | undefined, b: number | string | undefined, unit: string) =>
      `${a ?? '–'} vs ${b ?? '–'}${unit}`;
    return [
      `    N=${n}: down ${pair(kbS(h.downBytesPerClientPerS), kbS(m.downBytesPerClientPerS), ' KB/s')}, ` +
        `move→seen p99 ${pair(h.latencyP99Ms, m.latencyP99Ms, ' ms')}, server CPU ` +
        `${pair(h.serverCpuPercent, m.serverCpuPercent, ' %')}, JS heap after GC ` +
        `${pair(h.afterGc?.heapMb, m.afterGc?.heapMb, ' MB')} (slope ${pair(h.marginAfterGc.heapKb ?? undefined, m.marginAfterGc.heapKb ?? undefined, ' KB/person')})`,
    ];
  });
  if (versus.length > 0) {
    out.push("  The hall's StateView vs the same walks and views as per-client messages (hall vs messages):");
    out.push(...versus);
  }
  out.push('  Details:');
  out.push(
    table(
      [
        'N',
        'room',
        'in view / in hall',
        'probe / bulk down B/s',
        'srv write B/client/s',
        'bench CPU %',
        'other CPU %',
        'bot thread ELU',
        'moves/s',
        'joins ms',
      ],
      [...results.crowds, ...results.naiveCrowds, ...results.messagesCrowds].map((c) => [
        c.n,
        c.room,
        c.room === 'naive' ? `${c.avatarsSeen}` : `${c.avatarsSeen} / ${c.peopleSeen}`,
        `${c.probeDownBytesPerClientPerS} / ${c.bulkDownBytesPerClientPerS}`,
        c.serverWrittenBytesPerClientPerS,
        c.benchCpuPercent,
        c.otherCpuPercent,
        c.threads.map((t) => `${t.kind === 'probe' ? 'p' : 'b'}${t.elu.toFixed(2)}`).join(' '),
        c.movesPerS,
        c.joinMs,
      ]),
    ),
  );
  out.push(
    '  srv write = all bytes the server process wrote (framing and HTTP included) / clients; other = the rest of the',
  );
  out.push(
    '  machine (kernel included); ELU = event-loop utilisation of the probe (p) and bulk (b) bot threads, 1.00 = saturated.',
  );
  for (const c of [...results.crowds, ...results.naiveCrowds, ...results.messagesCrowds]) {
    const notes: string[] = [];
    if (c.joinFailed) notes.push(`${c.joinFailed} joins failed (${c.joinError ?? '?'})`);
    if (c.missedObservations) notes.push(`${c.missedObservations} observations never arrived`);
    if (c.movesRejected) notes.push(`${c.movesRejected} moves refused`);
    if (notes.length === 0) continue;
    out.push(`  ${c.room} N=${c.n}: ${notes.join('; ')}`);
    for (const [line, count] of Object.entries(c.sdkNotices).slice(0, 5)) out.push(`    SDK ×${count}: ${line}`);
  }
  return out;
}

function report(): string {
  const m = results.machine;
  const out: string[] = [];
  out.push('');
  out.push(`城管会客厅 · Reception Hall benchmark — ${m.date}`);
  out.push(`node ${m.node} · ${m.cpuModel} · ${m.cores} cores · ${m.memoryGb} GB · ${m.platform}`);
  out.push(`load average at start ${m.loadAverage.join(' / ')} (other work on the machine skews every figure)`);
  if (selected.includes('crowd')) {
    out.push('');
    out.push(...crowdReport());
  }
  if (selected.includes('queue')) {
    out.push('');
    out.push(
      `Queue (${QUEUE_MERCHANTS} merchants take one number each, spread over the ${QUEUE_DESKS.length} services; ` +
        `${QUEUE_DESKS.length} officers, one desk and service each, call → start → complete, ≥ ${OFFICER_GAP_MS} ms between ` +
        'intents)',
    );
    const q = results.queue;
    if (q) {
      out.push(
        table(
          [
            'merchants',
            'officers',
            'tickets taken',
            'served',
            'lost',
            'call→signal p50 ms',
            'p99 ms',
            'max ms',
            'samples',
            'serving s',
            'tickets/s',
            'srv CPU %',
            'bench CPU %',
          ],
          [
            [
              q.merchants,
              q.officers,
              q.ticketsTaken,
              q.served,
              q.lost,
              q.callToSignalP50Ms,
              q.callToSignalP99Ms,
              q.callToSignalMaxMs,
              q.samples,
              q.servingS,
              q.ticketsPerS,
              q.serverCpuPercent,
              q.benchCpuPercent,
            ],
          ],
        ),
      );
      out.push(
        "  call→signal = an officer sending callNext to the called merchant's client receiving `called`, both in the",
      );
      out.push(
        '  bench process (one clock); lost = tickets taken (takeTicket sent) − tickets called and completed; a lost',
      );
      out.push('  ticket or a call the merchant never heard of fails the run (see Errors below).');
      out.push(
        `  Serving time is set by the officers' pace (3 intents a ticket, ≥ ${OFFICER_GAP_MS} ms apart: under the hall's ` +
          'message limit).',
      );
      out.push(
        `  take→listed p50 ${q.takeP50Ms} ms p99 ${q.takeP99Ms} ms; joins took ${q.joinMs} ms; bench main thread ELU ` +
          `${q.benchElu.toFixed(2)}; per desk: ${q.desks.map((d) => `${d.deskId} ${d.served} (${d.stopped})`).join(', ')}`,
      );
      const notes: string[] = [];
      if (q.joinFailed) notes.push(`${q.joinFailed} joins failed (${q.joinError ?? '?'})`);
      if (q.ticketsUnconfirmed) notes.push(`${q.ticketsUnconfirmed} tickets never confirmed`);
      if (q.vanished) notes.push(`${q.vanished} tickets left a list before being completed`);
      if (q.stillOpen) notes.push(`${q.stillOpen} merchants still hold an open ticket`);
      if (q.missedSignals) notes.push(`${q.missedSignals} calls whose merchant got no signal`);
      if (q.strayCalls) notes.push(`${q.strayCalls} signals no call explains`);
      if (q.outOfOrder) notes.push(`${q.outOfOrder} calls out of taking order`);
      if (q.staleDeskViews) notes.push(`${q.staleDeskViews} steps the officer's desk view never showed`);
      if (q.caseCompletedNotices !== q.served) notes.push(`${q.caseCompletedNotices} caseCompleted notices`);
      if (q.drops || q.unexpectedLeaves) notes.push(`${q.drops} drops, ${q.unexpectedLeaves} unexpected leaves`);
      for (const [key, count] of Object.entries(q.refusals)) {
        // Each officer learns its line is empty from one refusal: expected, not worth a note.
        if (key !== `${HallIntent.callNext}: ${Reason.queueEmpty}` || count !== q.officers)
          notes.push(`refused ×${count} ${key}`);
      }
      for (const n of [...notes, ...q.notes]) out.push(`  note: ${n}`);
      for (const [line, count] of Object.entries(q.sdkNotices).slice(0, 5)) out.push(`    SDK ×${count}: ${line}`);
    } else {
      out.push('  (not measured)');
    }
  }
  if (selected.includes('waitSim')) {
    out.push('');
    out.push(
      'Wait estimate on simulated busy days (waitSim.ts; targets: MAE ≤ 25 %, range holds ≥ 80 %, width ≤ 100 %)',
    );
    for (const r of results.waitSim)
      out.push(
        ...waitSimReport(r)
          .split('\n')
          .map((l) => `  ${l}`),
      );
    if (results.waitSim.length === 0) out.push('  (not measured)');
  }
  if (selected.includes('dashboard')) {
    out.push('');
    out.push(
      `Station dashboard: the lead's period, every table (dashboard.ts; ${DASHBOARD_DAYS} days of ${TICKETS_PER_DAY} ` +
        "tickets a day; median of 5 reads; in brackets without the dashboard's indexes)",
    );
    for (const line of dashboardReport(results.dashboard)) out.push(`  ${line}`);
    if (results.dashboard.length === 0) out.push('  (not measured)');
  }
  if (selected.includes('queueScale')) {
    out.push('');
    out.push(
      `Queue with a long line (${SCALE_CONNECTED} merchants connected at every size, the rest of the line stored ` +
        `ahead of them; ${QUEUE_DESKS.length} officers, ${SCALE_CALLS_PER_DESK} calls each: call → start → complete)`,
    );
    const base = results.queueScale.find((r) => r.waiting === SCALE_SIZES[0]);
    const ratio = (a: number, b: number | undefined) => (b ? `×${round(a / b, 2)}` : '');
    out.push(
      table(
        [
          'waiting',
          'stored',
          'connected',
          'calls',
          'call→desk view p50 ms',
          'p99 ms',
          'max ms',
          'p50 / p99 vs 200',
          'line updated p50 / p99 ms',
          'longest loop stall ms',
          '/healthz p99 / max ms',
          'srv CPU %',
          'srv RSS MB',
        ],
        results.queueScale.map((r) => [
          r.waiting,
          r.stored,
          r.connected,
          r.calls,
          r.callToDeskViewP50Ms,
          r.callToDeskViewP99Ms,
          r.callToDeskViewMaxMs,
          `${ratio(r.callToDeskViewP50Ms, base?.callToDeskViewP50Ms)} / ${ratio(r.callToDeskViewP99Ms, base?.callToDeskViewP99Ms)}`,
          `${r.lineUpdatedP50Ms} / ${r.lineUpdatedP99Ms}`,
          r.loopMaxMs ?? 'n/a',
          `${r.healthP99Ms} / ${r.healthMaxMs}`,
          r.serverCpuPercent,
          r.serverRssMb,
        ]),
      ),
    );
    out.push(
      "  call→desk view = an officer sending callNext to that officer's client receiving the desk view of the called",
    );
    out.push(
      '  ticket; line updated = a call to every connected merchant of that line showing a better place (the fan-out);',
    );
    out.push(
      "  longest loop stall = the hall's own event-loop delay (/healthz eventLoop) over the calls; /healthz = asked every",
    );
    out.push(
      '  100 ms from outside. Stored tickets have no connection: they are called, served and completed all the same.',
    );
    for (const r of results.queueScale) {
      const notes = [...r.notes];
      if (r.missedDeskViews) notes.push(`${r.missedDeskViews} calls whose desk view never came`);
      if (r.lineUpdatedMissed) notes.push(`${r.lineUpdatedMissed} calls whose line was never seen updated`);
      for (const [key, count] of Object.entries(r.refusals)) notes.push(`refused ×${count} ${key}`);
      notes.push(`seeded in ${r.seedMs} ms`);
      out.push(`  ${r.waiting}: ${notes.join('; ')}`);
    }
  }
  if (selected.includes('meetings')) {
    out.push('');
    out.push(
      `Meetings (${MEETING_ROOMS} sessions of ${MEETING_SIZE} at once beside ${MEETING_HALL_BOTS} bots walking in the ` +
        `hall; ${HAND_ROUNDS} rounds of hands per room, one hand at a time per room, ≥ ${HAND_GAP_MS} ms apart)`,
    );
    const mt = results.meetings;
    if (mt) {
      out.push(
        table(
          [
            'rooms',
            'seated',
            'hall bots',
            'hands raised',
            'seen by all',
            'never seen',
            'raise→all p50 ms',
            'p95 ms',
            'p99 ms',
            'max ms',
            'hands s',
            'srv CPU %',
            'srv RSS MB',
            'bench CPU %',
          ],
          [
            [
              mt.roomsStarted,
              mt.seated,
              mt.hallBots,
              mt.handsRaised,
              mt.handsSeen,
              mt.handsMissed,
              mt.raiseToAllP50Ms,
              mt.raiseToAllP95Ms,
              mt.raiseToAllP99Ms,
              mt.raiseToAllMaxMs,
              mt.handsS,
              mt.serverCpuPercent,
              mt.serverRssMb,
              mt.benchCpuPercent,
            ],
          ],
        ),
      );
      out.push(
        '  raise→all = a participant sending raiseHand to the last client of the room (the sender, the host and the',
      );
      out.push(
        `  ten others) showing them in state.hands, all in the bench process (one clock); never seen = not by all within ` +
          `${HAND_DEADLINE_MS / 1000} s.`,
      );
      out.push(
        `  ${mt.roomsStarted}/${mt.rooms} sessions started, ${mt.roomsEnded} ended; joins took ${mt.joinMs} ms; bench ` +
          `main thread ELU ${mt.benchElu.toFixed(2)}`,
      );
      const notes: string[] = [];
      if (mt.joinFailed) notes.push(`${mt.joinFailed} joins failed (${mt.joinError ?? '?'})`);
      if (mt.hallBotsFailed) notes.push(`${mt.hallBotsFailed} hall bots failed to join`);
      if (mt.drops || mt.unexpectedLeaves) notes.push(`${mt.drops} drops, ${mt.unexpectedLeaves} unexpected leaves`);
      for (const [key, count] of Object.entries(mt.refusals)) notes.push(`refused ×${count} ${key}`);
      for (const n of [...notes, ...mt.notes.slice(0, 10)]) out.push(`  note: ${n}`);
      for (const [line, count] of Object.entries(mt.sdkNotices).slice(0, 5)) out.push(`    SDK ×${count}: ${line}`);
    } else {
      out.push('  (not measured)');
    }
  }
  if (selected.includes('render')) {
    out.push('');
    out.push('Rendering (renderer.info of the last frame, median of 5 reads; others = bots besides the page itself)');
    out.push(
      table(
        [
          'quality',
          'others',
          'avatars drawn',
          'draw calls',
          'triangles',
          'geometries',
          'textures',
          'fps (SwiftShader)',
        ],
        results.render.map((r) => [
          r.quality,
          r.others,
          r.avatars,
          r.calls,
          r.triangles,
          r.geometries,
          r.textures,
          round(r.fps, 1),
        ]),
      ),
    );
    for (const n of results.renderNotes) out.push(`  note: ${n}`);
  }
  if (selected.includes('phone')) {
    out.push('');
    out.push(...phoneReport(results.phone, results.phoneNotes, root, results.phoneCpus));
  }
  if (selected.includes('load')) {
    out.push('');
    out.push(...loadReport(results.load));
  }
  if (selected.includes('voice')) {
    out.push('');
    out.push(...voiceReport(results.voice));
  }
  if (selected.includes('soak')) {
    out.push('');
    out.push(...soakReport(results.soak));
  }
  if (selected.includes('city')) {
    out.push('');
    out.push(...cityReport(results.city));
  }
  if (results.chunks.length > 0) {
    out.push('');
    out.push('Built JavaScript chunks (dist/client/assets)');
    const total = results.chunks.reduce((a, c) => ({ bytes: a.bytes + c.bytes, gzip: a.gzip + c.gzipBytes }), {
      bytes: 0,
      gzip: 0,
    });
    out.push(
      table(
        ['chunk', 'KB', 'gzip -9 KB'],
        [
          ...results.chunks.map((c) => [c.file, kb(c.bytes), kb(c.gzipBytes)]),
          ['total', kb(total.bytes), kb(total.gzip)],
        ],
      ),
    );
  }
  const serverLines = Object.entries(results.serverOutput);
  if (serverLines.length > 0) {
    out.push('');
    out.push(`Server printed after start-up (${serverLines.length} distinct lines, first 10, with counts):`);
    for (const [line, count] of serverLines.slice(0, 10)) out.push(`  ×${count}  ${line}`);
  }
  if (results.errors.length > 0) {
    out.push('');
    out.push('Errors:');
    for (const e of results.errors) out.push(`  ${e}`);
  }
  out.push('');
  out.push(`Finished in ${results.durationS} s.`);
  return out.join('\n');
}

function writeJson(): string {
  const dir = path.join(root, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${results.machine.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return path.relative(root, file);
}

async function main(): Promise<number> {
  const watchdog = setTimeout(() => {
    log(`over the ${budgetMs / 1000} s budget: stopping`);
    results.errors.push('stopped by the time budget');
    void cleanUp().then(() => process.exit(2));
  }, budgetMs + 15_000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().then(() => process.exit(130));
    });
  }

  // Only the page needs the build: a run of the network phases alone does not build or measure it.
  if (
    selected.includes('render') ||
    selected.includes('phone') ||
    selected.includes('load') ||
    selected.includes('voice') ||
    selected === DEFAULT_PHASES
  ) {
    ensureBuilt();
    results.chunks = chunkSizes();
  }
  const base = cleanups.length;
  const run: Record<Phase, () => Promise<void>> = {
    crowd: networkPhase,
    queue: queuePhase,
    queueScale: queueScalePhase,
    waitSim: waitSimPhase,
    dashboard: dashboardPhase,
    soak: soakPhase,
    city: cityPhase,
    meetings: meetingsPhase,
    render: renderPhase,
    phone: phonePhase,
    load: loadPhase,
    voice: voicePhase,
  };
  for (const name of PHASES) {
    if (!selected.includes(name)) continue;
    const phase = run[name];
    try {
      await phase();
    } catch (err) {
      results.errors.push(`${name} phase: ${errorText(err)}`);
      log(`${name} phase failed: ${errorText(err)}`);
      await cleanUp(base);
    }
  }
  await cleanUp();
  results.durationS = round((performance.now() - started) / 1000, 1);
  console.log(report());
  console.log(`\nResults written to ${writeJson()}`);
  return results.errors.length > 0 ? 1 : 0;
}

const code = await main().catch(async (err: unknown) => {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await cleanUp();
  return 1;
});
process.exitCode = code;
// Everything is closed by now; should some handle linger anyway, do not hang.
setTimeout(() => process.exit(code), 3000).unref();
