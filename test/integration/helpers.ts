import { matchMaker } from '@colyseus/core';
import { Callbacks, Client, type Room } from '@colyseus/sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HallNotice, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import { staffSignIn } from '../support/accounts.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { seedDataDir } from '../support/pgliteTemplate.ts';
import { HallState, walkOf } from '../../shared/state.ts';
import { hallLayout } from '../../shared/layout.ts';
import { createNavGrid } from '../../shared/navgrid.ts';
import { WalkReplay, type Pose } from '../../shared/walk.ts';
import { startHall, type RunningHall } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';

export type HallRoom = Room<unknown, HallState>;

/**
 * The real server in this process, on a free port, with a throwaway data folder (its database a copy of the
 * run's migrated one); on `clock` when given (see MovableClock), so a test can move the station's time
 * instead of waiting for it.
 */
export async function bootHall(env: Record<string, string> = {}, clock?: { now: () => number }): Promise<RunningHall> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-it-'));
  const config = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'no-client') };
  // A folder without a database yet starts from a copy of the run's migrated one (see pgliteTemplate.ts).
  if (!env.DATABASE_URL) seedDataDir(env.DATA_DIR ?? dataDir);
  return startHall({ ...loadConfig({ ...config, ...env }), now: clock?.now });
}

/** Poll until `check` returns a truthy value: waits for the state a test expects, not for a fixed time. */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Visitor {
  client: Client;
  room: HallRoom;
  rejected: RejectedNotice[];
  left: number[];
  /** Every private message received since joining. */
  box: Inbox;
}

export type Inbox = { type: string; message: unknown }[];

export function watch(room: HallRoom): Visitor['rejected'] {
  const rejected: RejectedNotice[] = [];
  room.onMessage('rejected', (n: RejectedNotice) => rejected.push(n));
  return rejected;
}

export function hallUrl(hall: RunningHall): string {
  return `http://127.0.0.1:${hall.port}`;
}

/** A merchant signs up through the accounts API and walks in with the token, as the page does. */
export async function visit(hall: RunningHall, name: string, extra: Record<string, unknown> = {}): Promise<Visitor> {
  return visitWithToken(hall, await signUpMerchant(hallUrl(hall), name, `${name}的店`), extra);
}

export async function visitWithToken(
  hall: RunningHall,
  token: string | undefined,
  options: Record<string, unknown> = {},
): Promise<Visitor> {
  const client = new Client(hallUrl(hall));
  if (token !== undefined) client.auth.token = await roomPassFor(hallUrl(hall), token);
  const room = await client.join<HallState>(RoomName.hall, options, HallState);
  const box = inbox(room); // before anything else: the hall sends a person's own view as they join
  // The page waits RECONNECT_MIN_UPTIME_MS before it retries a drop; a test cuts the network whenever its story
  // says, so its connections retry however short their uptime, and no test waits that time out.
  room.reconnection.minUptime = 0;
  const left: number[] = [];
  room.onLeave((code) => left.push(code));
  // Make sure the initial state arrived before a test reads it.
  Callbacks.get(room);
  await until(() => room.state.avatars?.get(room.sessionId), 'own avatar');
  return { client, room, rejected: watch(room), left, box };
}

export function avatarOf(room: HallRoom, sessionId: string) {
  return room.state.avatars.get(sessionId);
}

const floorGrid = createNavGrid(hallLayout);

/** The hall clock of the room a visitor is in (the server runs in the test's process), ms. */
export function hallNow(room: { roomId: string }): number {
  const hall = matchMaker.getLocalRoomById(room.roomId) as unknown as { hallNow(): number };
  return hall.hallNow();
}

/**
 * Where a visitor's page has someone at this moment: their avatar's walk replayed as the page replays it
 * (shared/walk.ts), on the hall clock. Undefined while the avatar is not in the visitor's view.
 */
export function poseOf(room: HallRoom, sessionId: string, at = hallNow(room)): Pose | undefined {
  const avatar = room.state.avatars.get(sessionId);
  return avatar ? new WalkReplay(floorGrid, walkOf(avatar)).poseAt(at) : undefined;
}

/**
 * Cut a client's connection as a failing network would: the server's socket is destroyed without a closing
 * handshake, so both sides see an abnormal close (1006) and the room (the hall, a meeting room) holds the place.
 */
export function cutNetwork(room: { roomId: string; sessionId: string }): void {
  const serverRoom = matchMaker.getLocalRoomById(room.roomId);
  const client = serverRoom?.clients.getById(room.sessionId) as { ref?: { terminate(): void } } | undefined;
  if (!client?.ref) throw new Error('no such connection on the server');
  client.ref.terminate();
}

/**
 * A staff account made as the command line makes it, at `station` (default the default station), signed in
 * through the API; returns the token.
 */
export async function staffToken(
  hall: RunningHall,
  role: 'officer' | 'parkManager' | 'admin',
  username: string,
  name: string,
  station?: string,
): Promise<string> {
  const password = `pw-${username}-0123456789`;
  await runStaffCommand(
    hall.db,
    { op: 'add', role, username, name, passwordHash: await hashPassword(password), station },
    'test',
  );
  return staffSignIn(hallUrl(hall), username, password);
}

/** Every private message a visitor receives, by type, to inspect what reached whom. */
export function inbox(room: HallRoom): Inbox {
  const all: Inbox = [];
  for (const type of Object.values(HallNotice)) room.onMessage(type, (message) => all.push({ type, message }));
  room.onMessage('*', (type, message) => all.push({ type: String(type), message }));
  return all;
}

/** A JSON request to the hall's API with a bearer token, as the page sends it; the body is typed by the test. */
export async function api<T = Record<string, unknown>>(
  hall: RunningHall,
  token: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(route, hallUrl(hall)), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
