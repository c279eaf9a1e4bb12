import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import type { Db } from '../store/db.ts';

export interface SlotRecord {
  id: string;
  officerId: string;
  officerName: string;
  startsAt: string;
  endsAt: string;
  merchantId: string | null;
  merchantName: string | null;
  merchantShop: string | null;
  caseId: string | null;
  caseNumber: string | null;
  result: string | null;
  /** The station the window was published in (its slug). */
  station: string;
}

interface SlotRow {
  id: string;
  officer_id: string;
  officer_name: string;
  starts_at: string;
  ends_at: string;
  merchant_id: string | null;
  merchant_name: string | null;
  merchant_shop: string | null;
  case_id: string | null;
  case_number: string | null;
  result: string | null;
  station: string;
}

const SELECT = `
  SELECT v.id, v.officer_id, s.display_name AS officer_name, v.starts_at, v.ends_at, v.merchant_id,
    m.display_name AS merchant_name, m.shop_name AS merchant_shop, v.case_id, c.number AS case_number, v.result,
    v.station
  FROM visit_slots v JOIN staff s ON s.id = v.officer_id
  LEFT JOIN merchants m ON m.id = v.merchant_id LEFT JOIN cases c ON c.id = v.case_id`;

const toRecord = (r: SlotRow): SlotRecord => ({
  id: r.id,
  officerId: r.officer_id,
  officerName: r.officer_name,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  merchantShop: r.merchant_shop,
  caseId: r.case_id,
  caseNumber: r.case_number,
  result: r.result,
  station: r.station,
});

export async function insertSlot(
  db: Db,
  s: { id: string; officerId: string; startsAt: string; endsAt: string; station?: string },
): Promise<void> {
  await db.query('INSERT INTO visit_slots (id, officer_id, starts_at, ends_at, station) VALUES ($1, $2, $3, $4, $5)', [
    s.id,
    s.officerId,
    s.startsAt,
    s.endsAt,
    s.station ?? DEFAULT_STATION_SLUG,
  ]);
}

export async function getSlot(db: Db, id: string): Promise<SlotRecord | null> {
  const [row] = await db.query<SlotRow>(`${SELECT} WHERE v.id = $1`, [id]);
  return row ? toRecord(row) : null;
}

/** A station to filter by, or null for every station. */
const OF_STATION = (n: number) => `($${n}::text IS NULL OR v.station = $${n}::text)`;

/**
 * An officer's windows overlapping [from, to), of one station or (null) of every station: an officer is in one
 * place at a time, so a new window is checked against all of theirs.
 */
export async function officerSlotsBetween(
  db: Db,
  officerId: string,
  from: string,
  to: string,
  station: string | null = null,
): Promise<SlotRecord[]> {
  const rows = await db.query<SlotRow>(
    `${SELECT} WHERE v.officer_id = $1 AND v.starts_at < $3 AND v.ends_at > $2 AND ${OF_STATION(4)}
     ORDER BY v.starts_at`,
    [officerId, from, to, station],
  );
  return rows.map(toRecord);
}

/** A station's windows still ahead and free, soonest first. */
export async function freeSlots(
  db: Db,
  after: string,
  limit = 100,
  station = DEFAULT_STATION_SLUG,
): Promise<SlotRecord[]> {
  const rows = await db.query<SlotRow>(
    `${SELECT} WHERE v.station = $3 AND v.merchant_id IS NULL AND v.starts_at > $1 ORDER BY v.starts_at LIMIT $2`,
    [after, limit, station],
  );
  return rows.map(toRecord);
}

/** A merchant's booked windows, of one station or (null) of every station. */
export async function slotsOfMerchant(
  db: Db,
  merchantId: string,
  station: string | null = null,
): Promise<SlotRecord[]> {
  const rows = await db.query<SlotRow>(`${SELECT} WHERE v.merchant_id = $1 AND ${OF_STATION(2)} ORDER BY v.starts_at`, [
    merchantId,
    station,
  ]);
  return rows.map(toRecord);
}

export async function slotsOfCase(db: Db, caseId: string): Promise<SlotRecord[]> {
  const rows = await db.query<SlotRow>(`${SELECT} WHERE v.case_id = $1 ORDER BY v.starts_at`, [caseId]);
  return rows.map(toRecord);
}

/**
 * Book a free window that is still ahead, in one conditional update: of two merchants booking the same
 * window at the same moment, exactly one gets it. True when this call got it.
 */
export async function bookSlot(
  db: Db,
  b: { id: string; merchantId: string; caseId: string; after: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE visit_slots SET merchant_id = $2, case_id = $3, booked_at = now()
     WHERE id = $1 AND merchant_id IS NULL AND starts_at > $4
     RETURNING id`,
    [b.id, b.merchantId, b.caseId, b.after],
  );
  return rows.length === 1;
}

/** Free a booked window that has no result yet. True when it was booked by this merchant (or any, if null). */
export async function releaseSlot(db: Db, id: string, merchantId: string | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE visit_slots SET merchant_id = NULL, case_id = NULL, booked_at = NULL
     WHERE id = $1 AND merchant_id IS NOT NULL AND result IS NULL AND ($2::text IS NULL OR merchant_id = $2::text)
     RETURNING id`,
    [id, merchantId],
  );
  return rows.length === 1;
}

/** Record a booked window's result, once: false when it is not this officer's, not booked, or already has one. */
export async function recordResult(db: Db, id: string, officerId: string, result: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE visit_slots SET result = $3, result_at = now()
     WHERE id = $1 AND officer_id = $2 AND merchant_id IS NOT NULL AND result IS NULL
     RETURNING id`,
    [id, officerId, result],
  );
  return rows.length === 1;
}
