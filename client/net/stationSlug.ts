/**
 * Which station the page is for, read once from its address: a station's link (`/s/<slug>`) names it, any other
 * address the default station. Every API call names it in a header, every room join in its options, and a
 * link or download that cannot carry a header in its query. Apart from the station's name and the list
 * (stations.ts), so that the HTTP helper can import it without an import cycle.
 */

import { DEFAULT_STATION_SLUG, isStationSlug, STATION_HEADER, STATION_QUERY } from '../../shared/stations.ts';

/**
 * What the address names: the text after `/s/` (decoded, perhaps no slug at all, then shown as unknown), or
 * null when the address is not a station's link.
 */
export function slugInPath(pathname: string): string | null {
  const m = /^\/s\/([^/]*)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

const asked = typeof location === 'undefined' ? null : slugInPath(location.pathname);

/** The station the address asked for (`/s/<slug>`), or null when it asked for none. */
export function askedStation(): string | null {
  return asked;
}

/** The slug every request of the page names: the link's, or the default station's. */
export function pageStation(): string {
  return asked !== null && isStationSlug(asked) ? asked : DEFAULT_STATION_SLUG;
}

/** The header that names the page's station on an API call. */
export function stationHeader(): Record<string, string> {
  return { [STATION_HEADER]: pageStation() };
}

/** A path of the API with the page's station in its query, for what cannot carry a header (a link, an image). */
export function withStation(path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${STATION_QUERY}=${encodeURIComponent(pageStation())}`;
}
