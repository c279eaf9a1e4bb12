import type { Application, NextFunction, Request, Response } from 'express';
import { AccountsError, AccountsRoute } from '../../shared/accounts.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { addressKey } from '../accounts/throttle.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';

/**
 * A token bucket: `capacity` requests at once, refilled evenly at `capacity` per `periodMs`. A burst as
 * large as the whole allowance passes (a park's merchants arriving together at opening), then the steady
 * rate holds.
 */
export interface RateRule {
  name: string;
  capacity: number;
  periodMs: number;
}

export type Take = { ok: true } | { ok: false; retryAfter: number; rule: string };

/**
 * Where request counts are kept. One small interface so the counts can move to a store shared by several
 * hall processes (Redis) without touching the routes; `take` is async for that reason.
 */
export interface RateLimiter {
  /** Take one request from each bucket, all or none: a refused request costs no bucket anything. */
  take(buckets: readonly { key: string; rule: RateRule }[]): Promise<Take>;
}

/**
 * Most buckets kept at once. Beyond it the least recently used go first: a forgotten bucket starts full
 * again, which is lenient, never wrong towards the person. At about 150 bytes a bucket this bounds the
 * limiter to some 15 MB, whatever number of addresses the requests come from.
 */
export const MAX_BUCKETS = 100_000;

/**
 * The buckets in this process's memory. Honest for one hall process, which is how a station runs today
 * (the embedded database allows no other): a restart forgets the counts, granting at most one more
 * allowance, while a database row per request would put a write in front of every write. The staff
 * sign-in throttle, which guards passwords, is kept in the database instead and survives restarts.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  /** `now` is the clock the buckets refill by, in ms; the wall clock unless a test moves its own. */
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  take(wanted: readonly { key: string; rule: RateRule }[]): Promise<Take> {
    const now = this.now();
    const levels = wanted.map(({ key, rule }) => {
      const rate = rule.capacity / rule.periodMs;
      const held = this.buckets.get(`${rule.name}:${key}`);
      const tokens = held ? Math.min(rule.capacity, held.tokens + Math.max(0, now - held.at) * rate) : rule.capacity;
      return { id: `${rule.name}:${key}`, rule, tokens };
    });
    const short = levels
      .filter((l) => l.tokens < 1)
      // Until one whole request is back, rounded to the millisecond so float dust never adds a second.
      .map((l) => ({ name: l.rule.name, waitMs: Math.round(((1 - l.tokens) * l.rule.periodMs) / l.rule.capacity) }))
      .sort((a, b) => b.waitMs - a.waitMs);
    const worst = short[0];
    if (worst)
      return Promise.resolve({ ok: false, retryAfter: Math.max(1, Math.ceil(worst.waitMs / 1000)), rule: worst.name });
    for (const l of levels) {
      this.buckets.delete(l.id); // re-inserted last: the map's order is least recently used first
      this.buckets.set(l.id, { tokens: l.tokens - 1, at: now });
    }
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= MAX_BUCKETS) break;
      this.buckets.delete(id);
    }
    return Promise.resolve({ ok: true });
  }
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The limits a hall applies, from its settings (see Config for each one's meaning and default). */
export function limitRules(config: Config) {
  return {
    // 300 an hour lets a park of a few hundred shops sign in together on opening day through the park's
    // one address; an account factory at one address is held to five a minute after that.
    signUp: { name: 'signup', capacity: config.limitSignupsPerHour, periodMs: HOUR },
    // Moving to a new phone happens once per merchant; a park's worth of them in an hour is plenty. Only
    // per address: a code carries 100 random bits and cannot be guessed, while a count per merchant would
    // let anyone who knows a merchant's id lock that merchant out of their own account.
    recover: { name: 'recover', capacity: config.limitRecoveriesPerHour, periodMs: HOUR },
    // A person filling forms and writing minutes (autosaved every few seconds) writes a few times a
    // minute; 120 is room for bursts, and a script is held to two a second.
    personWrites: { name: 'writes', capacity: config.limitWritesPerMinute, periodMs: MINUTE },
    // Everyone behind one address together: 3000 a minute is ten a minute each for a park of 300.
    addressWrites: { name: 'address-writes', capacity: config.limitAddressWritesPerMinute, periodMs: MINUTE },
  } satisfies Record<string, RateRule>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The text of a 429, in the person's language (the page also translates the code itself). */
export function tooManyMessage(acceptLanguage: string | undefined, retryAfter: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfter / 60));
  return /^\s*en\b/i.test(acceptLanguage ?? '')
    ? `Too many requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
    : `操作过于频繁，请 ${minutes} 分钟后再试。`;
}

/** Answer 429 with `Retry-After` (seconds), the code `throttled`, the wait and a message to show. */
export function tooMany(req: Request, res: Response, retryAfter: number): void {
  res.setHeader('Retry-After', String(retryAfter));
  res.status(429).json({
    error: AccountsError.throttled,
    retryAfter,
    message: tooManyMessage(req.headers['accept-language'], retryAfter),
  });
}

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

/**
 * Limit every write under /api, per address and per person (the account its token names), and sign-ups
 * and recoveries on top, before any route sees the request. Mounted ahead of every API route. Uploads
 * are writes like any other here; their daily allowance is counted where they are stored.
 */
export function mountLimits(app: Application, accounts: Accounts, config: Config, limiter: RateLimiter): void {
  const rules = limitRules(config);
  app.use('/api', async (req: Request, res: Response, next: NextFunction) => {
    if (!WRITES.has(req.method)) return next();
    try {
      const where = addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      const buckets: { key: string; rule: RateRule }[] = [{ key: where, rule: rules.addressWrites }];
      const person = await accounts.personOf(bearer(req));
      if (person) buckets.push({ key: person, rule: rules.personWrites });
      // As express matches routes: without regard to case or a trailing slash.
      const route = `${req.baseUrl}${req.path}`.toLowerCase().replace(/\/+$/, '');
      if (req.method === 'POST' && route === AccountsRoute.merchants) buckets.push({ key: where, rule: rules.signUp });
      if (req.method === 'POST' && route === AccountsRoute.recover) buckets.push({ key: where, rule: rules.recover });
      const taken = await limiter.take(buckets);
      if (taken.ok) return next();
      log.warn('api.limited', { rule: taken.rule, address: where, retryAfter: taken.retryAfter });
      tooMany(req, res, taken.retryAfter);
    } catch (err) {
      next(err);
    }
  });
}
