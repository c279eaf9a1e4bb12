/**
 * Three-party sessions under load, for `npm run bench`: 20 meeting rooms of 12 participants each (the park
 * manager who hosts, another park manager, two officers, eight merchant representatives) run at once while
 * walking bots keep the hall busy. Each host starts their session; then, in every room at once, the
 * participants raise their hands in turns, and the host moves on to the next agenda item after each round
 * (which takes the hands down). Measures, for each raised hand, the time from its owner sending `raiseHand`
 * to the moment every client of that room shows the person in `state.hands`, and counts hands never seen
 * by all before the deadline. Every meeting client lives in this thread, so one clock times both ends; the
 * hall's bots walk in a bot thread (botPool.ts). Real `@colyseus/sdk` clients over loopback; figures are
 * reported, never asserted; every wait has a deadline.
 */
import { performance } from 'node:perf_hooks';
import { Client, type Room } from '@colyseus/sdk';
import { MeetingIntent, MeetingNotice, MeetingState, type MeetingRejected } from '../../shared/meetingRoom.ts';
import type { MeetingParty, MeetingSummary } from '../../shared/meetings.ts';
import { MAX_MESSAGES_PER_SECOND, RoomName } from '../../shared/protocol.ts';
import { merchantIdOf, signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { BotPool } from './botPool.ts';
import { addStaff, invitableIds, scheduleSession, type Within } from './meetingSetup.ts';
import { Waits } from './queue.ts';
import { cpuMeter, percentile, processRssMb, round, tallyConsole } from './stats.ts';
import { errorText, sleep, withTimeout } from './wait.ts';

export const MEETING_ROOMS = 20;
/** Per room: the host, one more park manager, two officers, the rest merchant representatives. */
export const MEETING_SIZE = 12;
const STAFF_PER_ROOM = 4;
/** Walking bots keeping the hall busy beside the meeting rooms (lean bots in one bot thread). */
export const MEETING_HALL_BOTS = 100;
/** Rounds of hands per room: everyone but the host raises a hand once per round. */
export const HAND_ROUNDS = 5;
/**
 * Least time between two hands raised in one room. Each participant sends one message a round, far under
 * MAX_MESSAGES_PER_SECOND; the room as a whole is paced at half of that limit.
 */
export const HAND_GAP_MS = Math.ceil(2000 / MAX_MESSAGES_PER_SECOND);
/** A hand not shown by every client of its room by then counts as never seen. */
export const HAND_DEADLINE_MS = 5_000;
export { MEETING_TZ } from './meetingSetup.ts';
/** Staff accounts shared out over the rooms (one person may sit in several rooms at once, each its own client). */
const PARK_MANAGERS = 4;
const OFFICERS = 6;
/** Longest wait for one step of a session (start, next item, end) to be seen by all its clients. */
const STEP_MS = 10_000;
const BATCH = 20;

export interface MeetingBenchResult {
  rooms: number;
  participantsPerRoom: number;
  /** Meeting clients seated (their own row present) when the hands began. */
  seated: number;
  /** Walking bots in the hall during the phase. */
  hallBots: number;
  hallBotsFailed: number;
  joinMs: number;
  joinFailed: number;
  joinError?: string;
  roomsStarted: number;
  roomsEnded: number;
  handsRaised: number;
  /** Hands every client of the room showed within HAND_DEADLINE_MS. */
  handsSeen: number;
  handsMissed: number;
  raiseToAllP50Ms: number;
  raiseToAllP95Ms: number;
  raiseToAllP99Ms: number;
  raiseToAllMaxMs: number;
  /** Length of the window in which hands were raised, s. */
  handsS: number;
  serverCpuPercent: number;
  serverRssMb: number;
  /** This process (all meeting clients), % of one core, and its main thread's event-loop utilisation. */
  benchCpuPercent: number;
  benchElu: number;
  drops: number;
  unexpectedLeaves: number;
  /** Refusals by intent and reason, with counts. */
  refusals: Record<string, number>;
  sdkNotices: Record<string, number>;
  notes: string[];
  latencies: number[];
}

interface Seat {
  personId: string;
  room: Room<unknown, MeetingState>;
  rejected: MeetingRejected[];
  closing: boolean;
}

interface Table {
  n: number;
  meeting: MeetingSummary;
  hostToken: string;
  host: Seat | null;
  seats: Seat[];
  /** The hand being timed: who raised it, when, and when each client of the room first showed it. */
  pending: { personId: string; t0: number; seen: Map<Seat, number> } | null;
}

interface Person {
  /** Filled in from the list of who can be invited. */
  personId: string;
  token: string;
  name: string;
}

export class MeetingBench {
  private readonly origin: string;
  private readonly dataDir: string;
  private readonly hallPid: number;
  private readonly deadline: number;
  private readonly log: (msg: string) => void;
  private readonly waits = new Waits();
  private readonly pool: BotPool;
  private readonly tables: Table[] = [];
  private readonly latencies: number[] = [];
  private readonly refusals: Record<string, number> = {};
  private readonly notices = new Map<string, number>();
  private readonly notes: string[] = [];
  private handsRaised = 0;
  private handsMissed = 0;
  private drops = 0;
  private unexpectedLeaves = 0;
  private restoreConsole: (() => void) | null = null;

  constructor(opts: { url: string; dataDir: string; hallPid: number; deadline: number; log: (m: string) => void }) {
    this.origin = new URL(opts.url).origin;
    this.dataDir = opts.dataDir;
    this.hallPid = opts.hallPid;
    this.deadline = opts.deadline;
    this.log = opts.log;
    this.pool = new BotPool(opts.url, 1, false);
  }

  private left(ms = Infinity): number {
    return Math.max(0, Math.min(ms, this.deadline - Date.now()));
  }

  async run(): Promise<MeetingBenchResult> {
    this.restoreConsole = tallyConsole(this.notices);
    const crowd = await this.pool.setCrowd(MEETING_HALL_BOTS, 0, this.left(20_000));
    this.log(`meetings: ${crowd.total} bots walking in the hall (${crowd.failed} failed)`);

    const managers = await this.staff('parkManager', PARK_MANAGERS);
    const officers = await this.staff('officer', OFFICERS);
    const merchants = await this.merchants(MEETING_ROOMS * (MEETING_SIZE - STAFF_PER_ROOM));
    await this.schedule(managers, officers, merchants);
    this.log(`meetings: ${this.tables.length} sessions scheduled`);

    const join = await this.joinAll(managers, officers, merchants);
    const seated = await this.seated();
    this.log(`meetings: ${seated} of ${join.joined} clients seated (${join.ms} ms, ${join.failed} failed)`);

    const started = await Promise.all(this.tables.map((t) => this.start(t)));
    const serverCpu = cpuMeter(this.hallPid);
    const benchCpu = cpuMeter(process.pid);
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    await Promise.all(this.tables.filter((_, i) => started[i]).map((t) => this.hands(t)));
    const handsS = (performance.now() - t0) / 1000;
    const serverCpuPercent = serverCpu();
    const benchCpuPercent = benchCpu();
    const benchElu = performance.eventLoopUtilization(elu0).utilization;
    const serverRssMb = processRssMb(this.hallPid);
    const ended = await Promise.all(this.tables.filter((_, i) => started[i]).map((t) => this.end(t)));

    const lat = this.latencies;
    return {
      rooms: this.tables.length,
      participantsPerRoom: MEETING_SIZE,
      seated,
      hallBots: crowd.total,
      hallBotsFailed: crowd.failed,
      joinMs: join.ms,
      joinFailed: join.failed,
      joinError: join.firstError,
      roomsStarted: started.filter(Boolean).length,
      roomsEnded: ended.filter(Boolean).length,
      handsRaised: this.handsRaised,
      handsSeen: lat.length,
      handsMissed: this.handsMissed,
      raiseToAllP50Ms: round(percentile(lat, 50), 1),
      raiseToAllP95Ms: round(percentile(lat, 95), 1),
      raiseToAllP99Ms: round(percentile(lat, 99), 1),
      raiseToAllMaxMs: round(lat.length ? Math.max(...lat) : NaN, 1),
      handsS: round(handsS, 2),
      serverCpuPercent: round(serverCpuPercent, 1),
      serverRssMb: round(serverRssMb, 1),
      benchCpuPercent: round(benchCpuPercent, 1),
      benchElu: round(benchElu, 3),
      drops: this.drops,
      unexpectedLeaves: this.unexpectedLeaves,
      refusals: this.refusals,
      sdkNotices: Object.fromEntries(this.notices),
      notes: this.notes,
      latencies: lat.map((l) => round(l, 1)),
    };
  }

  /** A request to the hall bounded by the phase's time left, 15 s at the most. */
  private readonly within: Within = (request, what) => withTimeout(request, this.left(15_000), what);

  /** Staff accounts made through the hall's admin route as `npm run staff` makes them, then signed in. */
  private async staff(role: 'parkManager' | 'officer', count: number): Promise<Person[]> {
    const prefix = role === 'officer' ? 'officer' : 'manager';
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const name = role === 'officer' ? `会谈警官${i + 1}` : `会谈经理${i + 1}`;
        const account = {
          role,
          username: `meet-${prefix}${i + 1}`,
          name,
          password: `meeting-bench-${prefix}-${i + 1}`,
        };
        return { personId: '', token: await addStaff(this.dataDir, this.origin, account, this.within), name };
      }),
    );
  }

  private async merchants(count: number): Promise<Person[]> {
    const out: Person[] = [];
    for (let done = 0; done < count && this.left() > 0; done += BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, count - done) }, async (_, i) => {
          const n = done + i + 1;
          const token = await withTimeout(
            signUpMerchant(this.origin, `与会商户${n}`, `Meeting bench shop ${n}`),
            this.left(15_000),
            'merchant sign-up',
          );
          // New to the station, so not on its invite list: invited by their own id.
          return { personId: await merchantIdOf(this.origin, token), token, name: `与会商户${n}` };
        }),
      );
      out.push(...batch);
    }
    return out;
  }

  /** Each host schedules their session a few minutes ahead (its door is already open) and invites eleven. */
  private async schedule(managers: Person[], officers: Person[], merchants: Person[]): Promise<void> {
    const byName = await invitableIds(this.origin, managers[0]!.token);
    for (const p of [...managers, ...officers, ...merchants]) {
      p.personId ||= byName.get(p.name) ?? '';
      if (!p.personId) throw new Error(`${p.name} is not among those who can be invited`);
    }
    const perRoom = MEETING_SIZE - STAFF_PER_ROOM;
    await Promise.all(
      Array.from({ length: MEETING_ROOMS }, async (_, n) => {
        const host = managers[n % managers.length]!;
        const invitees: { id: string; party: MeetingParty }[] = [
          { id: managers[(n + 1) % managers.length]!.personId, party: 'property' },
          { id: officers[(2 * n) % officers.length]!.personId, party: 'officer' },
          { id: officers[(2 * n + 1) % officers.length]!.personId, party: 'officer' },
          ...merchants
            .slice(n * perRoom, (n + 1) * perRoom)
            .map((m) => ({ id: m.personId, party: 'merchant' as const })),
        ];
        const meeting = await scheduleSession(
          this.origin,
          host.token,
          {
            title: `会谈压测 ${n + 1}`,
            agenda: Array.from({ length: HAND_ROUNDS }, (_, i) => `议题 ${i + 1}`),
            invitees,
          },
          this.within,
        );
        this.tables.push({ n, meeting, hostToken: host.token, host: null, seats: [], pending: null });
      }),
    );
    this.tables.sort((a, b) => a.n - b.n);
  }

  /** Everyone walks into their room, a batch at a time; the host first, so they find the room made. */
  private async joinAll(
    managers: Person[],
    officers: Person[],
    merchants: Person[],
  ): Promise<{ joined: number; ms: number; failed: number; firstError?: string }> {
    const byId = new Map([...managers, ...officers, ...merchants].map((p) => [p.personId, p]));
    const jobs: { table: Table; person: Person; host: boolean }[] = [];
    for (const t of this.tables) {
      const host = managers.find((m) => m.token === t.hostToken)!;
      jobs.push({ table: t, person: host, host: true });
      for (const i of t.meeting.invitees) jobs.push({ table: t, person: byId.get(i.id)!, host: false });
    }
    jobs.sort((a, b) => Number(b.host) - Number(a.host));
    const t0 = performance.now();
    let failed = 0;
    let firstError: string | undefined;
    for (let done = 0; done < jobs.length && this.left() > 0; done += BATCH) {
      const results = await Promise.allSettled(
        jobs
          .slice(done, done + BATCH)
          .map((j) => withTimeout(this.joinOne(j.table, j.person, j.host), this.left(20_000), 'meeting join')),
      );
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        failed++;
        firstError ??= errorText(r.reason);
      }
      if (failed > 20) break; // the hall is refusing us; stop hammering it
    }
    const joined = this.tables.reduce((n, t) => n + t.seats.length, 0);
    return { joined, ms: Math.round(performance.now() - t0), failed, firstError };
  }

  private async joinOne(table: Table, person: Person, host: boolean): Promise<void> {
    const client = new Client(this.origin);
    client.auth.token = await roomPassFor(this.origin, person.token);
    const room = await client.joinOrCreate<MeetingState>(
      RoomName.meeting,
      { meetingId: table.meeting.id },
      MeetingState,
    );
    const seat: Seat = { personId: person.personId, room, rejected: [], closing: false };
    room.onMessage(MeetingNotice.rejected, (n: MeetingRejected) => {
      seat.rejected.push(n);
      const key = `${n.intent}: ${n.reason}`;
      this.refusals[key] = (this.refusals[key] ?? 0) + 1;
      this.waits.wake();
    });
    room.onMessage('*', () => undefined); // the chat history on joining: expected, not measured
    room.onStateChange((s: MeetingState) => {
      const p = table.pending;
      if (p && !p.seen.has(seat) && s.hands.includes(p.personId)) p.seen.set(seat, performance.now());
      this.waits.wake();
    });
    room.onDrop(() => this.drops++);
    room.onLeave(() => {
      if (!seat.closing) this.unexpectedLeaves++;
      seat.closing = true;
      this.waits.wake();
    });
    table.seats.push(seat);
    if (host) table.host = seat;
  }

  /** Clients that see themselves present at their table. */
  private async seated(): Promise<number> {
    const all = this.tables.flatMap((t) => t.seats);
    const isSeated = (s: Seat) => s.room.state.participants?.get(s.personId)?.present === true;
    await this.waits.until(() => all.every(isSeated), this.left(STEP_MS));
    return all.filter(isSeated).length;
  }

  private live(t: Table): Seat[] {
    return t.seats.filter((s) => !s.closing);
  }

  /** Wait until every live client of the table shows `check`; false (with a note) at the deadline. */
  private async allShow(t: Table, check: (s: MeetingState) => boolean, what: string): Promise<boolean> {
    const ok = await this.waits.until(() => this.live(t).every((s) => check(s.room.state)), this.left(STEP_MS));
    if (!ok) this.notes.push(`room ${t.n + 1}: ${what} not seen by every client`);
    return !!ok;
  }

  private async start(t: Table): Promise<boolean> {
    if (!t.host || t.host.closing) {
      this.notes.push(`room ${t.n + 1}: no host`);
      return false;
    }
    t.host.room.send(MeetingIntent.start);
    return this.allShow(t, (s) => s.phase === 'running' && s.current === 0, 'the start');
  }

  /** Round after round, each participant but the host raises a hand in turn; the next item clears them. */
  private async hands(t: Table): Promise<void> {
    let lastSent = -Infinity;
    for (let round = 0; round < HAND_ROUNDS; round++) {
      if (round > 0) {
        t.host!.room.send(MeetingIntent.nextItem);
        const moved = await this.allShow(t, (s) => s.current === round && s.hands.length === 0, `item ${round + 1}`);
        if (!moved) return;
      }
      for (const seat of t.seats) {
        if (seat === t.host || seat.closing) continue;
        const wait = lastSent + HAND_GAP_MS - performance.now();
        if (wait > 0) await sleep(wait);
        if (this.left() < HAND_DEADLINE_MS) {
          this.notes.push(`room ${t.n + 1}: out of time in round ${round + 1}`);
          return;
        }
        const watchers = this.live(t);
        const refusedBefore = seat.rejected.length;
        const pending = { personId: seat.personId, t0: performance.now(), seen: new Map<Seat, number>() };
        t.pending = pending;
        lastSent = pending.t0;
        seat.room.send(MeetingIntent.raiseHand);
        this.handsRaised++;
        const done = await this.waits.until(
          () => watchers.every((w) => pending.seen.has(w) || w.closing) || seat.rejected.length > refusedBefore,
          HAND_DEADLINE_MS,
        );
        t.pending = null;
        const seenBy = watchers.filter((w) => pending.seen.has(w));
        if (done && seenBy.length === watchers.length) {
          this.latencies.push(Math.max(...seenBy.map((w) => pending.seen.get(w)!)) - pending.t0);
        } else {
          this.handsMissed++;
        }
      }
    }
  }

  private async end(t: Table): Promise<boolean> {
    if (!t.host || t.host.closing) return false;
    t.host.room.send(MeetingIntent.end);
    return this.allShow(t, (s) => s.phase === 'ended', 'the end');
  }

  /** Everyone leaves their room, the bots leave the hall. Never throws. */
  async close(): Promise<void> {
    const seats = this.tables.flatMap((t) => t.seats);
    for (let i = 0; i < seats.length; i += 50) {
      await Promise.allSettled(
        seats.slice(i, i + 50).map((s) => {
          if (s.closing) return Promise.resolve();
          s.closing = true;
          return withTimeout(s.room.leave(true), 5000, 'leave');
        }),
      );
    }
    await this.pool.close();
    this.restoreConsole?.();
    this.restoreConsole = null;
  }
}
