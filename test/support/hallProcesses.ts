/**
 * Several hall processes serving one deployment on real Redis and real PostgreSQL, as a park's deployment runs
 * them: what the tests of failover, of halls spread over the processes and of scale start, list and kill.
 */
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { hallTarget, testDatabases, type HallTarget } from './databases.ts';
import { claimRedisDatabase, freePort, redisUnreachable } from './localServices.ts';
import { hallLines, startHallProcessWithin, type HallProcess } from './server.ts';

const REDIS_URL_BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Why several processes cannot be tested here (PostgreSQL or Redis does not answer), or null. In CI a missing
 * one is an error, not a skip, so the several-process path cannot silently go untested; elsewhere the tests
 * (`what`) are skipped with a warning.
 */
export async function sharedStorageMissing(what: string): Promise<string | null> {
  const { available } = await testDatabases();
  const noPostgres = available.some((d) => d.name === 'postgres') ? null : 'PostgreSQL does not answer';
  const noRedis = await redisUnreachable(REDIS_URL_BASE);
  const skip = noPostgres ?? noRedis;
  if (skip && process.env.CI === 'true') throw new Error(`${skip}: Redis and PostgreSQL are required in CI`);
  if (skip) console.warn(`${what} skipped: ${skip}`);
  return skip;
}

/** How long a step across the processes may take unless a test says otherwise (leases, an opening), ms. */
export const ACROSS_MS = 20_000;

/** Poll until `check` returns a truthy value, up to `ms`: waits for what the processes agree on, not a set time. */
export async function untilAcross<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = ACROSS_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A room as the deployment's shared listing (Redis' `roomcaches`) has it. */
export interface ListedRoom {
  name: string;
  roomId: string;
  /** The port of the process holding it, from the public address it is listed with (when it has one). */
  port?: number;
  metadata?: { station?: string };
  /** The entry as stored, for a test looking for what it holds (a meeting's id). */
  raw: string;
}

export interface HallProcesses {
  /** Every process started, in order, those killed or stopped too. */
  readonly halls: HallProcess[];
  /** What every process is started with (storage, Redis, the shared secret, the lease); set before the tests. */
  env: Record<string, string>;
  /** The deployment's own database on the shared Redis; set before the tests. */
  redis: Redis;
  /** One more process on the shared storage, reachable at its own address (what its rooms' seats name). */
  start(): Promise<HallProcess>;
  /** The processes neither killed nor stopped. */
  alive(): HallProcess[];
  /** Every line a process has printed since it opened (its log, at the LOG_LEVEL it was given). */
  linesOf(hall: HallProcess): string[];
  /** Every room the shared listing holds now. */
  listing(): Promise<ListedRoom[]>;
  /** The process at the port a listed room names. */
  holding(room: ListedRoom): HallProcess | undefined;
}

/**
 * {@link HallProcesses} for the describe it is called in: before its own `beforeAll`s, a PostgreSQL schema and a
 * Redis database of its own (emptied before and after), and the environment each process gets: a lease of
 * `leaseSeconds`, `env` on top. No process runs until the test starts one; after the describe's own `afterAll`s,
 * every process is stopped and the storage dropped. A process gets `startMs` to open (the first applies every
 * migration).
 */
export function hallProcesses(options: {
  name: string;
  leaseSeconds: number;
  startMs: number;
  env?: Record<string, string>;
}): HallProcesses {
  let target: HallTarget | undefined;
  let claim: Awaited<ReturnType<typeof claimRedisDatabase>> | undefined;
  const logs = new Map<HallProcess, string[]>();
  const processes: HallProcesses = {
    halls: [],
    env: {},
    redis: undefined as unknown as Redis,
    async start() {
      const port = await freePort();
      const hall = await startHallProcessWithin(
        {
          ...processes.env,
          DATA_DIR: fs.mkdtempSync(`${target!.env.DATA_DIR}-p`),
          PORT: String(port),
          PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        },
        options.startMs,
      );
      logs.set(hall, hallLines(hall));
      processes.halls.push(hall);
      return hall;
    },
    alive: () => processes.halls.filter((h) => h.child.exitCode === null && h.child.signalCode === null),
    linesOf: (hall) => logs.get(hall)!,
    async listing() {
      return Object.values(await processes.redis.hgetall('roomcaches')).map((raw) => {
        const room = JSON.parse(raw) as Omit<ListedRoom, 'raw' | 'port'> & { publicAddress?: string };
        const port = room.publicAddress ? Number(room.publicAddress.split(':')[1]) : undefined;
        return { name: room.name, roomId: room.roomId, port, metadata: room.metadata, raw };
      });
    },
    holding: (room) => processes.halls.find((h) => h.port === room.port),
  };

  beforeAll(async () => {
    target = hallTarget('postgres', options.name);
    claim = await claimRedisDatabase(REDIS_URL_BASE);
    processes.redis = new Redis(claim.url);
    await processes.redis.flushdb();
    processes.env = {
      ...target.env,
      REDIS_URL: claim.url,
      // One secret for every process, or each would refuse the others' sign-ins.
      SESSION_SECRET: `${options.name}-test-secret-0123456789abcdefghij`,
      HALL_LEASE_SECONDS: String(options.leaseSeconds),
      ...options.env,
    };
  });

  afterAll(async () => {
    await Promise.all(processes.halls.map((h) => h.stop()));
    await processes.redis?.flushdb();
    processes.redis?.disconnect();
    await claim?.release();
    await target?.cleanup();
  }, 60_000);

  return processes;
}
