import type { Station } from '../../shared/stations.ts';

/** Where the deployment's stations are read: the page's routes know them through this and nothing else. */
export interface StationDirectory {
  /** Every station of the deployment, in the order the start page lists them. */
  list(): Promise<Station[]>;
  /** The station with this slug, or null when there is none. */
  bySlug(slug: string): Promise<Station | null>;
}
