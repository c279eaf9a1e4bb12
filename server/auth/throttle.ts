import { isIPv4, isIPv6 } from 'node:net';

/**
 * Failed logins tolerated before a lock. Per account, so one person's password cannot be guessed; per
 * address, so one machine cannot spray a few guesses at each of many accounts. The address limit is higher
 * because a whole office or a phone carrier can share one address.
 */
export const LOGIN_THROTTLE = {
  windowMs: 15 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  lockMs: 15 * 60_000,
} as const;

/** Prefixes of the two kinds of counter, which share one table. */
export const THROTTLE_KEY_PREFIX = { account: 'acct:', address: 'addr:' } as const;

/**
 * The counters a login attempt counts against. Usernames are compared without case so `Wang` and `wang`
 * share one counter. For IPv6 the key is the /64 network: one household or phone is handed a whole /64 and
 * could otherwise step through its addresses to dodge the limit. Each kind has its own prefix: the
 * username is whatever the visitor types, and a username spelt like an address (`203.0.113.7`) must not
 * count against, and lock out, every sign-in from that address.
 */
export function throttleKeys(username: string, address: string): { account: string; address: string } {
  return {
    account: `${THROTTLE_KEY_PREFIX.account}${username.trim().toLowerCase()}`,
    address: `${THROTTLE_KEY_PREFIX.address}${addressKey(address)}`,
  };
}

/** Whole seconds until a lock ends (for a `Retry-After` header); 0 when not locked or unreadable. */
export function retryAfterSeconds(lockedUntil: string | Date | null, now = Date.now()): number {
  if (lockedUntil === null) return 0;
  const until = new Date(lockedUntil).getTime();
  if (!Number.isFinite(until) || until <= now) return 0;
  return Math.ceil((until - now) / 1000);
}

function addressKey(raw: string): string {
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
