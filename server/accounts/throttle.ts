import { isIPv4, isIPv6 } from 'node:net';

/**
 * How staff sign-in guessing is slowed, without handing a stranger the power to lock an officer out.
 *
 * - Per username and address (`pair`): five free tries, then each try waits 1, 2, 4 … seconds, at most
 *   15 minutes — a mistyping officer barely notices, a guesser at one address gets about four tries an hour.
 * - Per address (`address`), across usernames: 20 tries, then that address is shut for 15 minutes, again
 *   after each further try — one machine cannot spray a few guesses at each of many accounts. Only that
 *   address: a park or an office behind one address is only shut out by its own guessing.
 * - Per username (`account`), counted only from addresses the account has not signed in from in the last
 *   {@link KNOWN_ADDRESS_DAYS} days: after ten, each try waits 1, 2, 4 … seconds, at most five minutes — many
 *   addresses guessing together get about twelve tries an hour, while the officer at a desk they signed in
 *   from before walks straight in, and from a new one waits five minutes at worst.
 *
 * Each count starts again after an hour without tries: longer than the longest wait, so waiting one out
 * does not wipe the count.
 */
export const LOGIN_THROTTLE = {
  pair: { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, quietMs: 60 * 60_000 },
  address: { freeAttempts: 20, baseDelayMs: 15 * 60_000, maxDelayMs: 15 * 60_000, quietMs: 60 * 60_000 },
  account: { freeAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, quietMs: 60 * 60_000 },
} as const;

/** How long an address a staff member signed in from stays theirs, exempt from the per-username delay. */
export const KNOWN_ADDRESS_DAYS = 90;

/** Prefixes of the kinds of counter, which share one table. */
export const THROTTLE_KEY_PREFIX = { account: 'acct:', address: 'addr:', pair: 'pair:' } as const;

/**
 * The counters a login attempt counts against. Usernames are compared without case so `Wang` and `wang`
 * share one counter. For IPv6 the key is the /64 network: one household or phone is handed a whole /64 and
 * could otherwise step through its addresses to dodge the limit. Each kind has its own prefix: the
 * username is whatever the visitor types, and a username spelt like an address (`203.0.113.7`) must not
 * count against, and lock out, every sign-in from that address. In the pair key the address comes first
 * and ends at the first `|`, which no address key contains, so no username can forge another pair.
 */
export function throttleKeys(
  username: string,
  address: string,
): { account: string; address: string; pair: string; addressKey: string } {
  const user = username.trim().toLowerCase();
  const where = addressKey(address);
  return {
    account: `${THROTTLE_KEY_PREFIX.account}${user}`,
    address: `${THROTTLE_KEY_PREFIX.address}${where}`,
    pair: `${THROTTLE_KEY_PREFIX.pair}${where}|${user}`,
    addressKey: where,
  };
}

/** Whole seconds until a lock ends (for a `Retry-After` header); 0 when not locked or unreadable. */
export function retryAfterSeconds(lockedUntil: string | Date | null, now = Date.now()): number {
  if (lockedUntil === null) return 0;
  const until = new Date(lockedUntil).getTime();
  if (!Number.isFinite(until) || until <= now) return 0;
  return Math.ceil((until - now) / 1000);
}

/**
 * The key an address is counted under: IPv4 as is (also when a dual-stack socket reports it as
 * `::ffff:a.b.c.d`), IPv6 by its /64.
 */
export function addressKey(raw: string): string {
  const address = raw.trim().toLowerCase();
  // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; they must share the plain IPv4 counter.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  const withoutZone = address.replace(/%.*$/, '');
  if (isIPv6(withoutZone)) return `${ipv6Groups(withoutZone).slice(0, 4).join(':')}::/64`;
  return address;
}

// Expands `::` and a trailing dotted quad into eight groups without leading zeros.
function ipv6Groups(address: string): string[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}
