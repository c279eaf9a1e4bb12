/**
 * The city (`npm run bench -- city`): several stations served by several processes behind the proxy
 * README's "Several processes" documents, against one process holding one station.
 *
 * - baseline: one hall process on PostgreSQL (a fresh schema), no Redis, no proxy; one station added with
 *   `npm run station -- add`; CITY_BOTS walking bots join it directly.
 * - city: CITY_PROCESSES hall processes on PostgreSQL (a fresh schema) and Redis (an empty database index),
 *   one SESSION_SECRET generated for the run, each with a port and a `PUBLIC_ADDRESS` path of its own (`/p1`,
 *   `/p2`) behind nginx, whose configuration is generated in a temporary folder from the documented one;
 *   CITY_STATIONS stations added while they run. Each station's hall goes to the process its first visitor
 *   reaches (see {@link openThrough}): the bench sends station i's first visitor to process i mod
 *   CITY_PROCESSES, so each holds as many; then CITY_BOTS bots per station sign up, get a room pass and
 *   matchmake through nginx (any process), and their sockets reach the holding process by its path.
 *
 * In both, the bots walk as in the crowd phase (botThread.ts: one probe thread of CITY_PROBES probes and one
 * bulk thread per station); over the window the bench reads each hall process's CPU and resident memory, the
 * move→seen times of every station's probes and the bytes each client receives, and prints the city beside
 * the baseline as ratios. Loopback only; the whole phase stops at CITY_BUDGET_MS; every process it started
 * (hall processes, nginx and its workers, the station commands) is stopped by its PID at the end, also when
 * something fails; the schemas and the Redis database are emptied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { DEFAULT_STATION_SLUG, STATION_OPTION } from '../../shared/stations.ts';
import { hallTarget, testDatabases, type HallTarget } from '../support/databases.ts';
import { freePort, redisUnreachable } from '../support/localServices.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { childEnv, startHallProcessWithin, type HallProcess } from '../support/server.ts';
import { BotPool } from './botPool.ts';
import type { ThreadStats } from './messages.ts';
import {
  cpuMeter,
  descendantPids,
  machineCpuMeter,
  mean,
  percentile,
  processesCpuMeter,
  processRssMb,
  round,
  table,
} from './stats.ts';
import { errorText, sleep, withTimeout } from './wait.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Processes behind nginx, and stations they serve between them. */
export const CITY_PROCESSES = 2;
export const CITY_STATIONS = 4;
/** Walking bots per station (probes included); BENCH_CITY_BOTS=20 for a quick look. */
export const CITY_BOTS = Number(process.env.BENCH_CITY_BOTS ?? 200);
/** Probes per station: they decode like the page and time each other's moves. */
export const CITY_PROBES = Math.min(16, CITY_BOTS);
const WARMUP_MS = 3_000;
/** The measuring window; BENCH_CITY_WINDOW_S=10 for a quick look. */
export const CITY_WINDOW_MS = 1000 * Number(process.env.BENCH_CITY_WINDOW_S ?? 15);
const GRACE_MS = 1_500;
/** The whole phase (both runs, every start and stop) ends here whatever it is doing. */
export const CITY_BUDGET_MS = 360_000;
/** The baseline gets at most this much of it; the city the rest. */
const BASELINE_BUDGET_MS = 120_000;
/** A hall process's start (the first applies every migration to its fresh schema on a busy machine). */
const START_MS = 90_000;
/** A station's first visitor, from the station being added to its hall listed. */
const OPEN_MS = 30_000;
/** Probes walk near each other (as in the crowd phase), away from the entrance. */
const PROBE_SPOT = { x: -4, z: -4 };
const PROBE_RADIUS_M = 1.5;
/** Every bot signs up from 127.0.0.1, as a park's merchants would share one address, but hundreds at once. */
const SIGNUPS_PER_HOUR = 100_000;
const REDIS_URL_BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface CityProcess {
  /** p1, p2 (the city: its path on the proxy), or "alone" (the baseline). */
  name: string;
  pid: number;
  /**
   * The stations whose hall it holds, as the shared listing has them at the end of the window (the default
   * station, empty, among them).
   */
  stations: string[];
  /** People in the halls it holds (the bench's bots). */
  people: number;
  cpuPercent: number;
  rssMb: number;
}

export interface CityStation {
  slug: string;
  /** The process holding its hall. */
  process: string;
  bots: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  samples: number;
  expected: number;
  /** WebSocket payload bytes received per bot per second, mean over every bot of the station. */
  downBytesPerClientPerS: number;
}

export interface CityRun {
  kind: 'baseline' | 'city';
  processes: CityProcess[];
  stations: CityStation[];
  bots: number;
  joinMs: number;
  joinFailed: number;
  joinError?: string;
  windowS: number;
  /** Over every station's probes together. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  samples: number;
  expected: number;
  missed: number;
  downBytesPerClientPerS: number;
  drops: number;
  unexpectedLeaves: number;
  movesRejected: number;
  /** nginx (master and workers), the bench itself, and everything else on the machine, % of one core. */
  proxyCpuPercent: number | null;
  benchCpuPercent: number;
  otherCpuPercent: number;
  /** Event-loop utilisation of the bot threads over the window: probe (p) and bulk (b) per station. */
  threadElu: string;
  sdkNotices: Record<string, number>;
}

export interface CityResult {
  /** What did not run, and why: all of it without PostgreSQL, the city without nginx or Redis. */
  skipped: string | null;
  redisDb: number | null;
  baseline: CityRun | null;
  city: CityRun | null;
  /** Distinct lines the hall processes printed, with counts. */
  serverOutput: Record<string, number>;
  errors: string[];
}

type Log = (msg: string) => void;

/** The nginx binary, or null: looked for on PATH, then where Debian puts it (outside a non-root PATH). */
function findNginx(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, 'nginx');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The configuration README documents for two processes, as a file of its own for a temporary nginx on
 * loopback: plain HTTP, no TLS; `daemon off` so that the bench's child is nginx's master, stopped by its PID.
 */
export function nginxConfig(dir: string, listenPort: number, processPorts: readonly number[]): string {
  const tmp = (name: string) => path.join(dir, 'tmp', name);
  return `# Generated by the city bench (test/bench/city.ts) from README's "Several processes".
daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
worker_rlimit_nofile 8192;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};

  upstream hall_any { ${processPorts.map((p) => `server 127.0.0.1:${p};`).join(' ')} }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }

  server {
    listen 127.0.0.1:${listenPort};
    server_name 127.0.0.1;
    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_read_timeout 1h;

    # A room's socket: /p<n>/<processId>/<roomId>?… goes to the process that holds the room.
${processPorts.map((p, i) => `    location /p${i + 1}/ { proxy_pass http://127.0.0.1:${p}; }`).join('\n')}
    # The page, the API and matchmaking: any process.
    location / { proxy_pass http://hall_any; proxy_next_upstream error timeout http_502; }
  }
}
`;
}

/** One side of the comparison while it runs: what it started, to measure and then to stop. */
interface Topology {
  kind: CityRun['kind'];
  /** Where the bots go: the proxy, or the one process. */
  url: string;
  halls: { name: string; hall: HallProcess }[];
  /** nginx's master, when there is a proxy. */
  proxy: ChildProcess | null;
  stations: string[];
  /** The shared listing (the city), to say which process holds which hall. */
  redis: Redis | null;
}

export class CityBench {
  private readonly cleanups: { what: string; run: () => Promise<void> }[] = [];
  private readonly result: CityResult = {
    skipped: null,
    redisDb: null,
    baseline: null,
    city: null,
    serverOutput: {},
    errors: [],
  };

  private readonly deadline: number;
  private readonly log: Log;

  constructor(deadline: number, log: Log) {
    this.deadline = deadline;
    this.log = log;
  }

  private timeLeft(): number {
    return this.deadline - Date.now();
  }

  async run(): Promise<CityResult> {
    const nginx = findNginx();
    const databases = await testDatabases();
    const redisWhy = await redisUnreachable(REDIS_URL_BASE);
    const pgWhy = databases.available.some((d) => d.name === 'postgres')
      ? null
      : (databases.skipped.find((s) => s.name === 'postgres')?.reason ?? 'PostgreSQL does not answer');
    // Both sides stand on PostgreSQL; only the city needs the proxy and Redis.
    if (pgWhy) {
      this.result.skipped = pgWhy;
      this.log(`city: skipped: ${pgWhy}`);
      return this.result;
    }
    const missing = [nginx ? null : 'nginx is not installed (Debian: apt-get install nginx-light)', redisWhy].filter(
      (m): m is string => m !== null,
    );
    try {
      this.result.baseline = await this.measure(
        'baseline',
        null,
        Math.min(this.deadline, Date.now() + BASELINE_BUDGET_MS),
      );
    } catch (err) {
      this.result.errors.push(`baseline: ${errorText(err)}`);
      this.log(`city: baseline failed: ${errorText(err)}`);
    }
    await this.close();
    if (missing.length > 0) {
      this.result.skipped = `the city: ${missing.join('; ')}`;
      this.log(`city: skipped ${this.result.skipped}`);
      return this.result;
    }
    try {
      this.result.city = await this.measure('city', nginx, this.deadline - 20_000);
    } catch (err) {
      this.result.errors.push(`city: ${errorText(err)}`);
      this.log(`city: city failed: ${errorText(err)}`);
    }
    await this.close();
    return this.result;
  }

  /** Stop everything started so far, newest first, each step bounded; never throws. */
  async close(): Promise<void> {
    while (this.cleanups.length > 0) {
      const step = this.cleanups.pop()!;
      await Promise.race([
        step.run().catch((e: unknown) => this.log(`city: stopping ${step.what} failed: ${errorText(e)}`)),
        sleep(25_000),
      ]);
    }
  }

  private onClose(what: string, run: () => Promise<void>): void {
    this.cleanups.push({ what, run });
  }

  /** Start one side, fill its stations with walking bots, measure a window, and leave it running for close(). */
  private async measure(kind: CityRun['kind'], nginx: string | null, until: number): Promise<CityRun> {
    const topology = kind === 'baseline' ? await this.startBaseline(until) : await this.startCity(nginx!, until);
    const pools = topology.stations.map((slug, i) => {
      const pool = new BotPool(topology.url, 1, false, {
        station: slug,
        label: `s${i + 1}`,
        probeSpot: PROBE_SPOT,
        probeRadius: PROBE_RADIUS_M,
      });
      this.onClose(`the bots of ${slug}`, () => pool.close());
      return pool;
    });
    this.log(`city ${kind}: ${topology.stations.length} × ${CITY_BOTS} bots joining through ${topology.url}`);
    const joinBudget = until - Date.now() - (WARMUP_MS + CITY_WINDOW_MS + GRACE_MS + 15_000);
    if (joinBudget < 10_000) throw new Error('out of time before the bots joined');
    const t0 = performance.now();
    const joins = await Promise.all(pools.map((p) => p.setCrowd(CITY_BOTS, CITY_PROBES, joinBudget)));
    const joinMs = Math.round(performance.now() - t0);
    const bots = joins.reduce((n, j) => n + j.total, 0);
    const joinFailed = joins.reduce((n, j) => n + j.failed, 0);
    this.log(`city ${kind}: ${bots} bots in after ${joinMs} ms (${joinFailed} joins failed)`);
    await sleep(WARMUP_MS);

    const hallCpu = topology.halls.map(({ hall }) => cpuMeter(hall.pid));
    const proxyPids = topology.proxy ? [topology.proxy.pid!, ...descendantPids(topology.proxy.pid!)] : [];
    const proxyCpu = topology.proxy ? processesCpuMeter(proxyPids) : null;
    const benchCpu = cpuMeter(process.pid);
    const machineCpu = machineCpuMeter();
    await Promise.all(pools.map((p) => p.measureStart()));
    const w0 = performance.now();
    await sleep(CITY_WINDOW_MS);
    const hallCpuPercent = hallCpu.map((m) => m());
    const proxyCpuPercent = proxyCpu ? proxyCpu() : null;
    const benchCpuPercent = benchCpu();
    const machineCpuPercent = machineCpu();
    const rss = topology.halls.map(({ hall }) => processRssMb(hall.pid));
    const windowS = (performance.now() - w0) / 1000;
    const held = await this.holdings(topology);
    const stats = await Promise.all(pools.map((p) => p.measureStop(GRACE_MS)));

    const stations: CityStation[] = topology.stations.map((slug, i) => {
      const s = stats[i]!;
      const probe = s.find((t) => t.kind === 'probe')!;
      return {
        slug,
        process: held.get(slug) ?? '?',
        bots: s.reduce((n, t) => n + t.bots, 0),
        latencyP50Ms: round(percentile(probe.latencies, 50), 1),
        latencyP99Ms: round(percentile(probe.latencies, 99), 1),
        samples: probe.latencies.length,
        expected: probe.expectedObservations,
        downBytesPerClientPerS: round(mean(perSecond(s)), 0),
      };
    });
    const all = stats.flat();
    const probes = all.filter((t) => t.kind === 'probe');
    const latencies = probes.flatMap((t) => t.latencies);
    const sdkNotices: Record<string, number> = {};
    for (const t of all)
      for (const [line, count] of Object.entries(t.sdkNotices)) sdkNotices[line] = (sdkNotices[line] ?? 0) + count;
    const processes: CityProcess[] = topology.halls.map(({ name }, i) => {
      const holds = stations.filter((s) => s.process === name);
      return {
        name,
        pid: topology.halls[i]!.hall.pid,
        stations: [...held]
          .filter(([, p]) => p === name)
          .map(([slug]) => slug)
          .sort(),
        people: holds.reduce((n, s) => n + s.bots, 0),
        cpuPercent: round(hallCpuPercent[i]!, 1),
        rssMb: round(rss[i]!, 1),
      };
    });
    const hallsCpu = hallCpuPercent.reduce((a, b) => a + b, 0);
    return {
      kind,
      processes,
      stations,
      bots,
      joinMs,
      joinFailed,
      joinError: joins.find((j) => j.firstError)?.firstError,
      windowS: round(windowS, 1),
      latencyP50Ms: round(percentile(latencies, 50), 1),
      latencyP99Ms: round(percentile(latencies, 99), 1),
      latencyMaxMs: round(latencies.length ? Math.max(...latencies) : NaN, 1),
      samples: latencies.length,
      expected: probes.reduce((n, t) => n + t.expectedObservations, 0),
      missed: probes.reduce((n, t) => n + t.missedObservations, 0),
      downBytesPerClientPerS: round(mean(all.flatMap((t) => t.bytesPerBot.map((b) => b / (t.windowMs / 1000)))), 0),
      drops: all.reduce((n, t) => n + t.drops, 0),
      unexpectedLeaves: all.reduce((n, t) => n + t.unexpectedLeaves, 0),
      movesRejected: all.reduce((n, t) => n + t.movesRejected, 0),
      proxyCpuPercent: proxyCpuPercent === null ? null : round(proxyCpuPercent, 1),
      benchCpuPercent: round(benchCpuPercent, 1),
      otherCpuPercent: round(Math.max(0, machineCpuPercent - hallsCpu - benchCpuPercent - (proxyCpuPercent ?? 0)), 1),
      threadElu: stats
        .map((s, i) => `s${i + 1} ${s.map((t) => `${t.kind === 'probe' ? 'p' : 'b'}${t.elu.toFixed(2)}`).join(' ')}`)
        .join(', '),
      sdkNotices,
    };
  }

  /**
   * Which process holds each station's hall (the default station's too, empty): from the shared listing in the
   * city, the one process alone.
   */
  private async holdings(topology: Topology): Promise<Map<string, string>> {
    const held = new Map<string, string>();
    if (!topology.redis) {
      for (const slug of [DEFAULT_STATION_SLUG, ...topology.stations]) held.set(slug, topology.halls[0]!.name);
      return held;
    }
    const listing = await topology.redis.hgetall('roomcaches');
    for (const raw of Object.values(listing)) {
      // The filter's fields (the station) are kept in the listing's metadata.
      const room = JSON.parse(raw) as {
        name?: string;
        publicAddress?: string;
        metadata?: { [STATION_OPTION]?: string };
      };
      const slug = room.metadata?.[STATION_OPTION];
      if (room.name !== RoomName.hall || !slug) continue;
      const name = room.publicAddress?.split('/').at(-1);
      held.set(slug, name ?? '?');
    }
    return held;
  }

  /** A hall process whose output is kept (grouped) and which is stopped by its PID at close. */
  private async startHall(name: string, env: Record<string, string>): Promise<HallProcess> {
    const hall = await startHallProcessWithin(
      { LOG_LEVEL: 'silent', LIMIT_SIGNUPS_PER_HOUR: String(SIGNUPS_PER_HOUR), ...env },
      Math.min(START_MS, Math.max(10_000, this.timeLeft() - 60_000)),
    );
    const keep = (chunk: Buffer) => {
      for (const raw of chunk.toString().split('\n')) {
        const line = raw.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '').trim();
        if (line)
          this.result.serverOutput[`${name}: ${line}`] = (this.result.serverOutput[`${name}: ${line}`] ?? 0) + 1;
      }
    };
    hall.child.stdout!.on('data', keep);
    hall.child.stderr!.on('data', keep);
    const kill = () => hall.child.kill('SIGKILL');
    process.once('exit', kill);
    this.onClose(`hall process ${name} (pid ${hall.pid})`, async () => {
      await hall.stop();
      process.off('exit', kill);
      fs.rmSync(hall.dataDir, { recursive: true, force: true });
    });
    this.log(`city: hall process ${name} at ${hall.url} (pid ${hall.pid})`);
    return hall;
  }

  /** A fresh PostgreSQL schema, dropped at close. */
  private storage(): HallTarget {
    const target = hallTarget('postgres', 'citybench');
    this.onClose('the PostgreSQL schema', async () => {
      await target.cleanup();
      fs.rmSync(target.env.DATA_DIR!, { recursive: true, force: true });
    });
    return target;
  }

  /** `npm run station -- add`, on the storage `env` names. */
  private async addStation(env: Record<string, string>, slug: string, name: string): Promise<void> {
    const child = spawn(
      process.execPath,
      [path.join(root, 'server', 'cli', 'station.ts'), 'add', '--slug', slug, '--name', name],
      { cwd: root, env: childEnv({ LOG_LEVEL: 'silent', ...env }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`npm run station -- add ${slug}: no answer in 30 s`));
      }, 30_000);
      child.once('error', reject);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    }).finally(() => process.off('exit', kill));
    if (code !== 0) throw new Error(`npm run station -- add ${slug} failed (${code}): ${output.trim()}`);
  }

  /**
   * A station's first visitor, through `url` (one process, not the proxy): the station's hall opens on the
   * process that visitor reaches. With several processes the first join is refused while that process takes
   * the station's lease and opens the hall (hall_full, 503); the visitor knocks again until in, then leaves.
   */
  private async openThrough(url: string, slug: string): Promise<void> {
    const token = await signUpMerchant(url, `opener-${slug}`, 'Bench opener');
    const until = Date.now() + OPEN_MS;
    for (;;) {
      try {
        const client = new Client(url);
        client.auth.token = await roomPassFor(url, token);
        const room = await withTimeout(
          client.join(RoomName.hall, { [STATION_OPTION]: slug }, HallState),
          10_000,
          `joining ${slug}`,
        );
        room.onMessage('*', () => undefined); // what the hall tells a merchant on entering (their tickets)
        await withTimeout(room.leave(true), 5_000, `leaving ${slug}`);
        return;
      } catch (err) {
        if (Date.now() > until) throw new Error(`the hall of ${slug} did not open in ${OPEN_MS} ms: ${errorText(err)}`);
        await sleep(250);
      }
    }
  }

  private async startBaseline(until: number): Promise<Topology> {
    const target = this.storage();
    const env = { ...target.env, DATA_DIR: fs.mkdtempSync(`${target.env.DATA_DIR}-alone`) };
    const hall = await this.startHall('alone', env);
    const slug = 'city-1';
    await this.addStation(env, slug, 'Bench station 1');
    await this.openThrough(hall.url, slug);
    if (Date.now() > until) throw new Error('out of time while starting');
    return {
      kind: 'baseline',
      url: hall.url,
      halls: [{ name: 'alone', hall }],
      proxy: null,
      stations: [slug],
      redis: null,
    };
  }

  /** An empty Redis database index on the shared server, emptied again at close. */
  private async freshRedis(): Promise<{ url: string; redis: Redis }> {
    const start = 1 + crypto.randomInt(15);
    for (let k = 0; k < 15; k++) {
      const db = 1 + ((start - 1 + k) % 15);
      const url = `${REDIS_URL_BASE}/${db}`;
      const redis = new Redis(url, { maxRetriesPerRequest: 3 });
      if ((await redis.dbsize()) === 0) {
        this.result.redisDb = db;
        this.onClose(`Redis database ${db}`, async () => {
          await redis.flushdb();
          redis.disconnect();
        });
        return { url, redis };
      }
      redis.disconnect();
    }
    throw new Error('no empty Redis database among 1–15');
  }

  private async startNginx(nginx: string, listenPort: number, processPorts: number[]): Promise<ChildProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-city-nginx-'));
    // nginx's workers run as nobody when the master runs as root: they may need its temporary folders.
    fs.chmodSync(dir, 0o755);
    for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      fs.mkdirSync(path.join(dir, 'tmp', sub), { recursive: true });
      fs.chmodSync(path.join(dir, 'tmp', sub), 0o777);
    }
    fs.chmodSync(path.join(dir, 'tmp'), 0o755);
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, nginxConfig(dir, listenPort, processPorts));
    const errorLog = path.join(dir, 'error.log');
    const child = spawn(nginx, ['-p', dir, '-c', conf, '-e', errorLog], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    // Its workers go with it when the master ends; should it be killed outright, they are ended by PID too.
    let workers: number[] = [];
    const kill = () => {
      child.kill('SIGKILL');
      for (const pid of workers) killPid(pid);
    };
    process.once('exit', kill);
    this.onClose(`nginx (pid ${child.pid})`, async () => {
      workers = child.pid ? descendantPids(child.pid) : [];
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM'); // nginx's fast shutdown: the master ends its workers, then itself
        await Promise.race([exited, sleep(5_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      for (const pid of workers) killPid(pid);
      process.off('exit', kill);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${output.trim()}`))),
    );
    exited.catch(() => undefined);
    // Up when it answers through the proxy: the station list, from any process.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ok = await Promise.race([
        fetch(`http://127.0.0.1:${listenPort}/api/stations`).then(
          (r) => r.ok,
          () => false,
        ),
        exited,
      ]);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer in 15 s: ${output.trim()}`);
      await sleep(200);
    }
    this.log(`city: nginx at http://127.0.0.1:${listenPort}/ (pid ${child.pid})`);
    return child;
  }

  private async startCity(nginx: string, until: number): Promise<Topology> {
    const target = this.storage();
    const { url: redisUrl, redis } = await this.freshRedis();
    const proxyPort = await freePort();
    const ports = await Promise.all(Array.from({ length: CITY_PROCESSES }, () => freePort()));
    const shared = {
      ...target.env,
      REDIS_URL: redisUrl,
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      TRUST_PROXY: 'loopback',
    };
    const envOf = (i: number) => ({
      ...shared,
      DATA_DIR: fs.mkdtempSync(`${target.env.DATA_DIR}-p${i + 1}`),
      PORT: String(ports[i]),
      PUBLIC_ADDRESS: `127.0.0.1:${proxyPort}/p${i + 1}`,
    });
    // The first applies the migrations alone; then the others beside it.
    const first = await this.startHall('p1', envOf(0));
    const rest = await Promise.all(
      Array.from({ length: CITY_PROCESSES - 1 }, (_, i) => this.startHall(`p${i + 2}`, envOf(i + 1))),
    );
    const halls = [first, ...rest].map((hall, i) => ({ name: `p${i + 1}`, hall }));
    const proxy = await this.startNginx(nginx, proxyPort, ports);
    const stations = Array.from({ length: CITY_STATIONS }, (_, i) => `city-${i + 1}`);
    for (const [i, slug] of stations.entries()) await this.addStation(shared, slug, `Bench station ${i + 1}`);
    // Station i's first visitor comes through process i mod CITY_PROCESSES, which so takes its hall.
    await Promise.all(stations.map((slug, i) => this.openThrough(halls[i % CITY_PROCESSES]!.hall.url, slug)));
    if (Date.now() > until) throw new Error('out of time while starting');
    return { kind: 'city', url: `http://127.0.0.1:${proxyPort}/`, halls, proxy, stations, redis };
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Bytes per second each bot of one pool received over the window. */
function perSecond(stats: ThreadStats[]): number[] {
  return stats.flatMap((t) => t.bytesPerBot.map((b) => b / (t.windowMs / 1000)));
}

const ratio = (a: number | undefined, b: number | undefined): string =>
  a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${round(a / b, 2)}` : '–';

/** The phase's part of the bench's report. */
export function cityReport(r: CityResult | null): string[] {
  const out: string[] = [];
  out.push(
    `City: ${CITY_PROCESSES} processes behind nginx (README's configuration), ${CITY_STATIONS} stations × ${CITY_BOTS} ` +
      `walking bots (${CITY_PROBES} probes each), against 1 process holding 1 station of ${CITY_BOTS}; ` +
      `${WARMUP_MS / 1000} s warm-up, ${CITY_WINDOW_MS / 1000} s window`,
  );
  if (!r) return [...out, '  (not measured)'];
  if (r.skipped) out.push(`  skipped ${r.skipped}`);
  if (!r.baseline && !r.city) return out;
  out.push(
    '  baseline: PostgreSQL (fresh schema), no Redis, no proxy; city: PostgreSQL (fresh schema), Redis database ' +
      `${r.redisDb ?? '?'}, bots sign up and matchmake through nginx, sockets by each process's path;`,
  );
  out.push(
    `  station i's first visitor came through process i mod ${CITY_PROCESSES} (a station added while the processes run ` +
      'goes to the process its first visitor reaches; stations stored at a start all go to the first process up)',
  );
  const runs = [r.baseline, r.city].filter((x): x is CityRun => x !== null);
  out.push(
    table(
      [
        'run',
        'bots in',
        'move→seen p50 / p99 / max ms',
        'seen/expected',
        'down B/s per client',
        'drops / leaves',
        'nginx CPU %',
        'bench CPU %',
        'other CPU %',
        'joins s',
      ],
      runs.map((c) => [
        c.kind,
        c.bots,
        `${c.latencyP50Ms} / ${c.latencyP99Ms} / ${c.latencyMaxMs}`,
        `${c.samples}/${c.expected}`,
        c.downBytesPerClientPerS,
        `${c.drops} / ${c.unexpectedLeaves}`,
        c.proxyCpuPercent ?? '–',
        c.benchCpuPercent,
        c.otherCpuPercent,
        round(c.joinMs / 1000, 1),
      ]),
    ),
  );
  out.push('  Per process (CPU % of one core over the window, RSS at its end):');
  out.push(
    table(
      ['run', 'process', 'holds', 'people', 'CPU %', 'RSS MB', 'CPU vs baseline', 'RSS vs baseline'],
      runs.flatMap((c) =>
        c.processes.map((p) => [
          c.kind,
          p.name,
          p.stations.join(' ') || '–',
          p.people,
          p.cpuPercent,
          p.rssMb,
          ratio(p.cpuPercent, r.baseline?.processes[0]?.cpuPercent),
          ratio(p.rssMb, r.baseline?.processes[0]?.rssMb),
        ]),
      ),
    ),
  );
  out.push('  Per station:');
  out.push(
    table(
      ['run', 'station', 'on', 'bots', 'move→seen p50 / p99 ms', 'seen/expected', 'down B/s per client'],
      runs.flatMap((c) =>
        c.stations.map((s) => [
          c.kind,
          s.slug,
          s.process,
          s.bots,
          `${s.latencyP50Ms} / ${s.latencyP99Ms}`,
          `${s.samples}/${s.expected}`,
          s.downBytesPerClientPerS,
        ]),
      ),
    ),
  );
  if (r.baseline && r.city) {
    const b = r.baseline;
    const c = r.city;
    out.push(
      `  city vs baseline: move→seen p50 ${ratio(c.latencyP50Ms, b.latencyP50Ms)}, p99 ${ratio(c.latencyP99Ms, b.latencyP99Ms)}; ` +
        `bytes per client ${ratio(c.downBytesPerClientPerS, b.downBytesPerClientPerS)}; CPU per process ` +
        `${c.processes.map((p) => ratio(p.cpuPercent, b.processes[0]?.cpuPercent)).join(' / ')}; RSS per process ` +
        `${c.processes.map((p) => ratio(p.rssMb, b.processes[0]?.rssMb)).join(' / ')}`,
    );
  }
  for (const c of runs) {
    const notes: string[] = [];
    if (c.joinFailed) notes.push(`${c.joinFailed} joins failed (${c.joinError ?? '?'})`);
    if (c.missed) notes.push(`${c.missed} observations never arrived`);
    if (c.movesRejected) notes.push(`${c.movesRejected} moves refused`);
    notes.push(`bot thread ELU ${c.threadElu}`);
    out.push(`  ${c.kind}: ${notes.join('; ')}`);
    for (const [line, count] of Object.entries(c.sdkNotices).slice(0, 5)) out.push(`    SDK ×${count}: ${line}`);
  }
  const lines = Object.entries(r.serverOutput);
  if (lines.length > 0) {
    out.push(`  The hall processes printed (${lines.length} distinct lines, first 10):`);
    for (const [line, count] of lines.slice(0, 10)) out.push(`    ×${count}  ${line.slice(0, 200)}`);
  }
  for (const e of r.errors) out.push(`  error: ${e}`);
  return out;
}
