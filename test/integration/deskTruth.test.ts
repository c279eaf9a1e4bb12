import { Client } from '@colyseus/sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationDay } from '../../shared/dates.ts';
import { MeetingState } from '../../shared/meetingRoom.ts';
import { MeetingsRoute, type MeetingSummary } from '../../shared/meetings.ts';
import { HallNotice, RoomName } from '../../shared/protocol.ts';
import type { CaseCompletedNotice, DeskChangedNotice, MyTicket, MyTicketsNotice } from '../../shared/queue.ts';
import { MovableClock } from '../support/clock.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import {
  api,
  bootHall,
  cutNetwork,
  hallUrl,
  staffToken,
  until,
  visitWithToken,
  type Inbox,
  type Visitor,
} from './helpers.ts';

const TZ = 'Asia/Shanghai';
/** The hall's reconnection time (RECONNECT_SECONDS' default), passed by moving the station clock. */
const RECONNECT_MS = 60_000;

function all<T>(box: Inbox, type: string): T[] {
  return box.filter((m) => m.type === type).map((m) => m.message as T);
}
const last = <T>(box: Inbox, type: string): T | undefined => all<T>(box, type).at(-1);
const mine = (v: Visitor): MyTicket | undefined => last<MyTicketsNotice>(v.box, HallNotice.myTickets)?.tickets[0];

/**
 * What a merchant is told of the desk they are called to or served at, the moment it happens, and what a desk
 * whose officer is away does to the line: the real hall, real sockets, the station's clock moved.
 */
describe('the truth of a desk, told at once', () => {
  const clock = new MovableClock();
  let hall: RunningHall;
  let n = 0;

  beforeAll(async () => {
    hall = await bootHall({ STATION_TIMEZONE: TZ }, clock);
  }, 60_000);
  afterAll(async () => {
    await hall.close();
  });

  /** A fresh officer (a desk of their own) and merchant for each story, each with a service of its own. */
  async function cast(deskId: string, service: string) {
    n++;
    const officerToken = await staffToken(hall, 'officer', `off${n}`, `警官${n}`);
    const officer = await visitWithToken(hall, officerToken);
    const merchant = await visitWithToken(hall, await signUpMerchant(hallUrl(hall), `商户${n}`, `店${n}`));
    officer.room.send('openDesk', { deskId, services: [service] });
    await until(() => merchant.room.state.desks.get(deskId)?.open, 'the desk open');
    merchant.room.send('takeTicket', { service });
    await until(() => mine(merchant)?.eta, 'a ticket with an estimate');
    return { officer, officerToken, merchant, service };
  }

  it('an officer whose connection drops: the merchant at the desk hears at once, then that they are back', async () => {
    const { officer, merchant } = await cast('desk-1', 'consultation');
    officer.room.send('callNext');
    await until(() => mine(merchant)?.status === 'called', 'the merchant called');
    officer.room.send('startService');
    await until(() => mine(merchant)?.status === 'serving', 'the merchant served');

    const cutAt = clock.now();
    cutNetwork(officer.room);
    const dropped = await until(
      () => last<DeskChangedNotice>(merchant.box, HallNotice.deskChanged),
      'the merchant told the officer dropped',
    );
    expect(dropped).toMatchObject({ deskId: 'desk-1', change: 'dropped', number: mine(merchant)!.number });
    // The officer's place is held for the reconnection time, and the merchant is told until when.
    expect(dropped.until).toBeGreaterThanOrEqual(cutAt + RECONNECT_MS);
    expect(dropped.until).toBeLessThan(cutAt + RECONNECT_MS + 5_000);
    await until(() => mine(merchant)?.hold === 'dropped', "the merchant's ticket shows the desk held");
    expect(mine(merchant)?.status).toBe('serving'); // the place is kept
    await until(() => merchant.room.state.desks.get('desk-1')?.hold === 'dropped', 'the board shows why');
    expect(merchant.room.state.desks.get('desk-1')?.paused).toBe(true);

    // The officer's client reconnects by itself: the merchant hears that too, and the desk is at work again.
    await until(
      () => last<DeskChangedNotice>(merchant.box, HallNotice.deskChanged)?.change === 'back',
      'the merchant told the officer is back',
    );
    await until(() => merchant.room.state.desks.get('desk-1')?.hold === '', 'the board back to open');
    expect(merchant.room.state.desks.get('desk-1')?.paused).toBe(false);
    await until(() => mine(merchant)?.hold === null, "the ticket's hold lifted");

    // Completing the visit tells the merchant which desk and officer served them.
    officer.room.send('complete', { notes: '', checklist: [], outcome: 'resolved' });
    const end = await until(() => last<CaseCompletedNotice>(merchant.box, HallNotice.caseCompleted), 'the end');
    expect(end).toMatchObject({ deskId: 'desk-1', officerName: `警官${n}`, canRate: true });
  }, 30_000);

  it('an officer who does not come back: the desk closes and the merchant hears they are first in line', async () => {
    const { officer, merchant } = await cast('desk-2', 'concerns');
    officer.room.send('callNext');
    await until(() => mine(merchant)?.status === 'called', 'the merchant called');
    officer.room.reconnection.enabled = false; // the tab was closed: nothing comes back
    cutNetwork(officer.room);
    await until(
      () => last<DeskChangedNotice>(merchant.box, HallNotice.deskChanged)?.change === 'dropped',
      'the merchant told at once',
    );
    clock.advance(RECONNECT_MS + 1_000);
    const closed = await until(
      () => all<DeskChangedNotice>(merchant.box, HallNotice.deskChanged).find((x) => x.change === 'closed'),
      'the merchant told the desk closed',
    );
    expect(closed.deskId).toBe('desk-2');
    await until(() => mine(merchant)?.status === 'waiting', 'back in line');
    expect(mine(merchant)?.position).toBe(1);
    await until(() => merchant.room.state.desks.get('desk-2')?.open === false, 'the desk shown closed');
  }, 30_000);

  it('an officer in the meeting room pauses their desk: the estimate goes and calls are refused; back, it returns', async () => {
    const { officer, merchant, officerToken } = await cast('desk-3', 'signboard');
    const manager = await staffToken(hall, 'parkManager', `mgr${n}`, `经理${n}`);
    const people = (await api<{ people: { id: string; name: string }[] }>(hall, manager, 'GET', MeetingsRoute.people))
      .body.people;
    const officerId = people.find((p) => p.name === `警官${n}`)!.id;
    const at = clock.now() + 5 * 60_000;
    const hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const meeting = await api<MeetingSummary>(hall, manager, 'POST', MeetingsRoute.list, {
      title: '外摆协调',
      date: stationDay(at, TZ),
      time: hhmm.format(at),
      minutes: 30,
      agenda: ['外摆'],
      invitees: [{ id: officerId, party: 'officer' }],
    });
    expect(meeting.status).toBe(201);
    const before = mine(merchant)!.eta;
    expect(before).not.toBeNull();

    const client = new Client(hallUrl(hall));
    client.auth.token = await roomPassFor(hallUrl(hall), officerToken);
    const table = await client.joinOrCreate(RoomName.meeting, { meetingId: meeting.body.id }, MeetingState);
    await until(() => merchant.room.state.desks.get('desk-3')?.hold === 'meeting', 'the desk paused for the meeting');
    await until(() => mine(merchant)?.eta === null, 'no estimate from a desk with nobody at it');
    expect(mine(merchant)?.hold).toBe('paused'); // every desk for the service is held: said instead of a range
    officer.room.send('callNext');
    await until(() => officer.rejected.some((r) => r.reason === 'desk_paused'), 'a call from the meeting refused');
    expect(mine(merchant)?.status).toBe('waiting');

    await table.leave(true);
    await until(() => merchant.room.state.desks.get('desk-3')?.hold === '', 'the desk back at work');
    await until(() => mine(merchant)?.eta, 'the estimate back');
    expect(mine(merchant)?.eta).toEqual(before);
    expect(mine(merchant)?.hold).toBeNull();
    officer.room.send('callNext');
    await until(() => mine(merchant)?.status === 'called', 'called once the officer is back');
  }, 30_000);
});

describe('a desk over a restart', () => {
  const clock = new MovableClock();

  it('waits paused for its officer, out of the estimate, until they are back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-it-desk-truth-'));
    const boot = () => bootHall({ STATION_TIMEZONE: TZ, DATA_DIR: dataDir }, clock);
    let station = await boot();
    try {
      const officerToken = await staffToken(station, 'officer', 'restart', '重启警官');
      const merchantToken = await signUpMerchant(hallUrl(station), '重启商户', '重启店');
      const officer = await visitWithToken(station, officerToken);
      const merchant = await visitWithToken(station, merchantToken);
      officer.room.send('openDesk', { deskId: 'desk-4', services: ['consultation'] });
      await until(() => merchant.room.state.desks.get('desk-4')?.open, 'the desk open');
      merchant.room.send('takeTicket', { service: 'consultation' });
      const before = (await until(() => mine(merchant)?.eta, 'an estimate')) as MyTicket['eta'];

      await station.close();
      station = await boot();
      const back = await visitWithToken(station, merchantToken);
      await until(() => mine(back), 'the ticket after the restart');
      expect(mine(back)).toMatchObject({ status: 'waiting', position: 1, eta: null, hold: 'paused' });
      expect(back.room.state.desks.get('desk-4')).toMatchObject({ open: true, paused: true, hold: 'dropped' });

      await visitWithToken(station, officerToken);
      await until(() => back.room.state.desks.get('desk-4')?.hold === '', 'the desk at work once its officer is back');
      await until(() => mine(back)?.eta, 'the estimate back');
      expect(mine(back)?.eta).toEqual(before);
    } finally {
      await station.close();
    }
  }, 60_000);
});
