// On its own, without the schemas, so the start page and the sign-in form can name a station before the schema
// library loads.

/**
 * A station: one park's or district's hall, with its own desks, staff, notice board, queue and meetings. One
 * deployment serves one or more; `npm start` with nothing configured serves one, the default.
 */
export interface Station {
  /** Its short name in links (`/s/<slug>`) and in every request the page makes for it. */
  slug: string;
  /** Its name as people know it, e.g. "西湖区文三路执法服务站". */
  name: string;
  /** Where it stands, as printed on its notice; may be empty. */
  address: string;
  /**
   * Its hall's layout (an id of shared/layouts/registry.ts): the floor plan, desks and services its hall and
   * its page are built from. Absent from an older hall's answer, which then means the standard hall.
   */
  layout?: string;
}

/** The slug of the station a deployment with nothing configured serves. */
export const DEFAULT_STATION_SLUG = 'main';

/** Lower-case letters, digits and inner hyphens, 1 to 32 characters: safe in a path, a header and a room filter. */
export const STATION_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** The request header by which the page names its station for every API call. */
export const STATION_HEADER = 'x-station';

/** The query parameter that names the station where a header cannot be set (a link, a download). */
export const STATION_QUERY = 'station';

/** The room option by which a page joins its station's hall or line. */
export const STATION_OPTION = 'station';

/** What joining a station's hall or line takes: the station, or none for the default station. */
export type StationJoinOptions = { [K in typeof STATION_OPTION]?: string };

/** The answer of `StationsRoute.list`: the deployment's stations, in the order the start page lists them. */
export interface StationList {
  stations: Station[];
}

/** HTTP routes of the stations. */
export const StationsRoute = {
  /** The deployment's stations, for the start page of someone who came without a link. */
  list: '/api/stations',
  /** A station's page, the link a station prints. */
  page: (slug: string) => `/s/${slug}`,
  /** A station's link as a QR code (SVG), for its poster. */
  qr: (slug: string) => `/api/stations/${slug}/qr.svg`,
} as const;

/** Why a request for a station was refused. */
export const StationRefusal = {
  /** No station has that slug (404). */
  unknown: 'station_unknown',
  /** The signed-in staff account does not belong to that station (403). */
  notMember: 'station_not_member',
} as const;
export type StationRefusal = (typeof StationRefusal)[keyof typeof StationRefusal];

/** Whether a string may be a station's slug. */
export function isStationSlug(value: unknown): value is string {
  return typeof value === 'string' && STATION_SLUG_PATTERN.test(value);
}

/**
 * A station as asked for, for the log: the string itself (cut to 40 characters), or the kind of value sent in
 * its place. Never calls the value's own methods (a join may carry `{ toString: 1 }`).
 */
export function stationAsKnown(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 40) : typeof value;
}
