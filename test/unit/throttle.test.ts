import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, retryAfterSeconds, throttleKeys } from '../../server/auth/throttle.ts';

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
    expect(retryAfterSeconds(new Date(now + LOGIN_THROTTLE.lockMs), now)).toBe(15 * 60);
  });

  it('reads ISO strings as databases return them', () => {
    expect(retryAfterSeconds(new Date(now + 90_000).toISOString(), now)).toBe(90);
  });
});
