import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { matchMaker, Server } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { Encoder } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { MAX_MESSAGE_BYTES, RoomName } from '../shared/protocol.ts';
import { STATION_OPTION } from '../shared/stations.ts';
import { Accounts } from './accounts/accounts.ts';
import { loadSessionSecret } from './accounts/secret.ts';
import type { Config } from './config.ts';
import { eventLoopDelay, watchEventLoop } from './eventLoop.ts';
import { mountAccountsApi } from './accounts/http.ts';
import { mountCasesApi } from './cases/http.ts';
import { mountFilingsApi } from './filings/http.ts';
import { mountVisitsApi } from './visits/http.ts';
import { mountGuidanceApi } from './guidance/http.ts';
import { mountMeetingsApi } from './meetings/http.ts';
import { mountIceApi } from './voice/iceHttp.ts';
import { MeetingService } from './meetings/service.ts';
import { GuidanceService } from './guidance/service.ts';
import { RulesFile } from './guidance/rulesFile.ts';
import { VisitService } from './visits/service.ts';
import { FilingService } from './filings/service.ts';
import { NoticeService } from './boardNotices/service.ts';
import { mountNoticesApi } from './boardNotices/http.ts';
import { ConcernService } from './concerns/service.ts';
import { mountConcernsApi } from './concerns/http.ts';
import { DashboardService } from './dashboard/service.ts';
import { mountDashboardApi } from './dashboard/http.ts';
import { FollowUp } from './filings/followUp.ts';
import { mountFilingItemsApi } from './filings/itemsHttp.ts';
import { mountFront, mountHttp } from './http/routes.ts';
import { mountStationsApi } from './stations/http.ts';
import { mountAdminApi } from './accounts/adminHttp.ts';
import { claimDataDir } from './store/dataDirLock.ts';
import { openDb, type Db } from './store/db.ts';
import { HallRoom, stationHall, type HallRoomOptions } from './hall/HallRoom.ts';
import { StaffWhereabouts } from './queue/whereabouts.ts';
import { stationLine, type LineRoomOptions } from './hall/LineRoom.ts';
import { stationMeetings, type MeetingRoomOptions } from './meetings/MeetingRoom.ts';
import { describeError } from './rooms/badInput.ts';
import { openCoordination, type Lease } from './cluster/coordination.ts';
import type { HallGlance } from './queue/desks.ts';
import { log } from './log.ts';
import { ensureDefaultStation, Stations } from './stations/service.ts';
import { mountStationScope } from './stations/scope.ts';
import { mountStationsAdminApi } from './stations/adminHttp.ts';

// A full hall's state (everyone's name, shop and place) outgrows the encoder's default 8 KB buffer, which
// then warns and reallocates on every join. 256 KB holds a full hall of HALL_MAX_CLIENTS at its maximum.
Encoder.BUFFER_SIZE = 256 * 1024;

/**
 * Colyseus' own messages, as one log line each: by default it prints whole stack traces (ten lines for one
 * client's bad frame), which buries the hall's own log. The rooms log what they refuse themselves.
 */
function colyseusLog(level: 'info' | 'warn' | 'error') {
  return (...args: unknown[]) =>
    log[level]('colyseus', { detail: args.map((a) => (typeof a === 'string' ? a : describeError(a))).join(' ') });
}
const colyseusLogger = {
  debug: () => undefined,
  trace: () => undefined,
  info: colyseusLog('info'),
  warn: colyseusLog('warn'),
  error: colyseusLog('error'),
};

/** An HTTPS server for TLS_CERT_FILE and TLS_KEY_FILE; a file that is missing or wrong stops the start, saying which. */
function tlsServer(files: NonNullable<Config['tls']>): https.Server {
  const read = (setting: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new Error(`${setting}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  };
  const cert = read('TLS_CERT_FILE', files.certFile);
  const key = read('TLS_KEY_FILE', files.keyFile);
  try {
    return https.createServer({ cert, key });
  } catch (err) {
    throw new Error(`TLS_CERT_FILE and TLS_KEY_FILE must be a PEM certificate and its key: ${(err as Error).message}`);
  }
}

/** Between two looks for a station's hall another process is opening, ms. */
const HALL_LISTED_POLL_MS = 100;

export interface RunningHall {
  server: Server;
  db: Db;
  /**
   * Open the station's hall and the line beside it: at once alone; with several processes, on whichever
   * process wins the station's lease, now or when its holder dies.
   */
  openStationHall(slug: string): Promise<void>;
  accounts: Accounts;
  port: number;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Start the whole hall on one port: the page, the HTTP API and the room endpoint. The hall room is created
 * up front and never disposed, so every visitor joins the same hall (there is one hall per station).
 */
export async function startHall(config: Config): Promise<RunningHall> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Read first: a missing certificate stops the start before the database is opened.
  const secureServer = config.tls ? tlsServer(config.tls) : undefined;
  watchEventLoop();
  const secret = loadSessionSecret(config.dataDir, config.env);
  const db = await openDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, schema: config.databaseSchema });
  // The embedded database belongs to this process; the command line then manages accounts through it.
  const claim = db.kind === 'pglite' ? claimDataDir(config.dataDir) : null;
  // The first start writes the default station from the settings; every later one finds it there.
  await ensureDefaultStation(db, config.station);
  const stations = new Stations(db);
  const accounts = new Accounts(db, secret, config.loginThrottle);
  const visits = new VisitService(db, config.timeZone);
  const meetings = new MeetingService(db, config.timeZone, config.meetingOpenMinutes);
  const guidance = new GuidanceService(db, new RulesFile(config.dataDir), config.timeZone);
  const filings = new FilingService(db, config.timeZone, visits, config);
  const stopSweeping = filings.startSweeping();
  const followUp = new FollowUp(db, filings, config.timeZone, config.now);
  const stopChecking = followUp.startChecking(config.filingDeadlineCheckSeconds * 1000);
  const concerns = new ConcernService(db, {
    timeZone: config.timeZone,
    categories: config.concernCategories,
    contactDays: config.concernContactDays,
    answerDays: config.concernAnswerDays,
    now: config.now,
  });
  const stopWatchingConcerns = concerns.startWatching();
  const notices = new NoticeService(db, {
    timeZone: config.timeZone,
    categories: config.noticeCategories,
    now: config.now,
  });
  /** The halls (and lines) this process holds, by station. */
  const held = new Map<string, { hall: string; line?: string }>();
  const coordination = openCoordination({
    redisUrl: config.redisUrl,
    processId: () => matchMaker.processId,
    leaseMs: config.hallLeaseSeconds * 1000,
    // A free station goes first to a process short of its fair share, for one lease at most; a process with
    // more than its share gives back an empty hall every two leases (README, Several processes).
    graceMs: config.hallLeaseSeconds * 1000,
    settleMs: 2 * config.hallLeaseSeconds * 1000,
  });
  /**
   * People in every station's hall (or line) now. Alone, counted in this process's rooms; with several
   * processes, from the shared listing, which each room's process keeps up to date: the same answer from
   * whichever process is asked.
   */
  const peopleIn = async (name: typeof RoomName.hall | typeof RoomName.line): Promise<number> => {
    if (coordination.shared) return (await matchMaker.query({ name })).reduce((n, r) => n + r.clients, 0);
    return [...held.values()].reduce((n, o) => {
      const id = name === RoomName.hall ? o.hall : o.line;
      return n + (id ? (matchMaker.getLocalRoomById(id)?.clients.length ?? 0) : 0);
    }, 0);
  };
  // Today's live parts come from the station's hall, here or on the process holding it; otherwise from storage.
  const dashboard = new DashboardService(db, {
    timeZone: config.timeZone,
    periodDaysMax: config.dashboardPeriodDaysMax,
    commentsMax: config.dashboardCommentsMax,
    now: config.now,
    layoutOf: (station) => stations.layoutOf(station),
    hall: async (station) => {
      const open = held.get(station);
      if (open) return HallRoom.desksOf(open.hall)?.glance();
      if (!coordination.shared) return undefined;
      const [listed] = await matchMaker.query({ name: RoomName.hall, [STATION_OPTION]: station });
      if (!listed) return undefined;
      try {
        return (await matchMaker.remoteRoomCall(listed.roomId, 'glance')) as HallGlance | undefined;
      } catch (err) {
        // The holder does not answer (dying, or cut off): what storage has is the best answer now.
        log.warn('dashboard.hall.unanswered', { station, message: String(err) });
        return undefined;
      }
    },
  });
  // With a certificate the one port speaks HTTPS and its WebSocket WSS: a phone's microphone needs it.
  const transport = new WebSocketTransport({
    maxPayload: MAX_MESSAGE_BYTES,
    ...(secureServer ? { server: secureServer } : {}),
  });
  // With Redis, several processes share the room listing; each room is made on the process that asks for it
  // (the station's lease decides which process asks for a hall), and its seats name this process's address.
  const shared = config.redisUrl
    ? {
        presence: new RedisPresence(config.redisUrl),
        driver: new RedisDriver(config.redisUrl),
        selectProcessIdToCreateRoom: () => Promise.resolve(matchMaker.processId),
        ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
      }
    : {};
  const server = new Server({
    ...shared,
    transport,
    greet: false,
    gracefullyShutdown: false,
    logger: colyseusLogger,
    express: (app) => {
      mountFront(app, accounts, config, coordination.limiter); // first: headers, CORS and request limits ahead of every route
      mountStationScope(app, stations); // then which station each request is for (404 for none such)
      if (claim) mountAdminApi(app, db, accounts, claim.adminKey);
      if (claim) mountStationsAdminApi(app, db, claim.adminKey);
      mountStationsApi(app, stations, { clientDir: config.clientDir, publicUrl: config.publicUrl });
      mountCasesApi(app, db, accounts, config.timeZone, config.now); // before the accounts API, whose error handler covers /api
      mountFilingsApi(app, accounts, filings);
      mountFilingItemsApi(app, accounts, followUp);
      mountConcernsApi(app, accounts, concerns);
      mountNoticesApi(app, accounts, notices);
      mountDashboardApi(app, db, accounts, dashboard);
      mountVisitsApi(app, accounts, visits, config.timeZone);
      mountGuidanceApi(app, accounts, guidance);
      // Before the list route: /api/meetings/board and /people are not meeting ids.
      mountMeetingsApi(app, accounts, meetings);
      mountIceApi(app, accounts, config, config.now);
      mountAccountsApi(app, accounts);
      mountHttp(app, config.clientDir, async () => ({
        people: await peopleIn(RoomName.hall),
        // Merchants following the queue from the 2D panels while the hall is full.
        inLine: await peopleIn(RoomName.line),
        storage: db.kind,
        eventLoop: eventLoopDelay(),
      }));
    },
  });
  // Who sits in a meeting room, told to the hall: an officer's desk pauses while they are at the table.
  const whereabouts = new StaffWhereabouts();
  // With several processes, what a request or a room on one changes reaches the rooms on every other.
  if (coordination.shared) {
    for (const service of [accounts, visits, meetings, guidance, filings, concerns, notices])
      service.shareNews(coordination);
    // Said again every third of the lease and forgotten after a lease unheard: a meeting room's dead process
    // leaves no desk paused for longer than a hall's dead process leaves the hall away.
    const leaseMs = config.hallLeaseSeconds * 1000;
    whereabouts.shareNews(coordination, { refreshMs: Math.max(200, Math.floor(leaseMs / 3)), staleMs: leaseMs });
  }
  const hallOptions: HallRoomOptions = {
    maxClients: config.hallMaxClients,
    viewNearest: config.hallViewNearest,
    reconnectSeconds: config.reconnectSeconds,
    limits: config.roomLimits,
    accounts,
    db,
    filings,
    visits,
    guidance,
    meetings,
    concerns,
    notices,
    whereabouts,
    noShowGraceSeconds: config.noShowGraceSeconds,
    appointmentsPerWindow: config.appointmentsPerWindow,
    timeZone: config.timeZone,
    now: config.now,
  };
  // The station's door: which stations exist, and opening a station's hall and line (see openStationHall).
  const door = {
    exists: (slug: string) => stations.exists(slug),
    open: async (slug: string) => {
      await openStationHall(slug);
      // With several processes the hall may be opening on another one (which won the lease a moment ago):
      // the join waits for it rather than finding no hall and being told the hall is full.
      if (coordination.shared) await hallListed(slug, config.hallOpenWaitSeconds * 1000);
    },
  };
  const hall = stationHall(accounts, config.hallStaffSeats, door);
  // One hall per station, found by the station's slug in the join (STATION_OPTION).
  server
    .define(RoomName.hall, hall.room, { ...hallOptions, staffSeats: config.hallStaffSeats })
    .filterBy([STATION_OPTION]);
  // Beside each hall, sharing its desks: the queue for merchants the full hall has no place for.
  const lineOptions: Omit<LineRoomOptions, 'hallRoomId'> = {
    maxClients: config.lineMaxClients,
    reconnectSeconds: config.reconnectSeconds,
    limits: config.roomLimits,
    now: config.now,
    accounts,
    filings,
    visits,
    guidance,
    meetings,
    concerns,
    notices,
  };
  const line = stationLine(accounts, door);
  server.define(RoomName.line, line.room, lineOptions).filterBy([STATION_OPTION]);

  /**
   * Open a station's hall and, beside it, its line, once: at start for every station in storage, and for a
   * station added while the deployment runs when its first person comes. Concurrent callers share the one
   * opening; a failed opening is tried again by the next. With several processes (REDIS_URL) the station's
   * lease decides which process opens it, and another takes it over when that one dies. Opening stays the
   * deployment's (stationKey): a client's join never makes a hall. This is the one place a station's rooms
   * are opened.
   */
  function openStationHall(slug: string): Promise<void> {
    let opening = openings.get(slug);
    if (!opening) {
      // Alone, the process opens it; with several, the station's lease decides which one does, now or later.
      opening = coordination.shared ? holdStation(slug) : openHere(slug);
      openings.set(slug, opening);
      opening.catch(() => openings.delete(slug));
    }
    return opening;
  }
  const openings = new Map<string, Promise<void>>();
  const leases: Lease[] = [];

  const meetingOptions: MeetingRoomOptions = {
    accounts,
    meetings,
    reconnectSeconds: config.reconnectSeconds,
    openMinutes: config.meetingOpenMinutes,
    voiceMax: config.meetingVoiceMax,
    limits: config.roomLimits,
    whereabouts,
    now: config.now,
  };
  // One room per session, found by its meeting id; the station makes it when the first admitted person comes.
  // Across processes, one room per session: it is made under the session's lock.
  const exclusive = <T>(name: string, fn: () => Promise<T>) => coordination.exclusive(name, fn);
  server
    .define(RoomName.meeting, stationMeetings({ accounts, meetings, now: config.now, exclusive }).room, meetingOptions)
    .filterBy(['meetingId']);
  // Rooms are entered, never made on request: the hall is opened by the station at start and a meeting room
  // by the station for an admitted person; a room a client's joinOrCreate would make is refused by the room.
  // `create` and `joinById` stay closed (joinById would skip the filter by session).
  matchMaker.controller.exposedMethods = ['join', 'joinOrCreate', 'reconnect'];
  await server.listen(config.port, config.host);

  /** The hall and line of a station, made here: the hall restores its desks and tickets from storage. */
  const openHere = async (slug: string): Promise<void> => {
    const station = { [STATION_OPTION]: slug };
    // The layout as this process first read it (Stations): the one its page is told, so hall and page agree.
    const layout = await stations.layoutOf(slug);
    const hallRoom = (await matchMaker.createRoom(RoomName.hall, { ...hall.openingOptions, ...station, layout }))
      .roomId;
    held.set(slug, { hall: hallRoom });
    if (config.lineMaxClients > 0) {
      const lineOptions = { ...line.openingOptions, ...station, hallRoomId: hallRoom };
      const lineRoom = (await matchMaker.createRoom(RoomName.line, lineOptions)).roomId;
      held.set(slug, { hall: hallRoom, line: lineRoom });
    }
    log.info('station.hall.open', { station: slug, layout, room: hallRoom, process: matchMaker.processId });
  };
  /** This process no longer holds the station: everyone in its rooms is shown out, to walk in where it is now. */
  const closeHere = async (slug: string): Promise<void> => {
    const here = held.get(slug);
    held.delete(slug);
    if (!here) return;
    log.warn('station.hall.closed', { station: slug, room: here.hall });
    await Promise.all(
      [here.line, here.hall].map((id) => (id ? matchMaker.getLocalRoomById(id)?.disconnect() : undefined)),
    );
  };
  /** Resolves once the station's hall is listed, on any process; throws after `waitMs` without one. */
  const hallListed = async (slug: string, waitMs: number): Promise<void> => {
    const giveUpAt = Date.now() + waitMs;
    while ((await matchMaker.query({ name: RoomName.hall, [STATION_OPTION]: slug })).length === 0) {
      if (Date.now() >= giveUpAt) throw new Error(`the hall of ${slug} is not open yet`);
      await new Promise((resolve) => setTimeout(resolve, HALL_LISTED_POLL_MS));
    }
  };
  /** With several processes: hold the station's lease; whichever process holds it opens its hall. */
  const holdStation = (slug: string): Promise<void> => {
    leases.push(
      coordination.hold(`station:${slug}`, {
        won: async (previous) => {
          // Half open (the hall made, the line not) is closed again before the lease goes to another process.
          await openHere(slug).catch(async (err: unknown) => {
            await closeHere(slug);
            throw err;
          });
          // The previous holder stopped renewing: if it does not answer either, its listings go (the hall and
          // every room it had), so nobody is sent to a dead process.
          if (previous && previous !== matchMaker.processId) await matchMaker.healthCheckProcessId(previous);
        },
        lost: () => closeHere(slug),
        // Nobody in the hall or its line: it may go to a less busy process, which restores it from storage.
        vacant: async () => {
          const here = held.get(slug);
          if (!here) return false;
          const ids = [here.hall, here.line].filter((id) => id !== undefined);
          const listed = await matchMaker.findRoomsByIds(ids);
          // The listing counts a seat from the moment it is reserved (someone on the way in) and keeps counting a
          // dropped page while its seat waits for it to come back: nobody counted there is nobody at all.
          return ids.every((id) => (listed.get(id)?.clients ?? 0) === 0);
        },
      }),
    );
    return Promise.resolve();
  };
  for (const station of await stations.list()) await openStationHall(station.slug);

  const port = (transport.server!.address() as AddressInfo).port;
  claim?.setPort(port);
  const url = `${config.tls ? 'https' : 'http'}://${config.host && config.host !== '0.0.0.0' ? config.host : 'localhost'}:${port}/`;
  return {
    server,
    db,
    accounts,
    openStationHall,
    port,
    url,
    dataDir: config.dataDir,
    close: async () => {
      await stopSweeping();
      await stopChecking();
      await stopWatchingConcerns();
      whereabouts.close();
      // First: no station is won (and opened) here while the rooms, the presence and the listing close; a
      // hall opened now would reach for a Redis connection already closed.
      await Promise.all(leases.map((lease) => lease.stopTrying()));
      // Counted no more among the live processes: the others take its stations without waiting a grace.
      await coordination.withdraw();
      await server.gracefullyShutdown(false);
      // After the rooms: another process takes the station at once instead of after the lease.
      await Promise.all(leases.map((lease) => lease.release()));
      await coordination.close();
      await db.close();
      claim?.release();
    },
  };
}
