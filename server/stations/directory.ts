import { DEFAULT_STATION_SLUG, type Station } from '../../shared/stations.ts';

/** Where the deployment's stations are read: the page's routes know them through this and nothing else. */
export interface StationDirectory {
  /** Every station of the deployment, in the order the start page lists them. */
  list(): Promise<Station[]>;
  /** The station with this slug, or null when there is none. */
  bySlug(slug: string): Promise<Station | null>;
}

/** The name the page has always shown for its one station. */
export const DEFAULT_STATION_NAME = '城管执法服务站';

// Until the stations are stored, the deployment has one, the default; the stored directory replaces this.
export function defaultStationDirectory(): StationDirectory {
  const station: Station = { slug: DEFAULT_STATION_SLUG, name: DEFAULT_STATION_NAME, address: '' };
  return {
    list: () => Promise.resolve([{ ...station }]),
    bySlug: (slug) => Promise.resolve(slug === station.slug ? { ...station } : null),
  };
}
