import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSaver } from '../../server/meetings/liveSaver.ts';

/** One call of the store: what it was given, and how to end it. */
interface Write {
  snapshot: string | null;
  lines: readonly string[];
  succeed(): void;
  fail(err?: Error): void;
}

/**
 * A saver over a store the test ends by hand, recording what was written, what was shown and what failed.
 * Timing is shrunk to a millisecond so the tests wait only for the events they expect.
 */
function harness(timing = { intervalMs: 1, retryMs: 1, retryMaxMs: 4 }) {
  const writes: Write[] = [];
  const shown: { snapshot: string | null; lines: readonly string[] }[] = [];
  const failures: number[] = [];
  let showThrows = false;
  const saver = new LiveSaver<string, string>(
    {
      store: (snapshot, lines) =>
        new Promise<void>((resolve, reject) => {
          writes.push({
            snapshot,
            lines: [...lines],
            succeed: resolve,
            fail: (err) => reject(err ?? new Error('down')),
          });
        }),
      stored: (snapshot, lines) => {
        if (showThrows) throw new Error('show failed');
        shown.push({ snapshot, lines: [...lines] });
      },
      failed: (_err, attempt) => failures.push(attempt),
    },
    timing,
  );
  const write = async (n: number) => {
    await vi.waitFor(() => expect(writes.length).toBeGreaterThanOrEqual(n));
    return writes[n - 1]!;
  };
  return { saver, writes, shown, failures, write, throwOnShow: () => (showThrows = true) };
}

/**
 * Move the clock past every timer the saver could have set (1 ms, retries up to 4 ms) and let what they
 * start run: after this, anything that has not happened will not happen by itself.
 */
const settle = () => vi.advanceTimersByTimeAsync(20);

describe('live saver', () => {
  // The saver's clock is the test's: timers fire when the test moves time (vi.waitFor moves it as it polls).
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores before it shows, and what arrives in one turn goes into one write', async () => {
    const h = harness();
    h.saver.update('hands: ann');
    h.saver.add('line 1');
    h.saver.update('hands: ann, bo');
    h.saver.add('line 2');
    const first = await h.write(1);
    expect([first.snapshot, first.lines]).toEqual(['hands: ann, bo', ['line 1', 'line 2']]);
    await settle();
    expect(h.shown).toEqual([]); // not stored yet: nobody is shown anything
    first.succeed();
    await vi.waitFor(() => expect(h.shown).toEqual([{ snapshot: 'hands: ann, bo', lines: ['line 1', 'line 2'] }]));
    await settle();
    expect(h.writes).toHaveLength(1);
  });

  it('a flood during a write costs one more write, holding the newest state and every line in order', async () => {
    const h = harness();
    h.saver.update('s0');
    const first = await h.write(1);
    for (let i = 1; i <= 1000; i++) {
      h.saver.update(`s${i}`);
      if (i % 100 === 0) h.saver.add(`line ${i}`);
    }
    await settle();
    expect(h.writes).toHaveLength(1); // one write at a time
    first.succeed();
    const second = await h.write(2);
    expect(second.snapshot).toBe('s1000');
    expect(second.lines).toEqual(Array.from({ length: 10 }, (_, i) => `line ${(i + 1) * 100}`));
    second.succeed();
    await vi.waitFor(() => expect(h.shown.map((s) => s.snapshot)).toEqual(['s0', 's1000']));
    await settle();
    expect(h.writes).toHaveLength(2);
  });

  it('lines alone are written without a state; an unchanged state is not written again', async () => {
    const h = harness();
    h.saver.add('hello');
    const first = await h.write(1);
    expect([first.snapshot, first.lines]).toEqual([null, ['hello']]);
    first.succeed();
    await vi.waitFor(() => expect(h.shown).toHaveLength(1));
    await settle();
    expect(h.writes).toHaveLength(1);
  });

  it('a failed write is tried again with what it held ahead of anything newer; nothing is shown until stored', async () => {
    const h = harness();
    const after: string[] = [];
    h.saver.update('floor: ann', () => after.push('audit floor'));
    h.saver.add('line 1');
    (await h.write(1)).fail();
    h.saver.add('line 2');
    (await h.write(2)).fail();
    h.saver.update('floor: bo', () => after.push('audit bo'));
    const third = await h.write(3);
    expect([third.snapshot, third.lines]).toEqual(['floor: bo', ['line 1', 'line 2']]);
    expect(h.shown).toEqual([]);
    expect(after).toEqual([]);
    third.succeed();
    await vi.waitFor(() => expect(h.shown).toEqual([{ snapshot: 'floor: bo', lines: ['line 1', 'line 2'] }]));
    expect(after).toEqual(['audit floor', 'audit bo']);
    expect(h.failures).toEqual([1, 2]);
    // Writing again after the outage goes at the usual pace, not the retry's.
    h.saver.add('line 3');
    (await h.write(4)).succeed();
    await vi.waitFor(() => expect(h.shown.at(-1)?.lines).toEqual(['line 3']));
  });

  it('a newer state accepted while a write fails wins over the failed one', async () => {
    const h = harness();
    h.saver.update('old');
    const first = await h.write(1);
    h.saver.update('new');
    first.fail();
    const second = await h.write(2);
    expect(second.snapshot).toBe('new');
  });

  it('closing writes what waits at once and says whether it was stored', async () => {
    const h = harness({ intervalMs: 60_000, retryMs: 1, retryMaxMs: 4 });
    h.saver.update('first');
    (await h.write(1)).succeed();
    await vi.waitFor(() => expect(h.shown).toHaveLength(1));
    h.saver.update('last'); // would wait a minute for its turn
    const closed = h.saver.close();
    (await h.write(2)).succeed();
    expect(await closed).toBe(true);
    expect(h.shown.map((s) => s.snapshot)).toEqual(['first', 'last']);
  });

  it('closing with storage gone gives up after its tries, having shown nothing of it', async () => {
    const h = harness();
    h.saver.add('unsaid');
    const closed = h.saver.close(3);
    for (let n = 1; n <= 3; n++) (await h.write(n)).fail();
    expect(await closed).toBe(false);
    expect(h.shown).toEqual([]);
    expect(h.saver.waitingLines).toBe(1);
    await settle();
    expect(h.writes).toHaveLength(3); // closed: no retry after
  });

  it('showing what was stored may throw: it is reported, and later changes are still written', async () => {
    const h = harness();
    h.throwOnShow();
    h.saver.update('a');
    (await h.write(1)).succeed();
    await vi.waitFor(() => expect(h.failures).toEqual([0]));
    h.saver.update('b');
    expect((await h.write(2)).snapshot).toBe('b');
  });
});
