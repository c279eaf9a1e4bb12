import { matchMaker } from '@colyseus/core';
import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { MeetingsRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { HallNotice, RECONNECT_MIN_UPTIME_MS, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import { HallState, LineState } from '../../shared/state.ts';
import { stationDay } from '../../shared/dates.ts';
import type { RunningHall } from '../../server/app.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { api, hallUrl, until } from '../integration/helpers.ts';

/** One connection to the hall (or the line) through the real SDK, with everything it was told and how it ended. */
export interface Guest {
  personId?: string;
  client: Client;
  /** The hall's state; a guest in the line has the board (desks and lines) only. */
  room: Room<unknown, HallState>;
  /** Every message the hall sent this connection, in order. */
  told: { type: string; message: unknown }[];
  rejected: RejectedNotice[];
  /** Close codes of the connection, once it ended. */
  left: number[];
}

/**
 * Walk into the hall with a room pass fetched right before, as the page does; or, with `line`, follow the
 * queue from the line as the page does when the hall is full.
 */
export async function enterHall(hall: RunningHall, token: string, line = false): Promise<Guest> {
  const client = new Client(hallUrl(hall));
  client.auth.token = await roomPassFor(hallUrl(hall), token);
  const room = line
    ? ((await client.join(RoomName.line, {}, LineState)) as unknown as Room<unknown, HallState>)
    : await client.join<HallState>(RoomName.hall, {}, HallState);
  const guest: Guest = { client, room, told: [], rejected: [], left: [] };
  for (const type of Object.values(HallNotice)) room.onMessage(type, (message) => guest.told.push({ type, message }));
  room.onMessage(HallNotice.rejected, (n: RejectedNotice) => guest.rejected.push(n));
  room.onMessage('*', (type, message) => guest.told.push({ type: String(type), message }));
  room.reconnection.minUptime = RECONNECT_MIN_UPTIME_MS;
  room.onLeave((code) => guest.left.push(code));
  Callbacks.get(room);
  await until(() => (line ? room.state.desks : room.state.avatars?.get(room.sessionId)), 'own avatar or board');
  return guest;
}

/** The message a refused join ends with (a reason code, or Colyseus' own words). */
export async function refusedAt<T>(join: Promise<T>): Promise<string> {
  try {
    const joined = await join;
    await (joined as { leave?: (consented: boolean) => Promise<unknown> }).leave?.(true);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('admitted, but should have been refused');
}

/** Send raw bytes on a connection, as a scripted client can. */
export function sendRaw(room: { connection: unknown }, bytes: Uint8Array): void {
  (room.connection as { send(data: Uint8Array): void }).send(bytes);
}

/** The rooms of one name the matchmaker knows of, with the seats each holds (joined and reserved). */
export async function roomsOf(name: string, conditions: Record<string, unknown> = {}) {
  return (await matchMaker.query({ name, ...conditions })).map((r) => ({ roomId: r.roomId, clients: r.clients }));
}

/** A matchmaking request as a script sends one: no SDK, any method, any body, a bearer or nothing. */
export async function matchmake(
  hall: RunningHall,
  method: string,
  room: string,
  body: unknown = {},
  bearer?: string,
): Promise<{ status: number; body: { error?: string; roomId?: string } }> {
  const res = await fetch(new URL(`/matchmake/${method}/${room}`, hallUrl(hall)), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { error?: string } };
}

const TZ_CLOCK = (tz: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A park manager plans a session starting `minutesFromNow` from now (its door opens 10 minutes before). */
export async function planSession(
  hall: RunningHall,
  hostToken: string,
  invitees: { id: string; party: 'officer' | 'property' | 'merchant' }[],
  minutesFromNow = 5,
  timeZone = 'Asia/Shanghai',
): Promise<MeetingSummary> {
  const at = Date.now() + minutesFromNow * 60_000;
  const res = await api<MeetingSummary>(hall, hostToken, 'POST', MeetingsRoute.list, {
    title: `会谈 ${at}`,
    date: stationDay(at, timeZone),
    time: TZ_CLOCK(timeZone).format(at),
    minutes: 60,
    agenda: ['外摆管理'],
    invitees,
  });
  if (res.status !== 201) throw new Error(`planning refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
