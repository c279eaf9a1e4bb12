/**
 * The queue with a long line, for `npm run bench -- queueScale`: the time from an officer's "call next" to
 * their desk view showing who is called, with 200, 2,000 and 10,000 tickets waiting, and the longest the
 * hall's event loop stood still meanwhile.
 *
 * What waits: at every size SCALE_CONNECTED merchants are real `@colyseus/sdk` clients in the hall, each
 * with one ticket taken over the socket, and whose place must be kept up to date; the rest of the line
 * (none at 200) are merchants and tickets written straight into the hall's storage before it starts, taken
 * earlier today, with no connection — 10,000 sockets are more than one machine can hold beside the hall,
 * and a hall holds at most 500 people anyway. The stored tickets stand ahead of the connected ones, so every
 * call moves all connected merchants up one place. Four officers, one desk and service each, call, start and
 * complete, each step confirmed before the next and at most one intent every OFFICER_GAP_MS.
 *
 * Measured inside the server: the longest event-loop delay, from /healthz's `eventLoop` (server/eventLoop.ts);
 * from outside: /healthz answered every HEALTH_POLL_MS, and the time from a call to every connected merchant of
 * that line showing a better place. Timings are reported, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, type Room } from '@colyseus/sdk';
import { stationDay } from '../../shared/dates.ts';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, HallNotice, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import type { DeskViewNotice, MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { openDb } from '../../server/store/db.ts';
import type { HallProcess } from '../support/server.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { OFFICER_GAP_MS, QUEUE_DESKS, Waits, officerTokens } from './queue.ts';
import { cpuMeter, percentile, processRssMb, round } from './stats.ts';
import { errorText, sleep, withTimeout } from './wait.ts';

/** Tickets waiting at each size. */
export const SCALE_SIZES = [200, 2_000, 10_000];
/** Merchants with a live connection at every size (all of the line at 200). */
export const SCALE_CONNECTED = 200;
/** Calls timed per desk at each size. */
export const SCALE_CALLS_PER_DESK = 25;
/** The station's time zone the bench hall runs in: stored tickets are taken earlier on its day. */
export const SCALE_TZ = 'Asia/Shanghai';
const HEALTH_POLL_MS = 100;
/** Longest wait for one step's effect (a desk view, a merchant's list). */
const STEP_MS = 10_000;
const JOIN_BATCH = 20;
/** Rows per statement when seeding storage. */
const SEED_BATCH = 1_000;
/**
 * Quiet time before the calls: one event-loop window of the hall (server/eventLoop.ts, 5 s) and a little,
 * so the window in which the calls begin does not hold the joins' stalls.
 */
const SETTLE_MS = 5_500;

export interface QueueScaleRow {
  waiting: number;
  stored: number;
  connected: number;
  seedMs: number;
  calls: number;
  callToDeskViewP50Ms: number;
  callToDeskViewP99Ms: number;
  callToDeskViewMaxMs: number;
  /** Calls whose desk view never showed the called ticket within STEP_MS. */
  missedDeskViews: number;
  /** Call → every connected merchant of that line showing a better place than when the call was sent. */
  lineUpdatedP50Ms: number;
  lineUpdatedP99Ms: number;
  lineUpdatedMissed: number;
  /** /healthz answered from outside, every HEALTH_POLL_MS during the calls. */
  healthP99Ms: number;
  healthMaxMs: number;
  /** Longest event-loop delay inside the server during the calls; null when /healthz does not report it. */
  loopMaxMs: number | null;
  serverCpuPercent: number;
  serverRssMb: number;
  refusals: Record<string, number>;
  notes: string[];
  latencies: number[];
}

interface Merchant {
  room: Room<unknown, HallState>;
  service: string;
  ticketId: string | null;
  /** Place in line as last shown; null once called (or before the ticket is listed). */
  position: number | null;
}

interface Officer {
  room: Room<unknown, HallState>;
  deskId: string;
  service: string;
  view: DeskViewNotice | null;
  rejected: RejectedNotice[];
}

/** One call's wait for every connected merchant of its line to show a better place. */
interface LineCheck {
  t0: number;
  before: Map<Merchant, number>;
}

/**
 * Write `count` merchants and one waiting ticket each, spread over the services in turn, straight into the
 * storage under `dataDir` (the hall is not running yet), taken over the last few seconds of today. The
 * storage is made even for none, so every size's hall starts on a database already migrated.
 */
export async function seedWaiting(dataDir: string, count: number): Promise<void> {
  // The storage's own start-up lines (migrations applied) are the hall's to print, not the bench's.
  const logLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'silent';
  const db = await openDb({ dataDir }).finally(() => {
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
  });
  try {
    const now = Date.now();
    const day = stationDay(now, SCALE_TZ);
    const seq = new Map<string, number>();
    for (let i = 0; i < count; i += SEED_BATCH) {
      const rows = Array.from({ length: Math.min(SEED_BATCH, count - i) }, (_, k) => {
        const n = i + k;
        const service = hallLayout.services[n % hallLayout.services.length]!;
        const s = (seq.get(service.id) ?? 0) + 1;
        seq.set(service.id, s);
        return {
          merchant: `stored-merchant-${n}`,
          ticket: `stored-ticket-${n}`,
          service: service.id,
          seq: s,
          number: `${service.prefix}-${String(s).padStart(3, '0')}`,
          takenAt: new Date(now - (count - n)).toISOString(),
        };
      });
      await db.query(
        `INSERT INTO merchants (id, display_name, shop_name, recovery_hash)
         SELECT id, '等候商户', 'Stored bench shop', 'not-a-recovery-code' FROM unnest($1::text[]) AS id`,
        [rows.map((r) => r.merchant)],
      );
      await db.query(
        `INSERT INTO tickets (id, day, seq, number, service, merchant_id, taken_at, status)
         SELECT t.id, $1, t.seq, t.number, t.service, t.merchant, t.taken_at, 'waiting'
         FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
           AS t (id, seq, number, service, merchant, taken_at)`,
        [
          day,
          rows.map((r) => r.ticket),
          rows.map((r) => r.seq),
          rows.map((r) => r.number),
          rows.map((r) => r.service),
          rows.map((r) => r.merchant),
          rows.map((r) => r.takenAt),
        ],
      );
    }
  } finally {
    await db.close();
  }
}

export class QueueScaleBench {
  private readonly origin: string;
  private readonly waits = new Waits();
  private readonly merchants: Merchant[] = [];
  private readonly officers: Officer[] = [];
  private readonly checks = new Set<LineCheck>();
  private readonly lineLatencies: number[] = [];
  private readonly refusals: Record<string, number> = {};
  private readonly notes: string[] = [];
  private readonly hall: HallProcess;
  private readonly waiting: number;
  private readonly seedMs: number;
  private readonly deadline: number;
  private readonly log: (msg: string) => void;

  constructor(hall: HallProcess, waiting: number, seedMs: number, deadline: number, log: (msg: string) => void) {
    this.hall = hall;
    this.waiting = waiting;
    this.seedMs = seedMs;
    this.deadline = deadline;
    this.log = log;
    this.origin = new URL(hall.url).origin;
  }

  private left(ms = Infinity): number {
    return Math.max(0, Math.min(ms, this.deadline - Date.now()));
  }

  async run(): Promise<QueueScaleRow> {
    const tokens = await officerTokens(this.origin, this.hall.dataDir, QUEUE_DESKS.length, (ms) => this.left(ms));
    await Promise.all(QUEUE_DESKS.map((d, i) => this.openDesk(d.deskId, d.service, tokens[i]!)));
    const connected = Math.min(SCALE_CONNECTED, this.waiting);
    await this.joinMerchants(connected);
    await this.takeTickets();
    this.log(`queueScale ${this.waiting}: ${this.merchants.length} connected merchants in line; settling`);
    await sleep(Math.min(SETTLE_MS, this.left()));

    const measureFrom = Date.now();
    const health = this.pollHealth(measureFrom);
    const serverCpu = cpuMeter(this.hall.pid);
    const desks = await Promise.all(this.officers.map((o) => this.serve(o)));
    const serverCpuPercent = serverCpu();
    const serverRssMb = processRssMb(this.hall.pid);
    const h = await health.stop();
    const lat = desks.flatMap((d) => d.latencies);
    return {
      waiting: this.waiting,
      stored: this.waiting - connected,
      connected: this.merchants.length,
      seedMs: this.seedMs,
      calls: lat.length,
      callToDeskViewP50Ms: round(percentile(lat, 50), 1),
      callToDeskViewP99Ms: round(percentile(lat, 99), 1),
      callToDeskViewMaxMs: round(lat.length ? Math.max(...lat) : NaN, 1),
      missedDeskViews: desks.reduce((sum, d) => sum + d.missed, 0),
      lineUpdatedP50Ms: round(percentile(this.lineLatencies, 50), 1),
      lineUpdatedP99Ms: round(percentile(this.lineLatencies, 99), 1),
      lineUpdatedMissed: this.checks.size,
      healthP99Ms: round(percentile(h.rtts, 99), 1),
      healthMaxMs: round(h.rtts.length ? Math.max(...h.rtts) : NaN, 1),
      loopMaxMs: h.loopMaxMs,
      serverCpuPercent: round(serverCpuPercent, 1),
      serverRssMb: round(serverRssMb, 1),
      refusals: this.refusals,
      notes: this.notes,
      latencies: lat.map((l) => round(l, 1)),
    };
  }

  private async openDesk(deskId: string, service: string, token: string): Promise<void> {
    const client = new Client(this.origin);
    client.auth.token = await roomPassFor(this.origin, token);
    const room = await withTimeout(client.join(RoomName.hall, {}, HallState), this.left(20_000), 'officer join');
    const officer: Officer = { room, deskId, service, view: null, rejected: [] };
    room.onMessage(HallNotice.deskView, (v: DeskViewNotice) => {
      officer.view = v;
      this.waits.wake();
    });
    room.onMessage(HallNotice.rejected, (n: RejectedNotice) => {
      officer.rejected.push(n);
      const key = `${n.intent}: ${n.reason}`;
      this.refusals[key] = (this.refusals[key] ?? 0) + 1;
      this.waits.wake();
    });
    room.onMessage('*', () => undefined);
    this.officers.push(officer);
    room.send(HallIntent.openDesk, { deskId, services: [service] });
    const open = await this.waits.until(() => officer.view?.deskId === deskId, this.left(STEP_MS));
    if (!open) throw new Error(`${deskId} did not open`);
  }

  private async joinMerchants(count: number): Promise<void> {
    let failed = 0;
    for (let done = 0; done < count && this.left() > 0; done += JOIN_BATCH) {
      const joins = await Promise.allSettled(
        Array.from({ length: Math.min(JOIN_BATCH, count - done) }, (_, i) =>
          withTimeout(this.joinOne(done + i), Math.max(1000, this.left(30_000)), 'merchant join'),
        ),
      );
      for (const r of joins) {
        if (r.status === 'fulfilled') continue;
        if (failed++ === 0) this.notes.push(`merchant join failed: ${errorText(r.reason)}`);
      }
      if (failed > 20) break;
    }
    if (failed) this.notes.push(`${failed} merchant joins failed`);
  }

  private async joinOne(n: number): Promise<void> {
    const client = new Client(this.origin);
    const token = await signUpMerchant(this.origin, `在线商户${n}`, `Scale bench shop ${n}`);
    client.auth.token = await roomPassFor(this.origin, token);
    const room = await client.join(RoomName.hall, {}, HallState);
    const m: Merchant = { room, service: QUEUE_DESKS[n % QUEUE_DESKS.length]!.service, ticketId: null, position: null };
    room.onMessage(HallNotice.myTickets, (notice: MyTicketsNotice) => this.onMyTickets(m, notice));
    room.onMessage('*', () => undefined);
    this.merchants.push(m);
  }

  private onMyTickets(m: Merchant, notice: MyTicketsNotice): void {
    const now = performance.now();
    const mine = notice.tickets.find((t) => t.service === m.service);
    if (mine) m.ticketId = mine.id;
    m.position = mine?.status === 'waiting' ? mine.position : null;
    for (const check of this.checks) {
      const before = check.before.get(m);
      if (before === undefined || (m.position !== null && m.position >= before)) continue;
      check.before.delete(m);
      if (check.before.size === 0) {
        this.checks.delete(check);
        this.lineLatencies.push(now - check.t0);
      }
    }
    this.waits.wake();
  }

  private async takeTickets(): Promise<void> {
    for (const m of this.merchants) m.room.send(HallIntent.takeTicket, { service: m.service });
    const all = await this.waits.until(
      () => this.merchants.every((m) => m.ticketId && m.position !== null),
      this.left(60_000),
    );
    if (!all) this.notes.push('not every connected merchant saw a place in line before the deadline');
  }

  /** Call, start, complete, SCALE_CALLS_PER_DESK times, timing each call until the desk view shows it. */
  private async serve(o: Officer): Promise<{ latencies: number[]; missed: number }> {
    const latencies: number[] = [];
    let missed = 0;
    let lastSent = -Infinity;
    const send = async (type: string, payload?: unknown) => {
      const wait = lastSent + OFFICER_GAP_MS - performance.now();
      if (wait > 0) await sleep(wait);
      lastSent = performance.now();
      o.room.send(type, payload);
    };
    for (let k = 0; k < SCALE_CALLS_PER_DESK && this.left() > STEP_MS; k++) {
      const before = new Map<Merchant, number>();
      for (const m of this.merchants) if (m.service === o.service && m.position !== null) before.set(m, m.position);
      const refused = o.rejected.length;
      await send(HallIntent.callNext);
      const t0 = lastSent;
      if (before.size > 0) this.checks.add({ t0, before });
      const called = await this.waits.until(
        () => (o.view?.current?.status === 'called' ? o.view.current : o.rejected.length > refused),
        this.left(STEP_MS),
      );
      if (called === true) break; // refused: the line is empty
      if (!called) {
        missed++;
        break;
      }
      latencies.push(performance.now() - t0);
      const ticketId = called.ticketId;
      await send(HallIntent.startService);
      await this.waits.until(() => o.view?.current?.status === 'serving', this.left(STEP_MS));
      await send(HallIntent.complete, { notes: '', checklist: [], outcome: 'resolved' });
      const free = await this.waits.until(() => o.view && o.view.current?.ticketId !== ticketId, this.left(STEP_MS));
      if (!free) {
        this.notes.push(`${o.deskId}: ${called.number} not completed in time`);
        break;
      }
    }
    return { latencies, missed };
  }

  /**
   * /healthz every HEALTH_POLL_MS: its round trip, and the hall's own longest event-loop delay over the
   * windows that began after `from` (earlier ones may hold the joins' stalls).
   */
  private pollHealth(from: number): { stop: () => Promise<{ rtts: number[]; loopMaxMs: number | null }> } {
    const rtts: number[] = [];
    let loopMaxMs: number | null = null;
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const t0 = performance.now();
        try {
          const res = await withTimeout(fetch(new URL('/healthz', this.origin)), 10_000, '/healthz');
          const body = (await res.json()) as {
            eventLoop?: { maxMs: number; startedAt: number; previousMaxMs: number; previousStartedAt: number };
          };
          rtts.push(performance.now() - t0);
          const e = body.eventLoop;
          if (e) {
            loopMaxMs ??= 0;
            if (e.startedAt >= from) loopMaxMs = Math.max(loopMaxMs, e.maxMs);
            if (e.previousStartedAt >= from) loopMaxMs = Math.max(loopMaxMs, e.previousMaxMs);
          }
        } catch (err) {
          this.notes.push(`/healthz: ${errorText(err)}`);
        }
        await sleep(HEALTH_POLL_MS);
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await loop;
        return { rtts, loopMaxMs };
      },
    };
  }

  async close(): Promise<void> {
    const rooms = [...this.officers.map((o) => o.room), ...this.merchants.map((m) => m.room)];
    for (let i = 0; i < rooms.length; i += 50) {
      await Promise.allSettled(rooms.slice(i, i + 50).map((r) => withTimeout(r.leave(true), 5000, 'leave')));
    }
  }
}

/** A fresh data folder for one size, seeded with the stored part of its line. */
export async function seededDataDir(waiting: number): Promise<{ dataDir: string; seedMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-scale-'));
  const t0 = performance.now();
  await seedWaiting(dataDir, waiting - Math.min(SCALE_CONNECTED, waiting));
  return { dataDir, seedMs: Math.round(performance.now() - t0) };
}
