/**
 * Who sits at a meeting table, told across processes: a desk pauses while its officer sits at a table on
 * any process, and resumes when that process says they stood up, or stops saying anything (it died).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewsRelay } from '../../server/events.ts';
import { StaffWhereabouts } from '../../server/queue/whereabouts.ts';

/** Processes on one pub/sub: what one publishes reaches every other one's listeners, never its own. */
function network() {
  const members: { listeners: Map<string, ((value: unknown) => void)[]>; alive: boolean }[] = [];
  return () => {
    const me = { listeners: new Map<string, ((value: unknown) => void)[]>(), alive: true };
    members.push(me);
    const relay: NewsRelay = {
      publish: (topic, value) => {
        if (!me.alive) return;
        // As JSON over Redis: a copy, never the sender's object.
        const copy: unknown = JSON.parse(JSON.stringify(value));
        for (const m of members) if (m !== me) for (const fn of m.listeners.get(topic) ?? []) fn(copy);
      },
      subscribe: (topic, fn) => me.listeners.set(topic, [...(me.listeners.get(topic) ?? []), fn]),
    };
    return { relay, die: () => void (me.alive = false) };
  };
}

describe('staff whereabouts across processes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const timing = { refreshMs: 1000, staleMs: 3000 };

  it('pauses for a table elsewhere, and resumes when that process stops speaking', () => {
    const join = network();
    const [hallSide, meetingSide] = [join(), join()];
    const hall = new StaffWhereabouts();
    const meeting = new StaffWhereabouts();
    hall.shareNews(hallSide.relay, timing);
    meeting.shareNews(meetingSide.relay, timing);
    const heard: string[] = [];
    hall.onChange((id, inMeeting) => heard.push(`${id} ${inMeeting ? 'sat' : 'stood'}`));

    meeting.sat('room-1', 'li');
    expect(hall.inMeeting('li')).toBe(true);
    // Said again every second: still at the table after many stale periods.
    vi.advanceTimersByTime(10_000);
    expect(hall.inMeeting('li')).toBe(true);
    expect(heard).toEqual(['li sat']);

    // The meeting room's process dies without a word: within the stale time the desk comes back.
    meetingSide.die();
    meeting.close();
    vi.advanceTimersByTime(timing.staleMs + timing.refreshMs);
    expect(hall.inMeeting('li')).toBe(false);
    expect(heard).toEqual(['li sat', 'li stood']);
  });

  it('keeps the desk paused while the officer sits at a table on another process still', () => {
    const join = network();
    const [h, m1, m2] = [join(), join(), join()];
    const hall = new StaffWhereabouts();
    const first = new StaffWhereabouts();
    const second = new StaffWhereabouts();
    hall.shareNews(h.relay, timing);
    first.shareNews(m1.relay, timing);
    second.shareNews(m2.relay, timing);
    const heard: string[] = [];
    hall.onChange((id, inMeeting) => heard.push(`${id} ${inMeeting ? 'sat' : 'stood'}`));
    first.sat('room-1', 'li');
    second.sat('room-2', 'li');
    first.stood('room-1', 'li');
    expect(hall.inMeeting('li')).toBe(true);
    second.stood('room-2', 'li');
    expect(hall.inMeeting('li')).toBe(false);
    expect(heard).toEqual(['li sat', 'li stood']);
  });

  it('ignores news it cannot read', () => {
    const join = network();
    const [a, b] = [join(), join()];
    const hall = new StaffWhereabouts();
    hall.shareNews(a.relay, timing);
    for (const bad of [null, 'x', { from: 1, sitting: [] }, { from: 'p', sitting: 'li' }, { from: 'p', sitting: [1] }])
      b.relay.publish('whereabouts', bad);
    b.relay.publish('whereabouts', { from: 'p', sitting: ['__proto__', 'toString'] });
    expect(hall.inMeeting('li')).toBe(false);
    expect(hall.inMeeting('toString')).toBe(true);
    expect(hall.inMeeting('constructor')).toBe(false);
  });
});
