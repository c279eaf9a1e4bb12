/**
 * Faults over real processes. The hall runs as `npm start` runs it; merchants and officers are real SDK
 * clients over real sockets, keeping a ledger of every operation whose acknowledgement reached them (a
 * ticket in the merchant's own list, the called or served ticket in the officer's desk view, a chat line
 * echoed back, the desk cleared after "complete"). In the middle of that burst the hall is killed with
 * SIGKILL, or the PostgreSQL under it is stopped as in a crash and started again; then the hall is started
 * afresh on the same storage and everything acknowledged must be there: through the merchants' own cases
 * over HTTP and through the hall each person rejoins.
 */
import { Client, type Room } from '@colyseus/sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
import {
  CasesRoute,
  type DeskChatNotice,
  type DeskViewNotice,
  type MyTicket,
  type MyTicketsNotice,
  type OpenTicketStatus,
} from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { STAFF_CHECK_MS } from '../../server/rooms/staffWatch.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { postgresForTest, startPrivatePostgres, type PrivatePostgres } from '../support/postgresServer.ts';
import { addStaffAccountBeside, hallLines, startHallProcessWithin, type HallProcess } from '../support/server.ts';
import { inbox, type Inbox } from './helpers.ts';

const SERVICES = hallLayout.services.map((s) => s.id);
const MERCHANTS = 6;
const OFFICERS = [
  { username: 'fault-li', name: '李警官', deskId: 'desk-1' },
  { username: 'fault-wang', name: '王警官', deskId: 'desk-2' },
] as const;
const PASSWORD = 'fault-test-password-0123';
/**
 * Completions acknowledged before the fault strikes: by then every kind of operation has been answered,
 * and the next ones are on their way.
 */
const FAULT_AFTER_COMPLETIONS = 3;
/** Completions the burst goes on for once the hall (or its database) is back: new work goes through. */
const MORE_COMPLETIONS = 2;
/** Least time between two intents of one person, ms: half the hall's message limit, as a brisk person. */
const INTENT_GAP_MS = Math.ceil(2000 / MAX_MESSAGES_PER_SECOND);
/**
 * Bound on each test: two hall starts, a burst and a check take well under a minute on a quiet machine, but
 * the machine may be shared.
 */
const TEST_MS = 240_000;
/** Longest a hall may take to open: a restart on a busy machine recovers and checks its storage first. */
const HALL_START_MS = 90_000;
/** Longest any one answer may take, ms: an intent or a request unanswered this long has hung. */
const ANSWER_MS = 15_000;
/**
 * How long PostgreSQL stays down: longer than every periodic check in the hall that reads storage (the staff
 * check runs every STAFF_CHECK_MS), so the hall's timers meet the outage too, not only the people's intents.
 */
const OUTAGE_MS = 2 * STAFF_CHECK_MS + 1000;

type Stage = 'taken' | 'called' | 'serving' | 'completed';
type Storage = 'up' | 'down' | 'back';
const RANK: Record<Stage | OpenTicketStatus, number> = { taken: 0, waiting: 0, called: 1, serving: 2, completed: 3 };

/** What the test knows of one ticket: the furthest stage acknowledged, and the furthest asked for. */
interface TicketRecord {
  id: string;
  number: string;
  service: string;
  merchant: number;
  acked: Stage;
  sent: Stage;
  caseId: string | null;
  /** Notes of the acknowledged completion. */
  notes: string | null;
  /** Chat lines the desk echoed back. */
  chat: string[];
}

interface Person {
  token: string;
  room: Room<unknown, HallState>;
  box: Inbox;
  rejected: RejectedNotice[];
  lastSentAt: number;
}

class Stopped extends Error {}

function last<T>(box: Inbox, type: string): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) if (box[i]!.type === type) return box[i]!.message as T;
  return undefined;
}

function myTickets(p: Person): MyTicket[] {
  return last<MyTicketsNotice>(p.box, HallNotice.myTickets)?.tickets ?? [];
}

function deskView(p: Person): DeskViewNotice | undefined {
  return last<DeskViewNotice>(p.box, HallNotice.deskView);
}

async function join(url: string, token: string): Promise<Person> {
  const client = new Client(url);
  client.auth.token = await roomPassFor(url, token);
  const room = await client.join(RoomName.hall, {}, HallState);
  const box = inbox(room);
  // Each phase joins afresh: a killed hall is not called back, and the SDK's retries would only add noise.
  room.reconnection.enabled = false;
  const rejected: RejectedNotice[] = [];
  room.onMessage(HallNotice.rejected, (n: RejectedNotice) => rejected.push(n));
  return { token, room, box, rejected, lastSentAt: 0 };
}

async function staffToken(url: string, username: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.staffLogin, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`staff sign-in refused: ${res.status}`);
  return body.token;
}

async function getJson(url: string, token: string, route: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(route, url), {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(ANSWER_MS),
  });
  return { status: res.status, text: await res.text() };
}

/** Poll until `check` holds, the burst stops, or `ms` pass (then it has hung). */
async function waitFor<T>(
  check: () => T | undefined | null | false,
  what: string,
  stopped: () => boolean,
  ms = ANSWER_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (stopped()) throw new Stopped(what);
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`no answer within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The burst: every merchant takes a number (a different service each round) and waits to be served; every
 * officer calls, begins, writes one chat line and completes with notes, each step after the last one's
 * acknowledgement. Refusals other than an empty line are kept: during an outage the answer must be a clear
 * `storage_failed`, and after it none at all.
 */
class Burst {
  readonly tickets = new Map<string, TicketRecord>();
  completions = 0;
  /** Refusals that should not have happened, or answers that never came. */
  readonly failures: string[] = [];
  /** `storage_failed` answers, with where the database stood when the intent was sent. */
  readonly storageFailures: { intent: string; sent: Storage }[] = [];
  /** Set by the test: 'down' from just before the database is stopped, 'back' once it answers again. */
  storage: Storage = 'up';
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private onCompletion: (count: number) => void = () => undefined;

  private readonly merchants: Person[];
  private readonly officers: Person[];
  private readonly label: string;

  constructor(merchants: Person[], officers: Person[], label: string) {
    this.merchants = merchants;
    this.officers = officers;
    this.label = label;
  }

  start(onCompletion: (count: number) => void): void {
    this.onCompletion = onCompletion;
    this.merchants.forEach((m, i) => this.loops.push(this.guard(this.merchantLoop(m, i))));
    this.officers.forEach((o, i) => this.loops.push(this.guard(this.officerLoop(o, i))));
  }

  /** Send nothing more; every wait ends. */
  halt(): void {
    this.stopped = true;
  }

  async stop(): Promise<void> {
    this.halt();
    await Promise.all(this.loops);
  }

  private isStopped = () => this.stopped;

  private async guard(loop: Promise<void>): Promise<void> {
    try {
      await loop;
    } catch (err) {
      if (!(err instanceof Stopped)) this.failures.push(err instanceof Error ? err.message : String(err));
    }
  }

  private record(id: string, fields: Omit<TicketRecord, 'id' | 'acked' | 'sent' | 'caseId' | 'notes' | 'chat'>) {
    let t = this.tickets.get(id);
    if (!t) {
      t = { id, ...fields, acked: 'taken', sent: 'taken', caseId: null, notes: null, chat: [] };
      this.tickets.set(id, t);
    }
    return t;
  }

  private advance(t: TicketRecord, field: 'acked' | 'sent', stage: Stage): void {
    if (RANK[stage] > RANK[t[field]]) t[field] = stage;
  }

  /**
   * Send one intent and wait for its acknowledgement (`ack` returns it) or its refusal. A `storage_failed`
   * is noted and answered by waiting for the database to be back; any other refusal but `ignore` fails.
   */
  private async ask<T>(
    p: Person,
    who: string,
    intent: HallIntent,
    payload: unknown,
    ack: () => T | undefined | null | false,
    ignore: Reason[] = [],
  ): Promise<T | null> {
    const gap = p.lastSentAt + INTENT_GAP_MS - Date.now();
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    if (this.stopped) throw new Stopped(intent);
    const before = p.rejected.length;
    const sentWhen = this.storage;
    p.lastSentAt = Date.now();
    p.room.send(intent, payload);
    const answer = await waitFor<{ refused: Reason } | { value: T }>(
      () => {
        const refused = p.rejected.slice(before).find((r) => r.intent === intent);
        if (refused) return { refused: refused.reason };
        const value = ack();
        return value ? { value: value as T } : null;
      },
      `${this.label}: ${who} ${intent}`,
      this.isStopped,
    );
    if ('value' in answer) return answer.value;
    if (answer.refused === Reason.storageFailed) {
      this.storageFailures.push({ intent, sent: sentWhen });
      await waitFor(() => this.storage !== 'down', 'the database to be back', this.isStopped, OUTAGE_MS + ANSWER_MS);
    } else if (!ignore.includes(answer.refused)) {
      throw new Error(`${this.label}: ${who} ${intent} refused with ${answer.refused}`);
    }
    return null;
  }

  private async merchantLoop(m: Person, index: number): Promise<void> {
    for (let round = 0; !this.stopped; round++) {
      // A different service each round, and never one the merchant already holds a number for.
      const free = () => {
        const held = new Set(myTickets(m).map((t) => t.service));
        return [...SERVICES.slice(index % SERVICES.length), ...SERVICES].find((s) => !held.has(s));
      };
      const service = await waitFor(free, 'a service to queue for', this.isStopped, 120_000);
      const description = `${this.label} merchant ${index} round ${round}`;
      const mine = () => myTickets(m).find((t) => t.description === description);
      // A number asked for as the database went down may have been kept though the answer was an error
      // (the write's outcome was unknown): asking again is then refused, and the list shows it soon after.
      const kept = this.storageFailures.length > 0 ? [Reason.alreadyQueued] : [];
      const payload = { service, description };
      const taken = await this.ask(m, `merchant ${index}`, HallIntent.takeTicket, payload, mine, kept);
      if (!taken) continue;
      this.record(taken.id, { number: taken.number, service, merchant: index });
      // Served and completed: the ticket leaves the merchant's list.
      await waitFor(() => !myTickets(m).some((t) => t.id === taken.id), 'service', this.isStopped, 120_000);
    }
  }

  private async officerLoop(o: Person, index: number): Promise<void> {
    const who = `officer ${index}`;
    const chatted = new Set<string>();
    for (let step = 0; !this.stopped; step++) {
      const cur = deskView(o)?.current;
      if (!cur) {
        const waiting = () => [...o.room.state.lines.values()].some((l) => l.waiting > 0);
        await waitFor(waiting, 'someone waiting', this.isStopped, 120_000);
        // A call sent as the database went down may have been kept though the answer was an error (its
        // outcome was unknown): calling again is then refused as busy, and the desk view shows it soon after.
        const ignore = this.storageFailures.length > 0 ? [Reason.queueEmpty, Reason.deskBusy] : [Reason.queueEmpty];
        const called = await this.ask(o, who, HallIntent.callNext, undefined, () => deskView(o)?.current, ignore);
        if (called) this.onDesk(called, 'called');
      } else if (cur.status === 'called') {
        const serving = () => {
          const c = deskView(o)?.current;
          return c?.ticketId === cur.ticketId && c.status === 'serving' && c.caseId ? c : null;
        };
        this.sent(cur, 'serving');
        const served = await this.ask(o, who, HallIntent.startService, undefined, serving);
        if (served) this.onDesk(served, 'serving');
      } else if (!chatted.has(cur.ticketId)) {
        const text = `${this.label} officer ${index} line ${step}`;
        const echoed = () =>
          o.box.some(
            (n) => n.type === HallNotice.deskChat && (n.message as DeskChatNotice).lines.some((l) => l.text === text),
          );
        const ok = await this.ask(o, who, HallIntent.deskChat, { ticketId: cur.ticketId, text }, echoed);
        if (ok) {
          chatted.add(cur.ticketId);
          this.onDesk(cur, 'serving').chat.push(text);
        }
      } else {
        const notes = `${this.label} notes for ${cur.number} by officer ${index}`;
        const cleared = () => deskView(o)?.current?.ticketId !== cur.ticketId;
        this.sent(cur, 'completed');
        const payload = { notes, checklist: ['施工前设置围挡'], outcome: 'resolved' };
        if (await this.ask(o, who, HallIntent.complete, payload, cleared)) {
          const t = this.onDesk(cur, 'completed');
          t.notes = notes;
          this.onCompletion(++this.completions);
        }
      }
    }
  }

  private sent(cur: { ticketId: string; number: string; service: string }, stage: Stage): void {
    this.advance(this.record(cur.ticketId, { number: cur.number, service: cur.service, merchant: -1 }), 'sent', stage);
  }

  private onDesk(cur: { ticketId: string; number: string; service: string; caseId: string | null }, stage: Stage) {
    const t = this.record(cur.ticketId, { number: cur.number, service: cur.service, merchant: -1 });
    this.advance(t, 'acked', stage);
    this.advance(t, 'sent', stage);
    t.caseId ??= cur.caseId;
    return t;
  }
}

interface Station {
  env: Record<string, string>;
  merchantTokens: string[];
}

/** Data folders the tests made, removed once their halls have stopped. */
const dataDirs: string[] = [];

/** The hall, then its staff accounts (through it) and the merchants' sign-ups through its API. */
async function openStation(storage: Record<string, string>): Promise<{ hall: HallProcess; station: Station }> {
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hall-fault-')), ...storage };
  dataDirs.push(env.DATA_DIR);
  const hall = await startHallProcessWithin(env, HALL_START_MS);
  const [merchantTokens] = await Promise.all([
    Promise.all(Array.from({ length: MERCHANTS }, (_, i) => signUpMerchant(hall.url, `商户${i}`, `故障测试店${i}`))),
    ...OFFICERS.map((o) => addStaffAccountBeside(env, { role: 'officer', ...o, password: PASSWORD })),
  ]);
  return { hall, station: { env, merchantTokens } };
}

interface Entered {
  merchants: Person[];
  officers: Person[];
  /** What each officer's desk view said as they walked in, before anything was asked of the desk. */
  firstViews: DeskViewNotice[];
}

/** Everyone walks in (each hearing their own tickets or desk); officers open their desks where not open. */
async function enter(url: string, station: Station): Promise<Entered> {
  const merchants = await Promise.all(station.merchantTokens.map((t) => join(url, t)));
  await Promise.all(
    merchants.map((m, i) =>
      waitFor(
        () => last(m.box, HallNotice.myTickets),
        `merchant ${i}'s list`,
        () => false,
      ),
    ),
  );
  const officers: Person[] = [];
  const firstViews: DeskViewNotice[] = [];
  for (const o of OFFICERS) {
    const officer = await join(url, await staffToken(url, o.username));
    firstViews.push(
      await waitFor(
        () => deskView(officer),
        `${o.username}'s desk view`,
        () => false,
      ),
    );
    if (deskView(officer)?.deskId !== o.deskId) {
      officer.room.send(HallIntent.openDesk, { deskId: o.deskId, services: SERVICES });
      await waitFor(
        () => deskView(officer)?.deskId === o.deskId,
        `${o.username} desk open`,
        () => false,
      );
    }
    officers.push(officer);
  }
  return { merchants, officers, firstViews };
}

/** Everyone still connected leaves (a leave on a connection the hall already closed would wait forever). */
async function leaveAll(people: Person[]): Promise<void> {
  await Promise.allSettled(people.filter((p) => p.room.connection.isOpen).map((p) => p.room.leave(true)));
}

/** The burst again on a hall that is back: new work goes through without a single refusal. */
async function moreWork(url: string, station: Station, label: string, earlier: Burst): Promise<void> {
  const { merchants, officers } = await enter(url, station);
  const burst = new Burst(merchants, officers, label);
  burst.start(() => undefined);
  const done = () => burst.completions >= MORE_COMPLETIONS || burst.failures.length > 0;
  await waitFor(done, `${label}: ${MORE_COMPLETIONS} completions`, () => false, 60_000).finally(() => burst.stop());
  await leaveAll([...merchants, ...officers]);
  expect(burst.failures).toEqual([]);
  expect(burst.storageFailures).toEqual([]);
  // A number handed out again, to another ticket, would mean the earlier one was forgotten.
  const before = new Map([...earlier.tickets.values()].map((t) => [t.number, t.id]));
  const twice = [...burst.tickets.values()].filter((t) => (before.get(t.number) ?? t.id) !== t.id);
  expect(twice.map((t) => `${t.number} handed out twice`)).toEqual([]);
}

/**
 * Everything acknowledged is there: each merchant's cases over HTTP hold every acknowledged completion's
 * notes and every echoed chat line; rejoining, each merchant gets back every acknowledged ticket not yet
 * completed, at least as far along as acknowledged, and each officer their desk and the ticket at it.
 */
async function expectAllKept(url: string, station: Station, burst: Burst): Promise<void> {
  const { merchants, officers, firstViews } = await enter(url, station);
  try {
    const tokenOf = new Map<string, string>();
    for (const m of merchants) {
      for (const t of myTickets(m)) tokenOf.set(t.id, m.token);
      const cases = await getJson(url, m.token, CasesRoute.mine);
      expect(cases.status).toBe(200);
      for (const c of (JSON.parse(cases.text) as { cases: { id: string }[] }).cases) tokenOf.set(c.id, m.token);
    }
    const open = new Map(merchants.flatMap((m) => myTickets(m).map((t) => [t.id, t] as const)));
    const problems: string[] = [];
    for (const t of burst.tickets.values()) {
      const now = open.get(t.id);
      if (t.acked === 'completed' || (!now && t.sent === 'completed')) {
        if (now) problems.push(`${t.number}: completed, yet still open as ${now.status}`);
        const token = t.caseId ? tokenOf.get(t.caseId) : undefined;
        if (!t.caseId || !token) {
          problems.push(`${t.number}: its case ${t.caseId ?? '(none)'} is not among its merchant's cases`);
          continue;
        }
        const detail = await getJson(url, token, CasesRoute.one.replace(':id', t.caseId));
        for (const text of [...(t.notes ? [t.notes] : []), ...t.chat]) {
          if (!detail.text.includes(text)) problems.push(`${t.number}: case ${t.caseId} lost "${text}"`);
        }
      } else if (!now) {
        problems.push(`${t.number}: acknowledged as ${t.acked}, now gone`);
      } else {
        if (now.number !== t.number) problems.push(`${t.id}: number ${t.number} came back as ${now.number}`);
        if (RANK[now.status] < RANK[t.acked])
          problems.push(`${t.number}: acknowledged ${t.acked}, back as ${now.status}`);
        if (t.chat.length > 0 && t.caseId) {
          const detail = await getJson(url, tokenOf.get(t.id) ?? '', CasesRoute.one.replace(':id', t.caseId));
          for (const text of t.chat) if (!detail.text.includes(text)) problems.push(`${t.number}: lost "${text}"`);
        }
      }
    }
    for (const [i, view] of firstViews.entries()) {
      if (view?.deskId !== OFFICERS[i]!.deskId) problems.push(`officer ${i}: desk ${view?.deskId ?? 'none'}`);
      const atDesk = [...burst.tickets.values()].filter(
        (t) => open.get(t.id)?.deskId === OFFICERS[i]!.deskId && RANK[t.acked] >= RANK.called,
      );
      for (const t of atDesk) {
        if (view?.current?.ticketId !== t.id) problems.push(`officer ${i}: ${t.number} no longer at the desk`);
      }
    }
    expect(problems).toEqual([]);
  } finally {
    await leaveAll([...merchants, ...officers]);
  }
}

/** How long each part took, said as it ends: on a slow machine the log shows where the time went. */
function stopwatch(label: string): { lap(name: string): void } {
  let at = Date.now();
  return {
    lap(name) {
      console.info(`fault (${label}): ${name} took ${((Date.now() - at) / 1000).toFixed(1)} s`);
      at = Date.now();
    },
  };
}

function summary(burst: Burst): string {
  const acked = [...burst.tickets.values()];
  const count = (s: Stage) => acked.filter((t) => RANK[t.acked] >= RANK[s]).length;
  return `${count('taken')} taken, ${count('called')} called, ${count('serving')} served, ${count('completed')} completed`;
}

describe('the hall killed with SIGKILL in the middle of a burst', () => {
  const halls: HallProcess[] = [];
  afterAll(async () => {
    for (const h of halls) await h.stop();
    for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged ticket, call, completion and case entry', { timeout: TEST_MS }, async () => {
    const time = stopwatch('SIGKILL');
    const { hall, station } = await openStation({});
    halls.push(hall);
    const { merchants, officers } = await enter(hall.url, station);
    time.lap('start');
    const burst = new Burst(merchants, officers, 'kill');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => hall.child.once('exit', (_c, s) => resolve(s)));
    burst.start((n) => {
      // Killed right as an acknowledgement arrives: other intents are on their way, some half done.
      if (n !== FAULT_AFTER_COMPLETIONS) return;
      hall.child.kill('SIGKILL');
      burst.halt();
    });
    expect(await exited).toBe('SIGKILL');
    await burst.stop();
    expect(burst.failures).toEqual([]);
    expect(burst.completions).toBeGreaterThanOrEqual(FAULT_AFTER_COMPLETIONS);
    time.lap('burst');

    const again = await startHallProcessWithin(station.env, HALL_START_MS);
    halls.push(again);
    time.lap('restart');
    await expectAllKept(again.url, station, burst);
    time.lap('check');
    await moreWork(again.url, station, 'kill-after', burst);
    time.lap('more work');
    console.info(`fault (SIGKILL): acknowledged ${summary(burst)}`);
  });
});

const { bin, skip: reason } = postgresForTest('fault tests with PostgreSQL restarted under the hall');

describe.skipIf(reason !== null)('PostgreSQL restarted under the hall in the middle of a burst', () => {
  let pg: PrivatePostgres | undefined;
  const halls: HallProcess[] = [];
  afterAll(async () => {
    for (const h of halls) await h.stop();
    await pg?.destroy();
    for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'the hall lives through it, answers meanwhile, then works on and has kept everything',
    { timeout: TEST_MS },
    async () => {
      const time = stopwatch('PostgreSQL restart');
      pg = await startPrivatePostgres(bin!);
      const { hall, station } = await openStation({ DATABASE_URL: pg.url, LOG_LEVEL: 'info' });
      halls.push(hall);
      const lines = hallLines(hall);
      const { merchants, officers } = await enter(hall.url, station);
      time.lap('start');
      const burst = new Burst(merchants, officers, 'outage');
      await new Promise<void>((resolve) =>
        burst.start((n) => {
          if (n !== FAULT_AFTER_COMPLETIONS) return;
          burst.storage = 'down';
          resolve();
        }),
      );
      await pg.crash();
      const crashedAt = Date.now();

      // During the outage the process is alive and answers: its health at once, a merchant's cases with an error.
      const health = await fetch(new URL('/healthz', hall.url), { signal: AbortSignal.timeout(ANSWER_MS) });
      expect(health.status).toBe(200);
      const cases = await getJson(hall.url, station.merchantTokens[0]!, CasesRoute.mine);
      expect(cases.status).toBeGreaterThanOrEqual(500);
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - crashedAt))));
      expect(hall.child.exitCode, 'the hall process ended during the outage').toBeNull();

      await pg.start();
      burst.storage = 'back';
      time.lap('burst and outage');
      // The same process works on: the burst goes on until more desk visits are completed.
      const base = burst.completions;
      const progressed = () => burst.completions >= base + MORE_COMPLETIONS || burst.failures.length > 0;
      await waitFor(progressed, 'work after the outage', () => false, 60_000).finally(() => burst.stop());
      time.lap('work after');
      expect(burst.failures).toEqual([]);
      expect(hall.child.exitCode).toBeNull();
      // Refusals came only for intents on their way while the database was down (some sent just before it
      // went, waiting their turn), none for one sent after it was back; and the outage was logged.
      expect(burst.storageFailures.filter((f) => f.sent === 'back')).toEqual([]);
      expect(lines.some((l) => / warn db\.unreachable /.test(l))).toBe(true);
      expect(lines.some((l) => / info db\.reachable /.test(l))).toBe(true);

      // What storage holds, not what the hall remembers: stop it with everyone still in (desks stay open for
      // their officers), start it again on the same database, and look.
      await hall.stop();
      const again = await startHallProcessWithin(station.env, HALL_START_MS);
      halls.push(again);
      time.lap('restart');
      await expectAllKept(again.url, station, burst);
      time.lap('check');
      const refused = `${burst.storageFailures.length} refused with storage_failed`;
      console.info(`fault (PostgreSQL restart): acknowledged ${summary(burst)}; ${refused}`);
    },
  );
});
