import { describe, expect, it } from 'vitest';
import { alongPath, DOOR_Z, pathToSeat, seatPose, tableRadius } from '../../client/meeting/seating.ts';
import { seatPlan, SPARE_SEATS } from '../../shared/meetingRoom.ts';

describe('meeting room seating', () => {
  it('groups seats by party in three arcs, spare seats for uninvited staff, none for merchants', () => {
    const plan = seatPlan({ property: 1, officer: 2, merchant: 3 });
    expect(plan).toEqual([
      ...Array(1 + SPARE_SEATS).fill('property'),
      ...Array(2 + SPARE_SEATS).fill('officer'),
      'merchant',
      'merchant',
      'merchant',
    ]);
  });

  it('sizes the table to its seats and puts every seat outside it, facing its centre', () => {
    expect(tableRadius(6)).toBe(1.3);
    expect(tableRadius(60)).toBeGreaterThan(6);
    for (const count of [7, 12, 30]) {
      const r = tableRadius(count);
      for (let i = 0; i < count; i++) {
        const s = seatPose(i, count);
        expect(Math.hypot(s.x, s.z)).toBeGreaterThan(r + 0.3);
        // Facing the centre: a step forward gets closer to it.
        const ahead = Math.hypot(s.x + Math.sin(s.ry) * 0.1, s.z + Math.cos(s.ry) * 0.1);
        expect(ahead).toBeLessThan(Math.hypot(s.x, s.z));
      }
      // Neighbouring seats are at least a seat's width apart.
      const a = seatPose(0, count);
      const b = seatPose(1, count);
      expect(Math.hypot(a.x - b.x, a.z - b.z)).toBeGreaterThan(0.6);
    }
  });

  it('walks in from the door round the outside of the chairs and ends on the seat', () => {
    const count = 12;
    for (const seat of [0, 3, 9]) {
      const path = pathToSeat(seat, count);
      expect(path[0]).toEqual({ x: 0, z: DOOR_Z });
      const target = seatPose(seat, count);
      expect(path.at(-1)).toEqual({ x: target.x, z: target.z });
      // Every point but the last stays clear of the chairs round the table.
      for (const p of path.slice(0, -1)) expect(Math.hypot(p.x, p.z)).toBeGreaterThan(tableRadius(count) + 1);
      const end = alongPath(path, 1000);
      expect(end.done).toBe(true);
      const start = alongPath(path, 0);
      expect(start).toMatchObject({ x: 0, z: DOOR_Z, done: false });
    }
  });
});
