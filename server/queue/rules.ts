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
 * a prefix. A ticket's place is then its rank, O(log n), and its estimate O(log n + B). Only `line` (a copy
 * of a whole line, for inspection), `load` (O(n log n), at start) and `expireBefore` (O(tickets expired),
 * once a day) touch every ticket. Telling every waiting merchant of their new place is the hall's fan-out
 * (desks.ts), outside these operations.
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

/** Recent service times kept per service for the estimate. */
export const RECENT_SAMPLES = 10;
/** Below this many real samples, the service's typical time is used instead. */
export const MIN_SAMPLES = 3;

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
    if (!service) return refuse(Reason.invalidPayload);
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
    if (!desk) return refuse(Reason.invalidPayload);
    if (services.length === 0 || services.some((s) => !desk.allowed.includes(s))) return refuse(Reason.invalidPayload);
    if (desk.officerId && desk.officerId !== officer.id) return refuse(Reason.deskTaken);
    const other = this.deskOf(officer.id);
    if (other && other.id !== deskId) return refuse(Reason.alreadyStaffing);
    desk.officerId = officer.id;
    desk.officerName = officer.name;
    desk.services = [...services];
    return { ok: true, value: desk, changed: [] };
  }

  setPaused(officerId: string, paused: boolean): QueueResult<Desk> {
    const desk = this.deskOf(officerId);
    if (!desk) return refuse(Reason.notAtDesk);
    desk.paused = paused;
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
    if (!this.services.has(toService)) return refuse(Reason.invalidPayload);
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

  /** Service time assumed for the estimate: the median of recent ones, or the service's typical time. */
  serviceTime(service: string): number {
    const list = this.samples.get(service) ?? [];
    if (list.length < MIN_SAMPLES) return this.services.get(service)?.typicalMs ?? 10 * 60_000;
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  /**
   * Desks working the service's line, each counted by the share of its time the service gets: a desk open
   * for two services serves each about half the time. Desks paused, or whose officer is in a meeting or has
   * dropped, call no one and do not count.
   */
  capacity(service: string): number {
    let c = 0;
    for (const d of this.desks.values()) {
      if (deskActive(d) && d.services.includes(service)) c += 1 / d.services.length;
    }
    return c;
  }

  /**
   * Estimated wait for a waiting ticket, in whole minutes, as a range.
   *
   * Method: with `ahead` tickets before it in its service's line, a service time T (median of the last
   * {@link RECENT_SAMPLES} services of that kind, or the service's typical time until {@link MIN_SAMPLES}
   * are known) and desk capacity c (see {@link capacity}), the desks clear one ticket every T / c on
   * average. The wait is then between `ahead × T / c` (the ticket at the desk is almost done) and
   * `(ahead + 1) × T / c` (it has just begun), widened by 30 % either way for the spread of service times.
   * No desk at work for the service (none open, or every one paused or its officer away) gives no estimate at
   * all rather than a false one.
   *
   * Appointments: `ahead` counts, besides the tickets before it in line, every booking of the same service
   * that comes due before the ticket would be called, since a due booking is called first. Taken in booked
   * order, each booking due by `now + (ahead + 1) × T / c` (the later end, before widening) joins `ahead`,
   * which pushes that horizon further out for the next one; the first booking beyond it ends the count.
   *
   * O(log n + B): the place is a rank, and only the bookings counted (at most a day's, B) are read.
   */
  eta(t: Ticket, now: number): Eta | null {
    const position = this.position(t, now);
    if (position === null) return null;
    const c = this.capacity(t.service);
    if (c <= 0) return null;
    const perTicketMs = this.serviceTime(t.service) / c;
    const perTicket = perTicketMs / 60_000;
    let ahead = position - 1;
    for (const at of this.bookedLater(t.service, now)) {
      if (at > now + (ahead + 1) * perTicketMs) break;
      ahead++;
    }
    const low = Math.floor(ahead * perTicket * 0.7);
    const high = Math.max(1, Math.ceil((ahead + 1) * perTicket * 1.3));
    return { low, high: Math.max(high, low + 1) };
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
