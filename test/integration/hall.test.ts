import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { hallLayout } from '../../shared/layout.ts';
import { WALK_SPEED } from '../../shared/movement.ts';
import { createNavGrid, isWalkable } from '../../shared/navgrid.ts';
import {
  CLOSE_BAD_INPUT,
  CLOSE_FLOOD,
  CLOSE_MESSAGE_TOO_BIG,
  MAX_INVALID_PER_WINDOW,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
} from '../../shared/protocol.ts';
import { CHECKLIST_ITEM_MAX, CHECKLIST_MAX_ITEMS, NOTES_MAX } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { roleFromCode } from '../../shared/roles.ts';
import type { RunningHall } from '../../server/app.ts';
import { MovableClock } from '../support/clock.ts';
import {
  avatarOf,
  bootHall,
  cutNetwork,
  hallNow,
  hallUrl,
  poseOf,
  until,
  visit,
  visitWithToken,
  type HallRoom,
  type Visitor,
} from './helpers.ts';

const grid = createNavGrid(hallLayout);
const RECONNECT_SECONDS = 20;
/** The station's clock: moved past the reconnection time instead of waiting it out. */
const clock = new MovableClock();
let hall: RunningHall;

beforeAll(async () => {
  hall = await bootHall({ RECONNECT_SECONDS: String(RECONNECT_SECONDS) }, clock);
});
afterAll(async () => {
  await hall.close();
});

describe('hall room over real sockets', () => {
  it('two merchants see each other arrive, walk and leave', async () => {
    const a = await visit(hall, '甲');
    const b = await visit(hall, '乙');
    const bSeenByA = await until(() => avatarOf(a.room, b.room.sessionId), 'A to see B');
    expect(bSeenByA.name).toBe('乙');
    expect(bSeenByA.shop).toBe('乙的店');
    expect(roleFromCode(bSeenByA.role)).toBe('merchant');
    expect(avatarOf(b.room, a.room.sessionId)?.name).toBe('甲');

    const target = hallLayout.places.find((p) => p.id === 'waiting')!;
    b.room.send('moveTo', { x: target.x, z: target.z });
    await until(() => poseOf(a.room, b.room.sessionId)?.moving, 'B to start walking, seen by A');
    await until(
      () => {
        const seen = poseOf(a.room, b.room.sessionId);
        return seen && !seen.moving && Math.hypot(seen.x - target.x, seen.z - target.z) < 0.05;
      },
      'B to arrive, seen by A',
      15_000,
    );

    await b.room.leave(true);
    await until(() => !avatarOf(a.room, b.room.sessionId), 'B to be gone for A');
    await a.room.leave(true);
  });

  it('walks at walking speed: a far destination cannot be reached in one jump', async () => {
    const a = await visit(hall, '丙');
    const { x: sx, z: sz } = poseOf(a.room, a.room.sessionId)!;
    const t0 = Date.now();
    a.room.send('moveTo', { x: -10.5, z: -5.6 });
    // Once a metre of the way is covered, it has taken at least the time that metre takes at walking speed.
    const me = await until(() => {
      const seen = poseOf(a.room, a.room.sessionId);
      return seen && Math.hypot(seen.x - sx, seen.z - sz) >= 1 ? seen : null;
    }, 'a metre walked');
    const elapsed = (Date.now() - t0) / 1000;
    expect(Math.hypot(me.x - sx, me.z - sz)).toBeLessThanOrEqual(WALK_SPEED * (elapsed + 0.1));
    await a.room.leave(true);
  });

  it('refuses a destination off the floor with a reason, and holding a key into a counter never crosses it', async () => {
    const a = await visit(hall, '丁');
    const observer = await visit(hall, '戊');
    a.room.send('moveTo', { x: 0, z: -60 });
    await until(() => a.rejected.find((r) => r.reason === 'target_blocked'), 'a refusal');

    // Walk to the renovation desk, then hold "forward" into the counter until it stops the walk.
    const desk = hallLayout.desks[0]!;
    a.room.send('moveTo', desk.servicePoint);
    await until(
      () => {
        const me = poseOf(a.room, a.room.sessionId);
        return me && !me.moving && Math.hypot(me.x - desk.servicePoint.x, me.z - desk.servicePoint.z) < 0.05;
      },
      'arrival at the desk',
      20_000,
    );
    await until(() => {
      const now = poseOf(observer.room, a.room.sessionId);
      return now && !now.moving && Math.hypot(now.x - desk.servicePoint.x, now.z - desk.servicePoint.z) < 0.05;
    }, 'the observer to see A at the desk');
    const here = poseOf(a.room, a.room.sessionId)!;
    a.room.send('steer', { x: here.x, z: here.z, dx: 0, dz: -1, t: hallNow(a.room) });
    await until(() => poseOf(observer.room, a.room.sessionId)!.z < desk.servicePoint.z - 0.1, 'A to step forward');
    // Every place the others' page puts A at while A pushes on, every 50 ms of the hall clock, until the
    // counter holds A in place; then, once the hall clock is there, the page shows A held at that very place.
    const seen: { x: number; z: number; moving: boolean }[] = [];
    let heldAt = hallNow(observer.room);
    for (let before = poseOf(observer.room, a.room.sessionId, heldAt)!; ;) {
      heldAt += 50;
      const now = poseOf(observer.room, a.room.sessionId, heldAt)!;
      seen.push(now);
      if (Math.hypot(now.x - before.x, now.z - before.z) < 1e-6) break;
      if (seen.length > 200) throw new Error('the counter never stopped A');
      before = now;
    }
    const me = await until(
      () => hallNow(observer.room) >= heldAt && poseOf(observer.room, a.room.sessionId),
      'the hall clock to reach A held at the counter',
    );
    expect(Math.hypot(me.x - seen.at(-1)!.x, me.z - seen.at(-1)!.z)).toBeLessThan(1e-6);
    expect(seen.length).toBeGreaterThan(0);
    expect(me.moving).toBe(true); // still steering into the counter
    for (const at of [...seen, me]) {
      expect(isWalkable(grid, at.x, at.z)).toBe(true);
      expect(at.z).toBeGreaterThan(desk.counter.z + desk.counter.d / 2);
    }
    a.room.send('steer', { x: me.x, z: me.z, dx: 0, dz: 0, t: hallNow(a.room) });
    await until(() => !poseOf(observer.room, a.room.sessionId)?.moving, 'A to stand');
    expect(observer.rejected).toEqual([]);
    await a.room.leave(true);
    await observer.room.leave(true);
  });

  it('answers malformed intents with a reason, keeps the sender, and others notice nothing', async () => {
    const bad = await visit(hall, '己');
    const other = await visit(hall, '庚');
    const otherMessages: unknown[] = [];
    other.room.onMessage('*', (type: unknown, payload: unknown) => otherMessages.push({ type, payload }));
    const { x: bx, z: bz, t0 } = avatarOf(bad.room, bad.room.sessionId)!;

    bad.room.send('moveTo', 'over there');
    bad.room.send('moveTo', { x: Number.NaN, z: 0 });
    bad.room.send('steer', { x: 0, z: 0, dx: 50, dz: 0, t: 0 });
    bad.room.send('teleport', { x: 0, z: 0 });
    await until(() => bad.rejected.length >= 4, 'four refusals');
    expect(bad.rejected.map((r) => r.reason)).toEqual([
      'invalid_payload',
      'invalid_payload',
      'invalid_payload',
      'unknown_message',
    ]);
    const after = avatarOf(bad.room, bad.room.sessionId)!;
    expect([after.x, after.z, after.t0]).toEqual([bx, bz, t0]);
    expect(bad.left).toEqual([]);
    expect(otherMessages).toEqual([]);
    expect(avatarOf(other.room, bad.room.sessionId)?.online).toBe(true);
    await bad.room.leave(true);
    await other.room.leave(true);
  });

  it('drops a client that keeps sending bad input; others keep going', async () => {
    const bad = await visit(hall, '辛');
    const other = await visit(hall, '壬');
    // This is about bad content, not rate: every bad message fits in one second's flood allowance.
    expect(MAX_INVALID_PER_WINDOW + 1).toBeLessThanOrEqual(MAX_MESSAGES_PER_SECOND);
    for (let i = 0; i <= MAX_INVALID_PER_WINDOW; i++) bad.room.send('steer', { x: 'left' });
    await until(() => bad.left.length > 0, 'the bad client to be dropped');
    expect(bad.left[0]).toBe(CLOSE_BAD_INPUT);
    await until(() => !avatarOf(other.room, bad.room.sessionId), 'its avatar to go at once');
    other.room.send('moveTo', { x: 0, z: 5 });
    await until(() => poseOf(other.room, other.room.sessionId)?.moving, 'the other merchant to still walk');
    await other.room.leave(true);
  });

  it('drops a flooding client without holding its place', async () => {
    const flood = await visit(hall, '癸');
    const other = await visit(hall, '子');
    for (let i = 0; i < 60; i++) flood.room.send('clock', { c: i });
    await until(() => flood.left.length > 0, 'the flooder to be dropped');
    expect(flood.left[0]).toBe(CLOSE_FLOOD);
    await until(() => !avatarOf(other.room, flood.room.sessionId), 'its avatar to go at once');
    expect(other.left).toEqual([]);
    await other.room.leave(true);
  });

  it('takes the largest valid message whole, and drops only the sender of a frame over the limit', async () => {
    const big = await visit(hall, '丑寅');
    const other = await visit(hall, '卯辰');
    // A desk's "complete" at every limit, in three-byte characters: the largest message the hall accepts.
    // From a merchant it is refused for the role, which shows it arrived and was read.
    const largest = {
      notes: '汉'.repeat(NOTES_MAX),
      checklist: Array.from({ length: CHECKLIST_MAX_ITEMS }, () => '汉'.repeat(CHECKLIST_ITEM_MAX)),
      outcome: 'resolved',
    };
    big.room.send('complete', largest);
    await until(() => big.rejected.find((r) => r.reason === 'not_permitted'), 'the refusal for the role');
    expect(big.left).toEqual([]);

    big.room.send('complete', { ...largest, notes: 'x'.repeat(MAX_MESSAGE_BYTES) });
    await until(() => big.left.length > 0, 'the oversized sender to be dropped');
    expect(big.left[0]).toBe(CLOSE_MESSAGE_TOO_BIG);
    await until(() => !avatarOf(other.room, big.room.sessionId), 'its avatar to go at once, no place held');
    other.room.send('moveTo', { x: 0, z: 5 });
    await until(() => poseOf(other.room, other.room.sessionId)?.moving, 'the other merchant to still walk');
    expect(other.left).toEqual([]);
    await other.room.leave(true);
  });

  it('a burst of taps walks to the last one, planned at the intent rate', async () => {
    const a = await visit(hall, '午');
    const b = await visit(hall, '未');
    for (const x of [-6, -4, -2, 2, 4]) a.room.send('moveTo', { x, z: 6 });
    await until(
      () => {
        const seen = poseOf(b.room, a.room.sessionId);
        return seen && !seen.moving && Math.hypot(seen.x - 4, seen.z - 6) < 0.05;
      },
      'A to end at the last tap',
      15_000,
    );
    expect(a.rejected).toEqual([]);
    expect(a.left).toEqual([]);
    await a.room.leave(true);
    await b.room.leave(true);
  });

  it('lets nobody in without a token the hall issued, and a merchant cannot claim a staff role', async () => {
    await expect(visitWithToken(hall, undefined)).rejects.toThrow(/invalid_token/);
    await expect(visitWithToken(hall, 'not.a.token')).rejects.toThrow(/invalid_token/);
    const claimant = await visit(hall, '丑', { role: 'officer', profile: { name: '丑', shop: '店', role: 'officer' } });
    expect(roleFromCode(avatarOf(claimant.room, claimant.room.sessionId)!.role)).toBe('merchant');
    await claimant.room.leave(true);
  });

  it('a dropped connection reconnects by itself and keeps the avatar and its place', async () => {
    const a = await visit(hall, '寅');
    const b = await visit(hall, '卯');
    a.room.send('moveTo', { x: 3, z: 6 });
    await until(
      () => {
        const me = poseOf(a.room, a.room.sessionId);
        return me && !me.moving && Math.hypot(me.x - 3, me.z - 6) < 0.05;
      },
      'A to arrive',
      15_000,
    );
    const id = a.room.sessionId;
    let reconnected = false;
    a.room.onReconnect(() => (reconnected = true));
    cutNetwork(a.room); // the network goes away, no goodbye
    await until(() => avatarOf(b.room, id)?.online === false, 'B to see A held while away');
    await until(() => reconnected, 'A to reconnect by itself', 15_000);
    await until(() => avatarOf(b.room, id)?.online === true, 'B to see A back');
    const back = poseOf(b.room, id)!;
    expect(Math.hypot(back.x - 3, back.z - 6)).toBeLessThan(0.05);
    expect(back.moving).toBe(false);
    expect(a.room.sessionId).toBe(id);
    await a.room.leave(true);
    await b.room.leave(true);
  });

  it('holds a dropped place for the reconnection time on the station clock, then lets it go', async () => {
    const a = await visit(hall, '戌');
    const c = await visit(hall, '亥');
    const b = await visit(hall, '乾');
    const [aId, cId] = [a.room.sessionId, c.room.sessionId];
    const drop = async (v: Visitor) => {
      v.room.reconnection.enabled = false; // the page is gone for good
      cutNetwork(v.room);
      await until(() => avatarOf(b.room, v.room.sessionId)?.online === false, 'B to see the place held');
    };
    await drop(a);
    clock.advance(10_000);
    await drop(c); // C's time runs 10 s behind A's
    clock.advance((RECONNECT_SECONDS - 10) * 1000);
    await until(() => !avatarOf(b.room, aId), "A's place let go once A's time is up");
    // Let go at a look at the clock that found C's time not yet up: C's place is still held.
    expect(avatarOf(b.room, cId)?.online).toBe(false);
    clock.advance(10_000);
    await until(() => !avatarOf(b.room, cId), "C's place let go in turn");
    expect(b.left).toEqual([]);
    await b.room.leave(true);
  });

  it("lets the day's numbers lapse once the station clock reaches the next day", async () => {
    const a = await visit(hall, '坤');
    const waiting = () => a.room.state.lines.get('renovation')?.waiting ?? 0;
    const before = waiting();
    a.room.send('takeTicket', { service: 'renovation' });
    await until(() => waiting() === before + 1, 'the number on the board');
    clock.advance(24 * 60 * 60 * 1000);
    await until(() => waiting() === 0, "yesterday's numbers gone from the board at the queue's next sweep");
    expect(a.rejected).toEqual([]);
    await a.room.leave(true);
  });

  it('a reloaded page takes back the same avatar with its reconnection token', async () => {
    const a = await visit(hall, '辰');
    const b = await visit(hall, '巳');
    const token = a.room.reconnectionToken;
    const id = a.room.sessionId;
    a.room.reconnection.enabled = false; // the old page is gone: it will not retry
    cutNetwork(a.room);
    await until(() => avatarOf(b.room, id)?.online === false, 'B to see A away');

    const again = await a.client.reconnect<HallRoomState>(token);
    expect(again.sessionId).toBe(id);
    await until(() => avatarOf(b.room, id)?.online === true, 'B to see A back');
    expect([...b.room.state.avatars.keys()].filter((k) => b.room.state.avatars.get(k)?.name === '辰')).toEqual([id]);
    await again.leave(true);
    await b.room.leave(true);
  });
});

describe('a phone that changes network', () => {
  it('takes back its place even while the hall still holds its old connection open', async () => {
    const a = await visit(hall, '申');
    const b = await visit(hall, '酉');
    const id = a.room.sessionId;
    a.room.reconnection.enabled = false; // the old socket is silently dead; the page reconnects itself
    const again = await new Client(hallUrl(hall)).reconnect<HallState>(a.room.reconnectionToken, HallState);
    expect(again.sessionId).toBe(id);
    await until(() => avatarOf(b.room, id)?.online === true, 'B to see A, still there');
    expect([...b.room.state.avatars.values()].filter((v) => v.name === '申')).toHaveLength(1);
    await again.leave(true);
    await b.room.leave(true);
  });
});

type HallRoomState = HallRoom['state'];
