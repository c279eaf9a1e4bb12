import { matchMaker } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { stationDay } from '../../shared/dates.ts';
import {
  CHAT_HISTORY,
  CLOSE_REMOVED,
  MEETING_CHAT_MAX,
  MeetingIntent,
  MeetingState,
} from '../../shared/meetingRoom.ts';
import {
  MeetingsRoute,
  MinutesRoute,
  type MeetingMinutes,
  type MeetingSummary,
  type MyMeetings,
} from '../../shared/meetings.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import {
  CLOSE_ACCOUNT_CHANGED,
  CLOSE_BAD_INPUT,
  CLOSE_MESSAGE_TOO_BIG,
  MAX_MESSAGE_BYTES,
  RoomName,
} from '../../shared/protocol.ts';
import { sendRaw } from '../fuzz/people.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import { log } from '../../server/log.ts';
import { MeetingService } from '../../server/meetings/service.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import { setMeetingRoles } from '../../server/meetings/store.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { merchantIdOf, signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { postgresForTest, startPrivatePostgres, type PrivatePostgres } from '../support/postgresServer.ts';
import { startHallProcess, startHallWithStaff, type HallProcess } from '../support/server.ts';
import { api, bootHall, cutNetwork, hallUrl, staffToken, until } from './helpers.ts';
import {
  all,
  invitees as sessionInvitees,
  joinMeeting,
  meetingStation,
  refusal,
  seat,
  soon,
  started,
  TZ,
  type Attendee,
  type MeetingRoomClient,
} from './meetingHelpers.ts';

const inDays = (n: number) => stationDay(Date.now() + n * 86_400_000, TZ);
/** The reconnection time the hall runs with (RECONNECT_SECONDS' default), passed by moving the station clock. */
const RECONNECT_MS = 60_000;

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`meeting room tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-meetroom')))(
  'the meeting room over real sockets on $name',
  (target) => {
    const station = meetingStation(target);
    const { tokens, ids, clock, schedule, enter } = station;
    const invitees = () => sessionInvitees(ids);

    /** The join error a person gets at the door (the MeetingReason code, or the token's error). */
    async function refused(token: string | undefined, meetingId: unknown): Promise<string> {
      const client = new Client(hallUrl(station.hall));
      if (token !== undefined) client.auth.token = await roomPassFor(hallUrl(station.hall), token).catch(() => token);
      let room: MeetingRoomClient;
      try {
        room = await client.joinOrCreate<MeetingState>(RoomName.meeting, { meetingId }, MeetingState);
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      await room.leave(true);
      throw new Error('walked in, but the door should have stayed shut');
    }

    const hands = (a: Attendee) => [...a.room.state.hands];
    const same = (list: string[], expected: string[]) => JSON.stringify(list) === JSON.stringify(expected);
    let barriers = 0;
    /**
     * A barrier on one person's connection: the room handles what a connection sends in order, and their chat
     * line is stored and shown after any change to the table they made before it. Once the line is back,
     * whatever they sent before has been handled, and every change shown from then on includes its effect.
     */
    async function handled(a: Attendee): Promise<void> {
      const text = `…${++barriers}`;
      a.room.send(MeetingIntent.chat, { text });
      await until(() => a.chat.some((l) => l.text === text), 'the line after what was sent before it');
    }
    /** The room has handled a connection's end (its onDrop has run): it no longer lists it. */
    const closedAtRoom = (a: Attendee) =>
      until(
        () => !matchMaker.getLocalRoomById(a.room.roomId)?.clients.getById(a.room.sessionId),
        'the room to see the connection end',
      );

    /** Raise hands one after the other, each seen by everyone before the next, so their order is known. */
    async function raise(people: Attendee[], everyone: Attendee[]): Promise<void> {
      const expected = [...hands(everyone[0]!)];
      for (const p of people) {
        p.room.send(MeetingIntent.raiseHand);
        expected.push(p.id);
        await all(everyone, (a) => same(hands(a), expected), `hands ${expected.length}`);
      }
    }

    it('refuses unknown sessions, outsiders, sessions not open yet and anyone without a valid token', async () => {
      const open = await schedule('门口');
      expect(await refused(tokens.wang, 'no-such-meeting')).toBe('unknown_meeting');
      expect(await refused(tokens.wang, 42)).toBe('unknown_meeting');
      expect(await refused(tokens.zhao, open.id)).toBe('not_invited');
      expect(await refused(tokens.admin, open.id)).toBe('not_invited'); // accounts, not sessions

      const later = await schedule('两天后', { date: inDays(2), time: '10:00' });
      expect(await refused(tokens.wang, later.id)).toBe('not_open');
      expect(await refused(tokens.li, later.id)).toBe('not_open');
      expect(await refused(tokens.sun, later.id)).toBe('not_open'); // staff, invited or not, wait too

      expect(await refused(undefined, open.id)).toBe('invalid_token');
      expect(await refused('not.a.token', open.id)).toBe('invalid_token');
      expect(await refused(`${tokens.wang!.slice(0, -4)}AAAA`, open.id)).toBe('invalid_token');

      // Those turned away left no trace: the first one in is alone at the table.
      const wang = await enter('wang', open.id);
      const present = [...wang.room.state.participants.entries()].filter(([, p]) => p.present).map(([id]) => id);
      expect(present).toEqual([ids.wang]);
      const s = wang.room.state;
      expect([s.meetingId, s.title, s.phase, s.current, s.speaker]).toEqual([open.id, '门口', 'scheduled', -1, '']);
    });

    it('drops only the sender of a frame over the size limit, without holding its seat', async () => {
      const m = await schedule('大消息');
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      wang.room.send(MeetingIntent.chat, { text: 'x'.repeat(MAX_MESSAGE_BYTES) });
      await until(() => wang.left.length > 0, 'the oversized sender to be dropped');
      expect(wang.left[0]).toBe(CLOSE_MESSAGE_TOO_BIG);
      await until(() => chen.room.state.participants.get(ids.wang!)?.present === false, 'its seat to empty at once');
      chen.room.send(MeetingIntent.chat, { text: '还在' });
      await until(() => chen.chat.find((l) => l.text === '还在'), 'the other one still talking');
      expect(chen.left).toEqual([]);
    });

    /**
     * Runs `body` with the room's log lines caught (the integration tests run silent otherwise), and hands back
     * every line that names `session` (a connection's id is in every line about what it sent or how it left).
     */
    async function logOf(body: () => Promise<void>): Promise<(session: string) => string[]> {
      const lines: string[] = [];
      const spies = (['log', 'warn', 'error'] as const).map((level) =>
        vi
          .spyOn(console, level)
          .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
      );
      const quiet = process.env.LOG_LEVEL;
      process.env.LOG_LEVEL = '';
      try {
        await body();
      } finally {
        process.env.LOG_LEVEL = quiet;
        for (const spy of spies) spy.mockRestore();
      }
      // Not one stack trace, from anyone: a bad message is a line of the log, never a trace.
      expect(lines.filter((l) => /^\s+at /m.test(l))).toEqual([]);
      return (session) => lines.filter((l) => l.includes(session));
    }

    it('answers "*", odd and unknown message types with a clear refusal; the sender stays, nobody else notices', async () => {
      const m = await schedule('怪消息');
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const host = await enter('host', m.id);
      const odd: [string | number, unknown][] = [
        ['*', { toString: 1, valueOf: 2, constructor: 3 }],
        ['__proto__', JSON.parse('{"__proto__":{"polluted":1},"toString":1}')],
        ['constructor', { toString: 1 }],
        ['toString', null],
        ['hasOwnProperty', [1, 2]],
        ['nope', 'x'.repeat(1000)],
        [7, { __proto__: { x: 1 } }],
      ];
      const about = await logOf(async () => {
        for (const [type, payload] of odd) wang.room.send(type, payload);
        await until(() => wang.rejected.length >= odd.length, 'every odd message answered');
        // A request for "*" is answered too (its promise settles either way), and the sender stays.
        await wang.room.request('*', { toString: 1 }).catch(() => undefined);
        await until(() => wang.rejected.length > odd.length, 'the request refused');
        await handled(wang);
      });
      expect(wang.rejected).toEqual([
        ...odd.map(([type]) => ({ intent: String(type), reason: 'unknown_message' })),
        { intent: '*', reason: 'unknown_message' },
      ]);
      // One line each, naming what was sent and why it was refused.
      const lines = about(wang.room.sessionId);
      expect(lines).toHaveLength(odd.length + 1);
      for (const line of lines) expect(line).toMatch(/meeting\.intent\.refused.*reason="unknown_message"/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // The others noticed nothing: nothing refused or ended for them, and the table goes on as before.
      expect([chen.rejected, host.rejected, chen.left, host.left, wang.left]).toEqual([[], [], [], [], []]);
      chen.room.send(MeetingIntent.chat, { text: '照常' });
      await all([wang, chen, host], (a) => a.chat.some((l) => l.text === '照常'), 'the chat to go on');
      expect(seat(host, ids.wang!)?.present).toBe(true);
    });

    it('shows out the sender of an unreadable frame at once, frees its seat and logs it in one line', async () => {
      const m = await schedule('坏帧');
      const chen = await enter('chen', m.id);
      const host = await enter('host', m.id);
      // Junk of three kinds, each from its own connection: a MessagePack body cut short, a request with
      // nothing after it, and a kind of frame no client sends.
      const junk: Uint8Array[] = [
        new Uint8Array([13, 0xa3, 0x61, 0x62, 0x63, 0x92, 0x01]),
        new Uint8Array([21]),
        new Uint8Array([0x1e, 1, 2, 3]),
      ];
      const sessions: string[] = [];
      const about = await logOf(async () => {
        for (const bytes of junk) {
          const wang = await enter('wang', m.id);
          sessions.push(wang.room.sessionId);
          sendRaw(wang.room, bytes);
          await until(() => wang.left.length > 0, 'the sender of junk shown out');
          expect(wang.left).toEqual([CLOSE_BAD_INPUT]);
          // No reconnection time is held: the seat is empty at once, and its owner may sit down again.
          await all([chen, host], (a) => seat(a, ids.wang!)?.present === false, 'the seat to empty at once');
        }
      });
      for (const session of sessions) {
        expect(about(session)).toHaveLength(1);
        expect(about(session)[0]).toMatch(/meeting\.client\.dropped.*reason="undecodable"/);
      }
      // The others noticed nothing but wang leaving: nothing refused or ended for them, and they talk on.
      expect([chen.rejected, host.rejected, chen.left, host.left]).toEqual([[], [], [], []]);
      chen.room.send(MeetingIntent.chat, { text: '还在' });
      await all([chen, host], (a) => a.chat.some((l) => l.text === '还在'), 'the chat to go on');
      const back = await enter('wang', m.id);
      await all([chen, host], (a) => seat(a, ids.wang!)?.present === true, 'wang seated again');
      expect(back.left).toEqual([]);
    });

    it("seats invitees in their own party's arc and uninvited staff on the spare seats until none is left", async () => {
      const m = await schedule('座位');
      const everyone = [
        await enter('host', m.id),
        await enter('li', m.id),
        await enter('wu', m.id),
        await enter('wang', m.id),
        await enter('chen', m.id),
      ];
      await all(everyone, (a) => [...a.room.state.participants.values()].every((p) => p.present), 'all present');
      const view = everyone[0]!.room.state;
      // Property managers (the host, 吴经理, two spare), officers (李警官, two spare), the two merchants.
      expect([...view.seats]).toEqual([
        'property',
        'property',
        'property',
        'property',
        'officer',
        'officer',
        'officer',
        'merchant',
        'merchant',
      ]);
      const party = { host: 'property', wu: 'property', li: 'officer', wang: 'merchant', chen: 'merchant' };
      for (const a of everyone) {
        const s = a.room.state;
        expect(s.participants.size).toBe(5);
        for (const [who, p] of Object.entries(party)) {
          const row = s.participants.get(ids[who]!)!;
          expect(row.party).toBe(p);
          expect(s.seats[row.seat]).toBe(p);
        }
        expect(new Set([...s.participants.values()].map((p) => p.seat)).size).toBe(5);
      }
      expect(seat(everyone[1]!, ids.wang!)).toMatchObject({ name: '王女士', shop: '老王面馆', chair: false });
      expect(seat(everyone[1]!, ids.host!)).toMatchObject({ name: '周经理', shop: '', chair: true });
      const seatsBefore = new Map([...view.participants.entries()].map(([id, p]) => [id, p.seat]));

      // Two officers who were not invited take the two spare officer seats; a third finds the table full.
      const sun = await enter('sun', m.id);
      const qian = await enter('qian', m.id);
      const table = [...everyone, sun, qian];
      await all(table, (a) => a.room.state.participants.size === 7, 'the uninvited officers seen');
      const spare = [seat(sun, ids.sun!)!.seat, seat(sun, ids.qian!)!.seat];
      expect(spare.map((i) => view.seats[i])).toEqual(['officer', 'officer']);
      expect(new Set([...spare, seat(sun, ids.li!)!.seat]).size).toBe(3);
      expect(await refused(tokens.zheng, m.id)).toBe('meeting_full');

      // A spare seat given up is free for the next one; nobody else moves, even when the session changes.
      const sunSeat = seat(sun, ids.sun!)!.seat;
      await sun.room.leave(true);
      await all(everyone, (a) => !a.room.state.participants.has(ids.sun!), 'the officer gone');
      const zheng = await enter('zheng', m.id);
      expect(seat(zheng, ids.zheng!)!.seat).toBe(sunSeat);
      const qianSeat = seat(qian, ids.qian!)!.seat;
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect(
        (await api(station.hall, tokens.host!, 'PUT', roles, { coHostIds: [], secretaryIds: [ids.wang] })).status,
      ).toBe(200);
      const now = [...everyone, qian, zheng];
      await all(now, (a) => seat(a, ids.wang!)?.secretary === true, 'the secretary named');
      for (const a of now) {
        expect(seat(a, ids.qian!)?.seat).toBe(qianSeat);
        expect(seat(a, ids.zheng!)?.seat).toBe(sunSeat);
        for (const [id, s] of seatsBefore) expect(seat(a, id)?.seat).toBe(s);
        expect([...a.room.state.participants.values()].every((p) => p.present)).toBe(true);
      }
    });

    it('keeps the chair to the host and the co-hosts they name', async () => {
      const m = await schedule('主持');
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wang = await enter('wang', m.id);
      const everyone = [host, li, wang];

      // A merchant representative never chairs, whatever they send.
      const moves: [string, unknown][] = [
        [MeetingIntent.start, undefined],
        [MeetingIntent.nextItem, undefined],
        [MeetingIntent.giveFloor, undefined],
        [MeetingIntent.mute, { personId: ids.li, muted: true }],
        [MeetingIntent.remove, { personId: ids.li }],
        [MeetingIntent.end, undefined],
      ];
      for (const [type, payload] of moves) wang.room.send(type, payload);
      await until(() => wang.rejected.length === moves.length, 'each refused');
      expect(wang.rejected).toEqual(moves.map(([intent]) => ({ intent, reason: 'not_permitted' })));

      // An invited officer may chair, but only once named co-host.
      li.room.send(MeetingIntent.start);
      expect(await refusal(li, MeetingIntent.start)).toEqual({ intent: 'start', reason: 'not_host' });
      expect(host.room.state.phase).toBe('scheduled');

      // The host's start is stored after anything li's could have set going: had li's started the session, the
      // host's would find it started, and the log would name li.
      await started(host, everyone);
      const starts = (await listAudit(station.hall.db, { targetKind: 'meeting', targetId: m.id })).filter(
        (r) => r.action === 'meeting.start',
      );
      expect(starts.map((r) => r.actorId)).toEqual([ids.host]);
      expect(seat(host, ids.li!)?.muted).toBe(false);
      expect(seat(host, ids.li!)?.present).toBe(true);
      await raise([wang], everyone);
      li.room.send(MeetingIntent.giveFloor);
      expect(await refusal(li, MeetingIntent.giveFloor)).toEqual({ intent: 'giveFloor', reason: 'not_host' });
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect(
        (await api(station.hall, tokens.host!, 'PUT', roles, { coHostIds: [ids.wang], secretaryIds: [] })).status,
      ).toBe(400);
      expect(
        (await api(station.hall, tokens.host!, 'PUT', roles, { coHostIds: [ids.li], secretaryIds: [] })).status,
      ).toBe(200);
      await all(everyone, (a) => seat(a, ids.li!)?.chair === true, 'the co-host seen chairing');
      li.room.send(MeetingIntent.giveFloor);
      await all(everyone, (a) => a.room.state.speaker === ids.wang && hands(a).length === 0, 'the floor given');
      expect(li.rejected.filter((r) => r.intent === MeetingIntent.giveFloor)).toHaveLength(1);
      // Nobody was shown the door for trying.
      expect(everyone.map((a) => a.left)).toEqual([[], [], []]);
    });

    it('runs the agenda: the start, hands in order, the floor, the next item; bad payloads refused', async () => {
      const m = await schedule('议程', soon(), ['外摆管理', '招牌整治']);
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wu = await enter('wu', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const everyone = [host, li, wu, wang, chen];

      wang.room.send(MeetingIntent.raiseHand);
      expect(await refusal(wang, MeetingIntent.raiseHand)).toMatchObject({ reason: 'not_running' });
      await started(host, everyone);
      expect([...chen.room.state.agenda]).toEqual(['外摆管理', '招牌整治']);
      host.room.send(MeetingIntent.start);
      expect(await refusal(host, MeetingIntent.start)).toMatchObject({ reason: 'already_started' });
      const mine = await api<{ meetings: MeetingSummary[] }>(station.hall, tokens.wang!, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.find((x) => x.id === m.id)?.status).toBe('running');

      await raise([li, wang, chen], everyone);
      // A second raise changes nothing; a lowered hand leaves the queue.
      wang.room.send(MeetingIntent.raiseHand);
      chen.room.send(MeetingIntent.lowerHand);
      await all(everyone, (a) => same(hands(a), [ids.li!, ids.wang!]), 'chen to lower the hand');
      // Wang's second raise is handled before the floor is given below, which then leaves exactly her hand.
      await handled(wang);

      // The floor goes to the first hand; the speaker's own "done" frees it.
      host.room.send(MeetingIntent.giveFloor);
      await all(everyone, (a) => a.room.state.speaker === ids.li && same(hands(a), [ids.wang!]), 'li to speak');
      li.room.send(MeetingIntent.endTurn);
      await all(everyone, (a) => a.room.state.speaker === '', 'li to finish');
      host.room.send(MeetingIntent.giveFloor, { to: ids.chen });
      await all(everyone, (a) => a.room.state.speaker === ids.chen && same(hands(a), [ids.wang!]), 'chen asked');
      host.room.send(MeetingIntent.giveFloor, { to: ids.zhao });
      expect(await refusal(host, MeetingIntent.giveFloor)).toMatchObject({ reason: 'not_here' });

      // Malformed payloads are refused and their senders kept.
      const bad: [Attendee, string, unknown][] = [
        [wang, MeetingIntent.raiseHand, { now: true }],
        [wang, MeetingIntent.chat, { text: 42 }],
        [wang, MeetingIntent.chat, 'hello'],
        [host, MeetingIntent.giveFloor, { to: 7 }],
        [host, MeetingIntent.mute, { personId: ids.wang }],
        [host, MeetingIntent.remove, { personId: 'x'.repeat(65) }],
        [host, MeetingIntent.nextItem, [1]],
      ];
      for (const [who, type, payload] of bad) who.room.send(type, payload);
      await until(() => wang.rejected.length >= 4 && host.rejected.length >= 6, 'the bad payloads refused');
      const invalid = (a: Attendee) => a.rejected.filter((r) => r.reason === 'invalid_payload').map((r) => r.intent);
      expect(invalid(wang)).toEqual(['raiseHand', 'chat', 'chat']);
      expect(invalid(host)).toEqual(['giveFloor', 'mute', 'remove', 'nextItem']);
      // All of them handled (each was answered); wang's next move is shown with whatever they changed.
      wang.room.send(MeetingIntent.lowerHand);
      await all(everyone, (a) => hands(a).length === 0, 'wang, still here, to lower the hand');
      expect(host.room.state.speaker).toBe(ids.chen);
      expect(host.room.state.current).toBe(0);
      expect([...host.room.state.participants.values()].some((p) => p.muted)).toBe(false);
      await raise([wang, li], everyone);

      // The next item starts with a free floor and no hands.
      host.room.send(MeetingIntent.nextItem);
      await all(
        everyone,
        (a) => a.room.state.current === 1 && a.room.state.speaker === '' && hands(a).length === 0,
        'the next item',
      );
      host.room.send(MeetingIntent.nextItem);
      expect(await refusal(host, MeetingIntent.nextItem, 2)).toMatchObject({ reason: 'last_item' });
      // The senders of bad payloads were answered since, so they were kept; nobody else was shown out.
      expect(everyone.map((a) => a.left)).toEqual([[], [], [], [], []]);
    });

    it('carries the chat to everyone, keeps a muted person quiet and gives a late joiner the history', async () => {
      const m = await schedule('交流');
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wang = await enter('wang', m.id);
      const everyone = [host, li, wang];
      await all(everyone, (a) => a.histories.length === 1, 'the (empty) history');
      for (const a of everyone) expect(a.histories).toEqual([[]]);

      const lines = (a: Attendee) => a.chat.map((l) => l.text);
      const say = async (who: Attendee, text: string, shown = text) => {
        who.room.send(MeetingIntent.chat, { text });
        await all(everyone, (a) => lines(a).at(-1) === shown, `"${shown.slice(0, 20)}" everywhere`);
      };
      await say(wang, '大家好');
      expect(host.chat[0]).toMatchObject({ from: ids.wang, name: '王女士', party: 'merchant', text: '大家好' });
      // Markup is carried as text, for the page to show as text; spacing is tidied; too long is refused.
      const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
      await say(li, markup);
      await say(wang, '  黄线\n以内   摆放 ', '黄线 以内 摆放');
      await say(wang, '长'.repeat(MEETING_CHAT_MAX));
      wang.room.send(MeetingIntent.chat, { text: '长'.repeat(MEETING_CHAT_MAX + 1) });
      expect(await refusal(wang, MeetingIntent.chat)).toMatchObject({ reason: 'invalid_payload' });
      wang.room.send(MeetingIntent.chat, { text: 'a\u0000b\u202e' });
      expect(await refusal(wang, MeetingIntent.chat, 2)).toMatchObject({ reason: 'invalid_payload' });
      wang.room.send(MeetingIntent.chat, { text: '   ' });
      expect(await refusal(wang, MeetingIntent.chat, 3)).toMatchObject({ reason: 'invalid_payload' });

      // Muted: refused, and nobody hears it; unmuted: heard again.
      host.room.send(MeetingIntent.mute, { personId: ids.wang, muted: true });
      await all(everyone, (a) => seat(a, ids.wang!)?.muted === true, 'wang muted');
      wang.room.send(MeetingIntent.chat, { text: '我还想说' });
      expect(await refusal(wang, MeetingIntent.chat, 4)).toMatchObject({ reason: 'muted' });
      await say(li, '请稍候');
      expect(everyone.every((a) => !lines(a).includes('我还想说'))).toBe(true);
      host.room.send(MeetingIntent.mute, { personId: ids.wang, muted: false });
      await all(everyone, (a) => seat(a, ids.wang!)?.muted === false, 'wang unmuted');
      await say(wang, '我还想说');

      const heard = lines(host);
      expect(heard).toEqual(['大家好', markup, '黄线 以内 摆放', '长'.repeat(MEETING_CHAT_MAX), '请稍候', '我还想说']);
      for (const a of everyone) expect(lines(a)).toEqual(heard);
      const chen = await enter('chen', m.id);
      await until(() => chen.histories.length === 1, 'the history');
      expect(chen.histories[0]!.map((l) => l.text)).toEqual(heard);
      expect(chen.histories[0]!.map((l) => l.id)).toEqual(host.chat.map((l) => l.id));
    });

    it('shows a removed participant the door for good and takes their hand down', async () => {
      const m = await schedule('请离场');
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const sun = await enter('sun', m.id);
      const everyone = [host, li, wang, chen, sun];
      await started(host, everyone);
      await raise([wang, chen], everyone);

      host.room.send(MeetingIntent.remove, { personId: ids.host });
      expect(await refusal(host, MeetingIntent.remove)).toMatchObject({ reason: 'not_host' });

      host.room.send(MeetingIntent.remove, { personId: ids.wang });
      await until(() => wang.left.length > 0, 'wang to be shown out');
      expect(wang.left).toEqual([CLOSE_REMOVED]);
      const stay = [host, li, chen, sun];
      await all(stay, (a) => same(hands(a), [ids.chen!]) && seat(a, ids.wang!)?.present === false, 'wang gone');
      expect(await refused(tokens.wang, m.id)).toBe('removed');
      wang.room.reconnection.enabled = false;

      // An uninvited officer removed loses the seat as well.
      host.room.send(MeetingIntent.remove, { personId: ids.sun });
      await until(() => sun.left.length > 0, 'sun to be shown out');
      expect(sun.left).toEqual([CLOSE_REMOVED]);
      await all([host, li, chen], (a) => !a.room.state.participants.has(ids.sun!), 'sun gone');
      expect(await refused(tokens.sun, m.id)).toBe('removed');
      expect(host.left).toEqual([]);
    });

    it('keeps seat and raised hand through a dropped connection, and for a reloaded page', async () => {
      const m = await schedule('断线');
      const host = await enter('host', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const everyone = [host, wang, chen];
      await started(host, everyone);
      await raise([wang, chen], everyone);
      wang.room.send(MeetingIntent.chat, { text: '掉线前' });
      await all(everyone, (a) => a.chat.length === 1, 'the line heard');
      const wangSeat = seat(host, ids.wang!)!.seat;
      const chenSeat = seat(host, ids.chen!)!.seat;

      // The network goes away with no goodbye: the SDK comes back by itself into the held seat.
      const id = wang.room.sessionId;
      let reconnected = false;
      wang.room.onReconnect(() => (reconnected = true));
      cutNetwork(wang.room);
      await until(() => seat(host, ids.wang!)?.online === false, 'the host to see wang away');
      expect(hands(host)).toEqual([ids.wang, ids.chen]);
      await until(() => reconnected, 'wang to reconnect', 15_000);
      await all(everyone, (a) => seat(a, ids.wang!)?.online === true, 'wang back');
      expect(wang.room.sessionId).toBe(id);
      for (const a of everyone) {
        expect(hands(a)).toEqual([ids.wang, ids.chen]);
        expect(seat(a, ids.wang!)).toMatchObject({ seat: wangSeat, present: true });
      }
      await until(() => wang.histories.length === 2, 'the history again');
      expect(wang.histories[1]!.map((l) => l.text)).toEqual(['掉线前']);
      expect(wang.left).toEqual([]);

      // A second tab of the same person shares the seat; losing one tab does not make them look away.
      const tab = await enter('wang', m.id);
      tab.room.reconnection.enabled = false;
      cutNetwork(tab.room);
      await until(() => tab.left.length > 0, 'the second tab to go');
      await closedAtRoom(tab);

      // A reloaded page: the old connection is dead and will not retry; a new client walks in.
      chen.room.reconnection.enabled = false;
      cutNetwork(chen.room);
      await until(() => seat(host, ids.chen!)?.online === false, 'the host to see chen away');
      // Shown after the second tab's end was handled, so with whatever that changed: wang is still there.
      expect(seat(host, ids.wang!)).toMatchObject({ seat: wangSeat, present: true, online: true });
      expect(hands(host)).toEqual([ids.wang, ids.chen]);
      const again = await enter('chen', m.id);
      const now = [host, wang, again];
      await all(now, (a) => seat(a, ids.chen!)?.online === true, 'chen back');
      for (const a of now) {
        expect(hands(a)).toEqual([ids.wang, ids.chen]);
        expect(seat(a, ids.chen!)).toMatchObject({ seat: chenSeat, present: true });
      }
      await until(() => again.histories.length === 1, 'the history on the new page');
      expect(again.histories.map((h) => h.map((l) => l.text))).toEqual([['掉线前']]);
      // The new page acts for the same person.
      again.room.send(MeetingIntent.lowerHand);
      await all(now, (a) => same(hands(a), [ids.wang!]), 'chen to lower the hand from the new page');
    });

    it('shows out a merchant the host drops from the invitation while the door is open', async () => {
      const m = await schedule('改名单');
      const host = await enter('host', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const edit = {
        title: '改名单',
        ...soon(),
        minutes: 60,
        agenda: ['外摆管理'],
        invitees: invitees().filter((i) => i.id !== ids.chen),
      };
      expect((await api(station.hall, tokens.host!, 'PUT', MeetingsRoute.one.replace(':id', m.id), edit)).status).toBe(
        200,
      );
      await until(() => chen.left.length > 0, 'chen to be shown out');
      await all([host, wang], (a) => !a.room.state.participants.has(ids.chen!), 'chen gone from the table');
      expect([...host.room.state.agenda]).toEqual(['外摆管理']);
      expect([...host.room.state.seats].filter((p) => p === 'merchant')).toHaveLength(1);
      const wangRow = seat(host, ids.wang!)!;
      expect(host.room.state.seats[wangRow.seat]).toBe('merchant');
      expect(await refused(tokens.chen, m.id)).toBe('not_invited');
      expect(wang.left).toEqual([]);
    });

    it('keeps the door shut to someone removed or uninvited while their connection was down', async () => {
      const m = await schedule('断线时请离场');
      const host = await enter('host', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      // Before the start, so the host may still change the invitation.
      for (const a of [wang, chen]) cutNetwork(a.room);
      await until(() => !seat(host, ids.wang!)?.online && !seat(host, ids.chen!)?.online, 'both away');
      // While they are away: wang is removed, chen is dropped from the invitation.
      host.room.send(MeetingIntent.remove, { personId: ids.wang });
      await until(() => host.room.state.participants.get(ids.wang!)?.present === true, 'still held');
      const edit = { title: '断线时请离场', ...soon(), minutes: 60, agenda: ['外摆管理'] };
      const kept = invitees().filter((i) => i.id !== ids.chen);
      expect(
        (
          await api(station.hall, tokens.host!, 'PUT', MeetingsRoute.one.replace(':id', m.id), {
            ...edit,
            invitees: kept,
          })
        ).status,
      ).toBe(200);
      // The SDK tries to come back into the held seat; the room shows both out with their reasons.
      await until(() => wang.left.length > 0 && chen.left.length > 0, 'both shown out on reconnecting', 15_000);
      expect(wang.left).toEqual([CLOSE_REMOVED]);
      expect(chen.left).toHaveLength(1);
      await until(() => !host.room.state.participants.get(ids.wang!)?.present, 'wang no longer at the table');
      expect(host.room.state.participants.has(ids.chen!)).toBe(false);
      expect(await refused(tokens.chen, m.id)).toBe('not_invited');
    });

    it('takes the chair and the pen from a co-host and a secretary dropped from the invitation', async () => {
      const m = await schedule('改主持');
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect(
        (await api(station.hall, tokens.host!, 'PUT', roles, { coHostIds: [ids.li], secretaryIds: [ids.wang] })).status,
      ).toBe(200);
      const write = (token: string) =>
        api(station.hall, token, 'PUT', MinutesRoute.item.replace(':id', m.id).replace(':index', '0'), {
          text: '记录',
          decisions: [],
          version: '',
        });
      expect((await write(tokens.wang!)).status).toBe(200);
      const edit = { title: '改主持', ...soon(), minutes: 60, agenda: ['外摆管理'] };
      const kept = invitees().filter((i) => i.id !== ids.li && i.id !== ids.wang);
      const edited = await api<MeetingSummary>(
        station.hall,
        tokens.host!,
        'PUT',
        MeetingsRoute.one.replace(':id', m.id),
        {
          ...edit,
          invitees: kept,
        },
      );
      expect(edited.body).toMatchObject({ coHostIds: [], secretaryIds: [] });
      expect((await write(tokens.wang!)).status).toBe(403);
      expect((await api(station.hall, tokens.wang!, 'GET', MinutesRoute.minutes.replace(':id', m.id))).status).toBe(
        404,
      );
      // Even a record that still names them (the lists are cleaned on save, but nothing relies on it) gives them
      // nothing: a role counts only while its holder is invited, in the room as over HTTP.
      await setMeetingRoles(station.hall.db, m.id, { coHostIds: [ids.li!], secretaryIds: [ids.wang!] });
      expect((await write(tokens.wang!)).status).toBe(403);
      expect((await write(tokens.li!)).status).toBe(403);
      const item = await api<MeetingMinutes>(
        station.hall,
        tokens.host!,
        'POST',
        MinutesRoute.actions.replace(':id', m.id),
        {
          agendaIndex: 0,
          what: '清理招牌',
          ownerId: ids.chen,
          party: 'merchant',
          due: soon().date,
        },
      );
      expect(item.status).toBe(201);
      const chenItem = MinutesRoute.action.replace(':id', item.body.actions[0]!.id);
      expect((await api(station.hall, tokens.li!, 'PUT', chenItem, { status: 'done' })).status).toBe(403);
      // The officer may still sit in as station staff, but no longer chairs.
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      await until(() => seat(host, ids.li!)?.present, 'the officer seated');
      expect(seat(host, ids.li!)?.chair).toBe(false);
      li.room.send(MeetingIntent.start);
      expect(await refusal(li, MeetingIntent.start)).toMatchObject({ reason: 'not_host' });
      await started(host, [host, li]);
      for (const intent of [MeetingIntent.nextItem, MeetingIntent.end] as const) {
        li.room.send(intent);
        expect(await refusal(li, intent)).toMatchObject({ reason: 'not_host' });
      }
      // No longer a chair, they can be shown out like anyone else at the table.
      host.room.send(MeetingIntent.remove, { personId: ids.li });
      await until(() => li.left.length > 0, 'the officer shown out');
      expect(li.left).toEqual([CLOSE_REMOVED]);
      // The host still chairs and updates the item; the owner does too.
      expect((await api(station.hall, tokens.chen!, 'PUT', chenItem, { status: 'done' })).status).toBe(200);
      expect((await api(station.hall, tokens.host!, 'PUT', chenItem, { status: 'open' })).status).toBe(200);
    });

    it('ends the session for everyone, publishes the minutes and shuts the door', async () => {
      const m = await schedule('散会');
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wang = await enter('wang', m.id);
      const everyone = [host, li, wang];
      host.room.send(MeetingIntent.end);
      expect(await refusal(host, MeetingIntent.end)).toMatchObject({ reason: 'not_running' });
      await started(host, everyone);
      await raise([wang], everyone);
      const minutes = () =>
        api<MeetingMinutes>(station.hall, tokens.wang!, 'GET', MinutesRoute.minutes.replace(':id', m.id));
      expect((await minutes()).status).toBe(403);

      host.room.send(MeetingIntent.end);
      await all(
        everyone,
        (a) => a.room.state.phase === 'ended' && hands(a).length === 0 && a.room.state.speaker === '',
        'the session to end',
      );
      const published = await minutes();
      expect(published.status).toBe(200);
      expect(published.body.publishedAt).toBeTruthy();
      // The minutes say who sat at the table, with their party; the invitees who never came are not listed.
      expect(published.body.attendees).toEqual([
        { id: ids.host, name: '周经理', party: 'property' },
        { id: ids.li, name: '李警官', party: 'officer' },
        { id: ids.wang, name: '王女士', party: 'merchant' },
      ]);
      const md = await fetch(
        new URL(`${MinutesRoute.minutes.replace(':id', m.id)}?format=markdown`, hallUrl(station.hall)),
        {
          headers: { authorization: `Bearer ${tokens.wang!}` },
        },
      );
      expect(await md.text()).toContain('- 出席：周经理（物业负责人）、李警官（执法队员）、王女士（商户代表）');
      const mine = await api<MyMeetings>(station.hall, tokens.li!, 'GET', MeetingsRoute.list);
      expect(mine.body.past.find((x) => x.id === m.id)?.status).toBe('ended');

      // Nothing more happens at this table, and nobody else comes in.
      host.room.send(MeetingIntent.start);
      expect(await refusal(host, MeetingIntent.start)).toMatchObject({ reason: 'already_ended' });
      wang.room.send(MeetingIntent.raiseHand);
      expect(await refusal(wang, MeetingIntent.raiseHand)).toMatchObject({ reason: 'not_running' });
      expect(await refused(tokens.chen, m.id)).toBe('meeting_over');
      await wang.room.leave(true);
      expect(await refused(tokens.wang, m.id)).toBe('meeting_over');
      // Once everyone has left, a new room for the session still knows it is over.
      await host.room.leave(true);
      await li.room.leave(true);
      await until(async () => (await refused(tokens.host, m.id)) === 'meeting_over', 'a fresh room to refuse too');
    });

    it('shows out staff whose account is disabled or who signed out, host and co-host too, also on reconnecting', async () => {
      tokens.feng = await staffToken(station.hall, 'parkManager', 'feng', '冯经理');
      tokens.jiang = await staffToken(station.hall, 'officer', 'jiang', '蒋警官');
      tokens.he = await staffToken(station.hall, 'officer', 'he', '何警官');
      const people = (
        await api<{ people: { id: string; name: string }[] }>(station.hall, tokens.feng, 'GET', MeetingsRoute.people)
      ).body.people;
      ids.feng = people.find((p) => p.name === '冯经理')!.id;
      ids.jiang = people.find((p) => p.name === '蒋警官')!.id;
      ids.he = people.find((p) => p.name === '何警官')!.id;
      const planned = await api<MeetingSummary>(station.hall, tokens.feng, 'POST', MeetingsRoute.list, {
        title: '账号停用',
        ...soon(),
        minutes: 60,
        agenda: ['外摆管理', '招牌整治'],
        invitees: [
          { id: ids.jiang, party: 'officer' },
          { id: ids.wang, party: 'merchant' },
        ],
      });
      const m = planned.body;
      const roles = MinutesRoute.roles.replace(':id', m.id);
      expect(
        (await api(station.hall, tokens.feng, 'PUT', roles, { coHostIds: [ids.jiang], secretaryIds: [] })).status,
      ).toBe(200);
      const feng = await enter('feng', m.id);
      const jiang = await enter('jiang', m.id);
      const he = await enter('he', m.id);
      const wang = await enter('wang', m.id);
      expect(seat(wang, ids.jiang!)?.chair).toBe(true);
      await started(feng, [feng, jiang, he, wang]);

      // The co-host's account is disabled: out at once, with the hall's close code.
      await runStaffCommand(station.hall.db, { op: 'disable', username: 'jiang' }, 'test');
      station.hall.accounts.staffChanged();
      await until(() => jiang.left.length > 0, 'the disabled co-host shown out', 3000);
      expect(jiang.left).toEqual([CLOSE_ACCOUNT_CHANGED]);
      await until(() => seat(wang, ids.jiang!)?.present === false, 'the co-host no longer at the table');

      // A staff member who sat in loses the connection; the account is disabled meanwhile: no way back.
      cutNetwork(he.room);
      await until(() => seat(wang, ids.he!)?.online === false, 'the officer away');
      await runStaffCommand(station.hall.db, { op: 'disable', username: 'he' }, 'test');
      await until(() => he.left.length > 0, 'the officer shown out on reconnecting', 15_000);
      expect(he.left).toEqual([CLOSE_ACCOUNT_CHANGED]);
      await until(() => !wang.room.state.participants.has(ids.he!), 'the officer gone from the table');

      // The host signs out elsewhere (no event): the periodic check shows them out within seconds.
      expect((await api(station.hall, tokens.feng, 'POST', AccountsRoute.signOut)).status).toBe(200);
      await until(() => feng.left.length > 0, 'the signed-out host shown out', 15_000);
      expect(feng.left).toEqual([CLOSE_ACCOUNT_CHANGED]);
      expect(wang.left).toEqual([]);
      // Nobody chairs from a dead sign-in: the host's old token opens no door.
      expect(await refused(tokens.feng, m.id)).toBe('invalid_token');
    });

    it("writes the chair's moves to the audit log, like other staff actions", async () => {
      const m = await schedule('留痕');
      const host = await enter('host', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const everyone = [host, wang, chen];
      await started(host, everyone);
      await raise([wang], everyone);
      host.room.send(MeetingIntent.giveFloor, {});
      await all(everyone, (a) => a.room.state.speaker === ids.wang, 'wang given the floor');
      host.room.send(MeetingIntent.mute, { personId: ids.chen, muted: true });
      await all(everyone, (a) => seat(a, ids.chen!)?.muted === true, 'chen muted');
      host.room.send(MeetingIntent.nextItem);
      await all(everyone, (a) => a.room.state.current === 1, 'item 2');
      host.room.send(MeetingIntent.remove, { personId: ids.chen });
      await until(() => chen.left.length > 0, 'chen shown out');
      const rows = await until(async () => {
        const r = await listAudit(station.hall.db, { targetKind: 'meeting', targetId: m.id });
        return r.some((x) => x.action === 'meeting.remove') && r;
      }, 'the removal in the audit log');
      const moves = rows
        .filter((r) => r.action !== 'meeting.schedule')
        .map((r) => [r.action, r.actorId, r.detail])
        .reverse();
      expect(moves).toEqual(
        expect.arrayContaining([
          // Each with its session's station, as every station's audit entry.
          ['meeting.start', ids.host, { station: 'main' }],
          ['meeting.floor', ids.host, { to: ids.wang, station: 'main' }],
          ['meeting.mute', ids.host, { person: ids.chen, station: 'main' }],
          ['meeting.next_item', ids.host, { item: 1, station: 'main' }],
          ['meeting.remove', ids.host, { person: ids.chen, station: 'main' }],
        ]),
      );
      expect(rows.every((r) => r.actorKind === 'staff')).toBe(true);
    });

    it('lets staff who sat in read the published minutes and own action items; anyone else is refused clearly', async () => {
      const m = await schedule('列席');
      const host = await enter('host', m.id);
      const sun = await enter('sun', m.id); // an officer, not invited
      await started(host, [host, sun]);
      const minutes = (token: string) =>
        api<MeetingMinutes>(station.hall, token, 'GET', MinutesRoute.minutes.replace(':id', m.id));
      const owners = await until(async () => {
        const r = await minutes(tokens.host!);
        return r.body.owners.some((o) => o.id === ids.sun) && r.body.owners;
      }, 'the officer among the possible owners');
      expect(owners).toEqual(expect.arrayContaining([{ id: ids.sun, name: '孙警官', party: 'officer' }]));
      expect(owners.map((o) => o.id)).not.toContain(ids.qian);
      const add = (ownerId: string, party: string) =>
        api<{ error?: string }>(station.hall, tokens.host!, 'POST', MinutesRoute.actions.replace(':id', m.id), {
          agendaIndex: 0,
          what: '巡查',
          ownerId,
          party,
          due: inDays(7),
        });
      expect((await add(ids.sun!, 'officer')).status).toBe(201);
      // Never at the table and not invited: refused with a reason the editor can name.
      const stranger = await add(ids.qian!, 'officer');
      expect([stranger.status, stranger.body.error]).toEqual([400, 'invalid_owner']);

      host.room.send(MeetingIntent.end);
      await all([host, sun], (a) => a.room.state.phase === 'ended', 'the session to end');
      const read = await minutes(tokens.sun!);
      expect(read.status).toBe(200);
      expect(read.body.actions.map((a) => [a.what, a.ownerId])).toEqual([['巡查', ids.sun]]);
      expect((await api(station.hall, tokens.sun!, 'GET', MeetingsRoute.one.replace(':id', m.id))).status).toBe(200);
      const mine = (await api<MyMeetings>(station.hall, tokens.sun!, 'GET', MeetingsRoute.list)).body;
      expect(mine.past.map((x) => x.id)).toContain(m.id);
      expect(mine.actions.map((a) => a.what)).toEqual(['巡查']);
      // Someone who never came still cannot read it.
      expect((await minutes(tokens.qian!)).status).toBe(404);
      expect((await api(station.hall, tokens.qian!, 'GET', MeetingsRoute.one.replace(':id', m.id))).status).toBe(404);
    });

    it('takes the minutes, the past session and action items from staff the chair removed', async () => {
      const m = await schedule('列席后请离');
      const host = await enter('host', m.id);
      const sun = await enter('sun', m.id); // an officer, not invited
      await started(host, [host, sun]);
      const minutes = (token: string) =>
        api<MeetingMinutes & { error?: string }>(station.hall, token, 'GET', MinutesRoute.minutes.replace(':id', m.id));
      await until(
        async () => (await minutes(tokens.host!)).body.owners.some((o) => o.id === ids.sun),
        'the officer among the possible owners',
      );

      host.room.send(MeetingIntent.remove, { personId: ids.sun });
      await until(() => sun.left.length > 0, 'sun to be shown out');
      sun.room.reconnection.enabled = false;
      const owners = await until(async () => {
        const r = await minutes(tokens.host!);
        return !r.body.owners.some((o) => o.id === ids.sun) && r.body.owners;
      }, 'the officer no longer among the possible owners');
      expect(owners.map((o) => o.id)).toContain(ids.li);
      const add = await api<{ error?: string }>(
        station.hall,
        tokens.host!,
        'POST',
        MinutesRoute.actions.replace(':id', m.id),
        {
          agendaIndex: 0,
          what: '巡查',
          ownerId: ids.sun,
          party: 'officer',
          due: inDays(7),
        },
      );
      expect([add.status, add.body.error]).toEqual([400, 'invalid_owner']);

      host.room.send(MeetingIntent.end);
      await until(() => host.room.state.phase === 'ended', 'the session to end');
      // The same answers as for an officer who never came.
      for (const token of [tokens.sun!, tokens.qian!]) {
        const read = await minutes(token);
        expect([read.status, read.body.error]).toEqual([404, 'not_found']);
        expect((await api(station.hall, token, 'GET', MeetingsRoute.one.replace(':id', m.id))).status).toBe(404);
        const mine = (await api<MyMeetings>(station.hall, token, 'GET', MeetingsRoute.list)).body;
        expect(mine.past.map((x) => x.id)).not.toContain(m.id);
      }
      // An invitee still reads them.
      expect((await minutes(tokens.li!)).status).toBe(200);
    });

    it('keeps minutes written while the session starts on the agenda item they were written for', async () => {
      const meetings = new MeetingService(station.hall.db, TZ);
      const host = ids.host!;
      // The save and the start sent at the same moment, each one first, with the save up to a few steps behind:
      // enough for the save to reach the hall before, during and after the start's transaction.
      const rounds = [0, 1, 2, 3, 4, 6, 8].flatMap((lag) => [true, false].map((saveFirst) => ({ lag, saveFirst })));
      for (const { lag, saveFirst } of rounds) {
        const first = await meetings.schedule(host, {
          title: `并发一 ${lag}`,
          date: inDays(3),
          time: '10:00',
          minutes: 60,
          agenda: ['外摆管理'],
          invitees: invitees() as never,
        });
        if (!first.ok) throw new Error(first.error);
        const act = await meetings.addAction(host, first.value.id, {
          agendaIndex: 0,
          what: '清理外摆',
          ownerId: ids.wang!,
          party: 'merchant',
          due: inDays(10),
        });
        if (!act.ok) throw new Error(act.error);
        const next = await meetings.schedule(host, {
          title: `并发二 ${lag}`,
          date: inDays(4),
          time: '10:00',
          minutes: 60,
          agenda: ['停车', '夜间噪声'],
          invitees: invitees() as never,
          seriesId: first.value.seriesId,
        });
        if (!next.ok) throw new Error(next.error);
        expect(next.value.agenda.map((a) => a.followUpOf ?? a.title)).toEqual([
          act.value.actions[0]!.id,
          '停车',
          '夜间噪声',
        ]);
        // Done since the planning: the start would drop the follow-up, and 停车 would move up to the first place.
        await meetings.setActionStatus(host, act.value.actions[0]!.id, 'done');
        const id = next.value.id;
        const save = async () => {
          for (let i = 0; i < lag; i++) await station.hall.db.query('SELECT 1');
          return meetings.writeMinutes(host, id, 1, { text: '停车纪要', decisions: [], version: '' });
        };
        const [saved, started] = saveFirst
          ? await Promise.all([save(), meetings.start(host, id)])
          : await Promise.all([meetings.start(host, id), save()]).then(([st, sv]) => [sv, st] as const);
        expect(started.ok).toBe(true);
        const read = await meetings.minutes(host, id);
        if (!read.ok) throw new Error(read.error);
        const written = read.value.items.filter((i) => i.text !== '');
        // Whatever came first, the text is under 停车 or, refused, nowhere; never under another item.
        expect(written.map((i) => i.title)).toEqual(saved.ok ? ['停车'] : []);
        expect(written.map((i) => i.text)).toEqual(saved.ok ? ['停车纪要'] : []);
        if (!saved.ok) expect(saved.error).toBe('minutes_changed');
        const stored = await station.hall.db.query<{ n: number | string }>(
          'SELECT count(*) AS n FROM meeting_minutes WHERE meeting_id = $1',
          [id],
        );
        expect(Number(stored[0]!.n)).toBe(written.length);
      }
    });

    it('works out the follow-ups again when the next session starts', async () => {
      const first = await schedule('系列一', { date: inDays(3), time: '10:00' });
      const act = (what: string) =>
        api<MeetingMinutes>(station.hall, tokens.host!, 'POST', MinutesRoute.actions.replace(':id', first.id), {
          agendaIndex: 0,
          what,
          ownerId: ids.wang,
          party: 'merchant',
          due: inDays(10),
        });
      await act('清理外摆');
      const [clean, paint] = (await act('补画黄线')).body.actions;
      const next = await api<MeetingSummary>(station.hall, tokens.host!, 'POST', MeetingsRoute.list, {
        title: '系列二',
        ...soon(),
        minutes: 60,
        agenda: ['本期议题'],
        invitees: invitees(),
        seriesId: first.seriesId,
      });
      expect(next.body.agenda.map((a) => a.followUpOf ?? a.title)).toEqual([clean!.id, paint!.id, '本期议题']);
      // Since the planning: one item is done, and another one was decided.
      expect(
        (
          await api(station.hall, tokens.wang!, 'PUT', MinutesRoute.action.replace(':id', clean!.id), {
            status: 'done',
          })
        ).status,
      ).toBe(200);
      const later = (await act('夜间噪声整改')).body.actions.find((a) => a.what === '夜间噪声整改')!;

      const host = await enter('host', next.body.id);
      await started(host, [host]);
      const agenda = [...host.room.state.agenda];
      expect(agenda).toHaveLength(3);
      expect(agenda[0]).toContain('补画黄线');
      expect(agenda[1]).toContain('夜间噪声整改');
      expect(agenda[2]).toBe('本期议题');
      const stored = await api<MeetingSummary>(
        station.hall,
        tokens.host!,
        'GET',
        MeetingsRoute.one.replace(':id', next.body.id),
      );
      expect(stored.body.agenda.map((a) => a.followUpOf ?? a.title)).toEqual([paint!.id, later.id, '本期议题']);
    });

    it('resumes a running session after a restart: the item, the floor, hands in order, the chat and who is muted', async () => {
      const m = await schedule('重启');
      const host = await enter('host', m.id);
      const li = await enter('li', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const everyone = [host, li, wang, chen];
      await started(host, everyone);
      host.room.send(MeetingIntent.nextItem);
      await all(everyone, (a) => a.room.state.current === 1, 'item 2');
      await raise([li, chen, wang], everyone);
      host.room.send(MeetingIntent.giveFloor);
      await all(
        everyone,
        (a) => a.room.state.speaker === ids.li && same(hands(a), [ids.chen!, ids.wang!]),
        'li to speak',
      );
      host.room.send(MeetingIntent.mute, { personId: ids.wang, muted: true });
      await all(everyone, (a) => seat(a, ids.wang!)?.muted === true, 'wang muted');
      chen.room.send(MeetingIntent.chat, { text: '重启前一句' });
      host.room.send(MeetingIntent.chat, { text: '请李警官先说' });
      await all(everyone, (a) => a.chat.length === 2, 'both lines heard');
      const said = host.chat;

      await station.hall.close();
      await until(() => everyone.every((a) => a.left.length > 0), 'everyone sent away by the shutdown');
      await station.boot();

      const back = await enter('wang', m.id);
      expect(back.room.state.phase).toBe('running');
      expect(back.room.state.current).toBe(1);
      expect([...back.room.state.agenda]).toEqual(['外摆管理', '招牌整治', '夜间噪声']);
      expect(back.room.state.speaker).toBe(ids.li);
      expect(hands(back)).toEqual([ids.chen, ids.wang]);
      await until(() => back.histories.length === 1, 'the history');
      expect(back.histories[0]).toEqual(said);
      expect(said.map((l) => [l.from, l.name, l.party, l.text])).toEqual([
        [ids.chen, '陈先生', 'merchant', '重启前一句'],
        [ids.host, '周经理', 'property', '请李警官先说'],
      ]);
      expect(seat(back, ids.wang!)?.muted).toBe(true);
      back.room.send(MeetingIntent.chat, { text: '重启后' });
      expect(await refusal(back, MeetingIntent.chat)).toMatchObject({ reason: 'muted' });
      // Her hand is hers, by who she is, on the new connection.
      back.room.send(MeetingIntent.lowerHand);
      await until(() => same(hands(back), [ids.chen!]), 'wang to lower the hand after the restart');
      const hostBack = await enter('host', m.id);
      expect(hostBack.room.state.phase).toBe('running');
      hostBack.room.send(MeetingIntent.chat, { text: '继续' });
      await all([back, hostBack], (a) => a.chat.at(-1)?.text === '继续', 'the chat going on');
      // Numbered on from the lines before the restart, so no line is mistaken for another.
      expect(back.chat.at(-1)!.id).toBe(said.at(-1)!.id + 1);
      // Those at the table before the restart had the reconnection time to come back; li and chen did not, so
      // once it has passed the floor is free and chen's hand is down.
      expect(back.room.state.speaker).toBe(ids.li);
      clock.advance(RECONNECT_MS);
      await all(
        [back, hostBack],
        (a) => a.room.state.speaker === '' && hands(a).length === 0,
        'the floor and the hand of those who did not come back let go',
      );
      hostBack.room.send(MeetingIntent.nextItem);
      await all([back, hostBack], (a) => a.room.state.current === 2 && hands(a).length === 0, 'the last item');
      const mine = await api<{ meetings: MeetingSummary[] }>(station.hall, tokens.wang!, 'GET', MeetingsRoute.list);
      expect(mine.body.meetings.find((x) => x.id === m.id)?.status).toBe('running');
    });

    it('picks a session up where it stood in a room made again for it, once everyone had left', async () => {
      const m = await schedule('再开');
      const host = await enter('host', m.id);
      const wang = await enter('wang', m.id);
      const chen = await enter('chen', m.id);
      const everyone = [host, wang, chen];
      await started(host, everyone);
      host.room.send(MeetingIntent.nextItem);
      await all(everyone, (a) => a.room.state.current === 1, 'item 2');
      await raise([wang, chen], everyone);
      host.room.send(MeetingIntent.mute, { personId: ids.chen, muted: true });
      wang.room.send(MeetingIntent.chat, { text: '先走一步' });
      await all(everyone, (a) => a.chat.length === 1 && seat(a, ids.chen!)?.muted === true, 'the line and chen muted');
      const roomId = host.room.roomId;

      // Everyone leaves on purpose: hands go down with their owners, and the room is gone.
      await Promise.all(everyone.map((a) => a.room.leave(true)));
      await until(() => !matchMaker.getLocalRoomById(roomId), 'the room to be disposed');

      const again = await enter('chen', m.id);
      expect(again.room.roomId).not.toBe(roomId);
      expect([again.room.state.phase, again.room.state.current, again.room.state.speaker]).toEqual(['running', 1, '']);
      expect(hands(again)).toEqual([]);
      expect(seat(again, ids.chen!)?.muted).toBe(true);
      await until(() => again.histories.length === 1, 'the history');
      expect(again.histories[0]!.map((l) => [l.from, l.text])).toEqual([[ids.wang, '先走一步']]);
      again.room.send(MeetingIntent.chat, { text: '我回来了' });
      expect(await refusal(again, MeetingIntent.chat)).toMatchObject({ reason: 'muted' });
    });

    it('keeps only the last CHAT_HISTORY lines of a session, in storage too', async () => {
      const m = await schedule('长聊');
      const host = await enter('host', m.id);
      const total = CHAT_HISTORY + 5;
      for (let i = 1; i <= total; i++) {
        host.room.send(MeetingIntent.chat, { text: `第${i}句` });
        // Paced under the room's message limit: one line seen before the next is sent.
        await until(() => host.chat.length === i, `line ${i}`);
      }
      const service = new MeetingService(station.hall.db, TZ);
      const kept = (await service.forRoom(m.id))!.chat;
      expect(kept.map((l) => l.text)).toEqual(host.chat.slice(-CHAT_HISTORY).map((l) => l.text));
      expect(kept[0]!.text).toBe('第6句');
      const wang = await enter('wang', m.id);
      await until(() => wang.histories.length === 1, 'the history');
      expect(wang.histories[0]).toEqual(kept);
    });
  },
);

/** Staff of the process-level tests, made on the command line before the hall first starts, as a station does. */
const PROCESS_STAFF = [
  { role: 'parkManager', username: 'zhou', name: '周经理' },
  { role: 'officer', username: 'li', name: '李警官' },
] as const;
const PROCESS_PASSWORD = 'correct horse battery staple';

/** A JSON request to a hall process, with a sign-in token when given. */
async function call<T>(url: string, method: string, route: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(route, url), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe.each(available.map((d) => hallTarget(d.name, 'hall-meetlive')))(
  'a session over a real stop and start of the hall process on $name',
  (target) => {
    const env = { ...target.env, STATION_TIMEZONE: TZ, CLIENT_DIR: path.join(target.env.DATA_DIR!, 'none') };
    let hall: HallProcess;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      hall = await startHallWithStaff(
        env,
        PROCESS_STAFF.map((s) => ({ ...s, password: PROCESS_PASSWORD })),
      );
      for (const s of PROCESS_STAFF) {
        const login = await call<{ token: string }>(hall.url, 'POST', AccountsRoute.staffLogin, undefined, {
          username: s.username,
          password: PROCESS_PASSWORD,
        });
        tokens[s.username] = login.token;
      }
      tokens.wang = await signUpMerchant(hall.url, '王女士', '老王面馆');
      tokens.chen = await signUpMerchant(hall.url, '陈先生', '陈记茶铺');
      const { people } = await call<{ people: { id: string; name: string }[] }>(
        hall.url,
        'GET',
        MeetingsRoute.people,
        tokens.zhou,
      );
      for (const [who, name] of Object.entries({ zhou: '周经理', li: '李警官' })) {
        ids[who] = people.find((p) => p.name === name)!.id;
      }
      // The merchants are new to the station: invited by their own ids.
      ids.wang = await merchantIdOf(hall.url, tokens.wang);
      ids.chen = await merchantIdOf(hall.url, tokens.chen);
    }, 120_000);

    afterAll(async () => {
      await hall?.stop();
      await target.cleanup();
    });

    const enterAt = (who: string, meetingId: string) =>
      joinMeeting(hall.url, tokens[who]!, meetingId, ids[who]!, false);
    const hands = (a: Attendee) => [...a.room.state.hands];
    const same = (a: Attendee, expected: string[]) => JSON.stringify(hands(a)) === JSON.stringify(expected);
    const all = (people: Attendee[], check: (a: Attendee) => boolean, what: string) =>
      until(() => people.every(check), what);

    it.each(['SIGTERM', 'SIGKILL'] as const)(
      'brings back the item, the floor, hands in order, the chat and who is muted after %s',
      async (signal) => {
        const m = await call<MeetingSummary>(hall.url, 'POST', MeetingsRoute.list, tokens.zhou, {
          title: `重启 ${signal}`,
          ...soon(),
          minutes: 60,
          agenda: ['外摆管理', '招牌整治', '夜间噪声'],
          invitees: [
            { id: ids.li, party: 'officer' },
            { id: ids.wang, party: 'merchant' },
            { id: ids.chen, party: 'merchant' },
          ],
        });
        const host = await enterAt('zhou', m.id);
        const li = await enterAt('li', m.id);
        const wang = await enterAt('wang', m.id);
        const chen = await enterAt('chen', m.id);
        const everyone = [host, li, wang, chen];
        host.room.send(MeetingIntent.start);
        await all(everyone, (a) => a.room.state.phase === 'running' && a.room.state.current === 0, 'the start');
        host.room.send(MeetingIntent.nextItem);
        await all(everyone, (a) => a.room.state.current === 1, 'item 2');
        // Three hands, each seen by everyone before the next, so their order is known.
        const raised: string[] = [];
        for (const a of [li, chen, wang]) {
          a.room.send(MeetingIntent.raiseHand);
          raised.push(a.id);
          await all(everyone, (b) => same(b, raised), `${raised.length} hands`);
        }
        host.room.send(MeetingIntent.giveFloor);
        await all(everyone, (a) => a.room.state.speaker === ids.li && same(a, [ids.chen!, ids.wang!]), 'li speaks');
        host.room.send(MeetingIntent.mute, { personId: ids.chen, muted: true });
        await all(everyone, (a) => a.room.state.participants.get(ids.chen!)?.muted === true, 'chen muted');
        wang.room.send(MeetingIntent.chat, { text: '外摆请在黄线以内' });
        await all(everyone, (a) => a.chat.length === 1, 'the first line');
        host.room.send(MeetingIntent.chat, { text: '记下了，请李警官说明' });
        // The last change everyone was shown: from here the hall may die without any chance to save.
        await all(everyone, (a) => a.chat.length === 2, 'the second line');
        const said = host.chat;

        if (signal === 'SIGKILL') {
          const exited = new Promise((resolve) => hall.child.once('exit', resolve));
          hall.child.kill('SIGKILL');
          await exited;
        } else {
          await hall.stop();
          expect(hall.child.exitCode).toBe(0); // a clean stop, as an operator's would be
        }
        await until(() => everyone.every((a) => a.left.length > 0), 'everyone sent away', 15_000);
        hall = await startHallProcess(env);

        const wangBack = await enterAt('wang', m.id);
        const s = wangBack.room.state;
        expect([s.phase, s.current, s.speaker]).toEqual(['running', 1, ids.li]);
        expect(hands(wangBack)).toEqual([ids.chen, ids.wang]);
        await until(() => wangBack.histories.length === 1, 'the chat so far');
        expect(wangBack.histories[0]).toEqual(said);
        expect(said.map((l) => [l.from, l.name, l.party, l.text])).toEqual([
          [ids.wang, '王女士', 'merchant', '外摆请在黄线以内'],
          [ids.zhou, '周经理', 'property', '记下了，请李警官说明'],
        ]);
        const chenBack = await enterAt('chen', m.id);
        expect(chenBack.room.state.participants.get(ids.chen!)?.muted).toBe(true);
        chenBack.room.send(MeetingIntent.chat, { text: '我也说两句' });
        await until(() => chenBack.rejected.some((r) => r.intent === MeetingIntent.chat), 'the muted line refused');
        expect(chenBack.rejected).toEqual([{ intent: MeetingIntent.chat, reason: 'muted' }]);
        // A hand raised before the restart belongs to its owner, on a new connection: she lowers it.
        wangBack.room.send(MeetingIntent.lowerHand);
        await all([wangBack, chenBack], (a) => same(a, [ids.chen!]), 'wang to lower her hand');
        const hostBack = await enterAt('zhou', m.id);
        hostBack.room.send(MeetingIntent.giveFloor);
        await all(
          [wangBack, chenBack, hostBack],
          (a) => a.room.state.speaker === ids.chen && hands(a).length === 0,
          'the floor to the next hand',
        );
        expect(chenBack.chat).toEqual([]);
        for (const a of [wangBack, chenBack, hostBack]) await a.room.leave(true);
      },
      120_000,
    );
  },
);

const { bin: pgBin, skip: noPostgres } = postgresForTest('meeting room tests of a database outage under a session');

describe.skipIf(noPostgres !== null)('a session through a database outage (a PostgreSQL of its own)', () => {
  let pg: PrivatePostgres | undefined;
  let hall: RunningHall | undefined;
  afterAll(async () => {
    await hall?.close();
    await pg?.destroy();
  });

  it('shows nothing it could not store, keeps the room going, and shows and keeps it all once storage is back', async () => {
    pg = await startPrivatePostgres(pgBin!);
    const env = { DATABASE_URL: pg.url, STATION_TIMEZONE: TZ };
    hall = await bootHall(env);
    const url = hallUrl(hall);
    const hostToken = await staffToken(hall, 'parkManager', 'zhou', '周经理');
    const wangToken = await signUpMerchant(url, '王女士', '老王面馆');
    const chenToken = await signUpMerchant(url, '陈先生', '陈记茶铺');
    const { people } = await call<{ people: { id: string; name: string }[] }>(
      url,
      'GET',
      MeetingsRoute.people,
      hostToken,
    );
    const idOf = (name: string) => people.find((p) => p.name === name)!.id;
    const [hostId, wangId, chenId] = [
      idOf('周经理'),
      await merchantIdOf(url, wangToken),
      await merchantIdOf(url, chenToken),
    ];
    const m = await call<MeetingSummary>(url, 'POST', MeetingsRoute.list, hostToken, {
      title: '停库',
      ...soon(),
      minutes: 60,
      agenda: ['外摆管理', '招牌整治'],
      invitees: [
        { id: wangId, party: 'merchant' },
        { id: chenId, party: 'merchant' },
      ],
    });
    const host = await joinMeeting(url, hostToken, m.id, hostId, false);
    const wang = await joinMeeting(url, wangToken, m.id, wangId, false);
    const chen = await joinMeeting(url, chenToken, m.id, chenId, false);
    const everyone = [host, wang, chen];
    host.room.send(MeetingIntent.start);
    await until(() => everyone.every((a) => a.room.state.phase === 'running'), 'the start');
    wang.room.send(MeetingIntent.raiseHand);
    await until(() => everyone.every((a) => [...a.room.state.hands].join() === wangId), 'wang’s hand');

    const failedWrites: number[] = [];
    const logError = log.error;
    const spy = vi.spyOn(log, 'error').mockImplementation((event, fields = {}) => {
      if (event === 'meeting.store.failed') failedWrites.push(Number(fields.attempt));
      logError(event, fields);
    });
    await pg.crash();
    chen.room.send(MeetingIntent.raiseHand);
    wang.room.send(MeetingIntent.chat, { text: '库停了也要记下' });
    // A failed write is tried again with everything accepted before it failed: once a second try has failed,
    // the hand and the line were both in a write that failed.
    await until(() => failedWrites.includes(2), 'a second failed write of the room', 30_000);
    spy.mockRestore();
    for (const a of everyone) {
      expect([...a.room.state.hands]).toEqual([wangId]);
      expect(a.chat).toEqual([]);
    }

    await pg.start();
    const shown = (a: Attendee) => [...a.room.state.hands].join() === `${wangId},${chenId}` && a.chat.length === 1;
    await until(() => everyone.every(shown), 'the hand and the line once storage is back', 20_000);
    // The same room and connections all along: nobody was sent away.
    expect(everyone.map((a) => a.left)).toEqual([[], [], []]);
    expect(host.chat[0]).toMatchObject({ from: wangId, text: '库停了也要记下' });

    // What was shown is what storage holds: a restart brings it back.
    await hall.close();
    hall = await bootHall({ ...env, DATA_DIR: hall.dataDir });
    const back = await joinMeeting(hallUrl(hall), chenToken, m.id, chenId, false);
    expect([...back.room.state.hands]).toEqual([wangId, chenId]);
    await until(() => back.histories.length === 1, 'the history');
    expect(back.histories[0]!.map((l) => l.text)).toEqual(['库停了也要记下']);
    await back.room.leave(true);
  }, 180_000);
});
