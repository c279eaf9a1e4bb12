import { DEFAULT_NOTICE_CATEGORIES, type NoticeCategory } from '../shared/boardNotices.ts';
import { DASHBOARD_COMMENTS_MAX, DASHBOARD_PERIOD_DAYS_MAX } from '../shared/dashboard.ts';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CATEGORIES_MAX,
  CATEGORY_NAME_MAX,
  CONCERN_ANSWER_DAYS,
  CONCERN_CONTACT_DAYS,
  concernCategoriesSchema,
  DEFAULT_CONCERN_CATEGORIES,
  type ConcernCategory,
} from '../shared/concerns.ts';
import {
  INVALID_WINDOW_MS,
  MAX_INVALID_PER_WINDOW,
  MAX_MESSAGES_PER_SECOND,
  MOVE_INTENT_HZ,
} from '../shared/protocol.ts';
import { MEETING_VOICE_MAX, VOICE_SIGNALS_PER_SECOND } from '../shared/voice.ts';
import {
  DEFAULT_LOGIN_SETTINGS,
  loginSettingsProblem,
  loginThrottle,
  type LoginThrottle,
  type LoginThrottleSettings,
} from './accounts/throttle.ts';
import type { RoomLimits } from './rooms/badInput.ts';
import {
  parseIceServers,
  parseTransportPolicy,
  TURN_TTL_MAX_SECONDS,
  TURN_TTL_MIN_SECONDS,
  type IceServer,
} from './voice/ice.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The most people one hall can hold. Each page is sent and draws only the people nearest to it
 * (HALL_VIEW_NEAREST) and those it deals with, and a walk travels once when it starts or changes, so a page's
 * download and drawing stay the same however full the hall; what grows is the server's work.
 */
export const HALL_CAPACITY = 1000;

export interface Config {
  /** TCP port for the page, the API and the room endpoint. `PORT`, default 2567. */
  port: number;
  /** Interface to listen on. `HOST`, default all interfaces. */
  host: string | undefined;
  /** Folder for everything the hall stores. `DATA_DIR`, default `./data`. */
  dataDir: string;
  /** Built client served at `/`. `CLIENT_DIR`, default `dist/client`. */
  clientDir: string;
  /** Most people in the hall at once. `HALL_MAX_CLIENTS`, default 300, at most 1000. */
  hallMaxClients: number;
  /**
   * How many of the people nearest to each person their page is sent and draws, besides the officer or merchant
   * they are dealing with. `HALL_VIEW_NEAREST`, default 60, from 1 to 200: a phone shows about that many people
   * around it legibly, and 60 walkers cost a page about 1 KB/s.
   */
  hallViewNearest: number;
  /**
   * Places in the hall beyond HALL_MAX_CLIENTS kept for officers and park managers, so a hall full of
   * merchants never keeps an officer from their desk. `HALL_STAFF_SEATS`, default 20.
   */
  hallStaffSeats: number;
  /**
   * Merchants who may follow the queue from the 2D panels while the hall is full (the line: no avatar,
   * only their own tickets and the public board). `LINE_MAX_CLIENTS`, default 2000.
   */
  lineMaxClients: number;
  /** Seconds a dropped person's place is held. `RECONNECT_SECONDS`, default 60. */
  reconnectSeconds: number;
  /** Seconds a called merchant has to come to the desk before a no-show may be marked. `NO_SHOW_GRACE_SECONDS`, default 120. */
  noShowGraceSeconds: number;
  /** Appointments one service takes per 15-minute window. `APPOINTMENTS_PER_WINDOW`, default 2. */
  appointmentsPerWindow: number;
  /** Minutes before a session starts that its meeting room opens. `MEETING_OPEN_MINUTES`, default 10. */
  meetingOpenMinutes: number;
  /**
   * Most people in one session's voice at once; the next one follows by text. `MEETING_VOICE_MAX`, default
   * 16 (shared/voice.ts says why), from 2 to 24.
   */
  meetingVoiceMax: number;
  /** Longest side of an uploaded image, in pixels. `IMAGE_MAX_SIDE`, default 8000. */
  imageMaxSide: number;
  /** Most pixels in an uploaded image, in millions. `IMAGE_MAX_MEGAPIXELS`, default 40. */
  imageMaxMegapixels: number;
  /** Images one merchant may upload in any 24 hours. `UPLOAD_DAILY_COUNT`, default 30. */
  uploadDailyCount: number;
  /** Megabytes of images one merchant may upload in any 24 hours. `UPLOAD_DAILY_MB`, default 40. */
  uploadDailyMb: number;
  /** Images one merchant may keep stored at once, however old. `UPLOAD_TOTAL_COUNT`, default 200. */
  uploadTotalCount: number;
  /** Megabytes of images one merchant may keep stored at once. `UPLOAD_TOTAL_MB`, default 200. */
  uploadTotalMb: number;
  /** Signboard filings one merchant may have under way (not yet filed) at once. `OPEN_FILINGS_MAX`, default 5. */
  openFilingsPerMerchant: number;
  /**
   * The categories a merchant chooses from when raising a concern, a JSON array of `{ "id", "zh", "en" }` (1 to
   * 30; ids in lower camel case). `CONCERN_CATEGORIES`, default 占道经营, 噪音, 油烟, 门头招牌, 停车, 执法问题, 其他.
   */
  concernCategories: readonly ConcernCategory[];
  /** Working days the station has to take up a concern after receiving it. `CONCERN_CONTACT_DAYS`, default 1. */
  concernContactDays: number;
  /**
   * Working days the station has to answer a concern, from its receipt or from its reopening.
   * `CONCERN_ANSWER_DAYS`, default 5.
   */
  concernAnswerDays: number;
  /**
   * The categories an officer files a notice under, a JSON array of `{ "id", "zh", "en" }` read like
   * `CONCERN_CATEGORIES`. `NOTICE_CATEGORIES`, default 招牌备案, 装修, 市容环境, 活动, 其他.
   */
  noticeCategories: readonly NoticeCategory[];
  /**
   * Longest period the station dashboard reads at once, in days, both ends included.
   * `DASHBOARD_PERIOD_DAYS_MAX`, default 366, from 1 to 3660.
   */
  dashboardPeriodDaysMax: number;
  /** Most rating comments one dashboard period lists, newest first. `DASHBOARD_COMMENTS_MAX`, default 500. */
  dashboardCommentsMax: number;
  /**
   * Seconds between the station's checks for items to follow still owed after their deadline day (read on the
   * station's clock). `FILING_DEADLINE_CHECK_SECONDS`, default 60, from 1 to 3600.
   */
  filingDeadlineCheckSeconds: number;
  /** Merchant sign-ups from one address per hour (a whole park may share one). `LIMIT_SIGNUPS_PER_HOUR`, default 300. */
  limitSignupsPerHour: number;
  /** Recovery-code sign-ins tried from one address per hour. `LIMIT_RECOVERIES_PER_HOUR`, default 60. */
  limitRecoveriesPerHour: number;
  /** API writes (POST, PUT, PATCH, DELETE) one person may make per minute. `LIMIT_WRITES_PER_MINUTE`, default 120. */
  limitWritesPerMinute: number;
  /** API writes from one address per minute, everyone behind it together. `LIMIT_ADDRESS_WRITES_PER_MINUTE`, default 3000. */
  limitAddressWritesPerMinute: number;
  /**
   * How staff sign-in guessing is slowed: per username and address, per address and per username, each with
   * its free tries and waits (`LOGIN_PAIR_FREE_TRIES`, `LOGIN_PAIR_MAX_DELAY_SECONDS`, `LOGIN_ADDRESS_FREE_TRIES`,
   * `LOGIN_ADDRESS_LOCK_SECONDS`, `LOGIN_ACCOUNT_FREE_TRIES`, `LOGIN_ACCOUNT_MAX_DELAY_SECONDS`,
   * `LOGIN_FIRST_DELAY_SECONDS`, `LOGIN_QUIET_MINUTES`, `LOGIN_KNOWN_ADDRESS_DAYS`; server/accounts/throttle.ts).
   */
  loginThrottle: LoginThrottle;
  /**
   * What one connection to the hall, the line or a meeting room may send before it is shown out: intents per
   * second (`ROOM_MESSAGES_PER_SECOND`, default 25), voice signalling per second (`ROOM_VOICE_SIGNALS_PER_SECOND`,
   * default 100), refused intents per window (`ROOM_REFUSED_PER_WINDOW`, default 20, in
   * `ROOM_REFUSED_WINDOW_SECONDS`, default 10).
   */
  roomLimits: RoomLimits;
  /** Other sites whose pages may call the API and matchmaking, comma-separated origins. `ALLOWED_ORIGINS`, default none. */
  allowedOrigins: readonly string[];
  /**
   * Reverse proxies (nginx) whose `X-Forwarded-For` names the visitor's address, comma-separated addresses or
   * subnets (`127.0.0.1`, `10.0.0.0/8`) or `loopback`. Unset: the address is the connection's own and the
   * header is ignored, so nobody can pick an address for the per-address limits. `TRUST_PROXY`.
   */
  trustProxy: readonly string[];
  /**
   * The address people reach the hall at, when it differs from what a request shows (behind a proxy that
   * rewrites the host): a station's printed link and QR code start with it. `PUBLIC_URL`, e.g.
   * `https://hall.example.org`; unset, each link is made from the request's own origin.
   */
  publicUrl: string | undefined;
  /** The station's time zone: ticket numbers start again each day there. `STATION_TIMEZONE`, default Asia/Shanghai. */
  timeZone: string;
  /**
   * The default station's name and address, written when the deployment first starts (`STATION_NAME`, default
   * 城管执法服务站; `STATION_ADDRESS`, default empty). Later changes go through `npm run station -- rename`.
   */
  station: { name: string; address: string };
  /** PostgreSQL connection string; unset means the embedded database under `dataDir`. `DATABASE_URL`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use. `DATABASE_SCHEMA`, default `public`. */
  databaseSchema: string | undefined;
  /**
   * Redis shared by several hall processes serving one deployment (`redis://host:6379/0`): Colyseus' presence
   * and room listing, the lease that keeps one hall per station, the request limits and the news that a
   * person's sign-ins ended. Unset: one process, needing no Redis. With it, DATABASE_URL and SESSION_SECRET
   * must be set too (every process must see the same data and sign the same tokens). `REDIS_URL`.
   */
  redisUrl: string | undefined;
  /**
   * Where a page reaches this very process, host and optional path without the scheme
   * (`hall.example.org/p1`): a room's seat names it, so the page's socket goes to the process that holds the
   * room (the proxy routes the path to it; README, Several processes). Unset: the address the page came by.
   * `PUBLIC_ADDRESS`.
   */
  publicAddress: string | undefined;
  /**
   * Seconds a station's hall stays with its process once that process stops renewing it (it renews every
   * third of it): after a crash another process opens the hall from storage within about this long.
   * `HALL_LEASE_SECONDS`, default 5, from 2 to 60.
   */
  hallLeaseSeconds: number;
  /**
   * Seconds a join waits for a station's hall that another process is opening (it won the station's lease a
   * moment ago, or takes it over from a dead holder) before it is answered "try again" (503): the person then
   * lands in the hall instead of being told it is full. Alone the hall is opened here and this is unused.
   * `HALL_OPEN_WAIT_SECONDS`, default 10, from 1 to 60.
   */
  hallOpenWaitSeconds: number;
  /**
   * STUN and TURN servers the pages use for voice, a JSON array of `{ urls, username?, credential? }` with
   * stun:, turn: and turns: URLs only. `ICE_SERVERS`, default none: pages on one network meet directly, and
   * nothing asks a server outside the station.
   */
  iceServers: IceServer[];
  /** `relay` sends every call through the TURN server. `ICE_TRANSPORT_POLICY`, default `all`. */
  iceTransportPolicy: 'all' | 'relay';
  /**
   * coturn's `static-auth-secret`: TURN entries without a username get short-lived credentials per person.
   * `TURN_SECRET`, default none. Never logged.
   */
  turnSecret: string | undefined;
  /** Seconds a TURN credential made per request lasts. `TURN_TTL_SECONDS`, default 3600. */
  turnTtlSeconds: number;
  /**
   * PEM certificate and key: with both the hall listens with HTTPS (and its WebSocket with WSS), which a
   * phone needs for its microphone anywhere but localhost. `TLS_CERT_FILE`, `TLS_KEY_FILE`, default none.
   */
  tls: { certFile: string; keyFile: string } | undefined;
  /**
   * Where V8's young generation (where new objects are made) starts: its semi-space, MB, so resident memory
   * does not step up mid-day as V8 grows it (server/youngGeneration.ts). V8 holds it to half the ceiling it
   * sets from the machine's memory. `HALL_SEMI_SPACE_MB`, default 64 (half the ceiling on a 24 GB machine),
   * from 0 to 256; 0 leaves V8 to start at 1 MB and grow it itself.
   */
  semiSpaceMb: number;
  /** The environment, for settings read where they are used (SESSION_SECRET). */
  env: NodeJS.ProcessEnv;
  /**
   * The station's clock, in ms since the epoch, for the rooms' grace and holding times, the queue's sweep and
   * a session's door. Not read from the environment: the wall clock (`Date.now`) unless a test gives its own.
   */
  now?: () => number;
}

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function timeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return name;
  } catch {
    throw new Error(`STATION_TIMEZONE must be an IANA time zone such as Asia/Shanghai, got "${name}"`);
  }
}

/** `https://a.example, http://b.example:8080` → each as the browser sends it in `Origin`. */
/** Express' names for address ranges, allowed in TRUST_PROXY beside addresses and subnets. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxies(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const v of list) {
    const [address = '', prefix, extra] = v.split('/');
    const bits = isIP(address) === 6 ? 128 : 32;
    const ok =
      PROXY_RANGES.has(v) ||
      (isIP(address) !== 0 &&
        extra === undefined &&
        (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits)));
    if (!ok) throw new Error(`TRUST_PROXY: "${v}" is not an address, a subnet such as 10.0.0.0/8, or loopback`);
  }
  return list;
}

/** `hall.example.org/p1` or `10.0.0.5:2567`: a host, an optional port and path, no scheme, no query. */
function publicAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const address = value.replace(/\/+$/, '');
  let url: URL | undefined;
  try {
    url = new URL(`http://${address}`);
  } catch {
    url = undefined;
  }
  if (/^[a-z]+:\/\//i.test(address) || !url || url.search || url.hash || url.username)
    throw new Error(
      `PUBLIC_ADDRESS must be a host with an optional port and path, such as hall.example.org/p1, got "${value}"`,
    );
  return address;
}

/**
 * Several processes share Redis and must share the rest too: each embedded database would be a station of its
 * own, and each generated secret would refuse the others' sign-ins.
 */
function redis(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.REDIS_URL || undefined;
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${url}"`);
  if (!env.DATABASE_URL)
    throw new Error(
      'REDIS_URL is set but DATABASE_URL is not: several processes on the embedded database would each keep data of their own; set DATABASE_URL to the PostgreSQL they all share',
    );
  if (!env.SESSION_SECRET)
    throw new Error(
      "REDIS_URL is set but SESSION_SECRET is not: each process would sign sign-ins with a key of its own and refuse the others'; set the same SESSION_SECRET (32+ characters) for every process",
    );
  return url;
}

function tls(certFile: string | undefined, keyFile: string | undefined): Config['tls'] {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither');
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

function origins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new Error(`ALLOWED_ORIGINS: "${v}" is not an origin such as https://hall.example.org`);
      }
      if (url.origin === 'null' || url.origin !== v.replace(/\/$/, ''))
        throw new Error(`ALLOWED_ORIGINS: "${v}" must be scheme, host and port only, such as https://hall.example.org`);
      return url.origin;
    });
}

/** PUBLIC_URL: an http(s) address, perhaps with a path, without query or fragment; kept without its last slash. */
function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL: "${value}" is not an address such as https://hall.example.org`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username)
    throw new Error(`PUBLIC_URL: "${value}" must be an http or https address without query, fragment or user`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** A station's category list from its setting (`CONCERN_CATEGORIES`, `NOTICE_CATEGORIES`), or the defaults; a wrong list stops the start. */
function categories(
  name: string,
  value: string | undefined,
  defaults: readonly ConcernCategory[],
): readonly ConcernCategory[] {
  if (!value) return defaults;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${name} must be a JSON array such as [{"id":"noise","zh":"噪音","en":"Noise"}]`);
  }
  const list = concernCategoriesSchema.safeParse(parsed);
  if (!list.success) {
    const issue = list.error.issues[0];
    throw new Error(
      `${name}: ${issue?.path.join('.') || 'the list'} ${issue?.message ?? 'is wrong'} (1 to ${CATEGORIES_MAX} categories, ids in lower camel case, names at most ${CATEGORY_NAME_MAX} characters)`,
    );
  }
  return Object.freeze(list.data);
}

/** The sign-in throttle's settings, each within its range and all of them together workable. */
function loginSettings(env: NodeJS.ProcessEnv): LoginThrottle {
  const d = DEFAULT_LOGIN_SETTINGS;
  const day = 86_400;
  const settings: LoginThrottleSettings = {
    pairFreeTries: int('LOGIN_PAIR_FREE_TRIES', env.LOGIN_PAIR_FREE_TRIES, d.pairFreeTries, 1, 100),
    pairMaxDelaySeconds: int(
      'LOGIN_PAIR_MAX_DELAY_SECONDS',
      env.LOGIN_PAIR_MAX_DELAY_SECONDS,
      d.pairMaxDelaySeconds,
      1,
      day,
    ),
    addressFreeTries: int('LOGIN_ADDRESS_FREE_TRIES', env.LOGIN_ADDRESS_FREE_TRIES, d.addressFreeTries, 1, 100_000),
    addressLockSeconds: int('LOGIN_ADDRESS_LOCK_SECONDS', env.LOGIN_ADDRESS_LOCK_SECONDS, d.addressLockSeconds, 1, day),
    accountFreeTries: int('LOGIN_ACCOUNT_FREE_TRIES', env.LOGIN_ACCOUNT_FREE_TRIES, d.accountFreeTries, 1, 10_000),
    accountMaxDelaySeconds: int(
      'LOGIN_ACCOUNT_MAX_DELAY_SECONDS',
      env.LOGIN_ACCOUNT_MAX_DELAY_SECONDS,
      d.accountMaxDelaySeconds,
      1,
      day,
    ),
    firstDelaySeconds: int('LOGIN_FIRST_DELAY_SECONDS', env.LOGIN_FIRST_DELAY_SECONDS, d.firstDelaySeconds, 1, 3600),
    quietMinutes: int('LOGIN_QUIET_MINUTES', env.LOGIN_QUIET_MINUTES, d.quietMinutes, 1, 7 * 24 * 60),
    knownAddressDays: int('LOGIN_KNOWN_ADDRESS_DAYS', env.LOGIN_KNOWN_ADDRESS_DAYS, d.knownAddressDays, 0, 3650),
  };
  const problem = loginSettingsProblem(settings);
  if (problem) throw new Error(problem);
  return loginThrottle(settings);
}

/**
 * What one connection may send. The page sends at most MOVE_INTENT_HZ walking intents a second besides taps and
 * keys, and a page joining the largest session's voice about 70 signals at once (shared/voice.ts): a lower
 * setting would show out people doing nothing wrong, so it is refused.
 */
function roomLimits(env: NodeJS.ProcessEnv): RoomLimits {
  return {
    messagesPerSecond: int(
      'ROOM_MESSAGES_PER_SECOND',
      env.ROOM_MESSAGES_PER_SECOND,
      MAX_MESSAGES_PER_SECOND,
      MOVE_INTENT_HZ + 5,
      1000,
    ),
    voiceSignalsPerSecond: int(
      'ROOM_VOICE_SIGNALS_PER_SECOND',
      env.ROOM_VOICE_SIGNALS_PER_SECOND,
      VOICE_SIGNALS_PER_SECOND,
      80,
      10_000,
    ),
    refusedPerWindow: int('ROOM_REFUSED_PER_WINDOW', env.ROOM_REFUSED_PER_WINDOW, MAX_INVALID_PER_WINDOW, 1, 10_000),
    refusedWindowSeconds: int(
      'ROOM_REFUSED_WINDOW_SECONDS',
      env.ROOM_REFUSED_WINDOW_SECONDS,
      INVALID_WINDOW_MS / 1000,
      1,
      3600,
    ),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const iceServers = parseIceServers(env.ICE_SERVERS, env.TURN_SECRET || undefined);
  return {
    port: int('PORT', env.PORT, 2567, 0, 65535),
    host: env.HOST || undefined,
    dataDir: path.resolve(env.DATA_DIR || path.join(root, 'data')),
    clientDir: path.resolve(env.CLIENT_DIR || path.join(root, 'dist', 'client')),
    hallMaxClients: int('HALL_MAX_CLIENTS', env.HALL_MAX_CLIENTS, 300, 1, HALL_CAPACITY),
    hallViewNearest: int('HALL_VIEW_NEAREST', env.HALL_VIEW_NEAREST, 60, 1, 200),
    semiSpaceMb: int('HALL_SEMI_SPACE_MB', env.HALL_SEMI_SPACE_MB, 64, 0, 256),
    hallStaffSeats: int('HALL_STAFF_SEATS', env.HALL_STAFF_SEATS, 20, 0, 200),
    lineMaxClients: int('LINE_MAX_CLIENTS', env.LINE_MAX_CLIENTS, 2000, 0, 20_000),
    reconnectSeconds: int('RECONNECT_SECONDS', env.RECONNECT_SECONDS, 60, 1, 3600),
    noShowGraceSeconds: int('NO_SHOW_GRACE_SECONDS', env.NO_SHOW_GRACE_SECONDS, 120, 0, 3600),
    appointmentsPerWindow: int('APPOINTMENTS_PER_WINDOW', env.APPOINTMENTS_PER_WINDOW, 2, 0, 100),
    timeZone: timeZone(env.STATION_TIMEZONE || 'Asia/Shanghai'),
    station: { name: env.STATION_NAME?.trim() || '城管执法服务站', address: env.STATION_ADDRESS?.trim() ?? '' },
    meetingOpenMinutes: int('MEETING_OPEN_MINUTES', env.MEETING_OPEN_MINUTES, 10, 0, 240),
    meetingVoiceMax: int('MEETING_VOICE_MAX', env.MEETING_VOICE_MAX, MEETING_VOICE_MAX, 2, 24),
    imageMaxSide: int('IMAGE_MAX_SIDE', env.IMAGE_MAX_SIDE, 8000, 16, 16383),
    imageMaxMegapixels: int('IMAGE_MAX_MEGAPIXELS', env.IMAGE_MAX_MEGAPIXELS, 40, 1, 268),
    uploadDailyCount: int('UPLOAD_DAILY_COUNT', env.UPLOAD_DAILY_COUNT, 30, 1, 100_000),
    uploadDailyMb: int('UPLOAD_DAILY_MB', env.UPLOAD_DAILY_MB, 40, 1, 100_000),
    uploadTotalCount: int('UPLOAD_TOTAL_COUNT', env.UPLOAD_TOTAL_COUNT, 200, 1, 1_000_000),
    uploadTotalMb: int('UPLOAD_TOTAL_MB', env.UPLOAD_TOTAL_MB, 200, 1, 1_000_000),
    openFilingsPerMerchant: int('OPEN_FILINGS_MAX', env.OPEN_FILINGS_MAX, 5, 1, 1000),
    concernCategories: categories('CONCERN_CATEGORIES', env.CONCERN_CATEGORIES, DEFAULT_CONCERN_CATEGORIES),
    noticeCategories: categories('NOTICE_CATEGORIES', env.NOTICE_CATEGORIES, DEFAULT_NOTICE_CATEGORIES),
    dashboardPeriodDaysMax: int(
      'DASHBOARD_PERIOD_DAYS_MAX',
      env.DASHBOARD_PERIOD_DAYS_MAX,
      DASHBOARD_PERIOD_DAYS_MAX,
      1,
      3660,
    ),
    dashboardCommentsMax: int('DASHBOARD_COMMENTS_MAX', env.DASHBOARD_COMMENTS_MAX, DASHBOARD_COMMENTS_MAX, 0, 100_000),
    concernContactDays: int('CONCERN_CONTACT_DAYS', env.CONCERN_CONTACT_DAYS, CONCERN_CONTACT_DAYS, 0, 30),
    concernAnswerDays: int('CONCERN_ANSWER_DAYS', env.CONCERN_ANSWER_DAYS, CONCERN_ANSWER_DAYS, 1, 60),
    filingDeadlineCheckSeconds: int('FILING_DEADLINE_CHECK_SECONDS', env.FILING_DEADLINE_CHECK_SECONDS, 60, 1, 3600),
    limitSignupsPerHour: int('LIMIT_SIGNUPS_PER_HOUR', env.LIMIT_SIGNUPS_PER_HOUR, 300, 1, 1_000_000),
    limitRecoveriesPerHour: int('LIMIT_RECOVERIES_PER_HOUR', env.LIMIT_RECOVERIES_PER_HOUR, 60, 1, 1_000_000),
    limitWritesPerMinute: int('LIMIT_WRITES_PER_MINUTE', env.LIMIT_WRITES_PER_MINUTE, 120, 1, 1_000_000),
    limitAddressWritesPerMinute: int(
      'LIMIT_ADDRESS_WRITES_PER_MINUTE',
      env.LIMIT_ADDRESS_WRITES_PER_MINUTE,
      3000,
      1,
      10_000_000,
    ),
    loginThrottle: loginSettings(env),
    roomLimits: roomLimits(env),
    allowedOrigins: origins(env.ALLOWED_ORIGINS),
    trustProxy: proxies(env.TRUST_PROXY),
    publicUrl: publicUrl(env.PUBLIC_URL),
    databaseUrl: env.DATABASE_URL || undefined,
    iceServers,
    iceTransportPolicy: parseTransportPolicy(env.ICE_TRANSPORT_POLICY, iceServers),
    turnSecret: env.TURN_SECRET || undefined,
    turnTtlSeconds: int('TURN_TTL_SECONDS', env.TURN_TTL_SECONDS, 3600, TURN_TTL_MIN_SECONDS, TURN_TTL_MAX_SECONDS),
    tls: tls(env.TLS_CERT_FILE, env.TLS_KEY_FILE),
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    redisUrl: redis(env),
    publicAddress: publicAddress(env.PUBLIC_ADDRESS),
    hallLeaseSeconds: int('HALL_LEASE_SECONDS', env.HALL_LEASE_SECONDS, 5, 2, 60),
    hallOpenWaitSeconds: int('HALL_OPEN_WAIT_SECONDS', env.HALL_OPEN_WAIT_SECONDS, 10, 1, 60),
    env,
  };
}
