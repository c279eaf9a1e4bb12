import { matchMaker, ServerError } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { Action } from '../../shared/permissions.ts';
import type { HallLayout } from '../../shared/layout.ts';
import { DEFAULT_LAYOUT, layoutFor } from '../../shared/layouts/registry.ts';
import { HallIntent, HallNotice, MOVE_INTENT_HZ, Reason, RoomName } from '../../shared/protocol.ts';
import { unhandled } from '../../shared/wire.ts';
import { Role, roleCode } from '../../shared/roles.ts';
import { Avatar, HallState } from '../../shared/state.ts';
import { STATION_OPTION } from '../../shared/stations.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { Walk } from '../../shared/walk.ts';
import { HallFloor, writeWalk } from './rules.ts';
import { nextView, SpatialGrid, viewChanges, type Placed } from './interest.ts';
import { log } from '../log.ts';
import type { NoticeService } from '../boardNotices/service.ts';
import type { ConcernService } from '../concerns/service.ts';
import type { FilingService } from '../filings/service.ts';
import type { VisitService } from '../visits/service.ts';
import type { GuidanceService } from '../guidance/service.ts';
import type { MeetingService } from '../meetings/service.ts';
import type { Db } from '../store/db.ts';
import { noteHallVisitors } from '../stations/knownMerchants.ts';
import { describeError, type RoomLimits } from '../rooms/badInput.ts';
import {
  admitPerson,
  QueueRoom,
  stationKey,
  stationOfJoin,
  type HallClient,
  type StationDoor,
  type HallUser,
  type WalkIntent,
} from '../rooms/QueueRoom.ts';
import { ServiceDesks, type HallGlance } from '../queue/desks.ts';
import type { StaffWhereabouts } from '../queue/whereabouts.ts';
import type { Now } from '../rooms/roomClock.ts';

export type { HallUser } from '../rooms/QueueRoom.ts';

export interface HallRoomOptions {
  /** The station whose hall this is (its slug), given by the deployment when it opens the hall. */
  station?: string;
  /**
   * The station's hall layout (shared/layouts/registry.ts), given with the station when the hall opens; default
   * the standard hall. An unknown id stops the opening: a hall is never built from a plan it does not have.
   */
  layout?: string;
  /** Most people in the hall at once, besides the places kept for staff. */
  maxClients: number;
  /** Places beyond `maxClients` only officers and park managers may take (HALL_STAFF_SEATS). */
  staffSeats?: number;
  /** Seconds a dropped person's place is held for them. */
  reconnectSeconds: number;
  /**
   * How many of the people nearest to each person their page is sent, besides those they are dealing with
   * (HALL_VIEW_NEAREST); default 60.
   */
  viewNearest?: number;
  /** What one connection may send before it is shown out (server/config.ts); default the shared values. */
  limits?: RoomLimits;
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
  /** Concerns, whose every step reaches their merchant and the officers on duty at once. */
  concerns?: ConcernService;
  /** The notice board, whose every change reaches everyone who may see it at once. */
  notices?: NoticeService;
  /** Which officers sit in a meeting room: their desks pause meanwhile. */
  whereabouts?: StaffWhereabouts;
  /** Seconds a called merchant has before a no-show may be marked. */
  noShowGraceSeconds: number;
  /** Appointments one service takes per booking window. */
  appointmentsPerWindow?: number;
  /** The station's time zone, for the daily ticket numbers. */
  timeZone: string;
  /**
   * The station's clock (ms since the epoch) for the queue, its sweep and every held place; default the wall
   * clock. A test moves its own instead of waiting out a grace time.
   */
  now?: Now;
}

/** How often the queue catches up with the station's clock (appointments due, a new day, estimates), ms. */
const QUEUE_SWEEP_MS = 15_000;

/** Patch interval in milliseconds (20 Hz). Walks asked for since the last patch are planned right before it. */
const TICK_MS = 50;

/** Each page's view is chosen again this often, ms; the pages take turns, a slice of them each patch. */
const VIEW_EVERY_MS = 250;
/** How long the merchants who come in are gathered before they are noted as the station's visitors, ms. */
const VISITORS_NOTED_EVERY_MS = 1000;
const VIEW_SLICES = VIEW_EVERY_MS / TICK_MS;

/**
 * Who may come into the hall, decided at matchmaking before any seat is reserved: a person with a valid
 * room pass whose role may enter, while the hall has a place. The last `staffSeats` places are kept for
 * officers and park managers, so a hall full of merchants never keeps an officer from their desk. A full
 * hall says so by name (instead of Colyseus' "no rooms found"), so a merchant's page can take them to the
 * line instead, and it never leads to a second hall: see {@link stationHall}.
 */
async function admitToHall(
  accounts: Accounts,
  pass: unknown,
  staffSeats: number,
  station: string,
  door: StationDoor,
): Promise<HallUser> {
  const user = await admitPerson(accounts, pass, 'hall', Action.enterHall, station);
  let listed: { clients: number; maxClients: number; locked?: boolean } | undefined;
  try {
    await door.open(station);
    [listed] = await matchMaker.query({ name: RoomName.hall, [STATION_OPTION]: station });
  } catch (err) {
    log.error('hall.join.failed', { reason: Reason.internal, error: describeError(err) });
    throw new ServerError(503, Reason.internal);
  }
  const places = !listed || listed.locked ? 0 : listed.maxClients - listed.clients;
  const kept = user.role === Role.merchant ? staffSeats : 0;
  if (places <= kept) {
    log.warn('hall.join.refused', { reason: Reason.hallFull, person: user.personId });
    throw new ServerError(503, Reason.hallFull);
  }
  return user;
}

/**
 * The hall room as one station defines it. Matchmaking admits only verified people (Colyseus runs a room's
 * *static* onAuth when a seat is asked for; the instance one would run only once the socket connects, after
 * the seat was reserved). Only the station opens the hall, with `openingOptions`: a room made any other way
 * (a client's joinOrCreate or create on a full hall) is refused, so there is always one hall and one queue.
 */
export function stationHall(
  accounts: Accounts,
  staffSeats: number,
  door: StationDoor,
): { room: typeof HallRoom; openingOptions: { opening: string } } {
  const key = stationKey('hall', Reason.hallFull);
  class StationHall extends HallRoom {
    static override async onAuth(pass: unknown, options?: Record<string, unknown>): Promise<HallUser> {
      const station = await stationOfJoin('hall', options, door);
      return admitToHall(accounts, pass, staffSeats, station, door);
    }

    override onCreate(options: Partial<HallRoomOptions> & { opening?: unknown } = {}): Promise<void> {
      key.check(options);
      return super.onCreate(options);
    }
  }
  return { room: StationHall, openingOptions: key.openingOptions };
}

/**
 * The hall: who is here and where they go. Clients send intents (walk there, walk this way); the server plans
 * the walks over the floor plan and writes each into the walker's avatar once, when it starts or changes;
 * every page replays them (shared/walk.ts). Each page is sent only the avatars in its view: itself, the people
 * nearest to it and those it is dealing with (interest.ts). The queue is the station's one set of desks, made
 * here and lent to the line ({@link HallRoom.desksOf}).
 */
export class HallRoom extends QueueRoom<HallState> {
  override patchRate = TICK_MS;
  override state = new HallState();
  protected readonly label = 'hall';

  /** The floor plan, desks and services this hall is built from, for as long as it stays open. */
  layout: HallLayout = layoutFor(DEFAULT_LAYOUT);
  private floor = new HallFloor(this.layout);
  /** Latest walk destination per person, planned at most MOVE_INTENT_HZ times a second (path finding costs). */
  private pendingWalks = new Map<string, { x: number; z: number }>();
  private lastPlannedAt = new Map<string, number>();
  private stopWhereabouts: () => void = () => undefined;
  /** The hall clock's zero: ms since the room opened, on a monotonic clock. */
  private readonly openedAt = performance.now();
  private viewNearest = 60;
  /** Who each session's page is sent (session ids), kept across a dropped connection for its return. */
  private views = new Map<string, Set<string>>();
  /** Each session's person, for the partners at a desk. */
  private personOf = new Map<string, string>();
  /** Which slice of patches chooses each session's view again. */
  private sliceOf = new Map<string, number>();
  private nextSlice = 0;
  private patches = 0;
  /** Storage, for noting the merchants who come in (known at the station from then on). */
  private db: Db | undefined;
  /**
   * Merchants who came in, waiting to be noted in one statement ({@link VISITORS_NOTED_EVERY_MS}), and those this
   * hall has noted: a crowd arriving for an open day is a few writes, not one per person, and a return is none.
   */
  private visitorsToNote = new Set<string>();
  private visitorsNoted = new Set<string>();
  private visitorsTimer: ReturnType<typeof setTimeout> | undefined;

  /** The desks of the station's open hall, for the line beside it; undefined before the hall opens. */
  static desksOf(roomId: string): ServiceDesks | undefined {
    const room = matchMaker.getLocalRoomById(roomId);
    return room instanceof HallRoom ? room.desks : undefined;
  }

  /**
   * The hall now, for the station dashboard; asked by name from another process (Colyseus' remote room call)
   * when the dashboard is read on a process that does not hold the hall.
   */
  glance(): HallGlance | undefined {
    return this.desks?.glance();
  }

  override async onCreate(options: Partial<HallRoomOptions> = {}): Promise<void> {
    this.maxClients = (options.maxClients ?? 300) + (options.staffSeats ?? 0);
    this.reconnectSeconds = options.reconnectSeconds ?? 60;
    this.viewNearest = options.viewNearest ?? 60;
    if (!options.accounts || !options.db) throw new Error('the hall needs the accounts service and storage');
    this.db = options.db;
    if (options.now) this.now = options.now;
    this.station = options.station ?? this.station;
    this.layout = layoutFor(options.layout ?? DEFAULT_LAYOUT);
    this.floor = new HallFloor(this.layout);
    this.desks = new ServiceDesks({
      db: options.db,
      station: this.station,
      layout: this.layout,
      boards: this.state,
      graceMs: (options.noShowGraceSeconds ?? 120) * 1000,
      appointmentsPerWindow: options.appointmentsPerWindow,
      timeZone: options.timeZone ?? 'Asia/Shanghai',
      // The fan-out of new places in line goes only to people here (or in the line); desk calls reach avatars.
      ...this.reach(true),
      whereabouts: (id) => ({
        inMeeting: options.whereabouts?.inMeeting(id) ?? false,
        dropped: !this.connected(id),
      }),
      now: this.now,
    });
    await this.desks.load();
    // An officer who sits down at a meeting table is not at their desk: it pauses until they are back.
    const whereabouts = options.whereabouts;
    if (whereabouts) {
      this.stopWhereabouts = whereabouts.onChange((personId, inMeeting) =>
        this.noteWhereabouts(personId, { inMeeting }),
      );
    }
    const startedAt = this.now();
    let sweptAt = startedAt;
    this.keepTime(() => {
      const now = this.now();
      if (now - sweptAt < QUEUE_SWEEP_MS) return;
      sweptAt = now;
      // After a restart, officers get the usual reconnection time to come back to their desks.
      const settled = now - startedAt >= this.reconnectSeconds * 1000;
      this.desks
        .sweep((id) => !settled || this.isPresent(id))
        .catch((err: unknown) =>
          log.error('hall.sweep.failed', { reason: Reason.internal, error: describeError(err) }),
        );
    });
    this.follow({ ...options, accounts: options.accounts });
    this.listen(Object.values(HallIntent), options.limits);
  }

  /** The hall clock: whole ms since the hall opened. Walks start and are replayed on it. */
  hallNow(): number {
    return Math.round(performance.now() - this.openedAt);
  }

  /**
   * Right before each patch: plan the walks asked for since the last one, start afresh the steered walks that
   * have gone on long, and choose again the views of this patch's slice of pages. An intent that arrives
   * between patches is seen by everyone concerned in the very next patch.
   */
  override onBeforePatch(): void {
    const now = this.hallNow();
    this.planWalks(now);
    for (const [id, walk] of this.floor.reanchor(now)) this.write(id, walk);
    this.updateViews(now, this.patches++ % VIEW_SLICES);
  }

  override onJoin(client: HallClient): void {
    const user = client.auth!;
    const now = this.hallNow();
    const walk = this.floor.enter(client.sessionId, now);
    const avatar = new Avatar();
    avatar.name = user.name;
    avatar.shop = user.shop;
    avatar.role = roleCode(user.role);
    avatar.look = user.look;
    avatar.online = true;
    writeWalk(avatar, walk);
    this.state.avatars.set(client.sessionId, avatar);
    this.state.people = this.state.avatars.size;
    this.personOf.set(client.sessionId, user.personId);
    this.sliceOf.set(client.sessionId, this.nextSlice++ % VIEW_SLICES);
    this.arrived(client);
    // The newcomer sees the people around them in their very first state.
    this.views.set(client.sessionId, new Set());
    client.view = new StateView();
    this.updateViewOf(client, now, this.placedNow(now));
    // Back in a new tab (or after a reload) while the old connection's place was still held: at the desk again.
    if (user.role === Role.officer) this.noteWhereabouts(user.personId, { dropped: false });
    // A merchant who came in is known at this station: its staff find them by name (knownMerchants.ts).
    if (user.role === Role.merchant && !this.visitorsNoted.has(user.personId)) {
      this.visitorsToNote.add(user.personId);
      this.visitorsTimer ??= setTimeout(() => this.noteVisitors(), VISITORS_NOTED_EVERY_MS);
    }
    log.info('hall.join', { session: client.sessionId, role: user.role, people: this.clients.length });
  }

  override async onDrop(client: HallClient, code?: number): Promise<void> {
    if (!this.holdsPlace(client, code)) return; // onLeave follows and removes the avatar
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.online = false;
    this.write(client.sessionId, this.floor.stop(client.sessionId, this.hallNow()));
    log.info('hall.drop', { session: client.sessionId, holdSeconds: this.reconnectSeconds });
    // An officer whose last connection dropped is not at their desk: it pauses, and the merchant at it hears so
    // at once, with how long the officer's place is held.
    const user = client.auth;
    if (user?.role === Role.officer && !this.connected(user.personId))
      this.noteWhereabouts(user.personId, { dropped: true }, this.now() + this.reconnectSeconds * 1000);
    await this.holdPlace(client);
  }

  /** Whether any of the person's connections is live now (a dropped one waiting to come back is not). */
  private connected(personId: string): boolean {
    return this.clients.some((c) => c.auth?.personId === personId);
  }

  private noteWhereabouts(personId: string, part: { inMeeting?: boolean; dropped?: boolean }, until?: number): void {
    this.desks
      .whereabouts(personId, part, until ?? null)
      .catch((err: unknown) =>
        log.error('hall.desk.whereabouts_failed', { reason: Reason.internal, error: describeError(err) }),
      );
  }

  /** Note the merchants who came in since the last time; those not noted (storage failing) wait for their next visit. */
  private noteVisitors(): void {
    this.visitorsTimer = undefined;
    const ids = [...this.visitorsToNote];
    this.visitorsToNote.clear();
    if (!this.db || ids.length === 0) return;
    noteHallVisitors(this.db, this.station, ids).then(
      () => ids.forEach((id) => this.visitorsNoted.add(id)),
      (err: unknown) => log.error('hall.visitor.note_failed', { reason: Reason.internal, error: describeError(err) }),
    );
  }

  override onDispose(): void {
    this.stopWhereabouts();
    clearTimeout(this.visitorsTimer);
    this.noteVisitors();
    super.onDispose();
  }

  /** A merchant's new name, shop and look show on their avatar at once. */
  protected override renamed(client: HallClient): void {
    const avatar = this.state.avatars.get(client.sessionId);
    if (!avatar || !client.auth) return;
    avatar.name = client.auth.name;
    avatar.shop = client.auth.shop;
    avatar.look = client.auth.look;
  }

  override onReconnect(client: HallClient): void {
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.online = true;
    // Standing where they were, with a fresh view of the same people (their page starts from a full state).
    this.write(client.sessionId, this.floor.stop(client.sessionId, this.hallNow()));
    client.view?.dispose();
    client.view = new StateView();
    const kept = this.views.get(client.sessionId) ?? new Set([client.sessionId]);
    this.views.set(client.sessionId, new Set());
    this.applyView(client, kept);
    const user = client.auth;
    if (user?.role === Role.officer) this.noteWhereabouts(user.personId, { dropped: false });
    super.onReconnect(client);
  }

  override onLeave(client: HallClient): void {
    const user = client.auth;
    // An officer gone for good closes their desk; whoever was at it goes back in line, first.
    if (this.departed(client) && user?.role === Role.officer && !this.shuttingDown)
      this.desks
        .officerGone(user)
        .catch((err: unknown) =>
          log.error('hall.desk.close_failed', { reason: Reason.internal, error: describeError(err) }),
        );
    client.view?.dispose();
    this.state.avatars.delete(client.sessionId);
    this.state.people = this.state.avatars.size;
    this.floor.leave(client.sessionId);
    this.pendingWalks.delete(client.sessionId);
    this.lastPlannedAt.delete(client.sessionId);
    this.views.delete(client.sessionId);
    this.personOf.delete(client.sessionId);
    this.sliceOf.delete(client.sessionId);
    for (const view of this.views.values()) view.delete(client.sessionId);
    log.info('hall.leave', { session: client.sessionId, people: this.clients.length });
  }

  /** The hall's own intents: where to walk, and the hall clock. */
  protected override ownIntent(client: HallClient, intent: WalkIntent): void {
    switch (intent.type) {
      case HallIntent.moveTo: {
        const { x, z } = intent.payload;
        this.pendingWalks.set(client.sessionId, { x, z });
        return;
      }
      case HallIntent.steer: {
        this.pendingWalks.delete(client.sessionId);
        this.write(client.sessionId, this.floor.steer(client.sessionId, intent.payload, this.hallNow()));
        return;
      }
      case HallIntent.clock:
        client.send(HallNotice.clock, { c: intent.payload.c, s: this.hallNow() });
        return;
      default:
        unhandled(intent);
    }
  }

  /** Plan the walks asked for since the last patch, each person at most MOVE_INTENT_HZ times a second. */
  private planWalks(now: number): void {
    for (const [id, target] of this.pendingWalks) {
      if (now - (this.lastPlannedAt.get(id) ?? -Infinity) < 1000 / MOVE_INTENT_HZ) continue;
      this.pendingWalks.delete(id);
      this.lastPlannedAt.set(id, now);
      const result = this.floor.moveTo(id, target.x, target.z, now);
      if (result.ok) this.write(id, result.value.walk);
      else {
        const client = this.clients.getById(id);
        if (client) this.refuse(client, HallIntent.moveTo, result.error);
      }
    }
  }

  /** A walk started or changed: into the person's avatar, all in the same patch. */
  private write(id: string, walk: Walk | undefined): void {
    const avatar = this.state.avatars.get(id);
    if (avatar && walk) writeWalk(avatar, walk);
  }

  /** Where everyone in the hall is now. */
  private placedNow(now: number): Placed[] {
    const placed: Placed[] = [];
    const pose = { x: 0, z: 0, ry: 0, moving: false };
    for (const [id, kept] of this.floor.entries()) {
      kept.replay.poseAt(now, pose);
      placed.push({ id, x: pose.x, z: pose.z });
    }
    return placed;
  }

  /** Choose again the views of the pages in this slice. */
  private updateViews(now: number, slice: number): void {
    let placed: Placed[] | undefined;
    let grid: SpatialGrid | undefined;
    let partners: Map<string, string[]> | undefined;
    for (const client of this.clients) {
      if (this.sliceOf.get(client.sessionId) !== slice) continue;
      placed ??= this.placedNow(now);
      grid ??= new SpatialGrid(placed);
      partners ??= this.partnersBySession();
      this.updateViewOf(client, now, placed, grid, partners);
    }
  }

  private updateViewOf(
    client: HallClient,
    now: number,
    placed: Placed[],
    grid = new SpatialGrid(placed),
    partners = this.partnersBySession(),
  ): void {
    const self = client.sessionId;
    const here = this.floor.poseAt(self, now);
    if (!here) return;
    const ranked = grid.nearest(here.x, here.z, this.viewNearest + Math.floor(this.viewNearest / 4), self);
    const current = this.views.get(self) ?? new Set<string>();
    const next = nextView(self, current, ranked, partners.get(self) ?? [], this.viewNearest, (id) =>
      this.state.avatars.has(id),
    );
    this.applyView(client, next);
  }

  /** Turn the page's view into `next`: only the differences go to the StateView. */
  private applyView(client: HallClient, next: Set<string>): void {
    const view = client.view;
    if (!view) return;
    const current = this.views.get(client.sessionId) ?? new Set<string>();
    const { add, remove } = viewChanges(current, next);
    for (const id of remove) {
      const avatar = this.state.avatars.get(id);
      if (avatar) view.remove(avatar);
    }
    for (const id of add) {
      const avatar = this.state.avatars.get(id);
      if (avatar) view.add(avatar);
      else next.delete(id);
    }
    this.views.set(client.sessionId, next);
  }

  /**
   * Each session's partners: the sessions of the officer and the merchant at the same desk (called there or
   * being served; a desk call is always between those two).
   */
  private partnersBySession(): Map<string, string[]> {
    const pairs = this.desks.pairs();
    const out = new Map<string, string[]>();
    if (pairs.length === 0) return out;
    const sessionsOf = new Map<string, string[]>();
    for (const [session, person] of this.personOf) {
      const list = sessionsOf.get(person);
      if (list) list.push(session);
      else sessionsOf.set(person, [session]);
    }
    for (const { officerId, merchantId } of pairs) {
      const officers = sessionsOf.get(officerId) ?? [];
      const merchants = sessionsOf.get(merchantId) ?? [];
      for (const o of officers) out.set(o, [...(out.get(o) ?? []), ...merchants]);
      for (const m of merchants) out.set(m, [...(out.get(m) ?? []), ...officers]);
    }
    return out;
  }
}
