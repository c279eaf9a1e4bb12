import { matchMaker, ServerError } from '@colyseus/core';
import { Action } from '../../shared/permissions.ts';
import { HallIntent, Reason, RoomName } from '../../shared/protocol.ts';
import { LineState } from '../../shared/state.ts';
import { STATION_OPTION } from '../../shared/stations.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { log } from '../log.ts';
import { describeError, type RoomLimits } from '../rooms/badInput.ts';
import { HallRoom } from './HallRoom.ts';
import {
  admitPerson,
  QueueRoom,
  stationKey,
  stationOfJoin,
  type HallClient,
  type StationDoor,
  type HallUser,
  type StationNews,
} from '../rooms/QueueRoom.ts';
import { QUEUE_INTENTS } from '../queue/desks.ts';
import type { Now } from '../rooms/roomClock.ts';

export interface LineRoomOptions extends StationNews {
  /** The station whose line this is (its slug), given by the deployment when it opens the line. */
  station?: string;
  /** Most merchants following the queue from the line at once (LINE_MAX_CLIENTS). */
  maxClients: number;
  /** Seconds a dropped person's place is held for them. */
  reconnectSeconds: number;
  /** The station's hall, whose desks the line shares. */
  hallRoomId: string;
  /** What one connection may send before it is shown out (server/config.ts); default the shared values. */
  limits?: RoomLimits;
  /** The station's clock (ms since the epoch) for held places; default the wall clock, as the hall's. */
  now?: Now;
}

/** The intents the line takes: the queue's, never a walk (nobody has an avatar here). */
const LINE_INTENTS = Object.values(HallIntent).filter((type) => QUEUE_INTENTS.has(type));

/**
 * Who may follow the queue from the line: a merchant with a valid room pass (officers and park managers have
 * seats kept in the hall), while the line has a place.
 */
async function admitToLine(accounts: Accounts, pass: unknown, station: string, door: StationDoor): Promise<HallUser> {
  const user = await admitPerson(accounts, pass, 'line', Action.takeTicket, station);
  let open: unknown[];
  try {
    await door.open(station);
    open = await matchMaker.query({ name: RoomName.line, locked: false, [STATION_OPTION]: station });
  } catch (err) {
    log.error('line.join.failed', { reason: Reason.internal, error: describeError(err) });
    throw new ServerError(503, Reason.internal);
  }
  if (open.length === 0) {
    log.warn('line.join.refused', { reason: Reason.lineFull, person: user.personId });
    throw new ServerError(503, Reason.lineFull);
  }
  return user;
}

/** The line as the station defines it: opened by the station beside its hall, never by a client. */
export function stationLine(
  accounts: Accounts,
  door: StationDoor,
): { room: typeof LineRoom; openingOptions: { opening: string } } {
  const key = stationKey('line', Reason.lineFull);
  class StationLine extends LineRoom {
    static override async onAuth(pass: unknown, options?: Record<string, unknown>): Promise<HallUser> {
      const station = await stationOfJoin('line', options, door);
      return admitToLine(accounts, pass, station, door);
    }

    override onCreate(options: Partial<LineRoomOptions> & { opening?: unknown } = {}): Promise<void> {
      key.check(options);
      return super.onCreate(options);
    }
  }
  return { room: StationLine, openingOptions: key.openingOptions };
}

/**
 * The line: the station's queue without the 3D hall. While the hall is full a merchant takes a number here,
 * follows their place and the public board, is called, and is served at the desk through the desk chat —
 * from the 2D panels, on the same desks as the hall (one queue, one numbering). It carries no avatar, so a
 * person here costs the server one private list, not a place in everyone's picture of the hall.
 */
export class LineRoom extends QueueRoom<LineState> {
  override state = new LineState();
  protected readonly label = 'line';
  private detach: () => void = () => undefined;

  override async onCreate(options: Partial<LineRoomOptions> = {}): Promise<void> {
    this.maxClients = options.maxClients ?? 1000;
    this.reconnectSeconds = options.reconnectSeconds ?? 60;
    const desks = options.hallRoomId ? HallRoom.desksOf(options.hallRoomId) : undefined;
    if (!options.accounts || !desks) throw new Error('the line opens beside an open hall');
    if (options.now) this.now = options.now;
    this.station = options.station ?? this.station;
    this.keepTime();
    this.desks = desks;
    this.detach = desks.attach({
      boards: this.state,
      ...this.reach(false),
    });
    this.follow(options as LineRoomOptions);
    this.listen(LINE_INTENTS, options.limits);
  }

  override onJoin(client: HallClient): void {
    this.arrived(client);
    log.info('line.join', { session: client.sessionId, people: this.clients.length });
  }

  override async onDrop(client: HallClient, code?: number): Promise<void> {
    if (!this.holdsPlace(client, code)) return;
    log.info('line.drop', { session: client.sessionId, holdSeconds: this.reconnectSeconds });
    await this.holdPlace(client);
  }

  override onLeave(client: HallClient): void {
    this.departed(client);
    log.info('line.leave', { session: client.sessionId, people: this.clients.length });
  }

  override onDispose(): void {
    this.detach();
    super.onDispose();
  }
}
