/**
 * Several hall processes serving one deployment on real Redis and real PostgreSQL: matchmaking through any
 * process reaches the station's one hall, wherever it runs; when the process holding the hall is killed, the
 * hall comes back on another from storage, with every ticket, and the people walk back in.
 */
import { Client, CloseCode, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallLayout } from '../../shared/layout.ts';
import { CLOSE_ACCOUNT_CHANGED, HallIntent, HallNotice, RoomName } from '../../shared/protocol.ts';
import type { CalledNotice, DeskViewNotice, MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { staffSignIn } from '../support/accounts.ts';
import { hallProcesses, sharedStorageMissing, untilAcross } from '../support/hallProcesses.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { addStaffAccountBeside, type HallProcess } from '../support/server.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { MeetingsRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { inbox, type Inbox } from './helpers.ts';
import { joinMeeting, soon } from './meetingHelpers.ts';

/** Longest a hall process may take to open (the first one applies every migration), ms. */
const START_MS = 90_000;
/** How long a dead holder's hall may stay away (its lease, a renewal period, the opening from storage), ms. */
const LEASE_SECONDS = 2;
const BACK_WITHIN_MS = 30_000;
const PASSWORD = 'scale-test-password-0123';
const OFFICER = { role: 'officer' as const, username: 'scale-li', name: '李警官', password: PASSWORD };
const HOST = { role: 'parkManager' as const, username: 'scale-zhou', name: '周经理', password: PASSWORD };
const SERVICES = hallLayout.services.map((s) => s.id);

const skip = await sharedStorageMissing('several-process tests');

interface Person {
  /** The close code of the last connection that ended. */
  left?: number;
  client: Client;
  room: Room<unknown, HallState>;
  box: Inbox;
}

function last<T>(box: Inbox, type: string): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) if (box[i]!.type === type) return box[i]!.message as T;
  return undefined;
}

describe.skipIf(skip !== null)('several processes, one deployment', () => {
  const processes = hallProcesses({ name: 'scale', leaseSeconds: LEASE_SECONDS, startMs: START_MS });
  const { halls } = processes;
  const people: Person[] = [];

  /** The station's hall as the shared listing has it: its room and the port of the process holding it. */
  const listedHall = async () =>
    (await processes.listing()).find((room) => room.name === RoomName.hall && room.port !== undefined);

  /**
   * Into the hall by matchmaking through `via`, as the page does: a fresh room pass, then a join; when the
   * connection is lost for good, the same again (the page's "lost" banner and its retry), until it is in.
   */
  async function enter(via: () => HallProcess, token: string): Promise<Person> {
    const person = { box: [] as Inbox } as Person;
    const walkIn = async (): Promise<void> => {
      for (;;) {
        try {
          const url = via().url;
          const client = new Client(url);
          client.auth.token = await roomPassFor(url, token);
          const room = await client.join(RoomName.hall, {}, HallState);
          // The SDK's retries would knock on the dead process for a minute; the page rejoins afresh instead.
          room.reconnection.enabled = false;
          Object.assign(person, { client, room, box: inbox(room) });
          room.onLeave((code) => {
            person.left = code;
            // Shown out for a sign-out: the page goes back to the sign-in form instead.
            if (code !== CloseCode.CONSENTED && code !== CLOSE_ACCOUNT_CHANGED && person.room === room) void walkIn();
          });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    await walkIn();
    people.push(person);
    return person;
  }

  beforeAll(async () => {
    // The first one applies the migrations alone; then two more beside it.
    await processes.start();
    await Promise.all([processes.start(), processes.start()]);
    await Promise.all([addStaffAccountBeside(processes.env, OFFICER), addStaffAccountBeside(processes.env, HOST)]);
  }, 4 * START_MS);

  afterAll(async () => {
    // A leave on a connection the hall already closed would wait forever.
    await Promise.allSettled(people.filter((p) => p.room.connection.isOpen).map((p) => p.room.leave(true)));
  }, 60_000);

  it('serves one hall through every process, and brings it back on another when its process is killed', async () => {
    const first = await untilAcross(listedHall, 'the hall listed');
    const holder = halls.find((h) => h.port === first.port)!;
    expect(holder).toBeDefined();
    const [a, b] = halls.filter((h) => h !== holder) as [HallProcess, HallProcess];
    const { alive } = processes;

    // A merchant matchmakes through process A, an officer through process B: one hall, on the holder.
    const [wangToken, zhaoToken] = await Promise.all([
      signUpMerchant(a.url, '王老板', '王记小吃'),
      signUpMerchant(b.url, '赵老板', '赵记五金'),
    ]);
    const merchant = await enter(() => (alive().includes(a) ? a : alive()[0]!), wangToken);
    const other = await enter(() => (alive().includes(b) ? b : alive()[0]!), zhaoToken);
    const officer = await enter(
      () => (alive().includes(b) ? b : alive()[0]!),
      await staffSignIn(b.url, OFFICER.username, PASSWORD),
    );
    expect(merchant.room.roomId).toBe(first.roomId);
    expect(officer.room.roomId).toBe(first.roomId);

    // Each sees the other in the hall.
    await untilAcross(
      () => merchant.room.state.avatars.has(officer.room.sessionId),
      "the officer in the merchant's hall",
    );
    await untilAcross(
      () => officer.room.state.avatars.has(merchant.room.sessionId),
      "the merchant in the officer's hall",
    );

    officer.room.send(HallIntent.openDesk, { deskId: 'desk-1', services: SERVICES });
    await untilAcross(() => last<DeskViewNotice>(officer.box, HallNotice.deskView)?.deskId === 'desk-1', 'desk open');
    merchant.room.send(HallIntent.takeTicket, { service: SERVICES[0]!, description: '外摆' });
    const mine = await untilAcross(
      () => last<MyTicketsNotice>(merchant.box, HallNotice.myTickets)?.tickets[0],
      "the merchant's ticket",
    );
    // The officer calls the merchant, across processes.
    officer.room.send(HallIntent.callNext, undefined);
    const called = await untilAcross(() => last<CalledNotice>(merchant.box, HallNotice.called), 'the merchant called');
    expect(called).toMatchObject({ ticketId: mine.id, deskId: 'desk-1' });
    other.room.send(HallIntent.takeTicket, { service: SERVICES[0]!, description: '招牌' });
    const theirs = await untilAcross(
      () => last<MyTicketsNotice>(other.box, HallNotice.myTickets)?.tickets[0],
      "the second merchant's ticket",
    );

    // The holder dies at once.
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    const again = await untilAcross(
      async () => {
        const listed = await listedHall();
        return listed && listed.roomId !== first.roomId ? listed : undefined;
      },
      'the hall back on another process',
      BACK_WITHIN_MS,
    );
    expect(again.port).not.toBe(holder.port);
    // Everyone back in the one new hall, by themselves.
    for (const p of [merchant, other, officer])
      await untilAcross(
        () => p.room.roomId === again.roomId && p.room.connection.isOpen,
        'back in the new hall',
        BACK_WITHIN_MS,
      );
    const backMs = Date.now() - killedAt;
    console.info(`hall back on another process, with everyone in it, ${backMs} ms after its process was killed`);
    expect(backMs).toBeLessThan(BACK_WITHIN_MS);

    // Every ticket, where it stood: the called one still called at desk 1, the waiting one still waiting.
    const mineAgain = await untilAcross(
      () => last<MyTicketsNotice>(merchant.box, HallNotice.myTickets)?.tickets.find((t) => t.id === mine.id),
      "the merchant's ticket again",
    );
    expect(mineAgain).toMatchObject({ number: mine.number, status: 'called' });
    const theirsAgain = await untilAcross(
      () => last<MyTicketsNotice>(other.box, HallNotice.myTickets)?.tickets.find((t) => t.id === theirs.id),
      'the second ticket again',
    );
    expect(theirsAgain).toMatchObject({ number: theirs.number, status: 'waiting' });
    const view = await untilAcross(
      () => last<DeskViewNotice>(officer.box, HallNotice.deskView)?.current,
      "the officer's desk again",
    );
    expect(view).toMatchObject({ ticketId: mine.id, status: 'called' });
    await untilAcross(() => officer.room.state.avatars.has(merchant.room.sessionId), 'the merchant in the new hall');

    // A new name given through a process that does not hold the hall shows over the merchant's head there.
    const elsewhere = alive().find((h) => h.port !== again.port)!;
    const renamed = await fetch(new URL(AccountsRoute.me, elsewhere.url), {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${wangToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '王老板改名', shop: '王记小吃' }),
    });
    expect(renamed.status).toBe(200);
    await untilAcross(
      () => officer.room.state.avatars.get(merchant.room.sessionId)?.name === '王老板改名',
      'the new name in the hall',
    );

    // A sign-out answered by a process that does not hold the hall shows the merchant out of it.
    const out = await fetch(new URL(AccountsRoute.signOut, elsewhere.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${zhaoToken}` },
    });
    expect(out.status).toBeLessThan(300);
    await untilAcross(() => other.left === CLOSE_ACCOUNT_CHANGED, 'the signed-out merchant shown out of the hall');
  }, 180_000);
  it('makes one meeting room for a session, whichever processes its people come through at once', async () => {
    const [p, q] = processes.alive() as [HallProcess, HallProcess];
    const [hostToken, liToken] = await Promise.all([
      staffSignIn(p.url, HOST.username, PASSWORD),
      staffSignIn(q.url, OFFICER.username, PASSWORD),
    ]);
    const asHost = { Authorization: `Bearer ${hostToken}`, 'Content-Type': 'application/json' };
    const listed = (await (await fetch(new URL(MeetingsRoute.people, p.url), { headers: asHost })).json()) as {
      people: { id: string; name: string }[];
    };
    const idOf = (name: string) => listed.people.find((x) => x.name === name)!.id;
    const res = await fetch(new URL(MeetingsRoute.list, q.url), {
      method: 'POST',
      headers: asHost,
      body: JSON.stringify({
        title: '多进程会议',
        ...soon(),
        minutes: 60,
        agenda: ['外摆管理'],
        invitees: [{ id: idOf(OFFICER.name), party: 'officer' }],
      }),
    });
    expect(res.status).toBe(201);
    const meeting = (await res.json()) as MeetingSummary;
    // Both walk in at once, each through a different process: both are at the one table.
    const [host, li] = await Promise.all([
      joinMeeting(p.url, hostToken, meeting.id, idOf(HOST.name), false),
      joinMeeting(q.url, liToken, meeting.id, idOf(OFFICER.name), false),
    ]);
    expect(host.room.roomId).toBe(li.room.roomId);
    const rooms = (await processes.listing()).filter((room) => room.raw.includes(`"meetingId":"${meeting.id}"`));
    expect(rooms).toHaveLength(1);
    await Promise.all([host.room.leave(true), li.room.leave(true)]);
  }, 120_000);
});
