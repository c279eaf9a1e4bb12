import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log.ts';
import { MemoryRateLimiter, type RateLimiter, type RateRule, type Take } from '../http/limits.ts';

/** What a station's holder does when a lease becomes its own, and when it goes. */
export interface LeaseHolder {
  /** The lease is this process's now; `previous` is the process that held it last, if one was seen. */
  won(previous: string | null): Promise<void>;
  /** The lease went to another process (this one stalled, or lost Redis): give up what it guarded. */
  lost(): Promise<void>;
  /**
   * Whether what the lease guards may go to another process now, unnoticed (nobody in it). Without it the lease
   * is never given back to spread the load, only lost.
   */
  vacant?(): boolean | Promise<boolean>;
}

/** A lease this process holds or tries for. */
export interface Lease {
  /**
   * Try for it no more (the process is closing): a lease another process lets go meanwhile is not won here,
   * where nothing could be opened any more. Resolves once an opening under way has finished; one already
   * held stays held, and renewed, until {@link release}.
   */
  stopTrying(): Promise<void>;
  /** Let it go: another process may take it at once. */
  release(): Promise<void>;
}

/**
 * What several hall processes agree on, and how: one process alone agrees with itself (in memory, no Redis);
 * several share Redis. The rules that must hold across processes use it and nothing else.
 */
export interface Coordination {
  /** Whether other processes may share the deployment (REDIS_URL is set). */
  readonly shared: boolean;
  /**
   * Hold the lease `name` while this process lives: won at once alone; with Redis, won by one process at a
   * time, renewed by it, taken by another within `leaseMs` of its holder's death. Returns how to let it go.
   */
  hold(name: string, holder: LeaseHolder): Lease;
  /** Run `fn` with no other process (or call here) running one of the same `name` meanwhile. */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Request counts, shared by every process. */
  readonly limiter: RateLimiter;
  /** Send `value` to the other processes' listeners of `topic` (never back to this one). */
  publish(topic: string, value: unknown): void;
  /** Hear what other processes publish on `topic`. */
  subscribe(topic: string, listener: (value: unknown) => void): void;
  /** The process is closing: count it no more among the live ones, so they take its leases without a grace. */
  withdraw(): Promise<void>;
  close(): Promise<void>;
}

export interface CoordinationOptions {
  redisUrl: string | undefined;
  /** This process's id as Colyseus knows it (the lease's value, so a successor can find the dead holder's rooms). */
  processId: () => string;
  leaseMs: number;
  /**
   * A free lease is taken at once by a process holding fewer than its fair share (leases ÷ live processes,
   * rounded up); any other waits this long for such a process to take it first, ms. Default: one lease.
   */
  graceMs?: number;
  /**
   * How long a process holding more than its fair share waits, after the last change, before giving one back,
   * ms. Default: two leases.
   */
  settleMs?: number;
}

export function openCoordination(options: CoordinationOptions): Coordination {
  return options.redisUrl ? new RedisCoordination(options.redisUrl, options) : new LocalCoordination();
}

/** Runs one `fn` per name at a time, in order of asking. */
class LocalLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(name) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(name, tail);
    void tail.then(() => {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    });
    return result;
  }
}

/** One process: every lease is its own, and every rule holds in its memory. */
class LocalCoordination implements Coordination {
  readonly shared = false;
  private readonly locks = new LocalLocks();

  // On the wall clock, as the request limits have always counted.
  readonly limiter: RateLimiter = new MemoryRateLimiter();

  hold(name: string, holder: LeaseHolder): Lease {
    const won = holder.won(null);
    const settled = won.catch(() => undefined);
    return { stopTrying: () => settled, release: () => settled };
  }

  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, fn);
  }

  publish(): void {}
  subscribe(): void {}
  async withdraw(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Extends the lease only while it is still this process's. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Lets go of a lock only if it is still the caller's. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
/**
 * Token buckets, all or none, as {@link MemoryRateLimiter} counts them. KEYS: one bucket each; ARGV: now, then
 * capacity, period (ms) and rule name per bucket. Answers {1} or {0, wait ms, rule}.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local levels = {}
local worst = -1
local worstRule = ''
for i = 1, #KEYS do
  local cap = tonumber(ARGV[i * 3 - 1])
  local period = tonumber(ARGV[i * 3])
  local held = redis.call('HMGET', KEYS[i], 't', 'a')
  local tokens = cap
  if held[1] then
    tokens = math.min(cap, tonumber(held[1]) + math.max(0, now - tonumber(held[2])) * cap / period)
  end
  levels[i] = tokens
  if tokens < 1 then
    local wait = math.floor((1 - tokens) * period / cap + 0.5)
    if wait > worst then
      worst = wait
      worstRule = ARGV[i * 3 + 1]
    end
  end
end
if worst >= 0 then return {0, worst, worstRule} end
for i = 1, #KEYS do
  redis.call('HSET', KEYS[i], 't', tostring(levels[i] - 1), 'a', ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[i * 3])
end
return {1}
`;

/**
 * This process is alive until ARGV[2] ms from now, on Redis's clock (the processes' own clocks may differ);
 * forgets the processes past their time and answers how many are alive. KEYS: the roll; ARGV: process id, ms.
 */
const ALIVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], ARGV[1], tostring(now + tonumber(ARGV[2])))
local all = redis.call('HGETALL', KEYS[1])
local live = 0
for i = 1, #all, 2 do
  if tonumber(all[i + 1]) > now then live = live + 1 else redis.call('HDEL', KEYS[1], all[i]) end
end
return live
`;
/** The roll of live hall processes (a hash: process id → until when, ms on Redis's clock). */
const ALIVE_KEY = 'hall:alive';

/** A lease as the spreading of the halls sees it. */
interface HeldLease {
  mine(): boolean;
  vacant(): Promise<boolean>;
  /** Let it go to another process (what it guards is closed first); keep trying for it after a grace. */
  giveBack(): Promise<void>;
}

/** How long a process waits for another's exclusive run before giving up, ms. */
const EXCLUSIVE_WAIT_MS = 15_000;
/** How long an exclusive run may hold its lock if its process dies in it, ms. */
const EXCLUSIVE_HOLD_MS = 15_000;
/** Between two tries at a lock another process holds, ms. */
const EXCLUSIVE_RETRY_MS = 50;

/** Request counts in Redis: every process takes from the same buckets. */
class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly now: () => number;

  constructor(redis: Redis, now: () => number) {
    this.redis = redis;
    this.now = now;
  }

  async take(buckets: readonly { key: string; rule: RateRule }[]): Promise<Take> {
    const keys = buckets.map((b) => `hall:limit:${b.rule.name}:${b.key}`);
    const args = buckets.flatMap((b) => [String(b.rule.capacity), String(b.rule.periodMs), b.rule.name]);
    let answer: [number, number?, string?];
    try {
      answer = (await this.redis.eval(TAKE, keys.length, ...keys, String(this.now()), ...args)) as typeof answer;
    } catch (err) {
      // Redis unreachable: the request goes through uncounted (lenient, as a forgotten bucket is), never refused.
      log.warn('cluster.limits.unavailable', { message: String(err) });
      return { ok: true };
    }
    if (answer[0] === 1) return { ok: true };
    return { ok: false, retryAfter: Math.max(1, Math.ceil((answer[1] ?? 0) / 1000)), rule: answer[2] ?? '' };
  }
}

/** Several processes on one Redis. */
class RedisCoordination implements Coordination {
  readonly shared = true;
  readonly limiter: RateLimiter;
  private readonly redis: Redis;
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<(value: unknown) => void>>();
  private readonly local = new LocalLocks();
  /** Pub/sub channels are not per database: the database's number keeps deployments on one Redis apart. */
  private readonly channelPrefix: string;
  private readonly origin = randomUUID();
  private closed = false;
  private readonly options: CoordinationOptions;
  /** The leases this process tries for or holds. */
  private readonly leases = new Set<HeldLease>();
  /** Live processes, this one included, as last heard. */
  private live = 1;
  /** When the spread last changed here (a lease won or given back, a process come or gone), ms. */
  private settledAt = Date.now();
  /**
   * The first roll call, made with the first lease (the process has its id by then): no lease is tried for
   * before this process knows how many share them.
   */
  private firstRollCall: Promise<void> | null = null;
  private rollCall: ReturnType<typeof setInterval> | undefined;
  private withdrawn = false;

  constructor(url: string, options: CoordinationOptions) {
    this.options = options;
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.redis.on('error', (err: Error) => log.warn('cluster.redis', { message: err.message }));
    this.channelPrefix = `hall:${this.redis.options.db ?? 0}:`;
    this.limiter = new RedisRateLimiter(this.redis, Date.now);
  }

  private renewEveryMs(): number {
    return Math.max(200, Math.floor(this.options.leaseMs / 3));
  }

  /** This process's fair share of the leases: all of them, spread evenly over the live processes. */
  private fairShare(): number {
    return Math.ceil(this.leases.size / Math.max(1, this.live));
  }

  private heldHere(): number {
    let n = 0;
    for (const lease of this.leases) if (lease.mine()) n++;
    return n;
  }

  /**
   * Say this process is alive (for a lease's length), learn how many are, and, holding more than the fair
   * share once the spread has settled, give back one lease whose hall nobody is in: one at a time, so the
   * processes short of their share take them (at once) and no hall with people in it ever moves.
   */
  private async callRoll(): Promise<void> {
    if (this.withdrawn) return;
    try {
      const live = Number(await this.redis.eval(ALIVE, 1, ALIVE_KEY, this.options.processId(), this.options.leaseMs));
      if (this.withdrawn) return;
      if (live !== this.live) {
        log.info('cluster.processes', { live, before: this.live });
        this.live = live;
        this.settledAt = Date.now();
      }
    } catch (err) {
      log.warn('cluster.alive.redis', { message: String(err) });
      return;
    }
    if (
      this.heldHere() <= this.fairShare() ||
      Date.now() - this.settledAt < (this.options.settleMs ?? 2 * this.options.leaseMs)
    )
      return;
    let spare: HeldLease | undefined;
    try {
      for (const lease of this.leases) {
        if (lease.mine() && (await lease.vacant())) {
          spare = lease;
          break;
        }
      }
    } catch (err) {
      // Not knowing whether a hall is empty is not knowing it is: it stays.
      log.warn('cluster.vacant', { message: String(err) });
      return;
    }
    if (!spare || this.withdrawn) return;
    this.settledAt = Date.now();
    await spare.giveBack();
  }

  hold(name: string, holder: LeaseHolder): Lease {
    const key = `hall:lease:${name}`;
    if (!this.firstRollCall) {
      this.firstRollCall = this.callRoll();
      this.rollCall = setInterval(() => void this.callRoll(), this.renewEveryMs());
    }
    const firstRollCall = this.firstRollCall;
    const leaseMs = this.options.leaseMs;
    const everyMs = this.renewEveryMs();
    let mine = false;
    let stopped = false;
    let trying = true;
    let lastRenewed = 0;
    let previous: string | null = null;
    /** Since when the lease has been seen free while this process held its fair share, ms (0: not seen so). */
    let freeSince = 0;
    /** won and lost, one after the other, never both at once. */
    let turn: Promise<void> = Promise.resolve();
    const me = () => this.options.processId();
    const lose = (why: string) => {
      mine = false;
      log.warn('cluster.lease.lost', { lease: name, why });
      turn = turn
        .then(() => holder.lost())
        .catch((err) => log.error('cluster.lease.lost', { lease: name, message: String(err) }));
    };
    const tick = async () => {
      if (stopped) return;
      try {
        if (mine) {
          const renewed = await this.redis.eval(RENEW, 1, key, me(), String(leaseMs));
          if (renewed === 1) lastRenewed = Date.now();
          else lose('taken');
        } else if (trying) {
          await firstRollCall;
          if (this.heldHere() >= this.fairShare()) {
            // A process short of its share may take it first; if none has within the grace, this one does.
            const holderNow = await this.redis.get(key);
            if (holderNow) {
              freeSince = 0;
              if (holderNow !== me()) previous = holderNow;
              return;
            }
            freeSince ||= Date.now();
            if (Date.now() - freeSince < (this.options.graceMs ?? leaseMs)) return;
          }
          freeSince = 0;
          const taken = await this.redis.set(key, me(), 'PX', leaseMs, 'NX');
          if (taken === 'OK' && !trying) {
            // Won just as the process began closing: let it go again at once, for a process that stays.
            await this.redis.eval(RELEASE, 1, key, me());
          } else if (taken === 'OK') {
            mine = true;
            lastRenewed = Date.now();
            this.settledAt = lastRenewed;
            const before = previous;
            log.info('cluster.lease.won', { lease: name, previous: before ?? undefined });
            turn = turn
              .then(() => holder.won(before))
              .catch(async (err) => {
                log.error('cluster.lease.open', { lease: name, message: String(err) });
                // Could not open what it guards: another process may try.
                mine = false;
                await this.redis.eval(RELEASE, 1, key, me()).catch(() => undefined);
              });
          } else {
            const holderNow = await this.redis.get(key);
            if (holderNow && holderNow !== me()) previous = holderNow;
          }
        }
      } catch (err) {
        log.warn('cluster.lease.redis', { lease: name, message: String(err) });
        // Unable to renew for a whole lease: another process may hold it by now.
        if (mine && Date.now() - lastRenewed >= leaseMs) lose('unrenewed');
      }
    };
    const entry: HeldLease = {
      mine: () => mine,
      vacant: async () => (await holder.vacant?.()) ?? false,
      giveBack: async () => {
        if (!mine || stopped) return;
        mine = false;
        log.info('cluster.lease.given', { lease: name, fairShare: this.fairShare(), live: this.live });
        // Closed here before the lease is free, so the next holder never opens it while it is still open here.
        turn = turn
          .then(() => holder.lost())
          .catch((err) => log.error('cluster.lease.lost', { lease: name, message: String(err) }));
        await turn;
        await this.redis.eval(RELEASE, 1, key, me()).catch(() => undefined);
      },
    };
    this.leases.add(entry);
    const timer = setInterval(() => void tick(), everyMs);
    void tick();
    return {
      stopTrying: async () => {
        trying = false;
        await turn;
      },
      release: async () => {
        trying = false;
        stopped = true;
        this.leases.delete(entry);
        clearInterval(timer);
        await turn;
        if (mine) await this.redis.eval(RELEASE, 1, key, me()).catch(() => undefined);
        mine = false;
      },
    };
  }

  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // Calls here queue in memory first, so only one of them at a time asks Redis.
    return this.local.run(name, async () => {
      const key = `hall:lock:${name}`;
      const token = randomUUID();
      const giveUpAt = Date.now() + EXCLUSIVE_WAIT_MS;
      while ((await this.redis.set(key, token, 'PX', EXCLUSIVE_HOLD_MS, 'NX')) !== 'OK') {
        if (Date.now() >= giveUpAt) throw new Error(`${name} is busy on another process`);
        await new Promise((resolve) => setTimeout(resolve, EXCLUSIVE_RETRY_MS));
      }
      try {
        return await fn();
      } finally {
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    });
  }

  publish(topic: string, value: unknown): void {
    const message = JSON.stringify({ from: this.origin, value });
    this.redis
      .publish(this.channelPrefix + topic, message)
      .catch((err: Error) => log.warn('cluster.publish', { topic, message: err.message }));
  }

  subscribe(topic: string, listener: (value: unknown) => void): void {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', (err: Error) => log.warn('cluster.redis', { message: err.message }));
      this.subscriber.on('message', (channel: string, message: string) => {
        if (!channel.startsWith(this.channelPrefix)) return;
        let parsed: { from?: string; value?: unknown };
        try {
          parsed = JSON.parse(message) as { from?: string; value?: unknown };
        } catch {
          return;
        }
        if (parsed.from === this.origin) return;
        for (const fn of this.listeners.get(channel.slice(this.channelPrefix.length)) ?? []) {
          try {
            fn(parsed.value);
          } catch (err) {
            log.error('cluster.news', { topic: channel, message: String(err) });
          }
        }
      });
    }
    const set = this.listeners.get(topic) ?? new Set();
    if (set.size === 0) void this.subscriber.subscribe(this.channelPrefix + topic);
    set.add(listener);
    this.listeners.set(topic, set);
  }

  async withdraw(): Promise<void> {
    if (this.withdrawn) return;
    this.withdrawn = true;
    clearInterval(this.rollCall);
    await this.redis.hdel(ALIVE_KEY, this.options.processId()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.withdraw();
    this.closed = true;
    this.subscriber?.disconnect();
    await this.redis.quit().catch(() => undefined);
  }
}
