import type { Station } from '../../shared/stations.ts';
import type { Db } from '../store/db.ts';

export interface StationRecord extends Station {
  layout: string;
  createdAt: string;
}

interface StationRow {
  slug: string;
  name: string;
  address: string;
  layout: string;
  created_at: string;
}

const toRecord = (r: StationRow): StationRecord => ({
  slug: r.slug,
  name: r.name,
  address: r.address,
  layout: r.layout,
  createdAt: r.created_at,
});

/** Every station, oldest first (the default station, made at the first start, leads). */
export async function listStations(db: Db): Promise<StationRecord[]> {
  const rows = await db.query<StationRow>('SELECT * FROM stations ORDER BY created_at, slug');
  return rows.map(toRecord);
}

export async function findStation(db: Db, slug: string): Promise<StationRecord | null> {
  const [row] = await db.query<StationRow>('SELECT * FROM stations WHERE slug = $1', [slug]);
  return row ? toRecord(row) : null;
}

/** Add a station (with the standard layout unless it names one); false when the slug is taken (by any process). */
export async function insertStation(db: Db, station: Station): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO stations (slug, name, address, layout) VALUES ($1, $2, $3, coalesce($4, 'standard'))
     ON CONFLICT (slug) DO NOTHING RETURNING slug`,
    [station.slug, station.name, station.address, station.layout ?? null],
  );
  return rows.length === 1;
}

/** Give a station another layout; null when there is no such station. */
export async function setStationLayout(db: Db, slug: string, layout: string): Promise<StationRecord | null> {
  const [row] = await db.query<StationRow>('UPDATE stations SET layout = $2 WHERE slug = $1 RETURNING *', [
    slug,
    layout,
  ]);
  return row ? toRecord(row) : null;
}

/**
 * What a station's hall still holds of the day in storage: desks staffed and tickets not yet ended (waiting,
 * called or being served), each of which names a desk or a service of its present layout.
 */
export async function stationInUse(db: Db, slug: string): Promise<{ desks: number; tickets: number }> {
  const [row] = await db.query<{ desks: number; tickets: number }>(
    `SELECT (SELECT count(*)::int FROM desks WHERE station = $1) AS desks,
            (SELECT count(*)::int FROM tickets WHERE station = $1 AND status IN ('waiting', 'called', 'serving'))
              AS tickets`,
    [slug],
  );
  return row ?? { desks: 0, tickets: 0 };
}

export async function updateStation(
  db: Db,
  slug: string,
  change: { name?: string; address?: string },
): Promise<StationRecord | null> {
  const [row] = await db.query<StationRow>(
    `UPDATE stations SET name = coalesce($2, name), address = coalesce($3, address) WHERE slug = $1 RETURNING *`,
    [slug, change.name ?? null, change.address ?? null],
  );
  return row ? toRecord(row) : null;
}

/** The stations a staff account belongs to, by slug. */
export async function stationsOfStaff(db: Db, staffId: string): Promise<string[]> {
  const rows = await db.query<{ station: string }>(
    'SELECT station FROM staff_stations WHERE staff_id = $1 ORDER BY station',
    [staffId],
  );
  return rows.map((r) => r.station);
}

export async function addMembership(db: Db, staffId: string, station: string): Promise<void> {
  await db.query('INSERT INTO staff_stations (staff_id, station) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    staffId,
    station,
  ]);
}

export async function removeMembership(db: Db, staffId: string, station: string): Promise<void> {
  await db.query('DELETE FROM staff_stations WHERE staff_id = $1 AND station = $2', [staffId, station]);
}
