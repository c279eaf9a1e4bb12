import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  matchMaker,
  OnMessageException,
  Room,
  ServerError,
  type Client,
  type RoomException,
  type RoomMethodName,
} from '@colyseus/core';
import { Action, actionForIntent, decide, type Actor } from '../../shared/permissions.ts';
import { hallLayout } from '../../shared/layout.ts';
import {
  CLOSE_ACCOUNT_CHANGED,
  HallIntent,
  HallNotice,
  hallIntentSchemas,
  MAX_MESSAGES_PER_SECOND,
  MOVE_INTENT_HZ,
  Reason,
  RoomName,
  type HallIntentPayloads,
  type RejectedNotice,
} from '../../shared/protocol.ts';
import { Role, roleCode } from '../../shared/roles.ts';
import { Avatar, HallState } from '../../shared/state.ts';
import { actorOf, type Accounts } from '../auth/accounts.ts';
import { HallFloor } from '../domain/hallFloor.ts';
import { log } from '../log.ts';
import type { FilingService } from '../filings/filingService.ts';
import type { VisitService } from '../visits/visitService.ts';
import type { GuidanceService } from '../guidance/guidanceService.ts';
import type { MeetingService } from '../meetings/meetingService.ts';
import type { Db } from '../store/db.ts';
import { ClientGuard, describeError, intentName } from './badInput.ts';
import { signedInOf, watchStaff, type SignedIn } from './staffWatch.ts';
import { QUEUE_INTENTS, ServiceDesks, type QueueIntent } from './serviceDesks.ts';

export interface HallRoomOptions {
  /** Most people in the hall at once. */
  maxClients: number;
  /** Seconds a dropped person's place is held for them. */
  reconnectSeconds: number;
  /** Verifies the token every visitor joins with. */
  accounts: Accounts;
  /** Where tickets, desks and cases are kept. */
  db: Db;
  /** Signboard filings, whose changes the hall announces to those concerned. */
  filings?: FilingService;
  /** Door-to-door visits, whose bookings the hall announces to both sides. */
  visits?: VisitService;
  /** Renovation guidance, whose confirmation the hall tells the merchant. */
  guidance?: GuidanceService;
  /** Three-party sessions, whose scheduling, changes and cancellation reach the invitees at once. */
  meetings?: MeetingService;
  /** Seconds a called merchant has before a no-show may be marked. */
  noShowGraceSeconds: number;
  /** Appointments one service takes per booking window. */
  appointmentsPerWindow?: number;
  /** The station's time zone, for the daily ticket numbers. */
  timeZone: string;
}

/** What the server knows about a connected person, from their verified token; never from what they claim. */
export interface HallUser extends SignedIn {
  role: Role;
  name: string;
  /** The shop for a merchant; empty for staff, whose title the client shows from their role. */
  shop: string;
}

type HallClient = Client<{ auth: HallUser }>;

/** How often the queue catches up with the clock (appointments due, a new day, estimates), ms. */
const QUEUE_SWEEP_MS = 15_000;

/** Refusals that mean the client sent something it should not have; honest mistakes do not count. */
const BAD_INPUT: ReadonlySet<Reason> = new Set([Reason.invalidPayload, Reason.unknownMessage, Reason.notPermitted]);

/** Patch interval in milliseconds (20 Hz). The walk is stepped right before each patch (see onBeforePatch). */
const TICK_MS = 50;

/**
 * Who may come into the hall, decided at matchmaking before any seat is reserved: a person with a valid
 * room pass whose role may enter, while the hall has a place. A full hall says so by name (instead of
 * Colyseus' "no rooms found") and never leads to a second hall: see {@link stationHall}.
 */
async function admitToHall(accounts: Accounts, pass: unknown): Promise<HallUser> {
  let result: Awaited<ReturnType<Accounts['authenticateRoomPass']>>;
  let open: unknown[];
  try {
    result = await accounts.authenticateRoomPass(pass);
    open = result.ok ? await matchMaker.query({ name: RoomName.hall, locked: false }) : [];
  } catch (err) {
    log.error('hall.join.failed', { reason: Reason.internal, error: describeError(err) });
    throw new ServerError(503, Reason.internal);
  }
  if (!result.ok) {
    log.warn('hall.join.refused', { reason: result.error });
    throw new ServerError(401, result.error);
  }
  const p = result.value;
  const actor = actorOf(p);
  if (!decide(actor, Action.enterHall).allowed) {
    log.warn('hall.join.refused', { reason: Reason.notPermitted, actor, person: p.id });
    throw new ServerError(403, Reason.notPermitted);
  }
  if (open.length === 0) {
    log.warn('hall.join.refused', { reason: Reason.hallFull, person: p.id });
    throw new ServerError(503, Reason.hallFull);
  }
  if (p.kind === 'merchant') return { role: Role.merchant, name: p.name, shop: p.shop, ...signedInOf(p) };
  const role = p.role === 'officer' ? Role.officer : Role.parkManager;
  return { role, name: p.name, shop: '', ...signedInOf(p) };
}

/**
 * The hall room as one station defines it. Matchmaking admits only verified people (Colyseus runs a room's
 * *static* onAuth when a seat is asked for; the instance one would run only once the socket connects, after
 * the seat was reserved). Only the station opens the hall, with `openingOptions`: a room made any other way
 * (a client's joinOrCreate or create on a full hall) is refused, so there is always one hall and one queue.
 */
export function stationHall(accounts: Accounts): {
  room: typeof HallRoom;
  openingOptions: { opening: string };
} {
  const key = randomUUID();
  class StationHall extends HallRoom {
    static override onAuth(pass: unknown): Promise<HallUser> {
      return admitToHall(accounts, pass);
    }

    override onCreate(options: Partial<HallRoomOptions> & { opening?: unknown } = {}): Promise<void> {
      if (options.opening !== key) {
        log.warn('hall.create.refused', { reason: Reason.hallFull });
        throw new ServerError(503, Reason.hallFull);
      }
      return super.onCreate(options);
    }
  }
  return { room: StationHall, openingOptions: { opening: key } };
}

/**
 * The hall: who is here and where they stand. Clients send intents (walk there, walk this way); the
 * server plans and steps the walks over the floor plan and shares positions through the state.
 */
export class HallRoom extends Room<{ state: HallState; client: HallClient }> {
  /**
   * Colyseus' own limit is a backstop at twice the hall's: the hall counts messages itself (MessageRate) so
   * a flood is logged with its reason and handled like other bad input.
   */
  override maxMessagesPerSecond = 2 * MAX_MESSAGES_PER_SECOND;
  override autoDispose = false;
  override patchRate = TICK_MS;
  override state = new HallState();

  private floor = new HallFloor(hallLayout);
  private guard = new ClientGuard('hall');
  /** Latest walk destination per person, planned at most MOVE_INTENT_HZ times a second (path finding costs). */
  private pendingWalks = new Map<string, { x: number; z: number }>();
  private lastPlannedAt = new Map<string, number>();
  private reconnectSeconds = 60;
  private lastStepAt = performance.now();
  private accounts!: Accounts;
  private desks!: ServiceDesks;
  /** Connections per person (a person may have the hall open in two tabs). */
  private present = new Map<string, number>();
  private shuttingDown = false;
  private stopListening: () => void = () => undefined;

  override async onCreate(options: Partial<HallRoomOptions> = {}): Promise<void> {
    this.maxClients = options.maxClients ?? 300;
    this.reconnectSeconds = options.reconnectSeconds ?? 60;
    if (!options.accounts || !options.db) throw new Error('the hall needs the accounts service and storage');
    this.accounts = options.accounts;
    this.desks = new ServiceDesks({
      db: options.db,
      state: this.state,
      graceMs: (options.noShowGraceSeconds ?? 120) * 1000,
      appointmentsPerWindow: options.appointmentsPerWindow,
      timeZone: options.timeZone ?? 'Asia/Shanghai',
      sendTo: (personId, type, payload) => {
        for (const c of this.clients) if (c.auth?.personId === personId) c.send(type, payload);
      },
      // The fan-out of new places in line goes only to people here.
      present: (id) => (this.present.get(id) ?? 0) > 0,
    });
    await this.desks.load();
    const startedAt = Date.now();
    this.clock.setInterval(() => {
      // After a restart, officers get the usual reconnection time to come back to their desks.
      const settled = Date.now() - startedAt >= this.reconnectSeconds * 1000;
      this.desks
        .sweep((id) => !settled || (this.present.get(id) ?? 0) > 0)
        .catch((err: unknown) =>
          log.error('hall.sweep.failed', { reason: Reason.internal, error: describeError(err) }),
        );
    }, QUEUE_SWEEP_MS);
    // A disabled officer, one whose password was reset or whose sign-in expired, leaves: the token no longer holds.
    const stopStaff = watchStaff(this, this.accounts, (client) => {
      if (!this.guard.isDropped(client.sessionId))
        this.guard.drop(client, CLOSE_ACCOUNT_CHANGED, Reason.accountChanged);
    });
    const stopMerchants = this.accounts.onMerchantChanged((m) => {
      for (const client of this.clients) {
        if (client.auth?.personId !== m.id) continue;
        client.auth.name = m.name;
        client.auth.shop = m.shop;
        const avatar = this.state.avatars.get(client.sessionId);
        if (avatar) {
          avatar.name = m.name;
          avatar.shop = m.shop;
        }
      }
    });
    const stopFilings =
      options.filings?.onChanged((f) => {
        for (const c of this.clients) {
          if (c.auth?.personId === f.merchantId) c.send(HallNotice.filingChanged, f);
          else if (c.auth?.role === Role.officer) c.send(HallNotice.filingChanged, { id: f.id, state: f.state });
        }
      }) ?? (() => undefined);
    const stopVisits =
      options.visits?.onChanged(({ merchantId, officerId, ...notice }) => {
        for (const c of this.clients) {
          const id = c.auth?.personId;
          if (id === merchantId || id === officerId) c.send(HallNotice.visitChanged, notice);
        }
      }) ?? (() => undefined);
    const stopGuidance =
      options.guidance?.onConfirmed((g) => {
        for (const c of this.clients) {
          if (c.auth?.personId === g.merchantId)
            c.send(HallNotice.guidanceConfirmed, { id: g.id, caseNumber: g.caseNumber });
        }
      }) ?? (() => undefined);
    const stopMeetings =
      options.meetings?.onChanged(({ meeting, people }) => {
        const concerned = new Set(people);
        for (const c of this.clients)
          if (c.auth && concerned.has(c.auth.personId)) c.send(HallNotice.meetingChanged, meeting);
      }) ?? (() => undefined);
    this.stopListening = () => {
      stopStaff();
      stopMerchants();
      stopFilings();
      stopVisits();
      stopGuidance();
      stopMeetings();
    };

    for (const type of Object.values(HallIntent)) {
      this.onMessage(type, (client: HallClient, payload: unknown) => this.handleIntent(client, type, payload));
    }
    // Colyseus hands this handler the type, or the payload in its place when the type is "*" itself.
    this.onMessage('*', (client: HallClient, type: unknown) => {
      if (this.guard.overRate(client)) return;
      this.refuse(client, intentName(type), Reason.unknownMessage);
    });
  }

  /**
   * Step everyone's walk immediately before each patch rather than on a separate timer: an intent that
   * arrives between patches is visible to everyone in the very next patch, instead of waiting for a
   * simulation tick and then for a patch.
   */
  override onBeforePatch(): void {
    const now = performance.now();
    this.planWalks(now);
    this.step(now - this.lastStepAt);
    this.lastStepAt = now;
  }

  /**
   * Anything a handler, a timer or a room hook throws unexpectedly ends up here (Colyseus wraps them all once
   * this is defined): one log line with the reason, and the sender of a message is answered. It never stops
   * the process or anyone else's work. A ServerError is a refusal thrown on purpose and already answered.
   */
  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    if (error.cause instanceof ServerError) return;
    if (error instanceof OnMessageException) {
      const client = error.client as HallClient;
      this.failed(client, intentName(error.type), error.cause);
      return;
    }
    log.error('hall.failed', { method, reason: Reason.internal, error: describeError(error.cause) });
  }

  override onJoin(client: HallClient): void {
    const user = client.auth!; // set by onAuth, which refuses anyone it cannot place
    this.guard.watch(client);
    const walker = this.floor.enter(client.sessionId);
    const avatar = new Avatar();
    avatar.name = user.name;
    avatar.shop = user.shop;
    avatar.role = roleCode(user.role);
    avatar.x = walker.x;
    avatar.z = walker.z;
    avatar.ry = walker.ry;
    avatar.moving = false;
    avatar.online = true;
    this.state.avatars.set(client.sessionId, avatar);
    this.present.set(user.personId, (this.present.get(user.personId) ?? 0) + 1);
    this.sendOwnView(user);
    log.info('hall.join', { session: client.sessionId, role: user.role, people: this.clients.length });
  }

  override async onDrop(client: HallClient, code?: number): Promise<void> {
    // Dropped on purpose (bad input, flood): no place is held; onLeave follows and removes the avatar.
    if (this.guard.isDropped(client.sessionId) || this.guard.closedForBadFrame(client)) return;
    if (this.shuttingDown) return; // the room is going: no place can be held in it
    if (code === CloseCode.WITH_ERROR && this.overColyseusLimit(client)) {
      log.warn('hall.client.dropped', { session: client.sessionId, reason: Reason.flood });
      return;
    }
    // Anything else, including a phone reconnecting while its old socket still looks open here (Colyseus
    // closes the stale one with WITH_ERROR), keeps the person's place.
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.online = false;
    this.floor.stop(client.sessionId);
    log.info('hall.drop', { session: client.sessionId, holdSeconds: this.reconnectSeconds });
    await this.allowReconnection(client, this.reconnectSeconds);
  }

  override onReconnect(client: HallClient): void {
    this.guard.watch(client);
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.online = true;
    // Private messages sent while the connection was down are gone: send the person's view again.
    if (client.auth) this.sendOwnView(client.auth);
    log.info('hall.reconnect', { session: client.sessionId });
  }

  /** The server is stopping: everyone leaves, but desks stay open for their officers to come back to. */
  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    super.onBeforeShutdown();
  }

  override onDispose(): void {
    this.stopListening();
  }

  override onLeave(client: HallClient): void {
    const user = client.auth;
    if (user) {
      const left = (this.present.get(user.personId) ?? 1) - 1;
      if (left > 0) this.present.set(user.personId, left);
      else {
        this.present.delete(user.personId);
        // An officer gone for good closes their desk; whoever was at it goes back in line, first.
        if (user.role === Role.officer && !this.shuttingDown)
          this.desks
            .officerGone(user)
            .catch((err: unknown) =>
              log.error('hall.desk.close_failed', { reason: Reason.internal, error: describeError(err) }),
            );
      }
    }
    this.state.avatars.delete(client.sessionId);
    this.floor.leave(client.sessionId);
    this.guard.forget(client.sessionId);
    this.pendingWalks.delete(client.sessionId);
    this.lastPlannedAt.delete(client.sessionId);
    log.info('hall.leave', { session: client.sessionId, people: this.clients.length });
  }

  /** Colyseus' backstop closed this client for its message rate (rather than for a stale socket). */
  private overColyseusLimit(client: HallClient): boolean {
    const counted = (client as unknown as { _numMessagesLastSecond?: number })._numMessagesLastSecond ?? 0;
    return counted > this.maxMessagesPerSecond;
  }

  private handleIntent(client: HallClient, type: HallIntent, payload: unknown): void {
    if (this.guard.overRate(client)) return;
    const action = actionForIntent(type);
    const actor: Actor = client.auth?.role ?? Role.merchant;
    if (!action || !decide(actor, action).allowed) {
      this.refuse(client, type, Reason.notPermitted);
      return;
    }
    const parsed = hallIntentSchemas[type].safeParse(payload);
    if (!parsed.success) {
      this.refuse(client, type, Reason.invalidPayload, parsed.error.issues[0]?.message);
      return;
    }
    if (QUEUE_INTENTS.has(type)) {
      const user = client.auth!;
      // A storage error fails this one request (the desks reload what is kept); anything else is logged too.
      this.desks.handle(user, type as QueueIntent, parsed.data as never).then(
        (reason) => {
          if (reason) this.refuse(client, type, reason);
        },
        (err: unknown) => this.failed(client, type, err),
      );
      return;
    }
    switch (type) {
      case HallIntent.moveTo: {
        const { x, z } = parsed.data as HallIntentPayloads['moveTo'];
        this.pendingWalks.set(client.sessionId, { x, z });
        return;
      }
      case HallIntent.steer: {
        const { x, z } = parsed.data as HallIntentPayloads['steer'];
        this.pendingWalks.delete(client.sessionId);
        this.floor.steer(client.sessionId, x, z);
        return;
      }
    }
  }

  /** Send a (re)joined person what is theirs: tickets, desk, conversation. A failure is logged, not fatal. */
  private sendOwnView(user: HallUser): void {
    this.desks
      .joined(user)
      .catch((err: unknown) =>
        log.error('hall.view.failed', { person: user.personId, reason: Reason.internal, error: describeError(err) }),
      );
  }

  /** An intent failed unexpectedly: one log line, and the sender is told it did not go through. */
  private failed(client: HallClient, intent: string, err: unknown): void {
    log.error('hall.intent.failed', {
      session: client.sessionId,
      intent,
      reason: Reason.internal,
      error: describeError(err),
    });
    const notice: RejectedNotice = { intent, reason: Reason.internal };
    client.send(HallNotice.rejected, notice);
  }

  /** Tell the sender why, log it, and drop a sender who keeps sending bad input. Others see nothing. */
  private refuse(client: HallClient, intent: string, reason: Reason, detail?: string): void {
    log.warn('hall.intent.refused', { session: client.sessionId, intent, reason, detail });
    const notice: RejectedNotice = { intent, reason };
    client.send(HallNotice.rejected, notice);
    if (!BAD_INPUT.has(reason)) return; // an honest mis-tap or a queue rule, not bad input
    this.guard.badMessage(client);
  }

  /** Plan the walks asked for since the last patch, each person at most MOVE_INTENT_HZ times a second. */
  private planWalks(now: number): void {
    for (const [id, target] of this.pendingWalks) {
      if (now - (this.lastPlannedAt.get(id) ?? -Infinity) < 1000 / MOVE_INTENT_HZ) continue;
      this.pendingWalks.delete(id);
      this.lastPlannedAt.set(id, now);
      const result = this.floor.moveTo(id, target.x, target.z);
      const client = result.ok ? undefined : this.clients.getById(id);
      if (client && !result.ok) this.refuse(client, HallIntent.moveTo, result.reason);
    }
  }

  private step(dtMs: number): void {
    // A stalled event loop must not turn into a long stride: cap the step the walk can take.
    const dt = Math.min(dtMs, 4 * TICK_MS) / 1000;
    this.floor.tick(dt, (id, w, moved) => {
      const avatar = this.state.avatars.get(id);
      if (!avatar) return;
      if (moved) {
        avatar.x = w.x;
        avatar.z = w.z;
        avatar.ry = w.ry;
      }
      if (avatar.moving !== moved) avatar.moving = moved;
    });
  }
}
