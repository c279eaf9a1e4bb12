import { matchMaker } from '@colyseus/core';
import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { HALL_CAPACITY, loadConfig } from '../../server/config.ts';
import { HallNotice, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import type {
  CalledNotice,
  CaseCompletedNotice,
  DeskChatNotice,
  DeskViewNotice,
  MyTicketsNotice,
} from '../../shared/queue.ts';
import { LineState } from '../../shared/state.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { bootHall, hallUrl, inbox, staffToken, until, visit, visitWithToken, type Inbox } from './helpers.ts';

let hall: RunningHall;

beforeAll(async () => {
  hall = await bootHall({ HALL_MAX_CLIENTS: '2', HALL_STAFF_SEATS: '1', LINE_MAX_CLIENTS: '2' });
});
afterAll(async () => {
  await hall.close();
});

function last<T>(box: Inbox, type: string): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) if (box[i]!.type === type) return box[i]!.message as T;
  return undefined;
}

interface InLine {
  room: Room<unknown, LineState>;
  box: Inbox;
  rejected: RejectedNotice[];
}

/** A merchant whose page found the hall full and follows the queue from the line, as the page does. */
async function joinLine(token: string | undefined, options: Record<string, unknown> = {}): Promise<InLine> {
  const client = new Client(hallUrl(hall));
  if (token !== undefined) client.auth.token = await roomPassFor(hallUrl(hall), token);
  const room = await client.join(RoomName.line, options, LineState);
  const box = inbox(room as never);
  const rejected: RejectedNotice[] = [];
  room.onMessage(HallNotice.rejected, (n: RejectedNotice) => rejected.push(n));
  Callbacks.get(room);
  return { room, box, rejected };
}

const rooms = (name: string) => matchMaker.query({ name });

describe('how many the hall holds', () => {
  it('takes HALL_MAX_CLIENTS up to a thousand and refuses to start with more, naming the setting and its range', () => {
    expect(HALL_CAPACITY).toBe(1000);
    expect(loadConfig({}).hallMaxClients).toBe(300);
    expect(loadConfig({ HALL_MAX_CLIENTS: '1000' }).hallMaxClients).toBe(1000);
    for (const bad of ['1001', '5000', '0', '-1', '1.5', 'many'])
      expect(() => loadConfig({ HALL_MAX_CLIENTS: bad }), bad).toThrow(
        `HALL_MAX_CLIENTS must be a whole number from 1 to 1000, got "${bad}"`,
      );
    expect(loadConfig({}).hallViewNearest).toBe(60);
    expect(loadConfig({ HALL_VIEW_NEAREST: '200' }).hallViewNearest).toBe(200);
    for (const bad of ['0', '201'])
      expect(() => loadConfig({ HALL_VIEW_NEAREST: bad }), bad).toThrow(/HALL_VIEW_NEAREST must be a whole number/);
  });

  it('opens its one hall with HALL_MAX_CLIENTS places plus those kept for staff', async () => {
    const a = await visit(hall, '零');
    const [listed] = await rooms(RoomName.hall);
    expect(listed).toMatchObject({ maxClients: 2 + 1, clients: 1 });
    await a.room.leave(true);
  });
});

describe('a full hall', () => {
  it('turns the next visitor away instead of opening a second hall, and lets them in once someone leaves', async () => {
    const a = await visit(hall, '一');
    const b = await visit(hall, '二');
    await expect(visit(hall, '三')).rejects.toThrow(/hall_full/);
    // A client asking to have a hall made is refused too: still one hall.
    const token = await signUpMerchant(hallUrl(hall), '四', '四的店');
    const pass = await roomPassFor(hallUrl(hall), token);
    const asking = new Client(hallUrl(hall));
    asking.auth.token = pass;
    await expect(asking.joinOrCreate(RoomName.hall, {})).rejects.toThrow(/hall_full/);
    expect(await rooms(RoomName.hall)).toHaveLength(1);
    await b.room.leave(true);
    const c = await until(() => visit(hall, '三').catch(() => null), 'a place to free up');
    expect(c.room.roomId).toBe(a.room.roomId);
    await a.room.leave(true);
    await c.room.leave(true);
  });

  it('keeps its last places for staff: an officer reaches their desk when merchants fill the hall', async () => {
    const a = await visit(hall, '五');
    const b = await visit(hall, '六');
    const officer = await visitWithToken(hall, await staffToken(hall, 'officer', 'wang', '王警官'));
    expect(officer.room.roomId).toBe(a.room.roomId);
    // The kept places are taken: a second officer hears the hall is full, by name.
    await expect(visitWithToken(hall, await staffToken(hall, 'officer', 'zhao', '赵警官'))).rejects.toThrow(
      /hall_full/,
    );
    await Promise.all([a.room.leave(true), b.room.leave(true), officer.room.leave(true)]);
  });

  it('lets a merchant take a number from the line, be called, be served by chat and rate, without the 3D hall', async () => {
    const a = await visit(hall, '七');
    const b = await visit(hall, '八');
    const officer = await visitWithToken(hall, await staffToken(hall, 'officer', 'sun', '孙警官'));
    const token = await signUpMerchant(hallUrl(hall), '九', '九记小吃');
    await expect(visitWithToken(hall, token)).rejects.toThrow(/hall_full/);
    const nine = await joinLine(token);

    // The public board of the hall, without anyone's avatar.
    officer.room.send('openDesk', { deskId: 'desk-2', services: ['consultation'] });
    await until(() => nine.room.state.desks.get('desk-2')?.officer === '孙警官', 'the line to see the open desk');
    expect((nine.room.state as unknown as { avatars?: unknown }).avatars).toBeUndefined();

    nine.room.send('takeTicket', { service: 'consultation' });
    const ticket = await until(
      () => last<MyTicketsNotice>(nine.box, HallNotice.myTickets)?.tickets[0],
      'a number taken from the line',
    );
    expect(ticket).toMatchObject({ status: 'waiting', position: 1 });
    // One queue: the hall's board counts the number taken from the line.
    await until(() => a.room.state.lines.get('consultation')?.waiting === 1, 'the hall to count it');

    officer.room.send('callNext');
    await until(
      () => last<CalledNotice>(nine.box, HallNotice.called)?.number === ticket.number,
      'the line to be called',
    );
    const view = await until(
      () => last<DeskViewNotice>(officer.box, HallNotice.deskView)?.current,
      'the officer to see who is called',
    );
    expect(view.inLine).toBe(true);
    expect(view.merchant.shop).toBe('九记小吃');

    officer.room.send('startService');
    const talk = await until(() => last<DeskChatNotice>(nine.box, HallNotice.deskChat), 'the conversation to open');
    nine.room.send('deskChat', { ticketId: talk.ticketId, text: '我在手机上，进不去大厅' });
    await until(
      () => last<DeskChatNotice>(officer.box, HallNotice.deskChat)?.lines.some((l) => l.from === 'merchant'),
      'the officer to read the line',
    );
    officer.room.send('complete', { notes: '电话里说明了营业执照办理流程', checklist: [], outcome: 'resolved' });
    const done = await until(
      () => last<CaseCompletedNotice>(nine.box, HallNotice.caseCompleted),
      'the line to hear the visit is complete',
    );
    expect(done.canRate).toBe(true);

    // Nobody walks in the line: a walk is refused as unknown here; a merchant in the hall never hears of it.
    nine.room.send('moveTo', { x: 0, z: 0 });
    await until(() => nine.rejected.find((r) => r.intent === 'moveTo'), 'a walk refused');
    expect(a.rejected).toHaveLength(0);
    await Promise.all([a.room.leave(true), b.room.leave(true), officer.room.leave(true), nine.room.leave(true)]);
  });

  it('admits only merchants with a valid pass to the line, and a full line says so and stays one line', async () => {
    await expect(joinLine(undefined)).rejects.toThrow(/invalid_token|missing|token/);
    await expect(joinLine(await staffToken(hall, 'parkManager', 'qian', '钱经理'))).rejects.toThrow(/not_permitted/);
    const x = await joinLine(await signUpMerchant(hallUrl(hall), '十', '十的店'));
    const y = await joinLine(await signUpMerchant(hallUrl(hall), '十一', '十一的店'));
    const zToken = await signUpMerchant(hallUrl(hall), '十二', '十二的店');
    await expect(joinLine(zToken)).rejects.toThrow(/line_full/);
    const pass = await roomPassFor(hallUrl(hall), zToken);
    const asking = new Client(hallUrl(hall));
    asking.auth.token = pass;
    await expect(asking.joinOrCreate(RoomName.line, {})).rejects.toThrow(/line_full/);
    expect(await rooms(RoomName.line)).toHaveLength(1);
    await Promise.all([x.room.leave(true), y.room.leave(true)]);
  });
});
