/**
 * Stored stations' halls spread over the processes on real Redis and PostgreSQL: a process starting alone holds
 * every hall, one starting later receives its fair share of the empty ones, a hall with someone in it never
 * moves, and when one process is killed the other holds every hall again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { hallTarget, testDatabases, type HallTarget } from '../support/databases.ts';
import { claimRedisDatabase, freePort, redisUnreachable } from '../support/localServices.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { childEnv, startHallProcessWithin, type HallProcess } from '../support/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDIS_URL_BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const START_MS = 60_000;
/** A 2 s lease: a grace of 2 s, a give-back every 4 s. */
const LEASE_SECONDS = 2;
/** The default station and three more. */
const STATIONS = ['main', 'east', 'west', 'north'];

const { available } = await testDatabases();
const noPostgres = available.some((d) => d.name === 'postgres') ? null : 'PostgreSQL does not answer';
const noRedis = await redisUnreachable(REDIS_URL_BASE);
const skip = noPostgres ?? noRedis;
if (skip && process.env.CI === 'true') throw new Error(`${skip}: Redis and PostgreSQL are required in CI`);
if (skip) console.warn(`hall balance tests skipped: ${skip}`);

async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `npm run station -- add`, on the storage `env` names (PostgreSQL: no hall needs to run). */
async function addStation(env: Record<string, string>, slug: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, 'server', 'cli', 'station.ts'), 'add', slug, '--name', slug], {
    cwd: root,
    env: childEnv({ LOG_LEVEL: 'silent', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run station -- add ${slug} failed (${code}): ${output.trim()}`);
}

describe.skipIf(skip !== null)('stored stations spread over the processes', () => {
  let target: HallTarget;
  let redis: Redis;
  let claim: Awaited<ReturnType<typeof claimRedisDatabase>> | undefined;
  let env: Record<string, string>;
  const halls: HallProcess[] = [];
  let room: Room<unknown, HallState> | undefined;

  async function startProcess(): Promise<HallProcess> {
    const port = await freePort();
    const hall = await startHallProcessWithin(
      {
        ...env,
        DATA_DIR: fs.mkdtempSync(`${target.env.DATA_DIR}-p`),
        PORT: String(port),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      },
      START_MS,
    );
    halls.push(hall);
    return hall;
  }

  /** Each station's hall as the shared listing has it: its room and the port of the process holding it. */
  async function listedHalls(): Promise<Map<string, { roomId: string; port: number }>> {
    const found = new Map<string, { roomId: string; port: number }>();
    for (const raw of Object.values(await redis.hgetall('roomcaches'))) {
      const listed = JSON.parse(raw) as {
        name: string;
        roomId: string;
        publicAddress?: string;
        metadata?: { station?: string };
      };
      const station = listed.metadata?.station;
      if (listed.name === RoomName.hall && station && listed.publicAddress)
        found.set(station, { roomId: listed.roomId, port: Number(listed.publicAddress.split(':')[1]) });
    }
    return found;
  }

  /** How many halls each process holds, once every station's hall is listed exactly once. */
  async function spread(): Promise<number[] | undefined> {
    const listed = await listedHalls();
    if (STATIONS.some((s) => !listed.has(s))) return undefined;
    return halls.map((h) => [...listed.values()].filter((l) => l.port === h.port).length);
  }

  beforeAll(async () => {
    target = hallTarget('postgres', 'balance');
    claim = await claimRedisDatabase(REDIS_URL_BASE);
    redis = new Redis(claim.url);
    await redis.flushdb();
    env = {
      ...target.env,
      REDIS_URL: claim.url,
      SESSION_SECRET: 'balance-test-secret-0123456789abcdefghij',
      HALL_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    // The first command applies the migrations alone; the others beside each other.
    await addStation(env, STATIONS[1]!);
    await Promise.all(STATIONS.slice(2).map((slug) => addStation(env, slug)));
  }, 2 * START_MS);

  afterAll(async () => {
    if (room?.connection.isOpen) await room.leave(true).catch(() => undefined);
    await Promise.all(halls.map((h) => h.stop()));
    await redis?.flushdb();
    redis?.disconnect();
    await claim?.release();
    await target?.cleanup();
  }, 60_000);

  it('gives a later process its share of the empty halls, never the one with people in it', async () => {
    const a = await startProcess();
    await until(async () => (await spread())?.[0] === 4, 'process A holding all four halls', 20_000);

    // A merchant in the default station's hall, on A.
    const token = await signUpMerchant(a.url, '王老板', '王记小吃');
    const client = new Client(a.url);
    client.auth.token = await roomPassFor(a.url, token);
    room = await client.join(RoomName.hall, {}, HallState);
    room.onMessage('*', () => undefined);
    let left: number | undefined;
    room.onLeave((code) => (left = code));
    const occupied = (await listedHalls()).get('main')!;
    expect(occupied.roomId).toBe(room.roomId);

    const b = await startProcess();
    const startedAt = Date.now();
    const even = await until(
      async () => {
        const counts = await spread();
        return counts?.[0] === 2 && counts[1] === 2 ? counts : undefined;
      },
      'two halls on each process',
      30_000,
    );
    console.info(`hall balance: 2 and 2 ${Date.now() - startedAt} ms after B opened`);
    expect(even).toEqual([2, 2]);
    // The occupied hall stayed where it was, with the merchant in it.
    expect((await listedHalls()).get('main')).toEqual(occupied);
    expect(left).toBeUndefined();
    expect(room.connection.isOpen).toBe(true);

    // Settled: nothing moves any more.
    const settled = await listedHalls();
    await new Promise((r) => setTimeout(r, (2 + 1) * LEASE_SECONDS * 1000));
    expect(await listedHalls()).toEqual(settled);

    // B dies: its halls come back on A within a lease and a grace (and the opening).
    b.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until(async () => (await spread())?.[0] === 4, 'process A holding all four halls again', 20_000);
    console.info(`hall balance: all four on A ${Date.now() - killedAt} ms after B was killed`);
    expect((await listedHalls()).get('main')).toEqual(occupied);
    expect(room.connection.isOpen).toBe(true);
  }, 120_000);
});
