/**
 * Several hall processes on real Redis and PostgreSQL, where one of them fails or is still opening: a join
 * waits for a hall another process is opening, a meeting room whose process dies opens again elsewhere from
 * storage and the meeting page walks back to it by itself, an officer's desk paused for the dead room's
 * table resumes, the live figures are the deployment's whichever process is asked, and a process shuts down
 * without a Redis error.
 */
import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, HallNotice, RoomName } from '../../shared/protocol.ts';
import type { CalledNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { MeetingIntent } from '../../shared/meetingRoom.ts';
import { MeetingsRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { DashboardRoute } from '../../shared/dashboard.ts';
import { staffSignIn } from '../support/accounts.ts';
import { hallProcesses, sharedStorageMissing, untilAcross } from '../support/hallProcesses.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { addStaffAccountBeside, type HallProcess } from '../support/server.ts';
import { joinMeeting, soon } from './meetingHelpers.ts';

/** What the meeting page's connection reaches: the process the test names, as a proxy would. */
const page = vi.hoisted(() => ({ url: '', token: '', seat: null as unknown }));
vi.mock('../../client/net/roomClient.ts', async () => {
  const { Client: PageClient } = await import('@colyseus/sdk');
  let client: InstanceType<typeof PageClient> | null = null;
  let at = '';
  return {
    getClient: () => {
      if (!client || at !== page.url) [client, at] = [new PageClient(page.url), page.url];
      return client;
    },
  };
});
vi.mock('../../client/net/roomPass.ts', async () => {
  const { roomPassFor: passFor } = await import('../support/roomPass.ts');
  return { roomPass: (token: string) => passFor(page.url, token) };
});
vi.mock('../../client/net/sessionLink.ts', () => ({ sessionToken: () => page.token }));
vi.mock('../../client/net/profileStore.ts', () => ({
  loadMeetingSeat: () => page.seat,
  saveMeetingSeat: (seat: unknown) => void (page.seat = seat),
}));
const { enterMeeting, leaveMeeting, useMeeting } = await import('../../client/net/meetingConnection.ts');

const START_MS = 90_000;
const LEASE_SECONDS = 2;
const PASSWORD = 'failover-test-password-0123';
const OFFICER = { role: 'officer' as const, username: 'fo-li', name: '李警官', password: PASSWORD };
const SUN = { role: 'officer' as const, username: 'fo-sun', name: '孙警官', password: PASSWORD };
const HOST = { role: 'parkManager' as const, username: 'fo-zhou', name: '周经理', password: PASSWORD };
const SERVICES = hallLayout.services.map((s) => s.id);
/** Held by no process of this deployment: the station's hall stays unopened while it stands. */
const LEASE_KEY = 'hall:lease:station:main';

const skip = await sharedStorageMissing('failover tests');

describe.skipIf(skip !== null)('several processes, when one fails or is still opening', () => {
  const processes = hallProcesses({
    name: 'failover',
    leaseSeconds: LEASE_SECONDS,
    startMs: START_MS,
    env: { LOG_LEVEL: 'warn', LIMIT_RECOVERIES_PER_HOUR: '2' },
  });
  const { halls } = processes;
  const rooms: Room[] = [];

  /** The process whose port a room's listing names. */
  async function holderOf(
    name: string,
    filter: (raw: string) => boolean = () => true,
  ): Promise<HallProcess | undefined> {
    const room = (await processes.listing()).find((r) => r.name === name && filter(r.raw) && r.port !== undefined);
    return room && processes.holding(room);
  }

  beforeAll(async () => {
    // Another process holds the station a while: none of these may open its hall until the test lets go.
    await processes.redis.set(LEASE_KEY, 'a-process-still-opening', 'PX', 60_000);
    await processes.start();
    await processes.start();
    await Promise.all([OFFICER, SUN, HOST].map((account) => addStaffAccountBeside(processes.env, account)));
  }, 3 * START_MS);

  afterAll(async () => {
    await leaveMeeting();
    await Promise.allSettled(rooms.filter((r) => r.connection.isOpen).map((r) => r.leave(true)));
  }, 60_000);

  let officer: Room<unknown, HallState>;
  let officerToken: string;
  let hostToken: string;

  it('lets a join wait for the hall another process is opening, instead of calling it full', async () => {
    const [a] = halls as [HallProcess];
    [officerToken, hostToken] = await Promise.all([
      staffSignIn(a.url, OFFICER.username, PASSWORD),
      staffSignIn(a.url, HOST.username, PASSWORD),
    ]);
    const client = new Client(a.url);
    client.auth.token = await roomPassFor(a.url, officerToken);
    const joining = client.join(RoomName.hall, {}, HallState);
    // Settled either way, so a refusal is seen as one rather than as an unhandled rejection.
    const outcome = joining.then(
      (room) => ({ room }),
      (err: unknown) => ({ err: String(err) }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    // The other process finishes (or gives up) its opening: one of these takes the station and opens it.
    await processes.redis.del(LEASE_KEY);
    const result = await outcome;
    expect(result).toHaveProperty('room');
    officer = (result as { room: Room<unknown, HallState> }).room;
    officer.reconnection.enabled = false;
    officer.onMessage('*', () => undefined); // the officer's desk news, which this test does not read
    rooms.push(officer);
    Callbacks.get(officer);
  }, 30_000);

  it('brings a meeting room back from storage on another process, the page walks back to it, and the desk resumes meanwhile', async () => {
    const hallHolder = (await untilAcross(() => holderOf(RoomName.hall), 'the hall listed'))!;
    const other = halls.find((h) => h !== hallHolder)!;
    officer.send(HallIntent.openDesk, { deskId: 'desk-1', services: SERVICES });
    const desk = () => officer.state.desks.get('desk-1');
    await untilAcross(() => desk()?.open && !desk()?.paused, 'the desk open');

    const asHost = { Authorization: `Bearer ${hostToken}`, 'Content-Type': 'application/json' };
    const people = (await (await fetch(new URL(MeetingsRoute.people, other.url), { headers: asHost })).json()) as {
      people: { id: string; name: string }[];
    };
    const idOf = (name: string) => people.people.find((x) => x.name === name)!.id;
    const created = await fetch(new URL(MeetingsRoute.list, other.url), {
      method: 'POST',
      headers: asHost,
      body: JSON.stringify({
        title: '故障转移会议',
        ...soon(),
        minutes: 60,
        agenda: ['外摆管理'],
        invitees: [{ id: idOf(OFFICER.name), party: 'officer' }],
      }),
    });
    expect(created.status).toBe(201);
    const meeting = (await created.json()) as MeetingSummary;

    // A third process makes the session's room: the officer walks in through it first.
    const doomed = await processes.start();
    const li = await joinMeeting(doomed.url, officerToken, meeting.id, idOf(OFFICER.name), false);
    rooms.push(li.room);
    expect(await holderOf(RoomName.meeting, (raw) => raw.includes(meeting.id))).toBe(doomed);
    // The host's page, through the hall's holder (the seat names the room's process, where its socket goes).
    Object.assign(page, { url: hallHolder.url, token: hostToken, seat: null });
    await enterMeeting(meeting.id, idOf(HOST.name));
    await untilAcross(
      () => useMeeting.getState().status === 'in' && useMeeting.getState().view?.title,
      'the page at the table',
    );
    const firstRoom = li.room.roomId;
    li.room.send(MeetingIntent.chat, { text: '先说外摆' });
    await untilAcross(() => useMeeting.getState().chat.some((l) => l.text === '先说外摆'), 'the line at the table');

    // The officer at the table: the desk pauses, and the dashboard read through a process without the
    // hall says so too (not storage's desk, which knows nothing of meetings).
    await untilAcross(() => desk()?.hold === 'meeting', 'the desk paused for the meeting');
    const today = async (via: HallProcess) =>
      (await (
        await fetch(new URL(DashboardRoute.today, via.url), { headers: { Authorization: `Bearer ${officerToken}` } })
      ).json()) as { desks: { deskId: string; paused: boolean }[] };
    for (const via of halls.filter((h) => h !== hallHolder))
      expect((await today(via)).desks.find((d) => d.deskId === 'desk-1')).toMatchObject({ paused: true });
    // People in the hall, the same from every process.
    for (const via of halls) {
      const health = (await (await fetch(new URL('/healthz', via.url))).json()) as { people: number };
      expect(health.people).toBe(1);
    }

    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    // The officer does not come back: the desk resumes within about a lease.
    await untilAcross(() => desk()?.open && !desk()?.paused, 'the desk back at work', 10_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // The page walks back by itself, to the same session in a room made again from storage elsewhere.
    await untilAcross(() => useMeeting.getState().status === 'reconnecting', 'the page told of the lost connection');
    await untilAcross(
      () =>
        useMeeting.getState().status === 'in' &&
        useMeeting.getState().view?.participants.some((p) => p.id === idOf(HOST.name) && p.present),
      'the page back at the table',
      40_000,
    );
    const again = await holderOf(RoomName.meeting, (raw) => raw.includes(meeting.id));
    expect(again).toBeDefined();
    expect(again).not.toBe(doomed);
    expect(useMeeting.getState().view).toMatchObject({ meetingId: meeting.id, title: '故障转移会议' });
    expect(useMeeting.getState().chat.map((l) => l.text)).toContain('先说外摆');
    console.info(`meeting page back at the table ${Date.now() - killedAt} ms after its room's process was killed`);

    // The officer comes back too: at the same table (one room), and the desk pauses again.
    const liAgain = await joinMeeting(hallHolder.url, officerToken, meeting.id, idOf(OFFICER.name), false);
    rooms.push(liAgain.room);
    expect(liAgain.room.roomId).not.toBe(firstRoom);
    expect(liAgain.histories.at(-1)?.map((l) => l.text)).toContain('先说外摆');
    await untilAcross(() => desk()?.hold === 'meeting', 'the desk paused again');
    await liAgain.room.leave(true);
    await untilAcross(() => !desk()?.paused, 'the desk back at work once the officer leaves the table');
  }, 60_000);

  it('calls a merchant to one desk only, when officers on two processes call at once', async () => {
    const [a, b] = processes.alive() as [HallProcess, HallProcess];
    const sunToken = await staffSignIn(b.url, SUN.username, PASSWORD);
    const sun = new Client(b.url);
    sun.auth.token = await roomPassFor(b.url, sunToken);
    const second = await sun.join(RoomName.hall, {}, HallState);
    second.reconnection.enabled = false;
    second.onMessage('*', () => undefined);
    rooms.push(second);
    second.send(HallIntent.openDesk, { deskId: 'desk-2', services: SERVICES });
    await untilAcross(() => officer.state.desks.get('desk-2')?.open, 'the second desk open');
    const merchant = new Client(a.url);
    merchant.auth.token = await roomPassFor(a.url, await signUpMerchant(a.url, '钱老板', '钱记果铺'));
    const wang = await merchant.join(RoomName.hall, {}, HallState);
    wang.reconnection.enabled = false;
    rooms.push(wang);
    const called: CalledNotice[] = [];
    wang.onMessage(HallNotice.called, (n: CalledNotice) => called.push(n));
    wang.onMessage('*', () => undefined);
    wang.send(HallIntent.takeTicket, { service: SERVICES[0]!, description: '外摆' });
    await untilAcross(() => officer.state.lines.get(SERVICES[0]!)?.waiting === 1, 'the ticket waiting');
    officer.send(HallIntent.callNext, undefined);
    second.send(HallIntent.callNext, undefined);
    await untilAcross(() => called.length > 0, 'the merchant called');
    await new Promise((r) => setTimeout(r, 500));
    const desks = ['desk-1', 'desk-2'].filter((id) => officer.state.desks.get(id)?.serving);
    expect(desks).toHaveLength(1);
    expect(new Set(called.map((n) => n.deskId)).size).toBe(1);
  }, 30_000);

  it('counts a throttled request through every process in the same bucket', async () => {
    const [a, b] = processes.alive() as [HallProcess, HallProcess];
    const recover = (via: HallProcess) =>
      fetch(new URL(AccountsRoute.recover, via.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'ABCD-EFGH-JKLM-NPQR' }),
      }).then((r) => r.status);
    // LIMIT_RECOVERIES_PER_HOUR is 2: one through each process, and the third through either is refused.
    expect(await recover(a)).not.toBe(429);
    expect(await recover(b)).not.toBe(429);
    expect(await recover(a)).toBe(429);
    expect(await recover(b)).toBe(429);
  }, 30_000);

  it('shuts its processes down at once, with people in their rooms, without a Redis error', async () => {
    const alive = processes.alive();
    const from = new Map(alive.map((h) => [h, processes.linesOf(h).length]));
    await Promise.all(alive.map((h) => h.stop()));
    const said = alive.flatMap((h) => processes.linesOf(h).slice(from.get(h)));
    expect(said.some((l) => /hall\.closing/.test(l))).toBe(true);
    expect(said.filter((l) => /Connection is closed|\b(error|ERR)\b/i.test(l))).toEqual([]);
    // One more, stopped the moment it says it is open: it is still winning the station's lease (nobody else
    // holds it now) and opening the hall when it is told to close.
    const late = await processes.start();
    await late.stop();
    const all = [...late.opening.split('\n'), ...processes.linesOf(late)];
    expect(all.some((l) => /hall\.closing/.test(l))).toBe(true);
    expect(all.filter((l) => /Connection is closed|\b(error|ERR)\b/i.test(l))).toEqual([]);
  }, 60_000);
});
