import { afterAll, beforeAll } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { runStationCommand } from '../../server/stations/service.ts';
import { STATION_HEADER } from '../../shared/stations.ts';
import { bootHall, hallUrl, staffToken, visitWithToken, type Visitor } from '../integration/helpers.ts';
import type { HallTarget } from './databases.ts';
import { signUpMerchant } from './merchants.ts';

/** The time zone of both stations: the days and hours their tests schedule are on its clock. */
export const TZ = 'Asia/Shanghai';

/** The second station, beside the default one ('main'). */
export const XIHU = { slug: 'xihu', name: '西湖区文三路执法服务站' } as const;

/**
 * A deployment of two stations, 'main' (the default) and 'xihu', on one hall in this process, with the people a
 * test of what stays within a station needs. Tokens and the hall are set before the describe's tests run (read
 * them then, not while the describe is being declared).
 */
export interface TwoStations {
  hall: RunningHall;
  url: string;
  /** 周女士 of 周记茶饮: one merchant identity, who comes to either station. */
  merchant: string;
  /** 吴先生 of 吴家烧烤: another merchant, party to nothing of the first one's. */
  neighbour: string;
  /** 孙警官 ('sun'), an officer of the default station. */
  mainOfficer: string;
  /** 赵警官 ('zhao'), an officer of xihu only. */
  xihuOfficer: string;
  /** A request as the page makes it, naming its station by header (or not at all: the default station). */
  request(token: string, method: string, route: string, station?: string, body?: unknown): Promise<Response>;
  /** {@link TwoStations.request}, whose answer must be JSON. */
  call<T = Record<string, unknown>>(
    token: string,
    method: string,
    route: string,
    station?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Walk into a station's hall (none named: the default one); the connection is left after the describe. */
  enter(token: string, station?: string): Promise<Visitor>;
}

/**
 * {@link TwoStations} for the describe it is called in, on `target`'s storage: the hall boots (with `env` on
 * top of the stations' time zone, on `clock` when given) and xihu is added while it runs, then the people sign
 * up or are made staff, all before the describe's own `beforeAll`s; the people leave and the hall closes after.
 */
export function twoStations(
  target: HallTarget,
  options: { env?: Record<string, string>; clock?: { now: () => number } } = {},
): TwoStations {
  const visitors: Visitor[] = [];
  const two = {
    request(token, method, route, station, body) {
      return fetch(new URL(route, two.url), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          ...(station ? { [STATION_HEADER]: station } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async call<T>(token: string, method: string, route: string, station?: string, body?: unknown) {
      const res = await two.request(token, method, route, station, body);
      return { status: res.status, body: (await res.json()) as T };
    },
    async enter(token, station) {
      const v = await visitWithToken(two.hall, token, station ? { station } : {});
      visitors.push(v);
      return v;
    },
  } as TwoStations;

  beforeAll(async () => {
    two.hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ, ...options.env }, options.clock);
    two.url = hallUrl(two.hall);
    // Added while the deployment runs: its hall opens when its first person comes.
    await runStationCommand(two.hall.db, { op: 'add', ...XIHU }, 'test');
    two.merchant = await signUpMerchant(two.url, '周女士', '周记茶饮');
    two.neighbour = await signUpMerchant(two.url, '吴先生', '吴家烧烤');
    two.mainOfficer = await staffToken(two.hall, 'officer', 'sun', '孙警官');
    two.xihuOfficer = await staffToken(two.hall, 'officer', 'zhao', '赵警官', XIHU.slug);
  }, 120_000);

  afterAll(async () => {
    for (const v of visitors) await v.room.leave().catch(() => undefined);
    await two.hall?.close();
    await target.cleanup();
  });

  return two;
}
