/**
 * Stored stations' halls spread over the processes on real Redis and PostgreSQL: a process starting alone holds
 * every hall, one starting later receives its fair share of the empty ones, a hall with someone in it never
 * moves, and when one process is killed the other holds every hall again.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { hallProcesses, sharedStorageMissing, untilAcross } from '../support/hallProcesses.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { childEnv } from '../support/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START_MS = 60_000;
/** A 2 s lease: a grace of 2 s, a give-back every 4 s. */
const LEASE_SECONDS = 2;
/** The default station and three more. */
const STATIONS = ['main', 'east', 'west', 'north'];

const skip = await sharedStorageMissing('hall balance tests');

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
  const processes = hallProcesses({ name: 'balance', leaseSeconds: LEASE_SECONDS, startMs: START_MS });
  const { halls } = processes;
  let room: Room<unknown, HallState> | undefined;

  /** Each station's hall as the shared listing has it: its room and the port of the process holding it. */
  async function listedHalls(): Promise<Map<string, { roomId: string; port: number }>> {
    const found = new Map<string, { roomId: string; port: number }>();
    for (const listed of await processes.listing()) {
      const station = listed.metadata?.station;
      if (listed.name === RoomName.hall && station && listed.port !== undefined)
        found.set(station, { roomId: listed.roomId, port: listed.port });
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
    // The first command applies the migrations alone; the others beside each other.
    await addStation(processes.env, STATIONS[1]!);
    await Promise.all(STATIONS.slice(2).map((slug) => addStation(processes.env, slug)));
  }, 2 * START_MS);

  afterAll(async () => {
    if (room?.connection.isOpen) await room.leave(true).catch(() => undefined);
  }, 60_000);

  it('gives a later process its share of the empty halls, never the one with people in it', async () => {
    const a = await processes.start();
    await untilAcross(async () => (await spread())?.[0] === 4, 'process A holding all four halls', 20_000);

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

    const b = await processes.start();
    const startedAt = Date.now();
    const even = await untilAcross(
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
    await untilAcross(async () => (await spread())?.[0] === 4, 'process A holding all four halls again', 20_000);
    console.info(`hall balance: all four on A ${Date.now() - killedAt} ms after B was killed`);
    expect((await listedHalls()).get('main')).toEqual(occupied);
    expect(room.connection.isOpen).toBe(true);
  }, 120_000);
});
