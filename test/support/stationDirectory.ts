import type { StationDirectory } from '../../server/stations/directory.ts';
import type { Station } from '../../shared/stations.ts';

/** For tests only: a directory of these stations, held in memory, in this order. */
export function memoryStationDirectory(stations: readonly Station[]): StationDirectory {
  return {
    list: () => Promise.resolve(stations.map((s) => ({ ...s }))),
    bySlug: (slug) => {
      const found = stations.find((s) => s.slug === slug);
      return Promise.resolve(found ? { ...found } : null);
    },
  };
}
