/**
 * The soak, for `npm run bench -- soak`: a full hall for ten minutes. 300 merchants are in the hall: most
 * walk at a person's pace in the bot threads (botThread.ts), a share of them queue again and again while four
 * officers, one per desk, call, begin, say a line and complete with notes at a person's pace. The hall runs
 * as `npm start` runs it (its young generation where HALL_SEMI_SPACE_MB starts it; soakHall.ts), with its log
 * on. Reported: the server's memory (resident, split by where it lies, and the V8 heap, each after a full
 * garbage collection) once everyone is in, at the start of the window (everyone in, then a minute of activity)
 * and at its end, with samples in between, and every error:
 * on the bots' side (drops, unexpected leaves, refused messages, steps never answered) and on the server's
 * (log lines at warn or error level other than the expected refusals, anything it prints outside its log).
 * Memory growing more than {@link MEMORY_GROWTH_MAX} over the window, or any error, fails the run.
 * `SOAK_MINUTES` shortens (or lengthens) the window for a try-out.
 */
import { Client, type Room } from '@colyseus/sdk';
import fs from 'node:fs';
import os from 'node:os';
import { AccountsRoute } from '../../shared/accounts.ts';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, HallNotice, Reason, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import type { DeskChatNotice, DeskViewNotice, MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { hallTarget, type HallTarget } from '../support/databases.ts';
import { addStaffAccountBeside, type HallProcess } from '../support/server.ts';
import { BotPool } from './botPool.ts';
import type { ThreadStats } from './messages.ts';
import { MEMORY_LINE, SNAPSHOT_LINE, type MemoryProbeFigures } from './memoryProbe.ts';
import { startSoakHall } from './soakHall.ts';
import { cpuMeter, machineCpuMeter, round, tallyConsole } from './stats.ts';
import { errorText, sleep, withTimeout } from './wait.ts';

/** People in the hall, officers aside. */
export const SOAK_PEOPLE = 300;
/** Of them, merchants who queue (the rest walk). */
export const SOAK_QUEUERS = 30;
/** One officer per desk, each serving that desk's own service. */
export const SOAK_DESKS = hallLayout.desks.map((d) => ({ deskId: d.id, service: d.services[0]! }));
/** The measured window, minutes: `SOAK_MINUTES`, default 10. */
export const SOAK_MINUTES = (() => {
  const raw = process.env.SOAK_MINUTES;
  const minutes = raw === undefined || raw === '' ? 10 : Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 240) {
    throw new Error(`SOAK_MINUTES must be a number of minutes above 0 and at most 240, got ${JSON.stringify(raw)}`);
  }
  return minutes;
})();
/**
 * The hall's database: `SOAK_DATABASE`, `pglite` (the embedded one, default) or `postgres` (a schema of its own,
 * dropped afterwards, in the database TEST_DATABASE_URL names, default the local `test` database).
 */
export const SOAK_DATABASE = (() => {
  const raw = process.env.SOAK_DATABASE || 'pglite';
  if (raw !== 'pglite' && raw !== 'postgres') {
    throw new Error(`SOAK_DATABASE must be pglite or postgres, got ${JSON.stringify(raw)}`);
  }
  return raw;
})();
/** Activity after everyone is in and before the first figure: code compiled, caches and pools filled. */
export const SOAK_WARMUP_MS = 60_000;
/** Most the server's resident memory or heap may grow over the window, as a share of the first figure. */
export const MEMORY_GROWTH_MAX = 0.1;
/** A memory figure this often between the first and the last, ms. */
const SAMPLE_EVERY_MS = 60_000;
/** Longest wait for any one acknowledgement (a ticket listed, a desk view, a chat line), ms. */
const STEP_MS = 15_000;
/** Longest a queueing merchant may wait to be served before it counts as an error, ms. */
const SERVED_WITHIN_MS = 180_000;
/** A person's pace: the merchant walking up after a call, the talk at the desk, the rest before queueing again. */
const WALK_UP_MS = [1000, 2000] as const;
const AT_DESK_MS = [4000, 6000] as const;
const REQUEUE_MS = [5000, 15_000] as const;
/** Joins, warm-up and teardown around the window: the soak's share of the bench's time budget. */
export const SOAK_BUDGET_MS = SOAK_MINUTES * 60_000 + SOAK_WARMUP_MS + 180_000;
/**
 * Server log lines at warn level that the soak causes on purpose: an officer whose line just emptied is told
 * so. Anything else at warn or error level is an error.
 */
const EXPECTED_WARN = /^warn hall\.intent\.refused .*intent="callNext" reason="queue_empty"/;
const PASSWORD = 'soak-officer-password';
/**
 * Longest the hall may take to open: every migration runs on a fresh embedded database, and on a machine
 * shared with other work (load average near 20 on two cores) that alone has taken more than 90 s.
 */
const HALL_START_MS = 180_000;

export interface MemoryFigure {
  /** Seconds since the first figure. */
  atS: number;
  rssMb: number;
  heapMb: number;
  /** The V8 heap's pages held from the system, used or not. */
  heapPhysicalMb: number;
  /** V8's young generation: its capacity. */
  youngMb: number;
  /** Memory outside the V8 heap that JavaScript objects hold: buffers, and the embedded database's WebAssembly memory. */
  externalMb: number;
  /** Where the resident memory lies (see memoryProbe.ts): WebAssembly memory, its size and the part touched. */
  wasmMb: number;
  wasmTouchedMb: number;
  /** The C allocator's heap and thread arenas; other anonymous memory (the V8 heap among it); mapped files. */
  mallocMb: number;
  otherAnonMb: number;
  fileMb: number;
}

export interface SoakResult {
  minutes: number;
  people: number;
  walkers: number;
  queuers: number;
  officers: number;
  joinMs: number;
  joinFailed: number;
  joinError?: string;
  windowS: number;
  /** Once everyone is in, before the warm-up: the young generation's size there says whether it still grew after. */
  memoryJoined: MemoryFigure | null;
  /** The window's first figure: everyone in, then {@link SOAK_WARMUP_MS} of activity. */
  memoryStart: MemoryFigure | null;
  memoryEnd: MemoryFigure | null;
  memory: MemoryFigure[];
  /** End over start − 1, e.g. 0.04 for 4 % more. */
  rssGrowth: number;
  heapGrowth: number;
  ticketsTaken: number;
  served: number;
  chatLines: number;
  serverCpuPercent: number;
  /** Every other process on the machine, % of one core: other work skews the figures. */
  otherCpuPercent: number;
  loadAverageEnd: number[];
  /** Errors on the bots' side. */
  botDrops: number;
  botUnexpectedLeaves: number;
  movesRejected: number;
  /** Refusals the queueing people met, by intent and reason (expected ones excluded), with counts. */
  refusals: Record<string, number>;
  /** Steps whose acknowledgement never came within the deadline, with what was waited for. */
  unanswered: string[];
  /** Server lines at warn or error level beyond the expected ones, and lines outside the log, with counts. */
  serverErrors: Record<string, number>;
  expectedWarnLines: number;
  serverInfoLines: number;
  hallExited: string | null;
  sdkNotices: Record<string, number>;
}

/** Why the soak fails, if it does: memory growth over the bound, or any error. Empty when it held. */
export function soakFailures(s: SoakResult): string[] {
  const out: string[] = [];
  const pct = (g: number) => `${round(100 * g, 1)} %`;
  if (!s.memoryStart || !s.memoryEnd) out.push('no memory figures (the hall did not answer the probe)');
  if (s.rssGrowth > MEMORY_GROWTH_MAX)
    out.push(`resident memory grew ${pct(s.rssGrowth)} (bound ${pct(MEMORY_GROWTH_MAX)})`);
  if (s.heapGrowth > MEMORY_GROWTH_MAX) out.push(`heap grew ${pct(s.heapGrowth)} (bound ${pct(MEMORY_GROWTH_MAX)})`);
  if (s.hallExited) out.push(`the hall process ended: ${s.hallExited}`);
  if (s.joinFailed) out.push(`${s.joinFailed} joins failed (${s.joinError ?? '?'})`);
  if (s.botDrops || s.botUnexpectedLeaves) out.push(`${s.botDrops} drops, ${s.botUnexpectedLeaves} unexpected leaves`);
  if (s.movesRejected) out.push(`${s.movesRejected} moves refused`);
  for (const [key, count] of Object.entries(s.refusals)) out.push(`refused ×${count}: ${key}`);
  for (const u of s.unanswered.slice(0, 5)) out.push(`never answered: ${u}`);
  for (const [line, count] of Object.entries(s.serverErrors).slice(0, 10)) out.push(`server ×${count}: ${line}`);
  if (s.served === 0) out.push('no ticket was served');
  return out;
}

/** The report's lines for the soak. */
export function soakReport(s: SoakResult | null): string[] {
  const out = [
    `Soak (${SOAK_PEOPLE} people for ${SOAK_MINUTES} min after ${SOAK_WARMUP_MS / 1000} s of warm-up: ` +
      `${SOAK_PEOPLE - SOAK_QUEUERS} walk, ${SOAK_QUEUERS} queue again and again; ${SOAK_DESKS.length} officers ` +
      'serve at a person’s pace; memory after a full garbage collection)',
  ];
  if (!s) return [...out, '  (not measured)'];
  out.push(`  memory once everyone was in ${s.memoryJoined ? figureText(s.memoryJoined) : 'n/a'}`);
  out.push(
    `  memory at start (everyone in, then ${SOAK_WARMUP_MS / 1000} s of activity) ` +
      (s.memoryStart ? figureText(s.memoryStart) : 'n/a'),
  );
  out.push(`  memory at end ${s.memoryEnd ? figureText(s.memoryEnd) : 'n/a'}`);
  out.push(
    `  growth: resident ${round(100 * s.rssGrowth, 1)} %, heap ${round(100 * s.heapGrowth, 1)} % ` +
      `(bound ${100 * MEMORY_GROWTH_MAX} %); samples ${s.memory.map((m) => `${m.atS}s:${m.rssMb}/${m.heapMb}`).join(' ')}`,
  );
  out.push(
    `  ${s.ticketsTaken} tickets taken, ${s.served} served, ${s.chatLines} desk chat lines; server ` +
      `${s.serverCpuPercent} % CPU, other work ${s.otherCpuPercent} %; load average at end ${s.loadAverageEnd.join(' / ')}`,
  );
  const errors =
    s.botDrops +
    s.botUnexpectedLeaves +
    s.movesRejected +
    s.unanswered.length +
    Object.values(s.refusals).reduce((a, b) => a + b, 0) +
    Object.values(s.serverErrors).reduce((a, b) => a + b, 0);
  out.push(
    `  errors ${errors}: bots ${s.botDrops} drops / ${s.botUnexpectedLeaves} unexpected leaves / ${s.movesRejected} ` +
      `moves refused; queue ${Object.keys(s.refusals).length ? JSON.stringify(s.refusals) : 'no'} refusals, ` +
      `${s.unanswered.length} unanswered; server ${Object.keys(s.serverErrors).length} kinds of warn/error line ` +
      `(${s.expectedWarnLines} expected "queue empty" lines, ${s.serverInfoLines} info lines)`,
  );
  for (const [line, count] of Object.entries(s.sdkNotices).slice(0, 5)) out.push(`    SDK ×${count}: ${line}`);
  return out;
}

/** One memory figure as the log prints it. */
function figureText(m: MemoryFigure): string {
  return (
    `${m.rssMb} MB resident (WebAssembly ${m.wasmTouchedMb} of ${m.wasmMb}, malloc ${m.mallocMb}, ` +
    `other anonymous ${m.otherAnonMb}, files ${m.fileMb}), heap ${m.heapMb} MB used of ${m.heapPhysicalMb} (young ${m.youngMb}), ` +
    `external ${m.externalMb} MB`
  );
}

function between([low, high]: readonly [number, number]): number {
  return low + Math.random() * (high - low);
}

interface Person {
  room: Room<unknown, HallState>;
  rejected: RejectedNotice[];
  box: { type: string; message: unknown }[];
  closing: boolean;
}

class Stopped extends Error {}

export interface SoakOptions {
  clientDir: string;
  bulkThreads: number;
  /** The soak stops here whatever it is doing (epoch ms). */
  deadline: number;
  log: (msg: string) => void;
}

export class SoakBench {
  private readonly opts: SoakOptions;
  private hall: HallProcess | null = null;
  private target: HallTarget | null = null;
  private pool: BotPool | null = null;
  private people: Person[] = [];
  private stopped = false;
  private loops: Promise<void>[] = [];
  private readonly refusals = new Map<string, number>();
  private readonly unanswered: string[] = [];
  private readonly serverErrors = new Map<string, number>();
  private readonly memoryWaiters: ((figures: MemoryProbeFigures) => void)[] = [];
  private readonly snapshotWaiters: ((file: string) => void)[] = [];
  private expectedWarnLines = 0;
  private serverInfoLines = 0;
  private ticketsTaken = 0;
  private served = 0;
  private chatLines = 0;
  private readonly notices = new Map<string, number>();

  constructor(opts: SoakOptions) {
    this.opts = opts;
  }

  async run(): Promise<SoakResult> {
    const { log } = this.opts;
    const restoreConsole = tallyConsole(this.notices);
    try {
      return await this.soak(log);
    } finally {
      restoreConsole();
    }
  }

  private async soak(log: (msg: string) => void): Promise<SoakResult> {
    this.target = hallTarget(SOAK_DATABASE, 'soak');
    const hall = await startSoakHall(
      {
        ...this.target.env,
        LOG_LEVEL: 'info',
        HALL_MAX_CLIENTS: '500',
        CLIENT_DIR: this.opts.clientDir,
        // Everyone signs up and asks for room passes from this one address, as a park's merchants would.
        LIMIT_SIGNUPS_PER_HOUR: '100000',
        LIMIT_ADDRESS_WRITES_PER_MINUTE: '1000000',
      },
      HALL_START_MS,
    );
    this.hall = hall;
    this.listen(hall);
    log(`soak: hall at ${hall.url} (pid ${hall.pid}) on ${SOAK_DATABASE}; ${SOAK_MINUTES} min window`);

    const t0 = performance.now();
    const officers = await Promise.all(SOAK_DESKS.map((d, i) => this.officer(hall, d, i)));
    const queuers = await Promise.all(Array.from({ length: SOAK_QUEUERS }, (_, i) => this.merchant(hall, i)));
    this.pool = new BotPool(hall.url, this.opts.bulkThreads, false);
    const walkers = SOAK_PEOPLE - SOAK_QUEUERS;
    const join = await this.pool.setCrowd(walkers, 0, Math.min(120_000, this.opts.deadline - Date.now()));
    const joinMs = Math.round(performance.now() - t0);
    log(`soak: ${join.total} walking + ${queuers.length} queueing + ${officers.length} officers in ${joinMs} ms`);

    const joined = await this.memory(0);
    log(`soak: everyone in: ${joined ? figureText(joined) : 'no memory figure'}`);
    await this.snapshot(log);
    officers.forEach((o, i) => this.loops.push(this.guard(`officer ${i}`, this.serve(o, SOAK_DESKS[i]!, i))));
    queuers.forEach((m, i) => this.loops.push(this.guard(`merchant ${i}`, this.queue(m, i))));
    await sleep(SOAK_WARMUP_MS);

    const memoryStart = await this.memory(0);
    log(`soak: window opens: ${memoryStart ? figureText(memoryStart) : 'no memory figure'}`);
    const startedAt = performance.now();
    const serverCpu = cpuMeter(hall.pid);
    const machineCpu = machineCpuMeter();
    const benchCpu = cpuMeter(process.pid);
    // The bots count their drops and refusals over the window; everything else counts from the start.
    await this.pool.measureStart();
    const memory: MemoryFigure[] = memoryStart ? [memoryStart] : [];
    const windowMs = Math.min(SOAK_MINUTES * 60_000, this.opts.deadline - Date.now() - 60_000);
    const end = startedAt + windowMs;
    while (performance.now() < end && hall.child.exitCode === null) {
      await sleep(Math.max(0, Math.min(SAMPLE_EVERY_MS, end - performance.now())));
      const figure = await this.memory((performance.now() - startedAt) / 1000);
      if (figure) memory.push(figure);
      log(`soak: ${figure ? figureText(figure) : 'no memory figure'}`);
    }
    const serverCpuPercent = serverCpu();
    const otherCpuPercent = Math.max(0, machineCpu() - serverCpuPercent - benchCpu());
    const memoryEnd = memory.length > 1 ? memory.at(-1)! : null;
    const stats = (await this.pool.measureStop(0)) as ThreadStats[];
    const windowS = round((performance.now() - startedAt) / 1000, 1);
    this.stopped = true;
    await Promise.all(this.loops);
    await this.snapshot(log);

    const sdkNotices: Record<string, number> = Object.fromEntries(this.notices);
    for (const s of stats) {
      for (const [line, count] of Object.entries(s.sdkNotices)) sdkNotices[line] = (sdkNotices[line] ?? 0) + count;
    }
    const growth = (key: 'rssMb' | 'heapMb') =>
      memoryStart && memoryEnd ? round(memoryEnd[key] / memoryStart[key] - 1, 4) : NaN;
    return {
      minutes: SOAK_MINUTES,
      people: SOAK_PEOPLE,
      walkers: join.total,
      queuers: queuers.length,
      officers: officers.length,
      joinMs,
      joinFailed: join.failed,
      joinError: join.firstError,
      windowS,
      memoryJoined: joined,
      memoryStart,
      memoryEnd,
      memory,
      rssGrowth: growth('rssMb'),
      heapGrowth: growth('heapMb'),
      ticketsTaken: this.ticketsTaken,
      served: this.served,
      chatLines: this.chatLines,
      serverCpuPercent: round(serverCpuPercent, 1),
      otherCpuPercent: round(otherCpuPercent, 1),
      loadAverageEnd: os.loadavg().map((l) => round(l, 2)),
      botDrops: stats.reduce((n, s) => n + s.drops, 0),
      // Walkers count theirs in the window; the queueing people and officers over the whole soak.
      botUnexpectedLeaves:
        stats.reduce((n, s) => n + s.unexpectedLeaves, 0) + this.people.filter((p) => p.closing).length,
      movesRejected: stats.reduce((n, s) => n + s.movesRejected, 0),
      refusals: Object.fromEntries(this.refusals),
      unanswered: [...this.unanswered],
      serverErrors: Object.fromEntries(this.serverErrors),
      expectedWarnLines: this.expectedWarnLines,
      serverInfoLines: this.serverInfoLines,
      hallExited:
        hall.child.exitCode !== null || hall.child.signalCode !== null
          ? `${hall.child.exitCode ?? hall.child.signalCode}`
          : null,
      sdkNotices,
    };
  }

  /** Tally what the hall prints: its log lines by level, anything else as an error. */
  private listen(hall: HallProcess): void {
    let partial = '';
    const take = (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const raw of parts) {
        if (!raw.trim()) continue;
        if (raw.startsWith(`${MEMORY_LINE} `)) {
          const figures = JSON.parse(raw.slice(MEMORY_LINE.length + 1)) as MemoryProbeFigures;
          for (const resolve of this.memoryWaiters.splice(0)) resolve(figures);
          continue;
        }
        if (raw.startsWith(`${SNAPSHOT_LINE} `)) {
          const { file } = JSON.parse(raw.slice(SNAPSHOT_LINE.length + 1)) as { file: string };
          for (const resolve of this.snapshotWaiters.splice(0)) resolve(file);
          continue;
        }
        // Log lines: "<ISO time> <level> <event> key=value…"; the time is dropped so repeats group together.
        const line = raw.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '').trim();
        if (line.startsWith('info ')) this.serverInfoLines++;
        else if (EXPECTED_WARN.test(line)) this.expectedWarnLines++;
        else if (!line.includes('Reception Hall is open at')) {
          // Session ids and numbers differ from line to line; the kind of line is what is counted.
          const kind = line.replace(/(session|person|ticket|id)="[^"]*"/g, '$1=…').slice(0, 200);
          this.serverErrors.set(kind, (this.serverErrors.get(kind) ?? 0) + 1);
        }
      }
    };
    hall.child.stdout!.on('data', take);
    hall.child.stderr!.on('data', take);
  }

  /** The hall's memory after a full collection (see memoryProbe.ts), or null if it does not answer. */
  private async memory(atS: number): Promise<MemoryFigure | null> {
    const hall = this.hall!;
    const answer = new Promise<MemoryProbeFigures>((resolve) => this.memoryWaiters.push(resolve));
    hall.child.kill('SIGUSR2');
    try {
      const m = await withTimeout(answer, 10_000, 'memory figure');
      const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
      return {
        atS: round(atS, 0),
        rssMb: mb(m.rss),
        heapMb: mb(m.heapUsed),
        heapPhysicalMb: mb(m.heapPhysical),
        youngMb: mb(m.youngSize),
        externalMb: mb(m.external),
        wasmMb: mb(m.wasmSize),
        wasmTouchedMb: mb(m.wasmRss),
        mallocMb: mb(m.mallocHeapRss + m.mallocArenaRss),
        otherAnonMb: mb(m.otherAnonRss),
        fileMb: mb(m.fileRss),
      };
    } catch {
      return null;
    }
  }

  /**
   * A diagnostic run (SOAK_HEAP_SNAPSHOTS=<folder>) writes the hall's heap once everyone is in, before the
   * warm-up, and again after the window's last figure, so the two can be compared without the writing itself
   * (seconds of a stopped hall, memory of its own) falling inside the window. Otherwise nothing.
   */
  private async snapshot(log: (msg: string) => void): Promise<void> {
    if (!process.env.SOAK_HEAP_SNAPSHOTS) return;
    const written = new Promise<string>((resolve) => this.snapshotWaiters.push(resolve));
    this.hall!.child.kill('SIGWINCH');
    try {
      log(`soak: heap snapshot ${await withTimeout(written, 120_000, 'heap snapshot')}`);
    } catch (err) {
      log(`soak: no heap snapshot: ${errorText(err)}`);
    }
  }

  private async join(hall: HallProcess, token: string): Promise<Person> {
    const client = new Client(hall.url);
    client.auth.token = await roomPassFor(hall.url, token);
    const room = await client.join(RoomName.hall, {}, HallState);
    const person: Person = { room, rejected: [], box: [], closing: false };
    room.onMessage(HallNotice.rejected, (n: RejectedNotice) => person.rejected.push(n));
    for (const type of [HallNotice.myTickets, HallNotice.deskView, HallNotice.deskChat]) {
      room.onMessage(type, (message) => {
        person.box.push({ type, message });
        if (person.box.length > 50) person.box.splice(0, 25); // only the latest matter; keep the bench lean
      });
    }
    room.onMessage('*', () => undefined);
    room.onLeave(() => {
      if (!this.stopped) person.closing = true;
    });
    this.people.push(person);
    return person;
  }

  private async officer(hall: HallProcess, desk: { deskId: string }, i: number): Promise<Person> {
    const username = `soak${i + 1}`;
    await addStaffAccountBeside(
      { ...this.target!.env, DATA_DIR: hall.dataDir },
      { role: 'officer', username, name: `值守${i + 1}`, password: PASSWORD },
    );
    const res = await fetch(new URL(AccountsRoute.staffLogin, hall.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const body = (await res.json()) as { token?: string };
    if (!body.token) throw new Error(`staff sign-in refused: ${res.status}`);
    const officer = await this.join(hall, body.token);
    officer.room.send(HallIntent.openDesk, { deskId: desk.deskId, services: [SOAK_DESKS[i]!.service] });
    await this.step(officer, `officer ${i} opens ${desk.deskId}`, () => this.view(officer)?.deskId === desk.deskId);
    return officer;
  }

  private async merchant(hall: HallProcess, i: number): Promise<Person> {
    return this.join(hall, await signUpMerchant(hall.url, `排队${i}`, `Soak queue shop ${i}`));
  }

  private view(p: Person): DeskViewNotice | undefined {
    for (let i = p.box.length - 1; i >= 0; i--) {
      if (p.box[i]!.type === HallNotice.deskView) return p.box[i]!.message as DeskViewNotice;
    }
    return undefined;
  }

  private tickets(p: Person): MyTicketsNotice['tickets'] {
    for (let i = p.box.length - 1; i >= 0; i--) {
      if (p.box[i]!.type === HallNotice.myTickets) return (p.box[i]!.message as MyTicketsNotice).tickets;
    }
    return [];
  }

  /** Wait for `done`, a refusal of `intent`, the end of the soak, or the deadline (an error). */
  private async step(p: Person, what: string, done: () => boolean, intent?: string, since = 0, ms = STEP_MS) {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.stopped) throw new Stopped(what);
      if (done()) return true;
      const refused = intent ? p.rejected.slice(since).find((r) => r.intent === intent) : undefined;
      if (refused) {
        const key = `${intent}: ${refused.reason}`;
        if (!(intent === HallIntent.callNext && refused.reason === Reason.queueEmpty)) {
          this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
        }
        return false;
      }
      if (Date.now() > deadline) {
        this.unanswered.push(what);
        return false;
      }
      await sleep(50);
    }
  }

  private async guard(who: string, loop: Promise<void>): Promise<void> {
    try {
      await loop;
    } catch (err) {
      if (!(err instanceof Stopped)) this.unanswered.push(`${who}: ${errorText(err)}`);
    }
  }

  private async pause(range: readonly [number, number]): Promise<void> {
    const until = Date.now() + between(range);
    while (!this.stopped && Date.now() < until) await sleep(Math.max(0, Math.min(500, until - Date.now())));
    if (this.stopped) throw new Stopped('pause');
  }

  /** A merchant takes a number, waits to be served and completed, rests, and queues again. */
  private async queue(m: Person, i: number): Promise<void> {
    await this.pause([0, REQUEUE_MS[1]]); // not everyone at once
    for (let round = 0; ; round++) {
      const service = SOAK_DESKS[(i + round) % SOAK_DESKS.length]!.service;
      const description = `soak ${i}/${round}`;
      const since = m.rejected.length;
      m.room.send(HallIntent.takeTicket, { service, description });
      const listed = () => this.tickets(m).some((t) => t.description === description);
      if (await this.step(m, `merchant ${i} ticket listed`, listed, HallIntent.takeTicket, since)) {
        this.ticketsTaken++;
        const id = this.tickets(m).find((t) => t.description === description)!.id;
        const gone = () => !this.tickets(m).some((t) => t.id === id);
        await this.step(m, `merchant ${i} served`, gone, undefined, 0, SERVED_WITHIN_MS);
      }
      await this.pause(REQUEUE_MS);
    }
  }

  /** An officer calls the next number when someone waits, begins, says a line, and completes with notes. */
  private async serve(o: Person, desk: { deskId: string; service: string }, i: number): Promise<void> {
    for (let n = 0; ; n++) {
      const waiting = () => (o.room.state.lines.get(desk.service)?.waiting ?? 0) > 0;
      while (!waiting()) {
        if (this.stopped) throw new Stopped('waiting');
        await sleep(200);
      }
      let since = o.rejected.length;
      o.room.send(HallIntent.callNext);
      const called = () => this.view(o)?.current?.status === 'called';
      if (!(await this.step(o, `officer ${i} call`, called, HallIntent.callNext, since))) continue;
      const ticketId = this.view(o)!.current!.ticketId;
      await this.pause(WALK_UP_MS);

      since = o.rejected.length;
      o.room.send(HallIntent.startService);
      const serving = () => this.view(o)?.current?.status === 'serving' && Boolean(this.view(o)?.current?.caseId);
      if (!(await this.step(o, `officer ${i} begin`, serving, HallIntent.startService, since))) continue;

      const text = `第${n + 1}位，请出示营业执照。`;
      since = o.rejected.length;
      o.room.send(HallIntent.deskChat, { ticketId, text });
      const echoed = () =>
        o.box.some(
          (b) => b.type === HallNotice.deskChat && (b.message as DeskChatNotice).lines.some((l) => l.text === text),
        );
      if (await this.step(o, `officer ${i} chat`, echoed, HallIntent.deskChat, since)) this.chatLines++;
      await this.pause(AT_DESK_MS);

      since = o.rejected.length;
      o.room.send(HallIntent.complete, {
        notes: `soak ${desk.deskId} #${n}`,
        checklist: ['按要求整改'],
        outcome: 'resolved',
      });
      const cleared = () => this.view(o)?.current?.ticketId !== ticketId;
      if (await this.step(o, `officer ${i} complete`, cleared, HallIntent.complete, since)) this.served++;
    }
  }

  /** Everyone leaves, the threads end, the hall stops. Never throws. */
  async close(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.people.map((p) => withTimeout(p.room.leave(true), 5000, 'leave')));
    await this.pool?.close();
    await this.hall?.stop();
    if (this.hall) fs.rmSync(this.hall.dataDir, { recursive: true, force: true });
    await this.target?.cleanup().catch(() => undefined);
  }
}
