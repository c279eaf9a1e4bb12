import type { Station } from '../../shared/stations.ts';
import type { Db } from '../store/db.ts';

export interface StationRecord extends Station {
  createdAt: string;
}

interface StationRow {
  slug: string;
  name: string;
  address: string;
  created_at: string;
}

const toRecord = (r: StationRow): StationRecord => ({
  slug: r.slug,
  name: r.name,
  address: r.address,
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

/** Add a station; false when the slug is taken (by any process). */
export async function insertStation(db: Db, station: Station): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO stations (slug, name, address) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING slug`,
    [station.slug, station.name, station.address],
  );
  return rows.length === 1;
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
