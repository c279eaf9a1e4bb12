import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  OnMessageException,
  Room,
  ServerError,
  type Client,
  type RoomException,
  type RoomMethodName,
} from '@colyseus/core';
import { type Action, actionForIntent, decide, type Actor } from '../../shared/permissions.ts';
import {
  CLOSE_ACCOUNT_CHANGED,
  filingNotice,
  HallIntent,
  HallNotice,
  parseHallIntent,
  Reason,
  type HallIntentMessage,
  type HallNoticePayloads,
} from '../../shared/protocol.ts';
import { Role } from '../../shared/roles.ts';
import {
  DEFAULT_STATION_SLUG,
  isStationSlug,
  STATION_OPTION,
  StationRefusal,
  stationAsKnown,
} from '../../shared/stations.ts';
import { mayActIn } from '../stations/rules.ts';
import { defaultAppearance, encodeLook } from '../../shared/appearance.ts';
import type { QueueBoards } from '../../shared/state.ts';
import { actorOf, type Accounts } from '../accounts/accounts.ts';
import type { NoticeService } from '../boardNotices/service.ts';
import type { ConcernService } from '../concerns/service.ts';
import type { FilingService } from '../filings/service.ts';
import type { GuidanceService } from '../guidance/service.ts';
import { log } from '../log.ts';
import type { MeetingService } from '../meetings/service.ts';
import type { VisitService } from '../visits/service.ts';
import {
  backstopRate,
  ClientGuard,
  DEFAULT_ROOM_LIMITS,
  describeError,
  intentName,
  type RoomLimits,
} from './badInput.ts';
import { signedInOf, watchSignIns, type SignedIn } from './staffWatch.ts';
import { DUE_CHECK_MS, DueTimes, holdForReconnection, type Now } from './roomClock.ts';
import { type DeskAudience, type ServiceDesks } from '../queue/desks.ts';
import { countSignal, QuietRefusals } from '../voice/counters.ts';

/** What the server knows about a connected person, from their verified pass; never from what they claim. */
export interface HallUser extends SignedIn {
  role: Role;
  name: string;
  /** The shop for a merchant; empty for staff, whose title the client shows from their role. */
  shop: string;
  /** How the avatar looks, as the state carries it (shared/appearance.ts); staff are drawn in uniform anyway. */
  look: number;
}

/** A connection to the hall or the line: what it sends back is typed by the hall's notice map. */
export type HallClient = Client<{ auth: HallUser; messages: HallNoticePayloads }>;

/** A hall intent other than the queue's: the walks and the hall clock, which only the hall takes. */
export type WalkIntent = HallIntentMessage<
  typeof HallIntent.moveTo | typeof HallIntent.steer | typeof HallIntent.clock
>;

/** What a room hears of the station so its people hear of what concerns them; absent services stay silent. */
export interface StationNews {
  accounts: Accounts;
  filings?: FilingService;
  visits?: VisitService;
  guidance?: GuidanceService;
  meetings?: MeetingService;
  concerns?: ConcernService;
  notices?: NoticeService;
}

/**
 * Refusals that mean the client sent something it should not have; honest mistakes do not count. A signal
 * addressed to someone other than the sender's call partner is never a page's honest mistake.
 */
const BAD_INPUT: ReadonlySet<Reason> = new Set([
  Reason.invalidPayload,
  Reason.unknownMessage,
  Reason.notPermitted,
  Reason.notAllowed,
]);

/**
 * The person a room pass names, if they may do `action` there (enter the hall, take a number). Refused
 * with a reason the page can act on: 401 for a pass that does not hold, 403 for a role that may not.
 */
export async function admitPerson(
  accounts: Accounts,
  pass: unknown,
  room: string,
  action: Action,
  station: string = DEFAULT_STATION_SLUG,
): Promise<HallUser> {
  let result: Awaited<ReturnType<Accounts['authenticateRoomPass']>>;
  try {
    result = await accounts.authenticateRoomPass(pass);
  } catch (err) {
    log.error(`${room}.join.failed`, { reason: Reason.internal, error: describeError(err) });
    throw new ServerError(503, Reason.internal);
  }
  if (!result.ok) {
    log.warn(`${room}.join.refused`, { reason: result.error });
    throw new ServerError(401, result.error);
  }
  const p = result.value;
  const actor = actorOf(p);
  if (!decide(actor, action).allowed) {
    log.warn(`${room}.join.refused`, { reason: Reason.notPermitted, actor, person: p.id });
    throw new ServerError(403, Reason.notPermitted);
  }
  // An officer opens a desk, a park manager walks the hall, only in a station they belong to.
  const member = mayActIn(p, station);
  if (!member.ok) {
    log.warn(`${room}.join.refused`, { reason: member.error, actor, person: p.id, station });
    throw new ServerError(403, member.error);
  }
  if (p.kind === 'merchant')
    return { role: Role.merchant, name: p.name, shop: p.shop, look: encodeLook(p.appearance), ...signedInOf(p) };
  const role = p.role === 'officer' ? Role.officer : Role.parkManager;
  return { role, name: p.name, shop: '', look: encodeLook(defaultAppearance(p.id)), ...signedInOf(p) };
}

/** What a room's door needs to know of the deployment's stations. */
export interface StationDoor {
  /** Whether a station has this slug. */
  exists(slug: string): Promise<boolean>;
  /**
   * Open the station's hall (and its line) if they are not open yet: a station added while the deployment
   * runs opens when its first person comes. Opening stays the deployment's: a client never creates a room.
   */
  open(slug: string): Promise<void>;
}

/**
 * The station a join is for: its `station` option, else the default station, written back into the options so
 * that matchmaking looks for that station's room (the rooms are filtered by it). Refused 404 `station_unknown`.
 */
export async function stationOfJoin(
  room: string,
  options: Record<string, unknown> | undefined,
  door: StationDoor,
): Promise<string> {
  const named = options?.[STATION_OPTION] ?? DEFAULT_STATION_SLUG;
  let known = false;
  try {
    known = isStationSlug(named) && (await door.exists(named));
  } catch (err) {
    log.error(`${room}.join.failed`, { reason: Reason.internal, error: describeError(err) });
    throw new ServerError(503, Reason.internal);
  }
  if (!known) {
    log.warn(`${room}.join.refused`, { reason: StationRefusal.unknown, station: stationAsKnown(named) });
    throw new ServerError(404, StationRefusal.unknown);
  }
  const slug = named as string;
  if (options) options[STATION_OPTION] = slug;
  return slug;
}

/**
 * A key only the station knows, for rooms the station opens itself (the hall, the line): a room made any
 * other way (a client's joinOrCreate on a full room) refuses to be created, so there is always one.
 */
export function stationKey(
  room: string,
  whenRefused: Reason,
): {
  openingOptions: { opening: string };
  check(options: { opening?: unknown }): void;
} {
  const key = randomUUID();
  return {
    openingOptions: { opening: key },
    check(options) {
      if (options.opening === key) return;
      log.warn(`${room}.create.refused`, { reason: whenRefused });
      throw new ServerError(503, whenRefused);
    },
  };
}

/**
 * What the hall and the line have in common: people admitted by pass, each one's connections counted, a
 * guard over what they send, queue intents handed to the station's one set of desks, a refusal answered
 * and logged, a dropped connection's place held for the reconnection time, and nothing any handler throws
 * ever stopping the process. The hall adds the floor and the walks; the line adds nothing.
 */
export abstract class QueueRoom<S extends QueueBoards> extends Room<{ state: S; client: HallClient }> {
  /** Colyseus' own limit, a backstop at twice the room's (see {@link backstopRate}); set from the station's limits. */
  override maxMessagesPerSecond = backstopRate(DEFAULT_ROOM_LIMITS);
  override autoDispose = false;

  protected abstract readonly label: string;
  /** The station whose hall or line this is (its slug). */
  protected station = DEFAULT_STATION_SLUG;
  protected guard!: ClientGuard;
  protected desks!: ServiceDesks;
  protected reconnectSeconds = 60;
  /** The station's clock, for held places and the queue's times; see {@link QueueRoom.keepTime}. */
  protected now: Now = Date.now;
  private due = new DueTimes(() => this.now());
  /** Connections per person (a person may have the hall open in two tabs). */
  protected present = new Map<string, number>();
  protected shuttingDown = false;
  /** Voice signals refused by a voice rule, per connection: logged once, then counted. */
  private readonly refusedSignals = new QuietRefusals();
  private stopFollowing: () => void = () => undefined;

  /**
   * Follow the station's clock (the wall clock unless one is given): every DUE_CHECK_MS the room runs what
   * has come due on it (held places that ran out), then `tick` for the room's own catching up.
   */
  protected keepTime(tick?: () => void): void {
    this.clock.setInterval(() => {
      this.due.check();
      // Unanswered desk calls lapse on the same clock (the line opens its clock before it has the desks).
      this.desks?.calls.lapse();
      tick?.();
    }, DUE_CHECK_MS);
  }

  /** Hold a dropped person's place for the reconnection time, on the station's clock. */
  protected holdPlace(client: HallClient): Promise<void> {
    // The other side of their desk call sees them offline at once.
    if (client.auth) this.desks.calls.connectionChanged(client.auth.personId);
    return holdForReconnection(this, client, this.reconnectSeconds, this.due);
  }

  /** Whether the person has a connection here now. */
  protected isPresent(personId: string): boolean {
    return (this.present.get(personId) ?? 0) > 0;
  }

  /** Deliver a private notice to every connection of one person here. */
  protected sendToPerson<K extends HallNotice>(personId: string, type: K, payload: HallNoticePayloads[K]): void {
    for (const c of this.clients) if (c.auth?.personId === personId) c.send(type, payload);
  }

  /**
   * How the desks reach this room's people: each person, each live connection (a desk call's notices and
   * signals go to one), and whether they are here. `avatars` when the session ids key avatars (the hall).
   */
  protected reach(avatars: boolean): Omit<DeskAudience, 'boards'> {
    return {
      sendTo: (personId, type, payload) => this.sendToPerson(personId, type, payload),
      present: (id) => this.isPresent(id),
      sendToSession: (sessionId, type, payload) => {
        const client = this.clients.get(sessionId);
        client?.send(type, payload);
        return client !== undefined;
      },
      connectionsOf: (personId) =>
        this.clients
          .filter((c) => c.auth?.personId === personId)
          .map((c) => ({ sessionId: c.sessionId, name: c.auth!.name, avatar: avatars })),
    };
  }

  /**
   * Keep this room's people told: anyone whose sign-in ends or no longer holds (a sign-out elsewhere, a
   * disabled account, a reset password) is shown out; a merchant's new name and shop are used at once; a
   * filing, visit, guidance sheet or session that changed reaches the people it concerns (officers see a
   * filing's new state, never its form).
   */
  protected follow(news: StationNews): void {
    const stops = [
      watchSignIns(this, news.accounts, (client) => {
        if (!this.guard.isDropped(client.sessionId))
          this.guard.drop(client, CLOSE_ACCOUNT_CHANGED, Reason.accountChanged);
      }),
      news.accounts.onMerchantChanged((m) => {
        for (const client of this.clients) {
          if (client.auth?.personId !== m.id) continue;
          client.auth.name = m.name;
          client.auth.shop = m.shop;
          client.auth.look = encodeLook(m.appearance);
          this.renamed(client);
        }
      }),
      news.filings?.onChanged((f) => {
        if (f.station !== this.station) return; // another station's filing
        for (const c of this.clients) {
          if (c.auth?.personId === f.merchantId) c.send(HallNotice.filingChanged, filingNotice(f, true));
          else if (c.auth?.role === Role.officer) c.send(HallNotice.filingChanged, filingNotice(f, false));
        }
      }),
      news.visits?.onChanged(({ merchantId, officerId, station, ...notice }) => {
        if (station !== this.station) return; // another station's window
        for (const c of this.clients) {
          const id = c.auth?.personId;
          if (id === merchantId || id === officerId) c.send(HallNotice.visitChanged, notice);
        }
      }),
      news.guidance?.onConfirmed((g) => {
        if (g.station !== this.station) return; // another station's sheet
        for (const c of this.clients) {
          if (c.auth?.personId === g.merchantId)
            c.send(HallNotice.guidanceConfirmed, { id: g.id, caseNumber: g.caseNumber });
        }
      }),
      // A concern's merchant hears of each step on it; the officers on duty of every change, and of a deadline
      // passed (which its merchant is not told: the station's lateness is the station's to put right), with whose
      // concern it is (to reload that merchant's open file). The officer who made the change hears of it too,
      // marked as theirs: their pages reload it without telling them.
      news.concerns?.onChanged(({ station, merchantId, notice, actorId }) => {
        if (station !== this.station) return; // another station's concern, told in its own hall
        const toMerchant = { id: notice.id, number: notice.number, status: notice.status, change: notice.change };
        const toStaff = { ...notice, merchantId };
        const toActor = { ...toStaff, yours: true as const };
        for (const c of this.clients) {
          if (c.auth?.personId === merchantId && notice.change !== 'overdue')
            c.send(HallNotice.concernChanged, toMerchant);
          else if (c.auth?.role === Role.officer)
            c.send(HallNotice.concernChanged, c.auth.personId === actorId ? toActor : toStaff);
        }
      }),
      // Everyone in the station hears of a notice on its board at once; a merchant or park manager only of one that shows to them now or did
      // before (the service decides what each may see), officers of every change.
      news.notices?.onChanged((change) => {
        if (change.after.station !== this.station) return; // another station's board
        for (const c of this.clients) {
          if (!c.auth) continue;
          const notice = news.notices?.noticeFor(change, c.auth.role === Role.officer);
          if (notice) c.send(HallNotice.noticeChanged, notice);
        }
      }),
      news.meetings?.onChanged(({ meeting, people, station }) => {
        if (station !== this.station) return; // another station's session
        const concerned = new Set(people);
        for (const c of this.clients)
          if (c.auth && concerned.has(c.auth.personId)) c.send(HallNotice.meetingChanged, meeting);
      }),
    ];
    this.stopFollowing = () => stops.forEach((stop) => stop?.());
  }

  /** A person's name, shop or look changed (already on `client.auth`); the hall redraws the avatar. */
  protected renamed(_client: HallClient): void {}

  override onDispose(): void {
    this.stopFollowing();
  }

  /** Handle the intents this room takes; anything else is refused as unknown, and counted as bad input. */
  protected listen(intents: readonly HallIntent[], limits: RoomLimits = DEFAULT_ROOM_LIMITS): void {
    this.guard = new ClientGuard(this.label, limits);
    this.maxMessagesPerSecond = backstopRate(limits);
    for (const type of intents) {
      this.onMessage(type, (client: HallClient, payload: unknown) => this.handleIntent(client, type, payload));
    }
    // Colyseus hands this handler the type, or the payload in its place when the type is "*" itself.
    this.onMessage('*', (client: HallClient, type: unknown) => {
      if (this.guard.overRate(client)) return;
      this.refuse(client, intentName(type), Reason.unknownMessage);
    });
  }

  /** A walk, already permitted and parsed: the hall takes them; a room without avatars never listens for them. */
  protected ownIntent(_client: HallClient, intent: WalkIntent): void {
    throw new Error(`no handler for ${intent.type}`);
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
    log.error(`${this.label}.failed`, { method, reason: Reason.internal, error: describeError(error.cause) });
  }

  /** Count a (re)joined person's connection, watch it, and send them what is theirs. */
  protected arrived(client: HallClient): void {
    const user = client.auth!; // set by onAuth, which refuses anyone it cannot place
    this.guard.watch(client);
    this.present.set(user.personId, (this.present.get(user.personId) ?? 0) + 1);
    this.sendOwnView(user);
  }

  /**
   * A connection closed under the room. Dropped on purpose (bad input, flood) or while the room stops: no
   * place is held and false is returned (onLeave follows). Anything else, including a phone reconnecting
   * while its old socket still looks open here (Colyseus closes the stale one with WITH_ERROR), holds the
   * person's place for the reconnection time: true is returned.
   */
  protected holdsPlace(client: HallClient, code?: number): boolean {
    if (this.guard.isDropped(client.sessionId) || this.guard.closedForBadFrame(client)) return false;
    if (this.shuttingDown) return false;
    if (code === CloseCode.WITH_ERROR && this.overColyseusLimit(client)) {
      log.warn(`${this.label}.client.dropped`, { session: client.sessionId, reason: Reason.flood });
      return false;
    }
    return true;
  }

  override onReconnect(client: HallClient): void {
    this.guard.watch(client);
    // Private messages sent while the connection was down are gone: send the person's view again (their desk
    // call with it, which tells the other side they are back).
    if (client.auth) this.sendOwnView(client.auth);
    log.info(`${this.label}.reconnect`, { session: client.sessionId });
  }

  /** The server is stopping: everyone leaves, but desks stay open for their officers to come back to. */
  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    super.onBeforeShutdown();
  }

  /** A connection has gone for good: true when it was the person's last one here. */
  protected departed(client: HallClient): boolean {
    this.guard.forget(client.sessionId);
    const refused = this.refusedSignals.forget(client.sessionId);
    if (refused > 1) log.warn(`${this.label}.voice.refused`, { session: client.sessionId, signals: refused });
    const user = client.auth;
    if (!user) return false;
    const left = (this.present.get(user.personId) ?? 1) - 1;
    if (left > 0) this.present.set(user.personId, left);
    else this.present.delete(user.personId);
    // Their desk call ends if this was their last connection anywhere, or loses the one carrying their side.
    this.desks.calls.departed(user.personId, client.sessionId);
    return left <= 0;
  }

  /** Colyseus' backstop closed this client for its message rate (rather than for a stale socket). */
  private overColyseusLimit(client: HallClient): boolean {
    const counted = (client as unknown as { _numMessagesLastSecond?: number })._numMessagesLastSecond ?? 0;
    return counted > this.maxMessagesPerSecond;
  }

  private handleIntent(client: HallClient, type: HallIntent, payload: unknown): void {
    if (type === HallIntent.voiceSignal ? this.guard.overSignalRate(client) : this.guard.overRate(client)) return;
    const action = actionForIntent(type);
    const actor: Actor = client.auth?.role ?? Role.merchant;
    if (!action || !decide(actor, action).allowed) {
      this.refuse(client, type, Reason.notPermitted);
      return;
    }
    const parsed = parseHallIntent(type, payload);
    if (!parsed.ok) {
      this.refuse(client, type, Reason.invalidPayload, parsed.detail);
      return;
    }
    const intent = parsed.intent;
    switch (intent.type) {
      case HallIntent.moveTo:
      case HallIntent.steer:
      case HallIntent.clock:
        this.ownIntent(client, intent);
        return;
      default:
        // A storage error fails this one request (the desks reload what is kept); anything else is logged too.
        this.desks.handle(client.auth!, intent, client.sessionId).then(
          (reason) => {
            if (reason) this.refuse(client, type, reason);
          },
          (err: unknown) => this.failed(client, type, err),
        );
    }
  }

  /** Send a (re)joined person what is theirs: tickets, desk, conversation. A failure is logged, not fatal. */
  private sendOwnView(user: HallUser): void {
    this.desks.joined(user).catch((err: unknown) =>
      log.error(`${this.label}.view.failed`, {
        person: user.personId,
        reason: Reason.internal,
        error: describeError(err),
      }),
    );
  }

  /** An intent failed unexpectedly: one log line, and the sender is told it did not go through. */
  private failed(client: HallClient, intent: string, err: unknown): void {
    log.error(`${this.label}.intent.failed`, {
      session: client.sessionId,
      intent,
      reason: Reason.internal,
      error: describeError(err),
    });
    client.send(HallNotice.rejected, { intent, reason: Reason.internal });
  }

  /**
   * Tell the sender why, log it, and drop a sender who keeps sending bad input. Others see nothing. A voice
   * signal refused by a voice rule (another tab carries the call, the call just ended) is logged once per
   * connection and then only counted, its number logged when the connection goes; the sender is told each time.
   */
  protected refuse(client: HallClient, intent: string, reason: Reason, detail?: string): void {
    const signal = intent === HallIntent.voiceSignal;
    if (!signal || BAD_INPUT.has(reason) || this.refusedSignals.count(client.sessionId))
      log.warn(`${this.label}.intent.refused`, { session: client.sessionId, intent, reason, detail });
    client.send(HallNotice.rejected, { intent, reason });
    if (signal) countSignal('refused');
    if (!BAD_INPUT.has(reason)) return; // an honest mis-tap or a queue rule, not bad input
    this.guard.badMessage(client);
  }
}
