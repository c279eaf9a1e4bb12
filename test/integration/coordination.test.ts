/**
 * What several hall processes agree on, on a real Redis: two coordinations stand for two processes.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCoordination, type Coordination } from '../../server/cluster/coordination.ts';
import { claimRedisDatabase, redisUnreachable } from '../support/localServices.ts';

const REDIS_URL_BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const skip = await redisUnreachable(REDIS_URL_BASE);
if (skip && process.env.CI === 'true') throw new Error(`${skip}: Redis is required in CI`);
if (skip) console.warn(`coordination tests skipped: ${skip}`);

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(skip !== null)('coordination across processes on Redis', () => {
  let redis: Redis;
  let url: string;
  let claim: Awaited<ReturnType<typeof claimRedisDatabase>>;
  const opened: Coordination[] = [];
  const open = (processId: string, leaseMs = 600) => {
    const c = openCoordination({ redisUrl: url, processId: () => processId, leaseMs });
    opened.push(c);
    return c;
  };

  beforeAll(async () => {
    // A database of its own on the shared Redis, emptied before and after.
    claim = await claimRedisDatabase(REDIS_URL_BASE);
    url = claim.url;
    redis = new Redis(url);
    await redis.flushdb();
  });

  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    await redis.flushdb();
    redis.disconnect();
    await claim.release();
  });

  it('counts requests in one set of buckets for every process, all or none', async () => {
    const [a, b] = [open('a'), open('b')];
    const rule = { name: `t${Date.now()}`, capacity: 3, periodMs: 60_000 };
    const other = { name: `o${Date.now()}`, capacity: 10, periodMs: 60_000 };
    const one = [{ key: '10.0.0.1', rule }];
    expect(await a.limiter.take(one)).toEqual({ ok: true });
    expect(await b.limiter.take(one)).toEqual({ ok: true });
    expect(await a.limiter.take([...one, { key: 'p', rule: other }])).toEqual({ ok: true });
    const refused = await b.limiter.take([...one, { key: 'p', rule: other }]);
    expect(refused).toMatchObject({ ok: false, rule: rule.name });
    expect((refused as { retryAfter: number }).retryAfter).toBe(20);
    // The refused request took nothing from the other bucket: 9 of its 10 are left.
    for (let i = 0; i < 9; i++) expect(await a.limiter.take([{ key: 'p', rule: other }])).toEqual({ ok: true });
    expect(await b.limiter.take([{ key: 'p', rule: other }])).toMatchObject({ ok: false });
  });

  it('runs one exclusive step of a name at a time across processes', async () => {
    const [a, b] = [open('a'), open('b')];
    let running = 0;
    let most = 0;
    let made = 0;
    const step = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 15));
      running--;
      made++;
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).exclusive('meeting:m1', step)));
    expect(made).toBe(12);
    expect(most).toBe(1);
  });

  it('gives a lease to one process, and to another once its holder dies', async () => {
    const name = `station:s${Date.now()}`;
    const a = open('proc-a');
    const b = open('proc-b');
    const events: string[] = [];
    const holder = (who: string) => ({
      won: (previous: string | null) => {
        events.push(`${who} won after ${previous ?? 'nobody'}`);
        return Promise.resolve();
      },
      lost: () => {
        events.push(`${who} lost`);
        return Promise.resolve();
      },
    });
    a.hold(name, holder('a'));
    await until(() => events.includes('a won after nobody'), 'a holds');
    b.hold(name, holder('b'));
    // Several lease periods: b never holds while a renews.
    await new Promise((r) => setTimeout(r, 1500));
    expect(events).toEqual(['a won after nobody']);
    // a dies without letting go (its Redis connection gone): b takes the lease after it runs out.
    const diedAt = Date.now();
    await a.close();
    await until(() => events.includes('b won after proc-a'), 'b holds after a died');
    expect(Date.now() - diedAt).toBeLessThan(3000);
    expect(await redis.get(`hall:lease:${name}`)).toBe('proc-b');
  });

  it('wins no lease for a process that is closing, even one let go meanwhile', async () => {
    const name = `station:c${Date.now()}`;
    const a = open('proc-a');
    const b = open('proc-b');
    const events: string[] = [];
    const holder = (who: string) => ({
      won: () => {
        events.push(`${who} won`);
        return Promise.resolve();
      },
      lost: () => Promise.resolve(),
    });
    const held = a.hold(name, holder('a'));
    await until(() => events.includes('a won'), 'a holds');
    const closing = b.hold(name, holder('b'));
    await closing.stopTrying();
    // a lets go: b, closing, does not take it; the lease stays free for a process that stays.
    await held.release();
    await new Promise((r) => setTimeout(r, 1000));
    expect(events).toEqual(['a won']);
    expect(await redis.get(`hall:lease:${name}`)).toBeNull();
    await closing.release();
  });

  it('spreads the leases over the live processes, giving back only what nobody is in', async () => {
    // Only these two are alive: the processes of the tests above are gone.
    await Promise.all(opened.splice(0).map((c) => c.close()));
    const names = [0, 1, 2, 3].map((i) => `station:spread${i}-${Date.now()}`);
    const occupied = names[0]!;
    const holding = new Map<string, string>();
    const holder = (who: string, name: string) => ({
      won: () => {
        holding.set(name, who);
        return Promise.resolve();
      },
      lost: () => {
        if (holding.get(name) === who) holding.delete(name);
        return Promise.resolve();
      },
      vacant: () => name !== occupied,
    });
    const count = (who: string) => [...holding.values()].filter((w) => w === who).length;
    const x = open('spread-x');
    for (const name of names) x.hold(name, holder('x', name));
    await until(() => count('x') === 4, 'x holds all four');
    const y = open('spread-y');
    for (const name of names) y.hold(name, holder('y', name));
    await until(() => count('x') === 2 && count('y') === 2, 'two each', 15_000);
    expect(holding.get(occupied)).toBe('x');
    // Settled: nothing moves over several settle delays.
    const settled = new Map(holding);
    await new Promise((r) => setTimeout(r, 3000));
    expect(holding).toEqual(settled);
    // y closes: x takes its leases back.
    await y.close();
    await until(() => count('x') === 4, 'x holds all four again', 5000);
  });
});
