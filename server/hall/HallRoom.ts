import { matchMaker, ServerError } from '@colyseus/core';
import { Action } from '../../shared/permissions.ts';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, MOVE_INTENT_HZ, Reason, RoomName } from '../../shared/protocol.ts';
import { unhandled } from '../../shared/wire.ts';
import { Role, roleCode } from '../../shared/roles.ts';
import { Avatar, HallState } from '../../shared/state.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { HallFloor } from './rules.ts';
import { log } from '../log.ts';
import type { FilingService } from '../filings/service.ts';
import type { VisitService } from '../visits/service.ts';
import type { GuidanceService } from '../guidance/service.ts';
import type { MeetingService } from '../meetings/service.ts';
import type { Db } from '../store/db.ts';
import { describeError } from '../rooms/badInput.ts';
import {
  admitPerson,
  QueueRoom,
  stationKey,
  type HallClient,
  type HallUser,
  type WalkIntent,
} from '../rooms/QueueRoom.ts';
import { ServiceDesks } from '../queue/desks.ts';
import type { StaffWhereabouts } from '../queue/whereabouts.ts';
import type { Now } from '../rooms/roomClock.ts';

export type { HallUser } from '../rooms/QueueRoom.ts';

export interface HallRoomOptions {
  /** Most people in the hall at once, besides the places kept for staff. */
  maxClients: number;
  /** Places beyond `maxClients` only officers and park managers may take (HALL_STAFF_SEATS). */
  staffSeats?: number;
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

/** Patch interval in milliseconds (20 Hz). The walk is stepped right before each patch (see onBeforePatch). */
const TICK_MS = 50;

/**
 * Who may come into the hall, decided at matchmaking before any seat is reserved: a person with a valid
 * room pass whose role may enter, while the hall has a place. The last `staffSeats` places are kept for
 * officers and park managers, so a hall full of merchants never keeps an officer from their desk. A full
 * hall says so by name (instead of Colyseus' "no rooms found"), so a merchant's page can take them to the
 * line instead, and it never leads to a second hall: see {@link stationHall}.
 */
async function admitToHall(accounts: Accounts, pass: unknown, staffSeats: number): Promise<HallUser> {
  const user = await admitPerson(accounts, pass, 'hall', Action.enterHall);
  let listed: { clients: number; maxClients: number; locked?: boolean } | undefined;
  try {
    [listed] = await matchMaker.query({ name: RoomName.hall });
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
): { room: typeof HallRoom; openingOptions: { opening: string } } {
  const key = stationKey('hall', Reason.hallFull);
  class StationHall extends HallRoom {
    static override onAuth(pass: unknown): Promise<HallUser> {
      return admitToHall(accounts, pass, staffSeats);
    }

    override onCreate(options: Partial<HallRoomOptions> & { opening?: unknown } = {}): Promise<void> {
      key.check(options);
      return super.onCreate(options);
    }
  }
  return { room: StationHall, openingOptions: key.openingOptions };
}

/**
 * The hall: who is here and where they stand. Clients send intents (walk there, walk this way); the
 * server plans and steps the walks over the floor plan and shares positions through the state. The queue
 * is the station's one set of desks, made here and lent to the line ({@link HallRoom.desksOf}).
 */
export class HallRoom extends QueueRoom<HallState> {
  override patchRate = TICK_MS;
  override state = new HallState();
  protected readonly label = 'hall';

  private floor = new HallFloor(hallLayout);
  /** Latest walk destination per person, planned at most MOVE_INTENT_HZ times a second (path finding costs). */
  private pendingWalks = new Map<string, { x: number; z: number }>();
  private lastPlannedAt = new Map<string, number>();
  private lastStepAt = performance.now();
  private stopWhereabouts: () => void = () => undefined;

  /** The desks of the station's open hall, for the line beside it; undefined before the hall opens. */
  static desksOf(roomId: string): ServiceDesks | undefined {
    const room = matchMaker.getLocalRoomById(roomId);
    return room instanceof HallRoom ? room.desks : undefined;
  }

  override async onCreate(options: Partial<HallRoomOptions> = {}): Promise<void> {
    this.maxClients = (options.maxClients ?? 300) + (options.staffSeats ?? 0);
    this.reconnectSeconds = options.reconnectSeconds ?? 60;
    if (!options.accounts || !options.db) throw new Error('the hall needs the accounts service and storage');
    if (options.now) this.now = options.now;
    this.desks = new ServiceDesks({
      db: options.db,
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
    this.listen(Object.values(HallIntent));
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

  override onJoin(client: HallClient): void {
    const user = client.auth!;
    const walker = this.floor.enter(client.sessionId);
    const avatar = new Avatar();
    avatar.name = user.name;
    avatar.shop = user.shop;
    avatar.role = roleCode(user.role);
    avatar.look = user.look;
    avatar.x = walker.x;
    avatar.z = walker.z;
    avatar.ry = walker.ry;
    avatar.moving = false;
    avatar.online = true;
    this.state.avatars.set(client.sessionId, avatar);
    this.arrived(client);
    // Back in a new tab (or after a reload) while the old connection's place was still held: at the desk again.
    if (user.role === Role.officer) this.noteWhereabouts(user.personId, { dropped: false });
    log.info('hall.join', { session: client.sessionId, role: user.role, people: this.clients.length });
  }

  override async onDrop(client: HallClient, code?: number): Promise<void> {
    if (!this.holdsPlace(client, code)) return; // onLeave follows and removes the avatar
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.online = false;
    this.floor.stop(client.sessionId);
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

  override onDispose(): void {
    this.stopWhereabouts();
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
    this.state.avatars.delete(client.sessionId);
    this.floor.leave(client.sessionId);
    this.pendingWalks.delete(client.sessionId);
    this.lastPlannedAt.delete(client.sessionId);
    log.info('hall.leave', { session: client.sessionId, people: this.clients.length });
  }

  /** The hall's own intents: where to walk. */
  protected override ownIntent(client: HallClient, intent: WalkIntent): void {
    switch (intent.type) {
      case HallIntent.moveTo: {
        const { x, z } = intent.payload;
        this.pendingWalks.set(client.sessionId, { x, z });
        return;
      }
      case HallIntent.steer: {
        const { x, z } = intent.payload;
        this.pendingWalks.delete(client.sessionId);
        this.floor.steer(client.sessionId, x, z);
        return;
      }
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
      const result = this.floor.moveTo(id, target.x, target.z);
      const client = result.ok ? undefined : this.clients.getById(id);
      if (client && !result.ok) this.refuse(client, HallIntent.moveTo, result.error);
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
