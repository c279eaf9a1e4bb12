/**
 * A crowd of walking merchants for end-to-end tests: real `@colyseus/sdk` clients in this process, each signed
 * up through the accounts API and joining the hall with its own room pass, as a page does. Each one, every
 * 2–6 s, asks to walk to a random free spot of the floor. They are kept light: a bot decodes the hall's state
 * only until it has found its own avatar, then lets the patches go by unread, and knows where it is from the
 * walks it asked for (planned on the same nav grid the hall plans them on).
 */
import { Client, Protocol, type Room } from '@colyseus/sdk';
import { hallLayout } from '../../shared/layout.ts';
import { WALK_SPEED } from '../../shared/movement.ts';
import { createNavGrid, findPath, isWalkable, type Point } from '../../shared/navgrid.ts';
import { HallIntent, HallNotice, RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { signUpMerchant } from './merchants.ts';
import { roomPassFor } from './roomPass.ts';

const grid = createNavGrid(hallLayout);
const TICK_MS = 250;
const PAUSE_MIN_MS = 2000;
const PAUSE_SPAN_MS = 4000;
/** Low bits of a message's first byte hold its protocol code (PROTOCOL_CODE_MASK in @colyseus/shared-types). */
const PROTOCOL_CODE_MASK = 0x1f;
const JOIN_TIMEOUT_MS = 30_000;

interface Bot {
  room: Room<unknown, HallState>;
  /** Where the bot stands, or where its current walk began; null until its avatar is found in the state. */
  from: Point | null;
  /** The current walk's waypoints (empty while standing) and when it began and ends, on this process's clock. */
  path: Point[];
  startedAt: number;
  endsAt: number;
  /** When the bot next asks to walk. */
  nextAt: number;
  closing: boolean;
}

function randomSpot(from: Point): Point | null {
  const { minX, maxX, minZ, maxZ } = hallLayout.bounds;
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = minX + Math.random() * (maxX - minX);
    const z = minZ + Math.random() * (maxZ - minZ);
    if (isWalkable(grid, x, z) && Math.hypot(x - from.x, z - from.z) >= 1) return { x, z };
  }
  return null;
}

function pauseMs(): number {
  return PAUSE_MIN_MS + Math.random() * PAUSE_SPAN_MS;
}

/** Where a bot is now along the walk it asked for, at walking pace (its spot once the walk is over). */
function whereNow(bot: Bot, now: number): Point | null {
  if (!bot.from) return null;
  let left = (Math.min(now, bot.endsAt) - bot.startedAt) * (WALK_SPEED / 1000);
  let at = bot.from;
  for (const p of bot.path) {
    const d = Math.hypot(p.x - at.x, p.z - at.z);
    if (left <= d) {
      const f = d > 0 ? left / d : 1;
      return { x: at.x + (p.x - at.x) * f, z: at.z + (p.z - at.z) * f };
    }
    left -= d;
    at = p;
  }
  return at;
}

function walk(bot: Bot, now: number): void {
  const from = whereNow(bot, now);
  bot.nextAt = now + pauseMs();
  if (!from) return;
  const to = randomSpot(from);
  const path = to && findPath(grid, from, to);
  if (!to || !path) return;
  const length = path.reduce(
    (sum, p, i) => sum + Math.hypot(p.x - (path[i - 1] ?? from).x, p.z - (path[i - 1] ?? from).z),
    0,
  );
  bot.from = from;
  bot.path = path;
  bot.startedAt = now;
  bot.endsAt = now + (1000 * length) / WALK_SPEED;
  bot.nextAt = bot.endsAt + pauseMs();
  bot.room.send(HallIntent.moveTo, to);
}

async function joinBot(url: string, n: number, label: string): Promise<Bot> {
  const client = new Client(url);
  client.auth.token = await roomPassFor(url, await signUpMerchant(url, `${label}${n}`, `${label}${n}号店`));
  const room = await client.join(RoomName.hall, {}, HallState);
  const bot: Bot = {
    room,
    from: null,
    path: [],
    startedAt: 0,
    endsAt: 0,
    nextAt: Date.now() + pauseMs(),
    closing: false,
  };
  room.onMessage('*', () => undefined); // tickets and the like: a walker takes none
  room.onMessage(HallNotice.rejected, () => {
    // The walk was refused: the bot stays where it was and tries again after a pause.
    const now = Date.now();
    bot.path = [];
    bot.endsAt = now;
    bot.nextAt = now + pauseMs();
  });
  room.onLeave(() => (bot.closing = true));
  // Every message reaches the room through this handler: once the bot knows where it stands, patches go unread.
  const events = room.connection.events;
  const decode = events.onmessage!;
  events.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
    if (bot.from && (new Uint8Array(ev.data)[0]! & PROTOCOL_CODE_MASK) === Protocol.ROOM_STATE_PATCH) return;
    decode(ev);
    if (!bot.from) {
      const me = room.state.avatars?.get(room.sessionId);
      if (me) bot.from = { x: me.x / 100, z: me.z / 100 };
    }
  };
  return bot;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export interface CrowdBots {
  /** Bring `count` more walkers into the hall, `batch` at a time in parallel; throws if any cannot join. */
  add(count: number, batch?: number): Promise<void>;
  /** Walkers in the hall now. */
  size(): number;
  /** Where each walker is now, as far as it knows (metres; those not yet placed are left out). */
  positions(): Point[];
  /** Every walker leaves the hall (consented), and they stop walking. */
  close(): Promise<void>;
}

/** A crowd of walking merchants in the hall at `url`; their names are `label` and a number. */
export function crowdBots(url: string, label = '行人'): CrowdBots {
  const bots: Bot[] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    for (const bot of bots) if (!bot.closing && now >= bot.nextAt) walk(bot, now);
  }, TICK_MS);
  return {
    async add(count, batch = 30) {
      for (let done = 0; done < count;) {
        const size = Math.min(batch, count - done);
        const joined = await Promise.allSettled(
          Array.from({ length: size }, (_, i) =>
            withTimeout(joinBot(url, bots.length + i, label), JOIN_TIMEOUT_MS, 'a walker joining the hall'),
          ),
        );
        // Keep those who joined (close() takes them out again) before saying why the others did not.
        for (const r of joined) if (r.status === 'fulfilled') bots.push(r.value);
        const refused = joined.find((r) => r.status === 'rejected');
        if (refused) throw refused.reason;
        done += size;
      }
    },
    size: () => bots.filter((b) => !b.closing).length,
    positions() {
      const now = Date.now();
      return bots.flatMap((b) => {
        const p = b.closing ? null : whereNow(b, now);
        return p ? [p] : [];
      });
    },
    async close() {
      clearInterval(timer);
      for (const b of bots) b.closing = true;
      await Promise.allSettled(bots.map((b) => withTimeout(b.room.leave(true), 5000, 'a walker leaving')));
    },
  };
}
