import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationClock } from '../../shared/dates.ts';
import {
  MeetingIntent,
  MeetingNotice,
  MeetingState,
  type MeetingChatLine,
  type MeetingRejected,
} from '../../shared/meetingRoom.ts';
import { MeetingsRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { RoomName } from '../../shared/protocol.ts';
import type { VoiceSignalNotice } from '../../shared/voice.ts';
import { MovableClock } from '../support/clock.ts';
import type { HallTarget } from '../support/databases.ts';
import { merchantIdOf, signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { api, bootHall, hallUrl, staffToken, until } from './helpers.ts';

/** The station's time zone in the meeting tests: sessions are scheduled on its clock. */
export const TZ = 'Asia/Shanghai';

/** A start `minutes` from now, in the station's time zone: at 5 the door (open 10 minutes before) is open. */
export const soon = (minutes = 5) => stationClock(Date.now() + minutes * 60_000, TZ);

/** Resolves after `ms`: the most a test's clean-up waits for a connection to close. */
export const giveUpAfter = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type MeetingRoomClient = Room<unknown, MeetingState>;

/** One person at the table through a real client: what they were told and how their connection ended. */
export interface Attendee {
  id: string;
  client: Client;
  room: MeetingRoomClient;
  rejected: MeetingRejected[];
  /** Voice signals relayed to this connection. */
  signals: VoiceSignalNotice[];
  chat: MeetingChatLine[];
  histories: MeetingChatLine[][];
  left: number[];
}

/**
 * Walk into a session's room at `url` as the person `personId`, listening to everything the room says from the
 * first moment; resolves once they are seated. `reconnect: false` when the hall goes away under the client and
 * the test walks in again, as the page would.
 */
export async function joinMeeting(
  url: string,
  token: string,
  meetingId: string,
  personId: string,
  reconnect = true,
): Promise<Attendee> {
  const client = new Client(url);
  client.auth.token = await roomPassFor(url, token);
  const room = await client.joinOrCreate<MeetingState>(RoomName.meeting, { meetingId }, MeetingState);
  const a: Attendee = { id: personId, client, room, rejected: [], signals: [], chat: [], histories: [], left: [] };
  // The page retries a drop only after RECONNECT_MIN_UPTIME_MS at the table; a test cuts the network when its
  // story says, so its connections retry however short their uptime, and no test waits that out.
  if (reconnect) room.reconnection.minUptime = 0;
  else room.reconnection.enabled = false;
  room.onMessage(MeetingNotice.rejected, (n: MeetingRejected) => a.rejected.push(n));
  room.onMessage(MeetingNotice.voiceSignal, (n: VoiceSignalNotice) => a.signals.push(n));
  room.onMessage(MeetingNotice.chat, (line: MeetingChatLine) => a.chat.push(line));
  room.onMessage(MeetingNotice.chatHistory, (lines: MeetingChatLine[]) => a.histories.push(lines));
  room.onLeave((code) => a.left.push(code));
  Callbacks.get(room);
  await until(() => room.state.participants?.get(personId)?.present, `${personId} to be seated`);
  return a;
}

/** The people of the meeting tests, by the short name a test calls them. */
const PEOPLE = {
  host: { role: 'parkManager', username: 'zhou', name: '周经理' },
  wu: { role: 'parkManager', username: 'wu', name: '吴经理' },
  li: { role: 'officer', username: 'li', name: '李警官' },
  sun: { role: 'officer', username: 'sun', name: '孙警官' },
  qian: { role: 'officer', username: 'qian', name: '钱警官' },
  zheng: { role: 'officer', username: 'zheng', name: '郑警官' },
  /** An administrator: an account, but nobody a session can invite. */
  admin: { role: 'admin', username: 'root', name: '管理员' },
  wang: { shop: '老王面馆', name: '王女士' },
  chen: { shop: '陈记茶铺', name: '陈先生' },
  zhao: { shop: '赵记五金', name: '赵先生' },
} as const;
export type Who = keyof typeof PEOPLE;

/** Those a session of the host invites: one officer, one more property manager, two merchant representatives. */
export const invitees = (ids: Record<string, string>) => [
  { id: ids.li!, party: 'officer' as const },
  { id: ids.wu!, party: 'property' as const },
  { id: ids.wang!, party: 'merchant' as const },
  { id: ids.chen!, party: 'merchant' as const },
];

export interface MeetingStation {
  /** The hall now running (a new one after {@link MeetingStation.boot}). */
  readonly hall: RunningHall;
  /** Sign-in tokens and person ids by who. */
  readonly tokens: Record<string, string>;
  readonly ids: Record<string, string>;
  /** The station's clock, moved past a waiting time instead of waiting it out. */
  readonly clock: MovableClock;
  /** Start the hall again on the same data (after the test closed it). */
  boot(): Promise<RunningHall>;
  /** The host schedules a session starting soon, inviting li (officer), wu (property), wang and chen (merchants). */
  schedule(title: string, when?: { date: string; time: string }, agenda?: string[]): Promise<MeetingSummary>;
  /** Walk into a session's room as `who`; seen out after the test. */
  enter(who: string, meetingId: string): Promise<Attendee>;
}

/**
 * A hall in this process for a file's meeting tests, with `people` signed up (staff made as the command line
 * makes them, merchants through the page's API) before its tests; whoever walked into a room during a test is
 * seen out after it, and the hall closed after the file.
 */
export function meetingStation(
  target: HallTarget,
  env: Record<string, string> = {},
  people: readonly Who[] = Object.keys(PEOPLE) as Who[],
): MeetingStation {
  let hall: RunningHall | undefined;
  let attendees: Attendee[] = [];
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const clock = new MovableClock();
  const boot = async () => (hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ, ...env }, clock));

  beforeAll(async () => {
    const running = await boot();
    for (const who of people) {
      const p = PEOPLE[who];
      tokens[who] =
        'role' in p
          ? await staffToken(running, p.role, p.username, p.name)
          : await signUpMerchant(hallUrl(running), p.name, p.shop);
    }
    const listed = (
      await api<{ people: { id: string; name: string }[] }>(running, tokens.host!, 'GET', MeetingsRoute.people)
    ).body.people;
    for (const who of people) {
      // Staff from the invite list; merchants, new to the station, by their own id.
      const id =
        'role' in PEOPLE[who]
          ? listed.find((l) => l.name === PEOPLE[who].name)?.id
          : await merchantIdOf(hallUrl(running), tokens[who]!);
      if (id) ids[who] = id;
    }
    // A fresh embedded database and the staff's password hashes: slow on a busy machine, not a failure.
  }, 120_000);

  afterEach(async () => {
    const still = attendees.filter((a) => a.left.length === 0);
    attendees = [];
    await Promise.all(still.map((a) => Promise.race([a.room.leave(true), giveUpAfter(3000)])));
  });

  afterAll(async () => {
    await hall?.close();
    await target.cleanup();
  });

  const current = () => {
    if (!hall) throw new Error('the hall has not started');
    return hall;
  };
  return {
    get hall() {
      return current();
    },
    tokens,
    ids,
    clock,
    boot,
    async schedule(title, when = soon(), agenda = ['外摆管理', '招牌整治', '夜间噪声']) {
      const body = { title, ...when, minutes: 60, agenda, invitees: invitees(ids) };
      const res = await api<MeetingSummary>(current(), tokens.host!, 'POST', MeetingsRoute.list, body);
      expect(res.status).toBe(201);
      return res.body;
    },
    async enter(who, meetingId) {
      const a = await joinMeeting(hallUrl(current()), tokens[who]!, meetingId, ids[who]!);
      attendees.push(a);
      return a;
    },
  };
}

/** A person's row at the table, as `a` is shown it. */
export const seat = (a: Attendee, id: string) => a.room.state.participants.get(id);

/** Every one of `people` is shown what `check` looks for. */
export const all = (people: Attendee[], check: (a: Attendee) => boolean, what: string) =>
  until(() => people.every(check), what);

/** The last refusal `a` was told of, once `count` refusals of `intent` arrived. */
export const refusal = (a: Attendee, intent: string, count = 1) =>
  until(() => a.rejected.filter((r) => r.intent === intent).length >= count && a.rejected.at(-1), `${intent} refused`);

/** The host starts the session; everyone is shown it running at its first item. */
export async function started(host: Attendee, everyone: Attendee[]): Promise<void> {
  host.room.send(MeetingIntent.start);
  await all(everyone, (a) => a.room.state.phase === 'running' && a.room.state.current === 0, 'the session to start');
}
