import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { bootHall, until, visit } from './helpers.ts';

let hall: RunningHall;

beforeAll(async () => {
  hall = await bootHall({ HALL_MAX_CLIENTS: '2' });
});
afterAll(async () => {
  await hall.close();
});

describe('a full hall', () => {
  it('turns the next visitor away instead of opening a second hall, and lets them in once someone leaves', async () => {
    const a = await visit(hall, '一');
    const b = await visit(hall, '二');
    await expect(visit(hall, '三')).rejects.toThrow(/no rooms found|full|locked/i);
    await b.room.leave(true);
    const c = await until(() => visit(hall, '三').catch(() => null), 'a place to free up');
    expect(c.room.roomId).toBe(a.room.roomId);
    await a.room.leave(true);
    await c.room.leave(true);
  });
});
