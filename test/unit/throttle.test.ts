import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, retryAfterSeconds, throttleKeys } from '../../server/accounts/throttle.ts';
import { loadConfig } from '../../server/config.ts';
import { MAX_BUCKETS, MemoryRateLimiter, tooManyMessage, type RateRule } from '../../server/http/limits.ts';

describe('throttleKeys', () => {
  it('counts a username regardless of case and stray spaces', () => {
    expect(throttleKeys('  Wang.Li ', '1.2.3.4').account).toBe('acct:wang.li');
    expect(throttleKeys('王丽', '1.2.3.4').account).toBe('acct:王丽');
  });

  it('never lets a username name the same counter as an address', () => {
    for (const address of ['203.0.113.7', '::ffff:203.0.113.7', '2001:db8:1:2::9', 'unknown']) {
      const fromThere = throttleKeys('someone', address).address;
      // Typed as a username, the address itself or its key (with or without the prefix) stays an account.
      for (const typed of [address, fromThere, fromThere.slice('addr:'.length)]) {
        expect(throttleKeys(typed, '198.51.100.1').account).not.toBe(fromThere);
      }
    }
  });

  it.each([
    ['plain IPv4', '203.0.113.7', '203.0.113.7'],
    ['IPv4 mapped into IPv6', '::ffff:203.0.113.7', '203.0.113.7'],
    ['IPv4 mapped, upper case', '::FFFF:203.0.113.7', '203.0.113.7'],
    ['IPv6, to its /64', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['IPv6 with leading zeros and case', '2001:0DB8:0001:0002:abcd::1', '2001:db8:1:2::/64'],
    ['IPv6 compressed inside the prefix', '2001:db8::1', '2001:db8:0:0::/64'],
    ['IPv6 with a zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['IPv6 loopback', '::1', '0:0:0:0::/64'],
    ['IPv6 ending in a dotted quad', '64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
    ['not an address at all', 'Unknown', 'unknown'],
  ])('normalises %s', (_name, raw, key) => {
    expect(throttleKeys('u', raw).address).toBe(`addr:${key}`);
  });

  it('counts a username at an address as its own pair, which no username can forge', () => {
    expect(throttleKeys(' Li ', '::ffff:203.0.113.7').pair).toBe('pair:203.0.113.7|li');
    // A username carrying a `|` stays inside the pair of the address the attempt came from.
    expect(throttleKeys('x|li', '203.0.113').pair).not.toBe(throttleKeys('li', '203.0.113.x').pair);
    expect(throttleKeys('li', '2001:db8:1:2::9').pair).toBe('pair:2001:db8:1:2::/64|li');
  });

  it('waits longer than its longest delay before a count starts again', () => {
    for (const policy of [LOGIN_THROTTLE.pair, LOGIN_THROTTLE.address, LOGIN_THROTTLE.account])
      expect(policy.quietMs).toBeGreaterThan(policy.maxDelayMs);
  });

  it('puts two addresses of one IPv6 household under one key', () => {
    expect(throttleKeys('u', '2001:db8:aa:bb::1').address).toBe(throttleKeys('u', '2001:db8:aa:bb:ffff::9').address);
    expect(throttleKeys('u', '2001:db8:aa:bb::1').address).not.toBe(throttleKeys('u', '2001:db8:aa:bc::1').address);
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.UTC(2026, 0, 15, 9, 0, 0);

  it('is 0 when not locked, when the lock has passed, or when the date is unreadable', () => {
    expect(retryAfterSeconds(null, now)).toBe(0);
    expect(retryAfterSeconds(new Date(now), now)).toBe(0);
    expect(retryAfterSeconds(new Date(now - 1), now)).toBe(0);
    expect(retryAfterSeconds('not a date', now)).toBe(0);
  });

  it('rounds up, so a client never retries a moment too early', () => {
    expect(retryAfterSeconds(new Date(now + 1), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now + 1000), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now + 1001), now)).toBe(2);
    expect(retryAfterSeconds(new Date(now + LOGIN_THROTTLE.address.maxDelayMs), now)).toBe(15 * 60);
  });

  it('reads ISO strings as databases return them', () => {
    expect(retryAfterSeconds(new Date(now + 90_000).toISOString(), now)).toBe(90);
  });
});

describe('MemoryRateLimiter', () => {
  const perMinute: RateRule = { name: 'writes', capacity: 3, periodMs: 60_000 };
  const perHour: RateRule = { name: 'signup', capacity: 2, periodMs: 3_600_000 };
  const t0 = Date.UTC(2026, 0, 15, 9, 0, 0);

  it('lets a whole allowance through at once, then refills evenly', async () => {
    let now = t0;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(await limiter.take([{ key: 'a', rule: perMinute }])).toEqual({ ok: true });
    expect(await limiter.take([{ key: 'a', rule: perMinute }])).toEqual({
      ok: false,
      retryAfter: 20,
      rule: 'writes',
    });
    // One request's worth comes back every 20 s (three a minute); another key was never touched.
    now = t0 + 19_999;
    expect((await limiter.take([{ key: 'a', rule: perMinute }])).ok).toBe(false);
    now = t0 + 20_000;
    expect((await limiter.take([{ key: 'a', rule: perMinute }])).ok).toBe(true);
    expect((await limiter.take([{ key: 'b', rule: perMinute }])).ok).toBe(true);
  });

  it('takes from every bucket or from none, and names the one that refused with the longest wait', async () => {
    const limiter = new MemoryRateLimiter(() => t0);
    const both = [
      { key: 'addr', rule: perMinute },
      { key: 'addr', rule: perHour },
    ];
    expect((await limiter.take(both)).ok).toBe(true);
    expect((await limiter.take(both)).ok).toBe(true);
    expect(await limiter.take(both)).toEqual({ ok: false, retryAfter: 1800, rule: 'signup' });
    // The refused request cost the per-minute bucket nothing: it still has its third request.
    expect((await limiter.take([{ key: 'addr', rule: perMinute }])).ok).toBe(true);
    expect((await limiter.take([{ key: 'addr', rule: perMinute }])).ok).toBe(false);
  });

  it('keeps no more than MAX_BUCKETS, forgetting the least recently used first', async () => {
    const limiter = new MemoryRateLimiter(() => t0);
    const one: RateRule = { name: 'one', capacity: 1, periodMs: 3_600_000 };
    expect((await limiter.take([{ key: 'first', rule: one }])).ok).toBe(true);
    expect((await limiter.take([{ key: 'first', rule: one }])).ok).toBe(false);
    for (let i = 0; i < MAX_BUCKETS; i++) await limiter.take([{ key: `k${i}`, rule: one }]);
    // Forgotten, so it starts full again: lenient towards that key, and memory stays bounded.
    expect((await limiter.take([{ key: 'first', rule: one }])).ok).toBe(true);
    expect((await limiter.take([{ key: `k${MAX_BUCKETS - 1}`, rule: one }])).ok).toBe(false);
  });
});

describe('tooManyMessage', () => {
  it("says how many minutes to wait, in the person's language", () => {
    expect(tooManyMessage(undefined, 1200)).toBe('操作过于频繁，请 20 分钟后再试。');
    expect(tooManyMessage('zh-CN,zh;q=0.9', 12)).toBe('操作过于频繁，请 1 分钟后再试。');
    expect(tooManyMessage('en', 61)).toBe('Too many requests. Try again in 2 minutes.');
    expect(tooManyMessage('en-GB,en;q=0.8', 30)).toBe('Too many requests. Try again in 1 minute.');
  });
});

describe('the sign-in throttle and the rooms’ message limits as settings', () => {
  const minutes = 60_000;

  it('default to the values the station always had', () => {
    const config = loadConfig({});
    expect(config.loginThrottle).toEqual({
      pair: { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * minutes, quietMs: 60 * minutes },
      address: { freeAttempts: 20, baseDelayMs: 15 * minutes, maxDelayMs: 15 * minutes, quietMs: 60 * minutes },
      account: { freeAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5 * minutes, quietMs: 60 * minutes },
      knownAddressDays: 90,
    });
    expect(config.loginThrottle).toEqual(LOGIN_THROTTLE);
    expect(config.roomLimits).toEqual({
      messagesPerSecond: 25,
      voiceSignalsPerSecond: 100,
      refusedPerWindow: 20,
      refusedWindowSeconds: 10,
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      LOGIN_PAIR_FREE_TRIES: '8',
      LOGIN_PAIR_MAX_DELAY_SECONDS: '600',
      LOGIN_ADDRESS_FREE_TRIES: '500',
      LOGIN_ADDRESS_LOCK_SECONDS: '120',
      LOGIN_ACCOUNT_FREE_TRIES: '12',
      LOGIN_ACCOUNT_MAX_DELAY_SECONDS: '240',
      LOGIN_FIRST_DELAY_SECONDS: '2',
      LOGIN_QUIET_MINUTES: '30',
      LOGIN_KNOWN_ADDRESS_DAYS: '0',
      ROOM_MESSAGES_PER_SECOND: '40',
      ROOM_VOICE_SIGNALS_PER_SECOND: '150',
      ROOM_REFUSED_PER_WINDOW: '5',
      ROOM_REFUSED_WINDOW_SECONDS: '60',
    });
    expect(config.loginThrottle).toEqual({
      pair: { freeAttempts: 8, baseDelayMs: 2000, maxDelayMs: 600_000, quietMs: 30 * minutes },
      address: { freeAttempts: 500, baseDelayMs: 120_000, maxDelayMs: 120_000, quietMs: 30 * minutes },
      account: { freeAttempts: 12, baseDelayMs: 2000, maxDelayMs: 240_000, quietMs: 30 * minutes },
      knownAddressDays: 0,
    });
    expect(config.roomLimits).toEqual({
      messagesPerSecond: 40,
      voiceSignalsPerSecond: 150,
      refusedPerWindow: 5,
      refusedWindowSeconds: 60,
    });
  });

  it.each([
    ['LOGIN_PAIR_FREE_TRIES', '0', /LOGIN_PAIR_FREE_TRIES must be a whole number from 1 to 100, got "0"/],
    ['LOGIN_ADDRESS_FREE_TRIES', 'lots', /LOGIN_ADDRESS_FREE_TRIES must be a whole number/],
    ['LOGIN_ADDRESS_LOCK_SECONDS', '-5', /LOGIN_ADDRESS_LOCK_SECONDS must be a whole number from 1/],
    ['LOGIN_ACCOUNT_FREE_TRIES', '2.5', /LOGIN_ACCOUNT_FREE_TRIES must be a whole number/],
    ['LOGIN_KNOWN_ADDRESS_DAYS', '99999', /LOGIN_KNOWN_ADDRESS_DAYS must be a whole number from 0 to 3650/],
    // A count that starts again before its longest wait is over: waiting one out would wipe it.
    ['LOGIN_QUIET_MINUTES', '15', /LOGIN_QUIET_MINUTES \(15\) must be longer than the longest wait or lock \(900 s\)/],
    [
      'LOGIN_FIRST_DELAY_SECONDS',
      '600',
      /LOGIN_FIRST_DELAY_SECONDS \(600\) must not exceed LOGIN_ACCOUNT_MAX_DELAY_SECONDS/,
    ],
    // Lower than an honest page sends: it would show out people doing nothing wrong.
    ['ROOM_MESSAGES_PER_SECOND', '10', /ROOM_MESSAGES_PER_SECOND must be a whole number from 15 to 1000, got "10"/],
    ['ROOM_VOICE_SIGNALS_PER_SECOND', '50', /ROOM_VOICE_SIGNALS_PER_SECOND must be a whole number from 80/],
    ['ROOM_REFUSED_PER_WINDOW', '0', /ROOM_REFUSED_PER_WINDOW must be a whole number from 1/],
    ['ROOM_REFUSED_WINDOW_SECONDS', '1e9', /ROOM_REFUSED_WINDOW_SECONDS must be a whole number from 1 to 3600/],
  ])('refuse %s=%s at start with a clear message', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
