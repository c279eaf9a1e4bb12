import { randomUUID } from 'node:crypto';
import { hallLayout, type HallLayout } from '../../shared/layout.ts';
import {
  HallIntent,
  HallNotice,
  Reason,
  type HallIntentMessage,
  type HallIntentPayloads,
  type HallNoticePayloads,
} from '../../shared/protocol.ts';
import {
  type CalledNotice,
  type CaseCompletedNotice,
  type DeskChangedNotice,
  type DeskChatNotice,
  type DeskTicket,
  type DeskViewNotice,
  type MyTicket,
  type MyTicketsNotice,
  type OpenTicketStatus,
} from '../../shared/queue.ts';
import { unhandled } from '../../shared/wire.ts';
import { Role } from '../../shared/roles.ts';
import { DeskBoard, ServiceLine, type QueueBoards } from '../../shared/state.ts';
import { openNewCase } from '../cases/openCase.ts';
import { caseAfterTransfer, caseToContinue, statusAfter } from '../cases/rules.ts';
import { deskHold, isOpen, Queue, type QueueResult, type Ticket } from './rules.ts';
import { stationDay } from '../../shared/dates.ts';
import { log } from '../log.ts';
import { recordAudit } from '../store/auditRepo.ts';
import {
  addMessage,
  casesOfMerchant,
  completeCase,
  continueCase,
  deskHistoryOf,
  hasRating,
  messagesOf,
  moveCase,
} from '../cases/store.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { filingsOfMerchant } from '../filings/store.ts';
import { findMerchantById } from '../accounts/merchantStore.ts';
import { loadDesks, loadTickets, saveDesk, saveTickets } from './store.ts';
import { DeskCalls, type Connection, type TellSession } from '../voice/calls.ts';
import type { DeskFacts } from '../voice/rules.ts';

/** Who is acting, from the verified token. */
export interface DeskActor {
  personId: string;
  role: Role;
  name: string;
}

/**
 * A room whose people follow the queue: the hall, and the line that lets merchants follow it from the 2D
 * panels while the hall is full. The desks tell every attached room.
 */
/** A private notice to one person, typed by the hall's notice map. */
export type TellPerson = <K extends HallNotice>(personId: string, type: K, payload: HallNoticePayloads[K]) => void;

export interface DeskAudience {
  /** The public queue board in this room's state. */
  boards: QueueBoards;
  /** Deliver a private notice to every connection of one person in this room. */
  sendTo: TellPerson;
  /**
   * Whether the person has a connection in this room now. When given, a merchant who has none in any room
   * stops receiving place updates until they come back (`joined`), so the fan-out costs what the rooms hold,
   * not what was stored.
   */
  present?: (personId: string) => boolean;
  /** Deliver a private notice to one connection here, if it is live: whether it was (desk calls). */
  sendToSession?: TellSession;
  /** The person's live connections here (desk calls reach each, and know which carries the call). */
  connectionsOf?: (personId: string) => readonly Connection[];
}

export interface ServiceDesksOptions extends DeskAudience {
  db: Db;
  /** The station whose desks, tickets and numbering these are (its slug); default the default station. */
  station?: string;
  /** The station's hall layout: its desks and the services it offers; default the standard hall. */
  layout?: HallLayout;
  graceMs: number;
  /** Appointments one service takes per booking window; the queue's default when absent. */
  appointmentsPerWindow?: number;
  timeZone: string;
  now?: () => number;
  /**
   * Where an officer is now, as the rooms know it: sitting in a meeting room, or with no live connection to
   * the hall. Asked whenever the queue is taken from storage (at start, after a failed write), so a desk
   * whose officer is not at it is paused from the first moment, not after they next move.
   */
  whereabouts?: (officerId: string) => { inMeeting: boolean; dropped: boolean };
}

/**
 * Waiting merchants hear of their new place at most this often, ms: a burst of calls and takes becomes one
 * pass. The called merchant, the one who acted and the officers' desk views never wait for it.
 */
export const FANOUT_INTERVAL_MS = 250;
/**
 * Merchants whose list one slice of the fan-out brings up to date before the event loop moves on: an
 * operation that arrives meanwhile waits for one slice at most, never for the whole pass.
 */
export const FANOUT_SLICE = 100;

/** Typical service time per service until real ones are known, ms. */
const TYPICAL_MS: Record<string, number> = {
  renovation: 12 * 60_000,
  signboard: 10 * 60_000,
  concerns: 10 * 60_000,
  consultation: 6 * 60_000,
};

export type QueueIntent = Exclude<
  HallIntent,
  typeof HallIntent.moveTo | typeof HallIntent.steer | typeof HallIntent.clock
>;
/** A queue intent as the desks take it: checked, and tagged by its name. */
export type QueueIntentMessage = HallIntentMessage<QueueIntent>;
export const QUEUE_INTENTS: ReadonlySet<string> = new Set<QueueIntent>([
  HallIntent.takeTicket,
  HallIntent.leaveQueue,
  HallIntent.openDesk,
  HallIntent.pauseDesk,
  HallIntent.closeDesk,
  HallIntent.callNext,
  HallIntent.recall,
  HallIntent.noShow,
  HallIntent.transfer,
  HallIntent.startService,
  HallIntent.complete,
  HallIntent.deskChat,
  HallIntent.voiceAsk,
  HallIntent.voiceAnswer,
  HallIntent.voiceHangUp,
  HallIntent.voiceHere,
  HallIntent.voiceMute,
  HallIntent.voiceSignal,
]);

/**
 * The hall's service desks: the queue rules (rules.ts) applied to what people ask for, kept in
 * storage before anyone is told, and shown to each person as they may see it — public counts and numbers
 * in the room state, one's own tickets, desk and conversation in private messages.
 *
 * Operations run one at a time, in the order they arrive: each changes the queue, waits for storage, then
 * tells people. A failed write reloads the queue from storage, so memory never runs ahead of what is kept.
 *
 * Bound on the work: an operation costs O(S·(D + log n)) in the queue (see rules.ts), one storage
 * write, and at once only the messages it must send — the called merchant's signal, the lists of the
 * merchants whose own tickets it changed, the desks' views and the public board (O(D + S)). Everyone else
 * whose place moved (all of a line when its head is called) hears from the fan-out: one pass at most every
 * FANOUT_INTERVAL_MS over the merchants being watched (those in the hall with an open ticket), in slices
 * of FANOUT_SLICE, each O(log n) per ticket. Slices run in the operations' queue, so nobody hears of a
 * change before it is stored, and between slices the event loop and the next operation run.
 */
/** What the station dashboard reads of the hall now ({@link ServiceDesks.glance}). */
export interface HallGlance {
  desks: { deskId: string; officerName: string; services: string[]; held: boolean; ticket: string | null }[];
  lines: { service: string; waitingSince: number[] }[];
}

export class ServiceDesks {
  private queue!: Queue;
  private readonly db: Db;
  private readonly station: string;
  /** The station's hall layout: which desks there are and which services it gives numbers for. */
  readonly layout: HallLayout;
  private readonly opts: ServiceDesksOptions;
  /** Every room told of the queue: the hall first, then any attached (see {@link attach}). */
  private readonly audiences = new Set<DeskAudience>();
  private readonly now: () => number;
  private chain: Promise<unknown> = Promise.resolve();
  /** What each person was last sent, to send only what changed. */
  private lastTickets = new Map<string, string>();
  /** Merchants whose place the fan-out keeps up to date: seen in the hall, with an open ticket. */
  private readonly watched = new Set<string>();
  private fanoutTimer: NodeJS.Timeout | null = null;
  private fanoutRunning = false;
  /** Something changed since the current pass began: run another. */
  private fanoutDue = false;
  private lastFanoutAt = -Infinity;
  private lastDeskView = new Map<string, string>();
  /** Merchant details and history for the ticket at each desk, fetched once per ticket. */
  private deskTickets = new Map<string, DeskTicket>();
  private today = '';
  /** The desk calls (server/voice): told of every change of the desks, reaching people through the rooms. */
  readonly calls: DeskCalls;

  constructor(opts: ServiceDesksOptions) {
    this.opts = opts;
    this.db = opts.db;
    this.station = opts.station ?? DEFAULT_STATION_SLUG;
    this.layout = opts.layout ?? hallLayout;
    this.audiences.add(opts);
    this.now = opts.now ?? Date.now;
    this.calls = new DeskCalls(
      {
        connections: (id) => [...this.audiences].flatMap((a) => a.connectionsOf?.(id) ?? []),
        sendToSession: (session, type, payload) =>
          [...this.audiences].some((a) => a.sendToSession?.(session, type, payload) ?? false),
        present: (id) => this.present(id),
      },
      this.now,
    );
  }

  private freshQueue(): Queue {
    return new Queue({
      services: this.layout.services.map((s) => ({
        id: s.id,
        prefix: s.prefix,
        typicalMs: TYPICAL_MS[s.id] ?? 600_000,
      })),
      desks: this.layout.desks,
      graceMs: this.opts.graceMs,
      appointmentsPerWindow: this.opts.appointmentsPerWindow,
      timeZone: this.opts.timeZone,
      newId: randomUUID,
    });
  }

  /** Bring back today's queue and the open desks, and close whatever an earlier day left open. */
  /** Memory may be ahead of storage (a failed write whose reload failed as well). */
  private stale = false;

  async load(): Promise<void> {
    const now = this.now();
    this.today = stationDay(now, this.opts.timeZone);
    const queue = this.freshQueue();
    const returned = queue.load(
      await loadTickets(this.db, this.station, this.today),
      await loadDesks(this.db, this.station),
    );
    // After a restart no officer is connected yet: their desks wait, paused, for them to come back (or for the
    // sweep to close them); after a reload, those at their desks stay at work.
    const whereabouts = this.opts.whereabouts;
    if (whereabouts)
      for (const desk of queue.desks.values())
        if (desk.officerId) queue.setWhereabouts(desk.officerId, whereabouts(desk.officerId));
    this.queue = queue;
    await saveTickets(this.db, this.station, [...returned, ...queue.expireBefore(this.today, now)]);
    this.deskTickets.clear();
    this.publish();
  }

  /** Run one operation after those before it. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    // After a failed write whose reload failed too (storage down), memory may be ahead of storage: no
    // operation runs on it until a reload from storage has worked.
    const run = this.chain.then(async () => {
      if (this.stale) await this.reload();
      return fn();
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Apply an intent the hall has already checked for role and payload, sent by connection `sessionId` (which
   * a desk call binds to). Resolves to a refusal, or null.
   */
  handle(actor: DeskActor, intent: QueueIntentMessage, sessionId = ''): Promise<Reason | null> {
    // A merchant who acts is in the hall: their place is kept up to date from now on.
    if (actor.role === Role.merchant) this.watched.add(actor.personId);
    // A call's offers, answers and candidates only pass between its two people, in memory: they never wait
    // behind a stored operation (a slow disk would otherwise stall the audio's setting up).
    if (intent.type === HallIntent.voiceSignal) {
      return Promise.resolve(this.calls.handle(actor, sessionId, intent));
    }
    return this.serial(async () => {
      try {
        return await this.apply(actor, intent, sessionId);
      } catch (err) {
        log.error('desks.operation.failed', { intent: intent.type, error: String(err) });
        await this.reload().catch((e: unknown) => log.error('desks.reload.failed', { error: String(e) }));
        return Reason.storageFailed;
      }
    }).catch((err: unknown) => {
      // The reload before the operation failed: nothing was done, and the person is told storage is down.
      log.error('desks.reload.failed', { intent: intent.type, error: String(err) });
      return Reason.storageFailed;
    });
  }

  /** Take the queue again from storage; until that works, the queue counts as stale. */
  private async reload(): Promise<void> {
    this.stale = true;
    await this.load();
    this.stale = false;
  }

  private async apply(actor: DeskActor, intent: QueueIntentMessage, sessionId: string): Promise<Reason | null> {
    const now = this.now();
    const q = this.queue;
    const me = actor.personId;
    switch (intent.type) {
      case HallIntent.takeTicket: {
        const p = intent.payload;
        const r = q.take(me, p.service, now, { description: p.description, appointmentAt: p.appointmentAt });
        return this.commit(r, actor, 'ticket.take');
      }
      case HallIntent.leaveQueue: {
        const r = q.leave(me, intent.payload.ticketId, now);
        return this.commit(r, actor, 'ticket.leave');
      }
      case HallIntent.openDesk: {
        const p = intent.payload;
        const r = q.openDesk(p.deskId, { id: me, name: actor.name }, p.services);
        if (!r.ok) return r.error;
        await saveDesk(this.db, this.station, r.value);
        await this.audit(actor, 'desk.open', 'desk', r.value.id, { services: r.value.services });
        return this.done();
      }
      case HallIntent.pauseDesk: {
        const r = q.setPaused(me, intent.payload.paused);
        if (!r.ok) return r.error;
        await saveDesk(this.db, this.station, r.value);
        await this.audit(actor, r.value.paused ? 'desk.pause' : 'desk.resume', 'desk', r.value.id);
        return this.done();
      }
      case HallIntent.closeDesk:
        return this.closeDeskOf(actor, false);
      case HallIntent.callNext:
      case HallIntent.recall: {
        const recall = intent.type === HallIntent.recall;
        const r = recall ? q.recall(me, now) : q.callNext(me, now);
        const action = recall ? 'ticket.recall' : 'ticket.call';
        // The called merchant hears it before anyone else's place in line is updated.
        return this.commit(r, actor, action, undefined, () => r.ok && this.signalCalled(r.value, recall));
      }
      case HallIntent.noShow:
        return this.commit(q.noShow(me, now), actor, 'ticket.noShow');
      case HallIntent.transfer: {
        const r = q.transfer(me, intent.payload.service);
        if (!r.ok) return r.error;
        // A case already begun goes with the ticket, relabelled for the service that will finish it.
        const moved = caseAfterTransfer(r.value, r.value.service);
        if (moved) await moveCase(this.db, moved.id, moved.service);
        return this.commit(r, actor, 'ticket.transfer', { to: r.value.service, case: moved?.id ?? null });
      }
      case HallIntent.startService:
        return this.startService(actor, now);
      case HallIntent.complete:
        return this.complete(actor, intent.payload, now);
      case HallIntent.deskChat:
        return this.chat(actor, intent.payload);
      case HallIntent.voiceAsk:
      case HallIntent.voiceAnswer:
      case HallIntent.voiceHangUp:
      case HallIntent.voiceHere:
      case HallIntent.voiceMute:
      case HallIntent.voiceSignal:
        return this.calls.handle(actor, sessionId, intent);
      default:
        return unhandled(intent);
    }
  }

  /**
   * Keep what the operation changed, then tell everyone concerned (the one it most concerns first, through
   * `first`), then note staff actions in the audit log.
   */
  private async commit(
    r: QueueResult<unknown>,
    actor: DeskActor,
    action: string,
    detail?: Record<string, unknown>,
    first?: () => void,
  ) {
    if (!r.ok) return r.error;
    await saveTickets(this.db, this.station, r.changed);
    first?.();
    this.publish(r.changed.map((t) => t.merchantId));
    if (actor.role !== Role.merchant) {
      for (const t of r.changed) await this.audit(actor, action, 'ticket', t.id, { number: t.number, ...detail });
    }
    return null;
  }

  private done(concerned: Iterable<string> = []): null {
    this.publish(concerned);
    return null;
  }

  private audit(actor: DeskActor, action: string, targetKind: string, targetId: string, detail = {}) {
    return recordAudit(this.db, { actorKind: 'staff', actorId: actor.personId, action, targetKind, targetId, detail });
  }

  private async closeDeskOf(actor: DeskActor, force: boolean): Promise<Reason | null> {
    const r = this.queue.closeDesk(actor.personId, force);
    if (!r.ok) return r.error;
    await saveTickets(this.db, this.station, r.changed);
    await saveDesk(this.db, this.station, r.value);
    await this.audit(actor, force ? 'desk.closed_on_leave' : 'desk.close', 'desk', r.value.id);
    return this.done(r.changed.map((t) => t.merchantId));
  }

  /** The merchant is at the desk: continue their case for this matter, or open one. */
  private async startService(actor: DeskActor, now: number): Promise<Reason | null> {
    const r = this.queue.startService(actor.personId, now);
    if (!r.ok) return r.error;
    const t = r.value;
    const desk = this.queue.deskOf(actor.personId)!;
    // A returning merchant's open case is found among this station's cases only; continuing one of another
    // station's is refused by storage, and a new case opens here instead.
    const cases = await casesOfMerchant(this.db, t.merchantId, this.station);
    const continued = caseToContinue(t, cases);
    const visit = { description: t.description, officerId: actor.personId, deskId: desk.id, station: this.station };
    if (continued && (await continueCase(this.db, continued, visit))) {
      t.caseId = continued;
    } else {
      t.caseId = await openNewCase(this.db, {
        merchantId: t.merchantId,
        service: t.service,
        ...visit,
        timeZone: this.opts.timeZone,
      });
    }
    await saveTickets(this.db, this.station, [t]);
    await this.audit(actor, 'ticket.serve', 'case', t.caseId, { number: t.number });
    this.deskTickets.delete(desk.id); // the case id changed
    this.publish([t.merchantId]);
    await this.sendChatLog(t);
    return null;
  }

  private async complete(actor: DeskActor, p: HallIntentPayloads['complete'], now: number): Promise<Reason | null> {
    const r = this.queue.complete(actor.personId, now);
    if (!r.ok) return r.error;
    const t = r.value;
    const c = await completeCase(this.db, t.caseId!, {
      notes: p.notes,
      checklist: p.checklist,
      outcome: p.outcome,
      status: statusAfter(p.outcome),
    });
    await saveTickets(this.db, this.station, [t]);
    await this.audit(actor, 'case.complete', 'case', t.caseId!, { number: t.number, outcome: p.outcome });
    this.publish([t.merchantId]);
    if (c) {
      const desk = this.queue.deskOf(actor.personId);
      const notice: CaseCompletedNotice = {
        caseId: c.id,
        number: c.number,
        canRate: !(await hasRating(this.db, c.id)),
        ...(desk ? { deskId: desk.id, officerName: desk.officerName } : {}),
      };
      this.sendTo(t.merchantId, HallNotice.caseCompleted, notice);
    }
    return null;
  }

  /**
   * One line of the desk conversation, kept with the case, sent to the two people at the desk only. The
   * ticket it names must be the sender's own: the merchant's ticket, or the one at the officer's desk; and
   * its service must have begun.
   */
  private async chat(actor: DeskActor, p: HallIntentPayloads['deskChat']): Promise<Reason | null> {
    const t = this.queue.ticket(p.ticketId);
    const mine =
      actor.role === Role.merchant
        ? t?.merchantId === actor.personId
        : this.queue.deskOf(actor.personId)?.ticketId === p.ticketId;
    if (!t || !mine || !isOpen(t)) return Reason.noSuchTicket;
    if (t.status !== 'serving' || !t.caseId || !t.officerId) return Reason.notServing;
    const from = actor.role === Role.merchant ? 'merchant' : 'officer';
    const line = await addMessage(this.db, {
      caseId: t.caseId,
      ticketId: t.id,
      from,
      authorId: actor.personId,
      text: p.text,
    });
    const notice: DeskChatNotice = { caseId: t.caseId, ticketId: t.id, lines: [line], reset: false };
    this.sendTo(t.merchantId, HallNotice.deskChat, notice);
    this.sendTo(t.officerId, HallNotice.deskChat, notice);
    return null;
  }

  private servingTicketOf(actor: DeskActor): Ticket | undefined {
    if (actor.role === Role.merchant) {
      return this.queue.ticketsOf(actor.personId).find((t) => t.status === 'serving');
    }
    const desk = this.queue.deskOf(actor.personId);
    const t = desk?.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
    return t?.status === 'serving' ? t : undefined;
  }

  private async sendChatLog(t: Ticket, only?: string): Promise<void> {
    if (!t.caseId) return;
    const notice: DeskChatNotice = {
      caseId: t.caseId,
      ticketId: t.id,
      lines: await messagesOf(this.db, t.caseId),
      reset: true,
    };
    for (const person of [t.merchantId, t.officerId]) {
      if (person && (!only || only === person)) this.sendTo(person, HallNotice.deskChat, notice);
    }
  }

  private signalCalled(t: Ticket, recall: boolean): void {
    const notice: CalledNotice = { ticketId: t.id, number: t.number, deskId: t.deskId!, recall };
    this.sendTo(t.merchantId, HallNotice.called, notice);
  }

  /**
   * Tell one more room of the queue (the line, beside the hall): its board is filled at once and kept up to
   * date, its people receive their own messages and count as present. Returns the way to detach it.
   */
  attach(audience: DeskAudience): () => void {
    this.audiences.add(audience);
    if (this.queue) this.updateBoardOf(audience.boards);
    return () => void this.audiences.delete(audience);
  }

  /** A private notice to every connection of one person, in whichever room they are. */
  private sendTo<K extends HallNotice>(personId: string, type: K, payload: HallNoticePayloads[K]): void {
    for (const audience of this.audiences) audience.sendTo(personId, type, payload);
  }

  /** Whether the merchant follows the queue from another room only (the line), with no avatar in the hall. */
  private inLine(personId: string): boolean {
    if (!this.opts.present || this.opts.present(personId)) return false;
    for (const audience of this.audiences) if (audience !== this.opts && audience.present?.(personId)) return true;
    return false;
  }

  /** Whether the person is connected to any room told of the queue (always, when no room can say). */
  private present(personId: string): boolean {
    let known = false;
    for (const audience of this.audiences) {
      if (!audience.present) continue;
      if (audience.present(personId)) return true;
      known = true;
    }
    return !known;
  }

  /** Someone (re)joined: send them what is theirs, since private messages do not wait for them. */
  joined(actor: DeskActor): Promise<void> {
    return this.serial(async () => {
      if (actor.role === Role.merchant) {
        this.watched.add(actor.personId);
        this.lastTickets.delete(actor.personId);
        this.sendTickets(actor.personId, true);
      } else {
        this.lastDeskView.delete(actor.personId);
        await this.sendDeskView(actor.personId);
      }
      const t = this.servingTicketOf(actor);
      if (t) await this.sendChatLog(t, actor.personId);
      const called =
        actor.role === Role.merchant && this.queue.ticketsOf(actor.personId).find((x) => x.status === 'called');
      if (called) this.signalCalled(called, true);
      this.calls.connectionChanged(actor.personId);
    });
  }

  /**
   * An officer left the hall for good (not a dropped connection): their desk closes, nothing is lost. The
   * merchant who was called to or served at it hears at once that they are back in line, first.
   */
  officerGone(actor: DeskActor): Promise<void> {
    return this.serial(async () => {
      const desk = this.queue.deskOf(actor.personId);
      if (!desk) return;
      const atDesk = desk.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
      const deskId = desk.id;
      const closed = await this.closeDeskOf(actor, true).catch((err: unknown) => {
        log.error('desks.close_on_leave.failed', { error: String(err) });
        return Reason.storageFailed;
      });
      if (closed === null && atDesk) this.tellDeskChanged(atDesk, deskId, 'closed', null);
    });
  }

  /**
   * Where an officer is, as the rooms see it: at a meeting table, or with their connection dropped (the hall
   * holding their place until `until`). Their desk calls nobody meanwhile and leaves the wait estimates; the
   * merchant called to or served at it hears at once, and again when the officer is back. Not stored: after a
   * restart the officers' own connections say where they are.
   */
  whereabouts(officerId: string, part: { inMeeting?: boolean; dropped?: boolean }, until: number | null = null) {
    return this.serial(async () => {
      const before = this.queue.deskOf(officerId);
      const wasHeld = before ? deskHold(before) : null;
      const desk = this.queue.setWhereabouts(officerId, part);
      if (!desk) return;
      const t = desk.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
      const hold = deskHold(desk);
      log.info('desks.whereabouts', { desk: desk.id, hold: hold ?? 'none', was: wasHeld ?? 'none' });
      if (t && isOpen(t)) {
        const change = hold === 'dropped' ? 'dropped' : hold === 'meeting' ? 'meeting' : 'back';
        if (change !== 'back' || wasHeld === 'dropped' || wasHeld === 'meeting')
          this.tellDeskChanged(t, desk.id, change, change === 'dropped' ? until : null);
      }
      this.publish(t ? [t.merchantId] : []);
    });
  }

  private tellDeskChanged(t: Ticket, deskId: string, change: DeskChangedNotice['change'], until: number | null) {
    const notice: DeskChangedNotice = { deskId, ticketId: t.id, number: t.number, change, until };
    this.sendTo(t.merchantId, HallNotice.deskChanged, notice);
  }

  /**
   * Close desks whose officer is not in the hall (after a restart, once their place could no longer be
   * held), and catch up with the clock: a new day, appointments coming due, estimates drifting.
   */
  sweep(isPresent: (personId: string) => boolean): Promise<void> {
    return this.serial(async () => {
      const now = this.now();
      const day = stationDay(now, this.opts.timeZone);
      if (day !== this.today) {
        this.today = day;
        await saveTickets(this.db, this.station, this.queue.expireBefore(day, now));
      }
      for (const desk of [...this.queue.desks.values()]) {
        if (desk.officerId && !isPresent(desk.officerId)) {
          const officer = { personId: desk.officerId, role: Role.officer, name: desk.officerName };
          await this.closeDeskOf(officer, true);
        }
      }
      this.publish();
    });
  }

  /**
   * Each staffed desk's officer with the merchant called to it or served there: the two see each other in the
   * hall however far apart they stand (their desk call, when they have one, is between the same two).
   */
  pairs(): { officerId: string; merchantId: string }[] {
    const out: { officerId: string; merchantId: string }[] = [];
    for (const desk of this.queue.desks.values()) {
      const t = desk.officerId && desk.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
      if (t && (t.status === 'called' || t.status === 'serving'))
        out.push({ officerId: desk.officerId!, merchantId: t.merchantId });
    }
    return out;
  }

  /** Is this person staffing a desk? */
  staffing(personId: string): boolean {
    return Boolean(this.queue.deskOf(personId));
  }

  /**
   * Update the public board and the desks' views, and send the merchants the operation concerned their own
   * list, at once; everyone else whose place moved hears from the next fan-out pass.
   */
  private publish(concerned: Iterable<string> = []): void {
    this.updateBoard();
    this.calls.reconcile(this.deskFacts());
    for (const merchant of concerned) {
      this.watched.add(merchant);
      this.sendTickets(merchant);
    }
    for (const desk of this.queue.desks.values()) if (desk.officerId) void this.sendDeskView(desk.officerId);
    // Officers who just left their desk are told too.
    for (const officer of [...this.lastDeskView.keys()])
      if (!this.queue.deskOf(officer)) void this.sendDeskView(officer);
    this.scheduleFanout();
  }

  /** Each desk's officer and the visit under way there, as the desk calls follow them. */
  private deskFacts(): DeskFacts[] {
    return [...this.queue.desks.values()].map((desk) => {
      const t = desk.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
      return {
        deskId: desk.id,
        officerId: desk.officerId,
        officerName: desk.officerName,
        visit: t?.status === 'serving' ? { ticketId: t.id, merchantId: t.merchantId } : null,
      };
    });
  }

  /**
   * One merchant's open tickets with place and estimate, O(k·(log n + B)) for their k tickets, sent if it
   * differs from what they last got (or always, when `always`). A merchant left with no ticket is no longer
   * watched once told so.
   */
  private sendTickets(merchant: string, always = false): void {
    const now = this.now();
    const list = this.queue.ticketsOf(merchant).map((t) => this.myTicket(t, now));
    const json = JSON.stringify(list);
    const last = this.lastTickets.get(merchant);
    if (list.length === 0) this.watched.delete(merchant);
    if (!always && (last === json || (last === undefined && list.length === 0))) return;
    if (list.length === 0) this.lastTickets.delete(merchant);
    else this.lastTickets.set(merchant, json);
    const notice: MyTicketsNotice = { tickets: list };
    this.sendTo(merchant, HallNotice.myTickets, notice);
  }

  /** Ask for a fan-out pass: now if none ran in the last FANOUT_INTERVAL_MS, else when that has passed. */
  private scheduleFanout(): void {
    this.fanoutDue = true;
    if (this.fanoutTimer || this.fanoutRunning) return;
    const wait = Math.max(0, this.lastFanoutAt + FANOUT_INTERVAL_MS - performance.now());
    this.fanoutTimer = setTimeout(() => {
      this.fanoutTimer = null;
      void this.fanout();
    }, wait);
    // A pending pass must not keep a stopping process alive.
    this.fanoutTimer.unref();
  }

  /**
   * Bring every watched merchant's list up to date, FANOUT_SLICE at a time. Each slice runs in the
   * operations' queue (never between an operation's change and its write), and the event loop turns between
   * slices, so a call next waits for one slice at most and /healthz is never held up by a long line.
   */
  private async fanout(): Promise<void> {
    this.fanoutRunning = true;
    this.fanoutDue = false;
    this.lastFanoutAt = performance.now();
    try {
      const merchants = [...this.watched];
      for (let i = 0; i < merchants.length; i += FANOUT_SLICE) {
        const slice = merchants.slice(i, i + FANOUT_SLICE);
        await this.serial(async () => {
          for (const merchant of slice) {
            if (!this.present(merchant)) {
              // Gone from the hall: they get the whole list again when they come back (joined).
              this.watched.delete(merchant);
              this.lastTickets.delete(merchant);
            } else {
              this.sendTickets(merchant);
            }
          }
        });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      log.error('desks.fanout.failed', { error: String(err) });
    } finally {
      this.fanoutRunning = false;
      if (this.fanoutDue) this.scheduleFanout();
    }
  }

  /** Why the merchant's desk is held (called or served), or whether every desk of their line is (waiting). */
  private holdFor(t: Ticket): MyTicket['hold'] {
    if (t.status === 'waiting') return this.queue.allHeld(t.service) ? 'paused' : null;
    const desk = t.deskId ? this.queue.desks.get(t.deskId) : undefined;
    return desk ? deskHold(desk) : null;
  }

  private myTicket(t: Ticket, now: number): MyTicket {
    const position = this.queue.position(t, now);
    return {
      id: t.id,
      number: t.number,
      service: t.service,
      status: t.status as OpenTicketStatus,
      position,
      eta: position === null ? null : this.queue.eta(t, now),
      hold: this.holdFor(t),
      deskId: t.deskId,
      takenAt: t.takenAt,
      appointmentAt: t.appointmentAt,
      calledAt: t.calledAt,
      callCount: t.callCount,
      description: t.description,
    };
  }

  private updateBoard(): void {
    for (const audience of this.audiences) this.updateBoardOf(audience.boards);
  }

  /** Bring one room's public board up to date, touching only what changed (each change is sent). */
  private updateBoardOf(boards: QueueBoards): void {
    for (const desk of this.queue.desks.values()) {
      let board = boards.desks.get(desk.id);
      if (!board) {
        board = new DeskBoard();
        boards.desks.set(desk.id, board);
      }
      const t = desk.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
      const open = Boolean(desk.officerId);
      const services = desk.services.join(',');
      const serving = t?.number ?? '';
      const calling = t?.status === 'called';
      const hold = deskHold(desk) ?? '';
      const paused = hold !== '';
      if (board.open !== open) board.open = open;
      if (board.paused !== paused) board.paused = paused;
      if (board.hold !== hold) board.hold = hold;
      if (board.officer !== desk.officerName) board.officer = desk.officerName;
      if (board.services !== services) board.services = services;
      if (board.serving !== serving) board.serving = serving;
      if (board.calling !== calling) board.calling = calling;
      const calls = calling ? Math.min(t.callCount, 255) : 0;
      if (board.callCount !== calls) board.callCount = calls;
    }
    for (const [service, waiting] of this.queue.waitingCounts()) {
      let line = boards.lines.get(service);
      if (!line) {
        line = new ServiceLine();
        boards.lines.set(service, line);
      }
      if (line.waiting !== waiting) line.waiting = waiting;
    }
  }

  /**
   * The officer's desk view. The merchant's details are fetched first; the view is then built from the queue
   * as it is by then, so a slow fetch never delivers a view older than one sent after it.
   */
  private async sendDeskView(officerId: string): Promise<void> {
    const before = this.queue.deskOf(officerId);
    const atDesk = before?.ticketId ? this.queue.ticket(before.ticketId) : undefined;
    if (before && atDesk && isOpen(atDesk)) {
      await this.deskTicket(before.id, atDesk).catch((err: unknown) =>
        log.error('desks.view.failed', { error: String(err) }),
      );
    }
    const desk = this.queue.deskOf(officerId);
    const t = desk?.ticketId ? this.queue.ticket(desk.ticketId) : undefined;
    const details = desk && t ? this.deskTickets.get(desk.id) : undefined;
    if (t && (!details || details.ticketId !== t.id || details.caseId !== t.caseId)) return; // a later call sends it
    const view: DeskViewNotice = {
      deskId: desk?.id ?? null,
      services: desk?.services ?? [],
      paused: desk?.paused ?? false,
      hold: desk ? deskHold(desk) : null,
      current:
        t && details
          ? {
              ...details,
              service: t.service,
              status: t.status as OpenTicketStatus,
              calledAt: t.calledAt,
              callCount: t.callCount,
              inLine: this.inLine(t.merchantId),
            }
          : null,
      graceMs: this.queue.graceMs,
    };
    const json = JSON.stringify(view);
    if (this.lastDeskView.get(officerId) === json) return;
    if (desk) this.lastDeskView.set(officerId, json);
    else this.lastDeskView.delete(officerId);
    this.sendTo(officerId, HallNotice.deskView, view);
  }

  /** Fetch the merchant's details and earlier cases for the ticket at a desk, once per ticket and case. */
  private async deskTicket(deskId: string, t: Ticket): Promise<void> {
    const cached = this.deskTickets.get(deskId);
    if (cached && cached.ticketId === t.id && cached.caseId === t.caseId) return;
    const caseId = t.caseId;
    const [merchant, earlier, filings] = await Promise.all([
      findMerchantById(this.db, t.merchantId),
      deskHistoryOf(this.db, t.merchantId, this.station, this.opts.timeZone),
      filingsOfMerchant(this.db, t.merchantId, this.station),
    ]);
    this.deskTickets.set(deskId, {
      ticketId: t.id,
      number: t.number,
      service: t.service,
      status: t.status as OpenTicketStatus,
      takenAt: t.takenAt,
      calledAt: t.calledAt,
      callCount: t.callCount,
      description: t.description,
      caseId,
      merchant: {
        id: t.merchantId,
        name: merchant?.displayName ?? '',
        shop: merchant?.shopName ?? '',
        phone: merchant?.phone ?? null,
      },
      ...earlier,
      filings: filings.map((f) => ({ id: f.id, signText: f.form.signText, state: f.state, caseNumber: f.caseNumber })),
    });
  }

  /**
   * The hall now, for the station dashboard: each open desk and who staffs it (held: paused, in a meeting or
   * dropped), the ticket it calls or serves, and per service when each one due in line began to wait (their
   * number taken, or their appointment come). O(n) over the lines: read on request, never per change.
   */
  glance(now = this.now()): HallGlance {
    const desks = [...this.queue.desks.values()]
      .filter((d) => d.officerId)
      .map((d) => ({
        deskId: d.id,
        officerName: d.officerName,
        services: [...d.services],
        held: deskHold(d) !== null,
        ticket: (d.ticketId && this.queue.ticket(d.ticketId)?.number) || null,
      }));
    const lines = this.layout.services.map((s) => ({
      service: s.id,
      waitingSince: this.queue.line(s.id, now).map((t) => Math.max(t.takenAt, t.appointmentAt ?? t.takenAt)),
    }));
    return { desks, lines };
  }
}
