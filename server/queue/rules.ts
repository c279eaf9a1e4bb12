import {
  APPOINTMENT_MIN_AHEAD_MS,
  APPOINTMENTS_PER_WINDOW,
  appointmentWindow,
  DeskHold,
  type Eta,
} from '../../shared/queue.ts';
import { Reason } from '../../shared/protocol.ts';
import { stationDay } from '../../shared/dates.ts';
import { refused, type Refused, type Result } from '../../shared/result.ts';
import { estimateHead, WAIT_REPLAY_HEAD, type LineEstimate, type LineSnapshot } from '../domain/waitEstimate.ts';
import { RankedSet } from './rankedSet.ts';

/** Ticket numbers count afresh each station day; the rest of the hall reads the day from here too. */

/**
 * The queue rules of the service hall, as plain data and functions: taking a number, the order desks call
 * in, recall, no-show, transfer, completion, and the wait estimate. No sockets, no storage: the hall room
 * applies these and persists the tickets each operation reports as changed.
 *
 * Work per operation, with n tickets today, S services, D desks and B bookings of one service later today:
 * every operation (take, leave, call, recall, no-show, start, transfer, complete, open, pause, close) is
 * O(S·(D + log n)) — a few tree steps, whatever the length of the line. Each service's line is kept in call
 * order in two ranked sets (rankedSet.ts): its walk-ins, and its bookings by booked time, whose due ones are
 * a prefix. A ticket's place is then its rank, O(log n). Only `line` (a copy of a whole line, for
 * inspection), `load` (O(n log n), at start) and `expireBefore` (O(tickets expired), once a day) touch every
 * ticket. The wait estimates are made for the whole line in one pass over its head (the first
 * WAIT_REPLAY_HEAD tickets, server/domain/waitEstimate.ts), whatever its length, the first time one is asked
 * after a change, and kept for ESTIMATE_REUSE_MS; a ticket's is then O(log n). Telling every waiting
 * merchant of their new place is the hall's fan-out (desks.ts), outside these operations.
 */

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'left' | 'noShow' | 'expired';
const OPEN: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'serving']);

export interface Ticket {
  id: string;
  /** Station-local calendar day the number belongs to, YYYY-MM-DD. */
  day: string;
  /** Daily sequence per ticket prefix. */
  seq: number;
  /** Shown and called out, e.g. `R-012`; kept through a transfer, so the merchant's number never changes. */
  number: string;
  service: string;
  merchantId: string;
  description: string;
  /** When the number was taken; a transfer keeps it, so the merchant keeps their turn. */
  takenAt: number;
  /** A booked time later that day; such a ticket is called first once the time has come. */
  appointmentAt: number | null;
  status: TicketStatus;
  deskId: string | null;
  officerId: string | null;
  calledAt: number | null;
  callCount: number;
  servedAt: number | null;
  endedAt: number | null;
  caseId: string | null;
}

export interface Desk {
  id: string;
  /** Services this desk can be opened for: any the hall offers (the layout's list is what its sign shows). */
  allowed: readonly string[];
  officerId: string | null;
  officerName: string;
  services: string[];
  /** Paused by its officer at the desk (stored; survives a restart). */
  paused: boolean;
  /** Its officer sits at a meeting table: nobody is at the desk, whatever `paused` says. Not stored. */
  inMeeting: boolean;
  /** Its officer's connection dropped and the hall holds their place: nobody is at the desk. Not stored. */
  dropped: boolean;
  /** The ticket called to or being served at this desk. */
  ticketId: string | null;
}

/**
 * Why an open desk calls nobody now, the most telling reason first: the officer's connection dropped, they
 * sit in a meeting, or they paused it. Null for a desk at work (or a closed one).
 */
export function deskHold(d: Desk): DeskHold | null {
  if (!d.officerId) return null;
  if (d.dropped) return DeskHold.dropped;
  if (d.inMeeting) return DeskHold.meeting;
  return d.paused ? DeskHold.paused : null;
}

/** An open desk whose officer is at it and calling: the only kind that counts in a wait estimate. */
export function deskActive(d: Desk): boolean {
  return Boolean(d.officerId) && deskHold(d) === null;
}

export interface ServiceInfo {
  id: string;
  prefix: string;
  /** Service time assumed until enough real ones are known, ms. */
  typicalMs: number;
}

/** A queue operation's answer: its value and the tickets it `changed` (to store and tell), or why not. */
export type QueueResult<T> = Result<T, Reason, unknown, { changed: Ticket[] }>;

const refuse = (reason: Reason): Refused<Reason> => refused(reason);

/**
 * Recent service times kept per service for the estimate: enough that the spread of service times is known,
 * few enough to follow a day that changes (about a morning's cases at one desk). Default 40.
 */
export const RECENT_SAMPLES = 40;
/**
 * How long the line's estimates are kept while nothing changes, ms: the hall asks for them at every moment
 * of a fan-out (each slice, each merchant) and when the clock catches up, and a second's drift is well under
 * the minutes shown, so they are made once, not once per moment (what has passed comes off). Default 1,000.
 */
export const ESTIMATE_REUSE_MS = 1_000;
/** Below this many real samples, the service's typical time is used instead. */
export { WAIT_MIN_SAMPLES as MIN_SAMPLES } from '../domain/waitEstimate.ts';

export function isOpen(t: Ticket): boolean {
  return OPEN.has(t.status);
}

/** An appointment not yet due is held back; everything else waits in line. */
export function isDue(t: Ticket, now: number): boolean {
  return t.appointmentAt === null || t.appointmentAt <= now;
}

/**
 * The order desks call in: appointments whose time has come first (earliest booking first), then everyone
 * else by the time they took their number (which a transfer keeps). Sequence breaks ties.
 */
export function callOrder(a: Ticket, b: Ticket): number {
  const aAppt = a.appointmentAt !== null;
  const bAppt = b.appointmentAt !== null;
  if (aAppt !== bAppt) return aAppt ? -1 : 1;
  if (aAppt && bAppt && a.appointmentAt !== b.appointmentAt) return a.appointmentAt! - b.appointmentAt!;
  return a.takenAt - b.takenAt || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface QueueOptions {
  services: ServiceInfo[];
  desks: { id: string; services: readonly string[] }[];
  /** How long a called merchant has to come to the desk before a no-show may be marked, ms. */
  graceMs: number;
  /** Appointments one service takes per booking window (see APPOINTMENT_WINDOW_MS); default 2. */
  appointmentsPerWindow?: number;
  timeZone: string;
  newId: () => string;
}

/** One service's waiting tickets in call order: due bookings (a prefix of `booked`), then `walkIns`. */
interface Line {
  walkIns: RankedSet<Ticket>;
  /** Waiting bookings by booked time, due or not: those due are a prefix. */
  booked: RankedSet<Ticket>;
}

export class Queue {
  readonly graceMs: number;
  readonly appointmentsPerWindow: number;
  private readonly services = new Map<string, ServiceInfo>();
  readonly desks = new Map<string, Desk>();
  private readonly tickets = new Map<string, Ticket>();
  /**
   * Indexes over `tickets`, kept in step by `change` (every change of status or service goes through it), so
   * no operation has to look at every ticket: the lines, each merchant's open tickets in the order taken,
   * merchants called to or served at a desk, bookings per service and window, and ticket ids per day.
   */
  private readonly lines = new Map<string, Line>();
  private readonly openOf = new Map<string, Ticket[]>();
  private readonly busy = new Map<string, number>();
  private readonly bookings = new Map<string, number>();
  private readonly days = new Map<string, Set<string>>();
  /** Highest sequence handed out per `${day}/${prefix}`. */
  private readonly lastSeq = new Map<string, number>();
  /** Latest service durations per service, newest last. */
  private readonly samples = new Map<string, number[]>();
  private readonly timeZone: string;
  private readonly newId: () => string;
  /** Counts every change an estimate depends on (tickets, desks, service times): the estimates' cache key. */
  private revision = 0;
  /** The line's estimates, made at `at` for `revision`: the head's by ticket, and how many of each service it holds. */
  private estimates: {
    revision: number;
    at: number;
    line: LineEstimate;
    inHead: Map<string, number>;
    headOf: Map<string, number>;
  } | null = null;

  constructor(options: QueueOptions) {
    this.graceMs = options.graceMs;
    this.appointmentsPerWindow = options.appointmentsPerWindow ?? APPOINTMENTS_PER_WINDOW;
    this.timeZone = options.timeZone;
    this.newId = options.newId;
    for (const s of options.services) this.services.set(s.id, s);
    for (const d of options.desks) {
      this.desks.set(d.id, {
        id: d.id,
        allowed: [...options.services.map((s) => s.id)],
        officerId: null,
        officerName: '',
        services: [],
        paused: false,
        inMeeting: false,
        dropped: false,
        ticketId: null,
      });
    }
  }

  /**
   * Bring back what storage holds: today's tickets (every status) and the desks that were open. Returns
   * the tickets put back in line because their desk is no longer staffed, for storage to record.
   */
  load(tickets: Ticket[], desks: Pick<Desk, 'id' | 'officerId' | 'officerName' | 'services' | 'paused'>[]): Ticket[] {
    for (const t of [...tickets].sort((a, b) => a.takenAt - b.takenAt)) this.remember(t);
    for (const saved of desks) {
      const desk = this.desks.get(saved.id);
      if (!desk || !saved.officerId) continue;
      Object.assign(desk, {
        officerId: saved.officerId,
        officerName: saved.officerName,
        services: saved.services.filter((s) => this.services.has(s)),
        paused: saved.paused,
      });
    }
    this.revision++;
    const returned: Ticket[] = [];
    for (const t of this.tickets.values()) {
      if (t.status !== 'called' && t.status !== 'serving') continue;
      const desk = t.deskId ? this.desks.get(t.deskId) : undefined;
      if (desk?.officerId && desk.officerId === t.officerId) desk.ticketId = t.id;
      else {
        this.change(t, () => this.backInLine(t));
        returned.push(t);
      }
    }
    return returned;
  }

  private remember(t: Ticket): void {
    this.revision++;
    this.tickets.set(t.id, t);
    let day = this.days.get(t.day);
    if (!day) this.days.set(t.day, (day = new Set()));
    day.add(t.id);
    this.index(t, 1);
    if (isOpen(t)) this.openList(t.merchantId).push(t);
    const key = `${t.day}/${t.number.split('-')[0]}`;
    this.lastSeq.set(key, Math.max(this.lastSeq.get(key) ?? 0, t.seq));
    if (t.status === 'done' && t.servedAt !== null && t.endedAt !== null) {
      this.sample(t.service, t.endedAt - t.servedAt);
    }
  }

  private sample(service: string, ms: number): void {
    if (!(ms > 0)) return;
    this.revision++;
    const list = this.samples.get(service) ?? [];
    list.push(ms);
    if (list.length > RECENT_SAMPLES) list.shift();
    this.samples.set(service, list);
  }

  ticket(id: string): Ticket | undefined {
    return this.tickets.get(id);
  }

  /** The open tickets of one merchant, in the order they were taken. */
  ticketsOf(merchantId: string): Ticket[] {
    return [...(this.openOf.get(merchantId) ?? [])];
  }

  /** Everyone with an open ticket (whose position or estimate may have moved). */
  merchantsWaiting(): Set<string> {
    return new Set(this.openOf.keys());
  }

  private openList(merchantId: string): Ticket[] {
    let list = this.openOf.get(merchantId);
    if (!list) this.openOf.set(merchantId, (list = []));
    return list;
  }

  private lineOf(service: string): Line {
    let line = this.lines.get(service);
    if (!line)
      this.lines.set(service, (line = { walkIns: new RankedSet(callOrder), booked: new RankedSet(callOrder) }));
    return line;
  }

  private static bookingKey(service: string, at: number): string {
    return `${service}/${appointmentWindow(at).start}`;
  }

  /** Add (+1) or take away (−1) one ticket's part in the indexes, as its status and service now stand. */
  private index(t: Ticket, sign: 1 | -1): void {
    if (t.status === 'waiting') {
      const line = this.lineOf(t.service);
      const set = t.appointmentAt === null ? line.walkIns : line.booked;
      if (sign > 0) set.add(t);
      else set.delete(t);
    }
    if (t.status === 'called' || t.status === 'serving') {
      const n = (this.busy.get(t.merchantId) ?? 0) + sign;
      if (n > 0) this.busy.set(t.merchantId, n);
      else this.busy.delete(t.merchantId);
    }
    // A booking given up or expired frees its place in the window; one called, served or missed keeps it.
    if (t.appointmentAt !== null && t.status !== 'left' && t.status !== 'expired') {
      const key = Queue.bookingKey(t.service, t.appointmentAt);
      const n = (this.bookings.get(key) ?? 0) + sign;
      if (n > 0) this.bookings.set(key, n);
      else this.bookings.delete(key);
    }
  }

  /** Change a ticket's status or service through here only: its index entries move with it. O(log n). */
  private change(t: Ticket, mutate: () => void): void {
    this.revision++;
    const wasOpen = isOpen(t);
    this.index(t, -1);
    mutate();
    this.index(t, 1);
    if (wasOpen && !isOpen(t)) {
      const list = this.openOf.get(t.merchantId) ?? [];
      const i = list.indexOf(t);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.openOf.delete(t.merchantId);
    }
  }

  deskOf(officerId: string): Desk | undefined {
    for (const d of this.desks.values()) if (d.officerId === officerId) return d;
    return undefined;
  }

  /** How many bookings of the service's line have come due: they stand first, in booked order. O(log n). */
  private dueBookings(line: Line, now: number): number {
    return line.booked.countWhile((t) => isDue(t, now));
  }

  /** The line in call order, lazily: O(log n) to start, O(1) per ticket after. Do not change the queue meanwhile. */
  private *inOrder(line: Line, now: number): Generator<Ticket, void, undefined> {
    const due = this.dueBookings(line, now);
    let i = 0;
    for (const t of line.booked.values()) {
      if (i++ >= due) break;
      yield t;
    }
    yield* line.walkIns.values();
  }

  /**
   * Waiting tickets of one service in call order (appointments not yet due are left out). A copy of the
   * whole line, O(n): for inspection and tests; the operations never need it.
   */
  line(service: string, now: number): Ticket[] {
    const line = this.lines.get(service);
    return line ? [...this.inOrder(line, now)] : [];
  }

  /** How many are waiting per service, booked appointments included. O(S). */
  waitingCounts(): Map<string, number> {
    const out = new Map<string, number>([...this.services.keys()].map((s) => [s, 0]));
    for (const [service, line] of this.lines) {
      const n = line.walkIns.size + line.booked.size;
      if (n > 0 || out.has(service)) out.set(service, n);
    }
    return out;
  }

  take(
    merchantId: string,
    serviceId: string,
    now: number,
    options: { description?: string; appointmentAt?: number } = {},
  ): QueueResult<Ticket> {
    const service = this.services.get(serviceId);
    if (!service) return refuse(Reason.serviceNotOffered);
    // One open ticket per merchant per service.
    if (this.ticketsOf(merchantId).some((t) => t.service === serviceId)) return refuse(Reason.alreadyQueued);
    const day = stationDay(now, this.timeZone);
    const appointmentAt = options.appointmentAt ?? null;
    if (appointmentAt !== null && !this.validAppointment(appointmentAt, now, day)) {
      return refuse(Reason.appointmentInvalid);
    }
    if (appointmentAt !== null && this.bookedIn(serviceId, appointmentAt) >= this.appointmentsPerWindow) {
      return refuse(Reason.appointmentFull);
    }
    const key = `${day}/${service.prefix}`;
    const seq = (this.lastSeq.get(key) ?? 0) + 1;
    this.lastSeq.set(key, seq);
    const ticket: Ticket = {
      id: this.newId(),
      day,
      seq,
      number: `${service.prefix}-${String(seq).padStart(3, '0')}`,
      service: serviceId,
      merchantId,
      description: options.description ?? '',
      takenAt: now,
      appointmentAt,
      status: 'waiting',
      deskId: null,
      officerId: null,
      calledAt: null,
      callCount: 0,
      servedAt: null,
      endedAt: null,
      caseId: null,
    };
    this.remember(ticket);
    return { ok: true, value: ticket, changed: [ticket] };
  }

  private validAppointment(at: number, now: number, day: string): boolean {
    return at >= now + APPOINTMENT_MIN_AHEAD_MS && stationDay(at, this.timeZone) === day;
  }

  /**
   * Appointments of a service booked in the window `at` falls in. A booking given up frees its place; one
   * already called, served or missed keeps it, since it did go ahead of the line in that window.
   */
  bookedIn(service: string, at: number): number {
    return this.bookings.get(Queue.bookingKey(service, at)) ?? 0;
  }

  /** The merchant gives up a ticket that is waiting or called (not one already being served). */
  leave(merchantId: string, ticketId: string, now: number): QueueResult<Ticket> {
    const t = this.tickets.get(ticketId);
    if (!t || t.merchantId !== merchantId || !isOpen(t)) return refuse(Reason.noSuchTicket);
    if (t.status === 'serving') return refuse(Reason.ticketInService);
    this.change(t, () => {
      this.release(t);
      t.status = 'left';
      t.endedAt = now;
    });
    return { ok: true, value: t, changed: [t] };
  }

  openDesk(deskId: string, officer: { id: string; name: string }, services: string[]): QueueResult<Desk> {
    const desk = this.desks.get(deskId);
    if (!desk) return refuse(Reason.deskNotInHall);
    if (services.some((s) => !this.services.has(s))) return refuse(Reason.serviceNotOffered);
    if (services.length === 0 || services.some((s) => !desk.allowed.includes(s))) return refuse(Reason.invalidPayload);
    if (desk.officerId && desk.officerId !== officer.id) return refuse(Reason.deskTaken);
    const other = this.deskOf(officer.id);
    if (other && other.id !== deskId) return refuse(Reason.alreadyStaffing);
    desk.officerId = officer.id;
    desk.officerName = officer.name;
    desk.services = [...services];
    this.revision++;
    return { ok: true, value: desk, changed: [] };
  }

  setPaused(officerId: string, paused: boolean): QueueResult<Desk> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    desk.paused = paused;
    this.revision++;
    return { ok: true, value: desk, changed: [] };
  }

  /**
   * Note where the officer is: at a meeting table, or with their connection dropped (the hall holding their
   * place). Either way nobody is at the desk: it calls no one and leaves the wait estimates until it is back.
   * Returns the officer's desk when this changed anything, else undefined.
   */
  setWhereabouts(officerId: string, part: { inMeeting?: boolean; dropped?: boolean }): Desk | undefined {
    const desk = this.deskOf(officerId);
    if (!desk) return undefined;
    const before = deskHold(desk);
    if (part.inMeeting !== undefined) desk.inMeeting = part.inMeeting;
    if (part.dropped !== undefined) desk.dropped = part.dropped;
    this.revision++;
    return deskHold(desk) === before ? undefined : desk;
  }

  /**
   * Whether the service has open desks and all of them are held (paused, officer in a meeting or dropped):
   * a merchant waiting for it is told so rather than given an estimate. O(D).
   */
  allHeld(service: string): boolean {
    let open = false;
    for (const d of this.desks.values()) {
      if (!d.officerId || !d.services.includes(service)) continue;
      if (deskActive(d)) return false;
      open = true;
    }
    return open;
  }

  /**
   * Close the officer's desk. Refused while someone is being served, unless forced (the officer left the
   * hall for good): then that ticket goes back in line at its original time, so it is called first.
   */
  closeDesk(officerId: string, force = false): QueueResult<Desk> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    const current = desk.ticketId ? this.tickets.get(desk.ticketId) : undefined;
    if (current?.status === 'serving' && !force) return refuse(Reason.deskBusy);
    const changed: Ticket[] = [];
    if (current) {
      this.change(current, () => this.backInLine(current));
      changed.push(current);
    }
    desk.officerId = null;
    desk.officerName = '';
    desk.services = [];
    desk.paused = false;
    desk.inMeeting = false;
    desk.dropped = false;
    desk.ticketId = null;
    this.revision++;
    return { ok: true, value: desk, changed };
  }

  /**
   * The longest-waiting due ticket among the desk's services; appointments first once their time has come.
   * A merchant already called to or being served at another desk is passed over, not dropped: one person
   * cannot stand at two desks, and their ticket keeps its place for when they are free again.
   *
   * O(S·(D + log n)): each of the desk's lines is read from its head, and at most one ticket per merchant
   * at a desk (at most D) is passed over in each.
   */
  nextFor(desk: Desk, now: number): Ticket | undefined {
    let best: Ticket | undefined;
    for (const service of desk.services) {
      const line = this.lines.get(service);
      if (!line) continue;
      for (const t of this.inOrder(line, now)) {
        if (this.busy.has(t.merchantId)) continue;
        if (!best || callOrder(t, best) < 0) best = t;
        break;
      }
    }
    return best;
  }

  callNext(officerId: string, now: number): QueueResult<Ticket> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    // A desk paused, or whose officer is away (a meeting, a dropped connection), calls nobody.
    if (deskHold(desk) !== null) return refuse(Reason.deskPaused);
    if (desk.ticketId) return refuse(Reason.deskBusy);
    const t = this.nextFor(desk, now);
    if (!t) return refuse(Reason.queueEmpty);
    this.change(t, () => {
      t.status = 'called';
      t.deskId = desk.id;
      t.officerId = officerId;
      t.calledAt = now;
      t.callCount = 1;
    });
    desk.ticketId = t.id;
    return { ok: true, value: t, changed: [t] };
  }

  /** Call the same ticket again; the grace time starts over. */
  recall(officerId: string, now: number): QueueResult<Ticket> {
    const called = this.calledAt(officerId);
    if (!called.ok) return called;
    const t = called.value;
    t.calledAt = now;
    t.callCount += 1;
    this.revision++;
    return { ok: true, value: t, changed: [t] };
  }

  /** The called merchant did not come within the grace time. */
  noShow(officerId: string, now: number): QueueResult<Ticket> {
    const called = this.calledAt(officerId);
    if (!called.ok) return called;
    const t = called.value;
    if (now - (t.calledAt ?? now) < this.graceMs) return refuse(Reason.graceNotOver);
    this.change(t, () => {
      this.release(t);
      t.status = 'noShow';
      t.endedAt = now;
    });
    return { ok: true, value: t, changed: [t] };
  }

  private calledAt(officerId: string): QueueResult<Ticket> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    const t = desk.ticketId ? this.tickets.get(desk.ticketId) : undefined;
    if (!t || t.status !== 'called') return refuse(Reason.nothingCalled);
    return { ok: true, value: t, changed: [] };
  }

  /** The merchant has come to the desk: the service (and its case) begins. */
  startService(officerId: string, now: number): QueueResult<Ticket> {
    const called = this.calledAt(officerId);
    if (!called.ok) return called;
    const t = called.value;
    this.change(t, () => {
      t.status = 'serving';
      t.servedAt = now;
    });
    return { ok: true, value: t, changed: [t] };
  }

  /**
   * Send the ticket at the desk to another service. It keeps its number and the time it was taken, so it
   * joins the other line where it would have stood had it been there from the start.
   */
  transfer(officerId: string, toService: string): QueueResult<Ticket> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    const t = desk.ticketId ? this.tickets.get(desk.ticketId) : undefined;
    if (!t) return refuse(Reason.nothingCalled);
    if (!this.services.has(toService)) return refuse(Reason.serviceNotOffered);
    if (t.service === toService) return refuse(Reason.sameService);
    if (this.ticketsOf(t.merchantId).some((o) => o.service === toService)) return refuse(Reason.alreadyQueued);
    this.change(t, () => {
      this.backInLine(t);
      t.service = toService;
    });
    return { ok: true, value: t, changed: [t] };
  }

  complete(officerId: string, now: number): QueueResult<Ticket> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    const t = desk.ticketId ? this.tickets.get(desk.ticketId) : undefined;
    if (!t || t.status !== 'serving') return refuse(Reason.notServing);
    this.change(t, () => {
      t.status = 'done';
      t.endedAt = now;
    });
    desk.ticketId = null;
    this.sample(t.service, now - (t.servedAt ?? now));
    return { ok: true, value: t, changed: [t] };
  }

  /** Close every open ticket from an earlier day (the hall has closed since). O(tickets of those days). */
  expireBefore(day: string, now: number): Ticket[] {
    const changed: Ticket[] = [];
    for (const [d, ids] of [...this.days]) {
      if (d >= day) continue;
      for (const id of ids) {
        const t = this.tickets.get(id);
        if (!t) continue;
        if (isOpen(t)) {
          this.change(t, () => {
            this.release(t);
            t.status = 'expired';
            t.endedAt = now;
          });
          changed.push(t);
        }
        this.index(t, -1);
        this.tickets.delete(t.id);
      }
      this.days.delete(d);
    }
    return changed;
  }

  /** 1 for next in line among tickets of the same service; null when not waiting in line. O(log n). */
  position(t: Ticket, now: number): number | null {
    if (t.status !== 'waiting' || !isDue(t, now)) return null;
    const line = this.lines.get(t.service);
    if (!line) return null;
    if (t.appointmentAt !== null) return line.booked.has(t) ? line.booked.rank(t) + 1 : null;
    return line.walkIns.has(t) ? this.dueBookings(line, now) + line.walkIns.rank(t) + 1 : null;
  }

  /** The service's recent durations (start to completion), oldest first, at most RECENT_SAMPLES. */
  serviceTimes(service: string): readonly number[] {
    return this.samples.get(service) ?? [];
  }

  /**
   * Estimated wait for a waiting ticket, in whole minutes: a point and a range (server/domain/waitEstimate.ts:
   * the line replayed forward from the desks at work, with the recent service times of each service).
   * Bookings not yet due join the replay when their time comes, ahead of every walk-in, as the desks will
   * call them. No desk at work for the service (none open, or every one paused or its officer away) gives no
   * estimate at all rather than a false one.
   *
   * The whole line is estimated in one pass the first time an estimate is asked after a change, or
   * ESTIMATE_REUSE_MS after the last pass: one pass over the line's head, whatever its length, and each
   * ticket's is then O(log n) (a ticket behind the head is placed by its rank in its service's line). A
   * fan-out that tells each merchant their own costs one pass, not one per merchant or per slice.
   */
  eta(t: Ticket, now: number): Eta | null {
    const position = this.position(t, now);
    if (position === null) return null;
    if (![...this.desks.values()].some((d) => deskActive(d) && d.services.includes(t.service))) return null;
    const kept = this.estimates;
    const estimates =
      kept?.revision === this.revision && now >= kept.at && now - kept.at < ESTIMATE_REUSE_MS
        ? kept
        : (this.estimates = { revision: this.revision, at: now, ...this.lineEstimates(now) });
    const inHead = estimates.inHead.get(t.id);
    const e =
      inHead !== undefined
        ? estimates.line.head[inHead]!
        : estimates.line.tail(t.service, Math.max(1, position - (estimates.headOf.get(t.service) ?? 0)));
    if (!Number.isFinite(e.high)) return null;
    const passed = (now - estimates.at) / 60_000;
    const low = Math.floor(Math.max(0, e.low - passed));
    const high = Math.max(Math.ceil(e.high - passed), low + 1);
    return { minutes: Math.min(high, Math.max(low, Math.round(e.minutes - passed))), low, high };
  }

  /** One pass of the estimate over the line's head (`waitSnapshot`): its tickets' places, and the tails'. */
  private lineEstimates(now: number): { line: LineEstimate; inHead: Map<string, number>; headOf: Map<string, number> } {
    const snapshot = this.waitSnapshot(now);
    const inHead = new Map(snapshot.ids.map((id, i) => [id, i]));
    const headOf = new Map<string, number>();
    for (const t of snapshot.line.waiting) headOf.set(t.service, (headOf.get(t.service) ?? 0) + 1);
    return { line: estimateHead(snapshot.line), inHead, headOf };
  }

  /**
   * The hall as the estimate sees it: the head of the line, the first WAIT_REPLAY_HEAD due tickets of all
   * lines in the order the desks call (due bookings by booked time, then walk-ins by the time taken), the
   * bookings still to come, the desks at work and what each is doing, and the service times known.
   * O(S·(WAIT_REPLAY_HEAD + log n) + B).
   */
  private waitSnapshot(now: number): { line: LineSnapshot; ids: string[] } {
    const heads: { next: IteratorResult<Ticket, void>; rest: Iterator<Ticket, void> }[] = [];
    const upcoming: { service: string; dueAt: number }[] = [];
    for (const [service, line] of this.lines) {
      const rest = this.inOrder(line, now);
      heads.push({ next: rest.next(), rest });
      for (const at of this.bookedLater(service, now)) upcoming.push({ service, dueAt: at });
    }
    const order: Ticket[] = [];
    while (order.length < WAIT_REPLAY_HEAD) {
      let first: (typeof heads)[number] | undefined;
      for (const h of heads)
        if (!h.next.done && (!first || callOrder(h.next.value, first.next.value as Ticket) < 0)) first = h;
      if (!first) break;
      order.push(first.next.value as Ticket);
      first.next = first.rest.next();
    }
    const desks: LineSnapshot['desks'] = [];
    for (const d of this.desks.values()) {
      if (!deskActive(d)) continue;
      const at = d.ticketId ? this.tickets.get(d.ticketId) : undefined;
      desks.push({
        services: d.services,
        servingService: at ? at.service : null,
        // A called merchant is on their way: the desk is taken from the call.
        servingSince: at ? (at.servedAt ?? at.calledAt) : null,
      });
    }
    // Built as own entries, so no service id can reach an object's prototype.
    const services = [...this.services.values()];
    const recentServiceMs = Object.fromEntries(services.map((s) => [s.id, [...this.serviceTimes(s.id)]]));
    const typicalServiceMs = Object.fromEntries(services.map((s) => [s.id, s.typicalMs]));
    return {
      line: {
        now,
        waiting: order.map((t) => ({ service: t.service, issuedAt: t.appointmentAt ?? t.takenAt })),
        dueBookings: order.filter((t) => t.appointmentAt !== null).length,
        upcoming: upcoming.sort((a, b) => a.dueAt - b.dueAt),
        desks,
        recentServiceMs,
        typicalServiceMs,
      },
      ids: order.map((t) => t.id),
    };
  }

  /** Booked times of the service's waiting appointments not yet due, earliest first, read lazily. */
  private *bookedLater(service: string, now: number): Generator<number, void, undefined> {
    const line = this.lines.get(service);
    if (!line) return;
    for (const o of line.booked.values(this.dueBookings(line, now))) yield o.appointmentAt!;
  }

  /** Free the desk holding this ticket, if any. */
  private release(t: Ticket): void {
    for (const d of this.desks.values()) if (d.ticketId === t.id) d.ticketId = null;
  }

  /** Back to waiting at its original time (a desk closed or its officer left), case kept. Inside `change` only. */
  private backInLine(t: Ticket): void {
    this.release(t);
    t.status = 'waiting';
    t.deskId = null;
    t.officerId = null;
    t.calledAt = null;
    t.callCount = 0;
    t.servedAt = null;
  }
}
