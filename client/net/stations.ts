import { create } from 'zustand';
import {
  DEFAULT_STATION_SLUG,
  isStationSlug,
  StationsRoute,
  type Station,
  type StationList,
} from '../../shared/stations.ts';
import { apiUrl } from './http.ts';
import { setPageLayout } from './layoutStore.ts';
import { askedStation } from './stationSlug.ts';

/**
 * Where the page stands with its station: `loading` until the list arrives; `ready` with the station (its
 * name null when the hall could not be asked); `unknown` when the link names no station; `choose` when the
 * person came without a link to a deployment of several stations, which the start page then lists.
 */
export type StationPhase = 'loading' | 'ready' | 'unknown' | 'choose';

interface StationState {
  phase: StationPhase;
  /** The page's station, once ready. */
  station: Station | null;
  /** The deployment's stations, as the hall listed them (empty when it could not be asked). */
  stations: Station[];
}

export const useStation = create<StationState>(() => ({ phase: 'loading', station: null, stations: [] }));

/** The deployment's stations; null when the hall did not answer. Without the station header: it is for no one station. */
async function fetchStations(): Promise<Station[] | null> {
  try {
    const res = await fetch(apiUrl(StationsRoute.list));
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<StationList>;
    return Array.isArray(body.stations) ? (body.stations as Station[]) : null;
  } catch {
    return null;
  }
}

/** What the page is for, given what the address asked and the deployment's stations (null: not known). */
export function stationFor(asked: string | null, stations: Station[] | null): Omit<StationState, 'stations'> {
  const slug = asked ?? DEFAULT_STATION_SLUG;
  const found = stations?.find((s) => s.slug === slug) ?? null;
  if (found)
    return asked === null && stations!.length > 1
      ? { phase: 'choose', station: null }
      : { phase: 'ready', station: found };
  if (stations === null && (asked === null || isStationSlug(asked))) {
    // The hall did not answer: the page carries on for the station its link names (a request then says more).
    return { phase: 'ready', station: { slug, name: '', address: '' } };
  }
  return asked === null && stations !== null && stations.length > 0
    ? { phase: 'choose', station: null }
    : { phase: 'unknown', station: null };
}

/** Learn the page's station from the hall; true once the page may sign in and enter for it. */
export async function resolveStation(): Promise<boolean> {
  const stations = await fetchStations();
  const next = stationFor(askedStation(), stations);
  // Before anything of the hall is drawn: every part of it reads its plan from the layout store.
  if (next.station) setPageLayout(next.station.layout);
  useStation.setState({ ...next, stations: stations ?? [] });
  return next.phase === 'ready';
}
