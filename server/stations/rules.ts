// What makes a station, who acts in which, and which one a request names. Pure: no storage, no network.
import { DEFAULT_STATION_SLUG, isStationSlug, StationRefusal, STATION_SLUG_PATTERN } from '../../shared/stations.ts';
import type { Result } from '../../shared/result.ts';

/** Longest station name, in characters: it heads the station's page and its printed poster. */
export const STATION_NAME_MAX = 60;
/** Longest station address, in characters. */
export const STATION_ADDRESS_MAX = 120;

/** What is wrong with a station's slug, name or address, worded for the person at the command line; null if nothing. */
export function stationProblem(fields: { slug?: string; name?: string; address?: string }): string | null {
  if (fields.slug !== undefined && !isStationSlug(fields.slug))
    return `--slug "${fields.slug}": 1 to 32 lower-case letters, digits or inner hyphens (${STATION_SLUG_PATTERN.source}).`;
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (!name || [...name].length > STATION_NAME_MAX) return `--name: 1 to ${STATION_NAME_MAX} characters.`;
  }
  if (fields.address !== undefined && [...fields.address.trim()].length > STATION_ADDRESS_MAX)
    return `--address: at most ${STATION_ADDRESS_MAX} characters.`;
  return null;
}

/**
 * The station a request names: the header (set by the page for every API call), else the query parameter (a
 * link, a download), else the default. Anything named that is not a slug is unknown; whether a slug is a
 * station is for storage to say.
 */
export function stationAsked(header: unknown, query: unknown): Result<string, typeof StationRefusal.unknown> {
  const named = first(header) ?? first(query);
  if (named === undefined || named === '') return { ok: true, value: DEFAULT_STATION_SLUG };
  return isStationSlug(named) ? { ok: true, value: named } : { ok: false, error: StationRefusal.unknown };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export type StaffRoleName = 'officer' | 'parkManager' | 'admin';

/** Who acts, as far as stations go: a merchant anywhere, staff where they belong. */
export type StationActor = { kind: 'merchant' } | { kind: 'staff'; stations: readonly string[] };

/** Whether this person may act in this station (a merchant keeps one identity across stations). */
export function mayActIn(actor: StationActor, slug: string): Result<true, typeof StationRefusal.notMember> {
  if (actor.kind === 'merchant' || actor.stations.includes(slug)) return { ok: true, value: true };
  return { ok: false, error: StationRefusal.notMember };
}

/**
 * Whether a staff account may join one more station: an officer or a park manager belongs to one station
 * (they work in its hall), an administrator to as many as they look after.
 */
export function joinProblem(role: StaffRoleName, current: readonly string[], slug: string): string | null {
  if (current.includes(slug)) return `already belongs to station ${slug}.`;
  if (role !== 'admin' && current.length > 0)
    return `is ${role === 'officer' ? 'an officer' : 'a park manager'} of station ${current.join(', ')}: only an administrator belongs to several stations.`;
  return null;
}

/** Whether a staff account may leave a station: never its last one (it would be let in nowhere). */
export function leaveProblem(current: readonly string[], slug: string): string | null {
  if (!current.includes(slug)) return `does not belong to station ${slug}.`;
  if (current.length === 1) return `belongs to station ${slug} only: an account must belong to one station at least.`;
  return null;
}
