/**
 * The queue under load, for `npm run bench`: 200 merchants take numbers spread evenly over the four
 * services, then four officers, one per desk and service, call, serve and complete them as fast as the
 * hall's message limit lets one person send. Measures the time from an officer sending `callNext` to the
 * called merchant's client receiving `called` (every client lives in this thread, so one clock times both
 * ends), and counts tickets lost: taken (takeTicket sent) but never called and completed, whether or not
 * the merchant's list ever confirmed them. Real `@colyseus/sdk` clients over loopback; every wait has a
 * deadline. Timings are reported, never asserted; the queue's two promises are: a lost ticket or a call
 * whose merchant was never signalled fails the run (see queueFailures).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import { AccountsRoute } from '../../shared/accounts.ts';
import { hallLayout } from '../../shared/layout.ts';
import {
  HallIntent,
  HallNotice,
  MAX_MESSAGES_PER_SECOND,
  Reason,
  RoomName,
  type RejectedNotice,
} from '../../shared/protocol.ts';
import type { CalledNotice, DeskViewNotice, MyTicket, MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { childEnv } from '../support/server.ts';
import { cpuMeter, percentile, round, tallyConsole } from './stats.ts';
import { errorText, sleep, withTimeout } from './wait.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const QUEUE_MERCHANTS = 200;
/** One officer per desk, each desk open for that desk's own service. */
export const QUEUE_DESKS = hallLayout.desks.map((d) => ({ deskId: d.id, service: d.services[0]! }));
/**
 * Least time between two intents of one officer. The hall drops anyone sending more than
 * MAX_MESSAGES_PER_SECOND; an officer pacing at half of it stays clear of that.
 */
export const OFFICER_GAP_MS = Math.ceil(2000 / MAX_MESSAGES_PER_SECOND);
/** Longest wait for any one step's effect (a signal, a list, a desk view). */
const STEP_MS = 10_000;
const JOIN_BATCH = 20;
/** Refusals in a row (other than an empty queue) after which an officer stops. */
const MAX_REFUSALS_IN_A_ROW = 5;

export interface QueueDeskResult {
  deskId: string;
  service: string;
  served: number;
  /** Why the officer stopped calling: 'queue empty' when all went well. */
  stopped: string;
}

export interface QueueResult {
  /** Merchants in the hall with a live connection when serving began. */
  merchants: number;
  /** Officers at a desk. */
  officers: number;
  joinMs: number;
  joinFailed: number;
  joinError?: string;
  /** takeTicket sent, one per merchant in the hall. */
  ticketsTaken: number;
  /** Tickets the merchant's own myTickets list confirmed. */
  ticketsConfirmed: number;
  /** takeTicket sent but never confirmed before the deadline (refused, or no answer). */
  ticketsUnconfirmed: number;
  takeP50Ms: number;
  takeP99Ms: number;
  /** Confirmed tickets that were called, served and completed (gone from the merchant's list afterwards). */
  served: number;
  /** ticketsTaken − served: unconfirmed, vanished and never-called tickets all count. Must be 0. */
  lost: number;
  /** Confirmed tickets that left the merchant's list before the desk completed them. */
  vanished: number;
  /** Merchants still holding an open ticket at the end. */
  stillOpen: number;
  callToSignalP50Ms: number;
  callToSignalP99Ms: number;
  callToSignalMaxMs: number;
  samples: number;
  /** Calls the desk made whose merchant got no `called` within the step deadline. Must be 0. */
  missedSignals: number;
  /** `called` notices no pending call explains (late, repeated, or for the wrong merchant). */
  strayCalls: number;
  /** Calls of a ticket taken earlier than the one called before it at the same desk. */
  outOfOrder: number;
  /** Steps the merchant's list confirmed but the officer's desk view did not show within the deadline. */
  staleDeskViews: number;
  caseCompletedNotices: number;
  /** From the first callNext to the last completion seen, s. */
  servingS: number;
  ticketsPerS: number;
  serverCpuPercent: number;
  /** This process (all 204 clients), % of one core, and its main thread's event-loop utilisation. */
  benchCpuPercent: number;
  benchElu: number;
  drops: number;
  unexpectedLeaves: number;
  desks: QueueDeskResult[];
  /** Refusals by intent and reason, with counts. */
  refusals: Record<string, number>;
  /** What the SDK printed during the phase, with counts. */
  sdkNotices: Record<string, number>;
  notes: string[];
  latencies: number[];
}

/**
 * Why the run fails, if it does: a ticket taken and not served, or a call the merchant never heard of. The
 * bench prints these and exits non-zero; an empty list means the queue kept both promises.
 */
export function queueFailures(
  q: Pick<
    QueueResult,
    'ticketsTaken' | 'served' | 'lost' | 'ticketsUnconfirmed' | 'vanished' | 'stillOpen' | 'missedSignals'
  >,
): string[] {
  const out: string[] = [];
  if (q.lost > 0) {
    out.push(
      `${q.lost} tickets lost: ${q.ticketsTaken} taken, ${q.served} served ` +
        `(${q.ticketsUnconfirmed} never confirmed, ${q.vanished} left a list unserved, ${q.stillOpen} still open)`,
    );
  }
  if (q.missedSignals > 0) out.push(`${q.missedSignals} calls whose merchant got no signal`);
  return out;
}

interface Person {
  room: Room<unknown, HallState>;
  rejected: RejectedNotice[];
  closing: boolean;
}

interface Merchant extends Person {
  n: number;
  service: string;
  takeSentAt: number;
  ticket: MyTicket | null;
  confirmedAt: number;
  /** Latest list from the hall. */
  tickets: MyTicket[];
  called: CalledNotice[];
  completeSent: boolean;
  completed: boolean;
  vanished: boolean;
}

interface PendingCall {
  deskId: string;
  t0: number;
  merchant?: Merchant;
  at?: number;
}

interface Officer extends Person {
  deskId: string;
  service: string;
  view: DeskViewNotice | null;
}

/**
 * Waits that end when a notice makes their condition true (checked again on every notice) or at their
 * deadline, whichever comes first: no polling, so the serving loops run at the hall's pace.
 */
export class Waits {
  private readonly pokes = new Set<() => void>();

  wake(): void {
    for (const poke of [...this.pokes]) poke();
  }

  until<T>(check: () => T | undefined | null | false, ms: number): Promise<T | undefined> {
    const first = check();
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => {
      const finish = (v: T | undefined) => {
        clearTimeout(timer);
        this.pokes.delete(poke);
        resolve(v);
      };
      const poke = () => {
        const v = check();
        if (v) finish(v);
      };
      const timer = setTimeout(() => finish(undefined), Math.max(0, ms));
      this.pokes.add(poke);
    });
  }
}

/**
 * Officer accounts made with `npm run staff` (through the running hall, which holds the database), signed
 * in: one token each, `bench1` … `benchN`. `left(ms)` bounds each step by what the caller has left.
 */
export function officerTokens(
  origin: string,
  dataDir: string,
  count: number,
  left: (ms: number) => number,
): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const username = `bench${i + 1}`;
      const password = `bench-officer-${i + 1}-password`;
      await staffCli(
        dataDir,
        ['add', '--role', 'officer', '--username', username, '--name', `警官${i + 1}`],
        password,
        left(30_000),
      );
      const res = await withTimeout(
        fetch(new URL(AccountsRoute.staffLogin, origin), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }),
        }),
        left(15_000),
        'staff sign-in',
      );
      const body = (await res.json()) as { token?: string; error?: string };
      if (!body.token) throw new Error(`staff sign-in refused: ${res.status} ${body.error ?? ''}`);
      return body.token;
    }),
  );
}

function staffCli(dataDir: string, args: string[], password: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'server', 'cli', 'staff.ts'), ...args], {
      cwd: root,
      env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm run staff ${args[0]} failed (${code ?? signal}): ${output.trim().slice(0, 300)}`));
    });
    child.stdin.end(`${password}\n`);
  });
}

export class QueueBench {
  private readonly url: string;
  private readonly origin: string;
  private readonly dataDir: string;
  private readonly hallPid: number;
  private readonly deadline: number;
  private readonly log: (msg: string) => void;
  private readonly waits = new Waits();
  private readonly merchants: Merchant[] = [];
  private readonly officers: Officer[] = [];
  private readonly byNumber = new Map<string, Merchant>();
  private readonly pending = new Map<string, PendingCall>();
  private readonly latencies: number[] = [];
  private readonly refusals: Record<string, number> = {};
  private readonly notices = new Map<string, number>();
  private readonly notes: string[] = [];
  private strayCalls = 0;
  private missedSignals = 0;
  private outOfOrder = 0;
  private staleDeskViews = 0;
  private caseCompleted = 0;
  private drops = 0;
  private unexpectedLeaves = 0;
  private lastCompletionAt = 0;
  private restoreConsole: (() => void) | null = null;

  constructor(opts: { url: string; dataDir: string; hallPid: number; deadline: number; log: (m: string) => void }) {
    this.url = opts.url;
    this.origin = new URL(opts.url).origin;
    this.dataDir = opts.dataDir;
    this.hallPid = opts.hallPid;
    this.deadline = opts.deadline;
    this.log = opts.log;
  }

  private left(ms = Infinity): number {
    return Math.max(0, Math.min(ms, this.deadline - Date.now()));
  }

  async run(): Promise<QueueResult> {
    this.captureConsole();
    const tokens = await this.officerTokens();
    await this.openDesks(tokens);
    this.officers.sort((a, b) => a.deskId.localeCompare(b.deskId));
    this.log(`queue: ${this.officers.length} officers at desks ${this.officers.map((o) => o.deskId).join(', ')}`);

    const join = await this.joinMerchants();
    this.log(`queue: ${this.merchants.length} merchants in the hall (${join.ms} ms, ${join.failed} failed)`);

    await this.takeTickets();
    const taken = this.merchants.filter((m) => m.ticket);
    this.log(`queue: ${taken.length} tickets confirmed of ${this.merchants.length} taken`);

    const inHall = this.merchants.filter((m) => !m.closing).length;
    const serverCpu = cpuMeter(this.hallPid);
    const benchCpu = cpuMeter(process.pid);
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const desks = await Promise.all(this.officers.map((o) => this.serve(o)));
    const serverCpuPercent = serverCpu();
    const benchCpuPercent = benchCpu();
    const benchElu = performance.eventLoopUtilization(elu0).utilization;
    const servingMs = (this.lastCompletionAt || performance.now()) - t0;

    const sent = this.merchants.filter((m) => m.takeSentAt > 0);
    const served = sent.filter((m) => m.ticket && m.completed && m.called.length > 0).length;
    const takes = taken.map((m) => m.confirmedAt - m.takeSentAt);
    const lat = this.latencies;
    return {
      merchants: inHall,
      officers: this.officers.length,
      joinMs: join.ms,
      joinFailed: join.failed,
      joinError: join.firstError,
      ticketsTaken: sent.length,
      ticketsConfirmed: taken.length,
      ticketsUnconfirmed: sent.length - taken.length,
      takeP50Ms: round(percentile(takes, 50), 1),
      takeP99Ms: round(percentile(takes, 99), 1),
      served,
      lost: sent.length - served,
      vanished: taken.filter((m) => m.vanished).length,
      stillOpen: this.merchants.filter((m) => m.tickets.length > 0).length,
      callToSignalP50Ms: round(percentile(lat, 50), 1),
      callToSignalP99Ms: round(percentile(lat, 99), 1),
      callToSignalMaxMs: round(lat.length ? Math.max(...lat) : NaN, 1),
      samples: lat.length,
      missedSignals: this.missedSignals,
      strayCalls: this.strayCalls,
      outOfOrder: this.outOfOrder,
      staleDeskViews: this.staleDeskViews,
      caseCompletedNotices: this.caseCompleted,
      servingS: round(servingMs / 1000, 2),
      ticketsPerS: round(served / (servingMs / 1000), 1),
      serverCpuPercent: round(serverCpuPercent, 1),
      benchCpuPercent: round(benchCpuPercent, 1),
      benchElu: round(benchElu, 3),
      drops: this.drops,
      unexpectedLeaves: this.unexpectedLeaves,
      desks,
      refusals: this.refusals,
      sdkNotices: Object.fromEntries(this.notices),
      notes: this.notes,
      latencies: lat.map((l) => round(l, 1)),
    };
  }

  /** The SDK reports drops and reconnections on the console, once per client; tally them instead. */
  private captureConsole(): void {
    this.restoreConsole = tallyConsole(this.notices);
  }

  private officerTokens(): Promise<string[]> {
    return officerTokens(this.origin, this.dataDir, QUEUE_DESKS.length, (ms) => this.left(ms));
  }

  /** Register what every bench client listens to: right after joining, before anything else arrives. */
  private listen(person: Person): void {
    person.room.onMessage(HallNotice.rejected, (n: RejectedNotice) => {
      person.rejected.push(n);
      const key = `${n.intent}: ${n.reason}`;
      this.refusals[key] = (this.refusals[key] ?? 0) + 1;
      this.waits.wake();
    });
    person.room.onMessage(HallNotice.caseCompleted, () => {
      this.caseCompleted++;
    });
    // Desk conversation logs and anything else: expected, not measured.
    person.room.onMessage('*', () => undefined);
    person.room.onDrop(() => this.drops++);
    person.room.onLeave(() => {
      if (!person.closing) this.unexpectedLeaves++;
      person.closing = true;
      this.waits.wake();
    });
  }

  private async openDesks(tokens: string[]): Promise<void> {
    await Promise.all(
      QUEUE_DESKS.map(async ({ deskId, service }, i) => {
        const client = new Client(this.origin);
        client.auth.token = await roomPassFor(this.origin, tokens[i]!);
        const room = await withTimeout(client.join(RoomName.hall, {}, HallState), this.left(20_000), 'officer join');
        const officer: Officer = { room, rejected: [], closing: false, deskId, service, view: null };
        this.listen(officer);
        room.onMessage(HallNotice.deskView, (v: DeskViewNotice) => {
          officer.view = v;
          this.waits.wake();
        });
        this.officers.push(officer);
        room.send(HallIntent.openDesk, { deskId, services: [service] });
        const open = await this.waits.until(
          () => officer.view?.deskId === deskId || officer.rejected.find((r) => r.intent === HallIntent.openDesk),
          this.left(STEP_MS),
        );
        if (open !== true) throw new Error(`${deskId} did not open: ${open ? open.reason : 'no desk view'}`);
      }),
    );
  }

  private async joinOne(n: number): Promise<Merchant> {
    const client = new Client(this.origin);
    const token = await signUpMerchant(this.origin, `商户${n}`, `Queue bench shop ${n}`);
    client.auth.token = await roomPassFor(this.origin, token);
    const room = await client.join(RoomName.hall, {}, HallState);
    const m: Merchant = {
      n,
      room,
      rejected: [],
      closing: false,
      service: QUEUE_DESKS[n % QUEUE_DESKS.length]!.service,
      takeSentAt: 0,
      ticket: null,
      confirmedAt: 0,
      tickets: [],
      called: [],
      completeSent: false,
      completed: false,
      vanished: false,
    };
    this.listen(m);
    room.onMessage(HallNotice.myTickets, (notice: MyTicketsNotice) => this.onMyTickets(m, notice));
    room.onMessage(HallNotice.called, (notice: CalledNotice) => this.onCalled(m, notice));
    this.merchants.push(m);
    return m;
  }

  private onMyTickets(m: Merchant, notice: MyTicketsNotice): void {
    const now = performance.now();
    m.tickets = notice.tickets;
    const mine = notice.tickets.find((t) => t.service === m.service);
    if (!m.ticket && mine && m.takeSentAt) {
      m.ticket = mine;
      m.confirmedAt = now;
      this.byNumber.set(mine.number, m);
    } else if (m.ticket && !m.completed && !m.vanished && !notice.tickets.some((t) => t.id === m.ticket!.id)) {
      if (m.completeSent) {
        m.completed = true;
        this.lastCompletionAt = now;
      } else {
        m.vanished = true;
      }
    }
    this.waits.wake();
  }

  private onCalled(m: Merchant, notice: CalledNotice): void {
    const now = performance.now();
    m.called.push(notice);
    const call = this.pending.get(notice.deskId);
    if (call && !call.merchant && !notice.recall && notice.number === m.ticket?.number) {
      call.merchant = m;
      call.at = now;
      this.latencies.push(now - call.t0);
    } else {
      this.strayCalls++;
    }
    this.waits.wake();
  }

  private async joinMerchants(): Promise<{ ms: number; failed: number; firstError?: string }> {
    const t0 = performance.now();
    let failed = 0;
    let firstError: string | undefined;
    for (let done = 0; done < QUEUE_MERCHANTS && this.left() > 0; done += JOIN_BATCH) {
      const size = Math.min(JOIN_BATCH, QUEUE_MERCHANTS - done);
      const joins = await Promise.allSettled(
        Array.from({ length: size }, (_, i) =>
          withTimeout(this.joinOne(done + i), Math.max(1000, this.left(30_000)), 'merchant join'),
        ),
      );
      for (const r of joins) {
        if (r.status === 'fulfilled') continue;
        failed++;
        firstError ??= errorText(r.reason);
      }
      if (failed > 20) break; // the hall is refusing us; stop hammering it
    }
    return { ms: Math.round(performance.now() - t0), failed, firstError };
  }

  /** Every merchant takes one number at once; wait for each to see it in their own list. */
  private async takeTickets(): Promise<void> {
    for (const m of this.merchants) {
      m.takeSentAt = performance.now();
      m.room.send(HallIntent.takeTicket, { service: m.service });
    }
    const all = await this.waits.until(
      () => this.merchants.every((m) => m.ticket || m.closing || m.rejected.length > 0),
      this.left(60_000),
    );
    if (!all) this.notes.push('not every ticket was confirmed before the deadline');
  }

  /** One officer's loop: call, start, complete, until the desk's line is empty or time is up. */
  private async serve(o: Officer): Promise<QueueDeskResult> {
    const result: QueueDeskResult = { deskId: o.deskId, service: o.service, served: 0, stopped: '' };
    let lastSent = -Infinity;
    let lastTakenAt = -Infinity;
    let refusedInARow = 0;
    /** Send an intent no sooner than OFFICER_GAP_MS after the last; returns the rejection count before it. */
    const send = async (type: string, payload?: unknown): Promise<number> => {
      const wait = lastSent + OFFICER_GAP_MS - performance.now();
      if (wait > 0) await sleep(wait);
      lastSent = performance.now();
      const mark = o.rejected.length;
      o.room.send(type, payload);
      return mark;
    };
    const refusal = (mark: number, type: string) => o.rejected.slice(mark).find((r) => r.intent === type);
    const stop = (why: string) => {
      result.stopped = why;
      if (why !== 'queue empty') this.notes.push(`${o.deskId}: ${why}`);
      return result;
    };

    for (;;) {
      if (this.left() < OFFICER_GAP_MS) return stop('out of time');
      if (o.closing) return stop('officer connection closed');

      // Call next, timed until the called merchant's own client has the signal.
      const call: PendingCall = { deskId: o.deskId, t0: 0 };
      this.pending.set(o.deskId, call);
      let mark = await send(HallIntent.callNext);
      call.t0 = lastSent;
      const answer = await this.waits.until(
        () => call.merchant ?? refusal(mark, HallIntent.callNext),
        this.left(STEP_MS),
      );
      this.pending.delete(o.deskId);
      let m: Merchant | undefined;
      if (answer && 'reason' in answer) {
        if (answer.reason === Reason.queueEmpty) return stop('queue empty');
        if (++refusedInARow > MAX_REFUSALS_IN_A_ROW) return stop(`callNext refused: ${answer.reason}`);
        continue;
      } else if (answer) {
        m = answer;
      } else {
        // No signal: did the desk call anyone at all?
        const current = o.view?.current;
        m = current?.status === 'called' ? this.byNumber.get(current.number) : undefined;
        if (!m) return stop('callNext: no signal, no refusal, nobody at the desk');
        this.missedSignals++;
      }
      refusedInARow = 0;
      if (m.ticket!.takenAt < lastTakenAt) this.outOfOrder++;
      lastTakenAt = m.ticket!.takenAt;
      const ticketId = m.ticket!.id;
      const merchant = m;

      // The merchant is at the desk: service starts.
      mark = await send(HallIntent.startService);
      const started = await this.waits.until(
        () =>
          merchant.tickets.find((t) => t.id === ticketId)?.status === 'serving' ||
          refusal(mark, HallIntent.startService),
        this.left(STEP_MS),
      );
      if (started !== true) return stop(`startService ${started ? `refused: ${started.reason}` : 'not confirmed'}`);
      await this.deskShows(o, (v) => v.current?.ticketId === ticketId && v.current.status === 'serving');

      // Done: the ticket leaves the merchant's list and the desk is free.
      merchant.completeSent = true;
      mark = await send(HallIntent.complete, { notes: '', checklist: [], outcome: 'resolved' });
      const completed = await this.waits.until(
        () => merchant.completed || merchant.vanished || refusal(mark, HallIntent.complete),
        this.left(STEP_MS),
      );
      if (completed !== true) return stop(`complete ${completed ? `refused: ${completed.reason}` : 'not confirmed'}`);
      await this.deskShows(o, (v) => v.deskId === o.deskId && v.current === null);
      result.served++;
    }
  }

  /** Wait for the officer's desk view to catch up with a step the merchant's list already confirmed. */
  private async deskShows(o: Officer, check: (v: DeskViewNotice) => boolean): Promise<void> {
    const ok = await this.waits.until(() => o.view && check(o.view), this.left(STEP_MS));
    if (!ok) this.staleDeskViews++;
  }

  /** Everyone leaves the hall. Never throws. */
  async close(): Promise<void> {
    const people: Person[] = [...this.officers, ...this.merchants];
    for (let i = 0; i < people.length; i += 50) {
      await Promise.allSettled(
        people.slice(i, i + 50).map((p) => {
          if (p.closing) return Promise.resolve();
          p.closing = true;
          return withTimeout(p.room.leave(true), 5000, 'leave');
        }),
      );
    }
    this.restoreConsole?.();
    this.restoreConsole = null;
  }
}
