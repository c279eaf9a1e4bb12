import { isIPv4, isIPv6 } from 'node:net';

/** One kind of counter: free tries, then waits doubling from `baseDelayMs` up to `maxDelayMs`. */
export interface ThrottlePolicy {
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A count starts again after this long without tries. */
  quietMs: number;
}

/** The three counters a staff sign-in is counted against, and how long an address stays an account's own. */
export interface LoginThrottle {
  pair: ThrottlePolicy;
  address: ThrottlePolicy;
  account: ThrottlePolicy;
  /** Days an address a staff member signed in from stays theirs, exempt from the per-username delay. */
  knownAddressDays: number;
}

/** The station's settings for the sign-in throttle (LOGIN_* in server/config.ts and the README). */
export interface LoginThrottleSettings {
  /** Tries per username and address before the waits start. `LOGIN_PAIR_FREE_TRIES`. */
  pairFreeTries: number;
  /** The longest wait per username and address, seconds. `LOGIN_PAIR_MAX_DELAY_SECONDS`. */
  pairMaxDelaySeconds: number;
  /** Tries from one address, across usernames, before it is shut. `LOGIN_ADDRESS_FREE_TRIES`. */
  addressFreeTries: number;
  /** How long such an address is shut, seconds. `LOGIN_ADDRESS_LOCK_SECONDS`. */
  addressLockSeconds: number;
  /** Tries per username from addresses not the account's own before the waits start. `LOGIN_ACCOUNT_FREE_TRIES`. */
  accountFreeTries: number;
  /** The longest wait per username, seconds. `LOGIN_ACCOUNT_MAX_DELAY_SECONDS`. */
  accountMaxDelaySeconds: number;
  /** The first wait once the free tries are spent, doubling from there, seconds. `LOGIN_FIRST_DELAY_SECONDS`. */
  firstDelaySeconds: number;
  /** Minutes without tries after which a count starts again. `LOGIN_QUIET_MINUTES`. */
  quietMinutes: number;
  /** Days an address an account signed in from stays its own. `LOGIN_KNOWN_ADDRESS_DAYS`. */
  knownAddressDays: number;
}

/**
 * How staff sign-in guessing is slowed by default, without handing a stranger the power to lock an officer out.
 *
 * - Per username and address (`pair`): five free tries, then each try waits 1, 2, 4 … seconds, at most
 *   15 minutes — a mistyping officer barely notices, a guesser at one address gets about four tries an hour.
 * - Per address (`address`), across usernames: 20 tries, then that address is shut for 15 minutes, again
 *   after each further try — one machine cannot spray a few guesses at each of many accounts. Only that
 *   address: a park or an office behind one address is only shut out by its own guessing.
 * - Per username (`account`), counted only from addresses the account has not signed in from in the last
 *   90 days: after ten, each try waits 1, 2, 4 … seconds, at most five minutes — many addresses guessing
 *   together get about twelve tries an hour, while the officer at a desk they signed in from before walks
 *   straight in, and from a new one waits five minutes at worst.
 *
 * Each count starts again after an hour without tries: longer than the longest wait, so waiting one out
 * does not wipe the count (server/config.ts refuses settings where it is not).
 */
export const DEFAULT_LOGIN_SETTINGS: Readonly<LoginThrottleSettings> = Object.freeze({
  pairFreeTries: 5,
  pairMaxDelaySeconds: 15 * 60,
  addressFreeTries: 20,
  addressLockSeconds: 15 * 60,
  accountFreeTries: 10,
  accountMaxDelaySeconds: 5 * 60,
  firstDelaySeconds: 1,
  quietMinutes: 60,
  knownAddressDays: 90,
});

/** The counters' policies from the station's settings. */
export function loginThrottle(s: LoginThrottleSettings): LoginThrottle {
  const quietMs = s.quietMinutes * 60_000;
  const baseDelayMs = s.firstDelaySeconds * 1000;
  return {
    pair: { freeAttempts: s.pairFreeTries, baseDelayMs, maxDelayMs: s.pairMaxDelaySeconds * 1000, quietMs },
    address: {
      freeAttempts: s.addressFreeTries,
      baseDelayMs: s.addressLockSeconds * 1000,
      maxDelayMs: s.addressLockSeconds * 1000,
      quietMs,
    },
    account: { freeAttempts: s.accountFreeTries, baseDelayMs, maxDelayMs: s.accountMaxDelaySeconds * 1000, quietMs },
    knownAddressDays: s.knownAddressDays,
  };
}

/**
 * Why the settings cannot work together, or null: a first wait longer than the longest, or a count that starts
 * again before its longest wait is over (waiting one out would wipe the count).
 */
export function loginSettingsProblem(s: LoginThrottleSettings): string | null {
  if (s.firstDelaySeconds > s.pairMaxDelaySeconds)
    return `LOGIN_FIRST_DELAY_SECONDS (${s.firstDelaySeconds}) must not exceed LOGIN_PAIR_MAX_DELAY_SECONDS (${s.pairMaxDelaySeconds})`;
  if (s.firstDelaySeconds > s.accountMaxDelaySeconds)
    return `LOGIN_FIRST_DELAY_SECONDS (${s.firstDelaySeconds}) must not exceed LOGIN_ACCOUNT_MAX_DELAY_SECONDS (${s.accountMaxDelaySeconds})`;
  const longest = Math.max(s.pairMaxDelaySeconds, s.addressLockSeconds, s.accountMaxDelaySeconds);
  if (s.quietMinutes * 60 <= longest)
    return `LOGIN_QUIET_MINUTES (${s.quietMinutes}) must be longer than the longest wait or lock (${longest} s), or waiting one out would wipe the count`;
  return null;
}

/** The default policies: what a station without LOGIN_* settings runs with. */
export const LOGIN_THROTTLE: Readonly<LoginThrottle> = loginThrottle(DEFAULT_LOGIN_SETTINGS);

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
