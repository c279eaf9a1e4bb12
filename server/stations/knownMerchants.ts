import type { Db } from '../store/db.ts';

/**
 * Which merchants a station's staff may find. A merchant keeps one identity across the deployment, but a
 * station's officers and park managers list and search only the merchants known at their station: those with
 * any record there — they came into its hall, took a number in its line, or have a case, a filing, a guidance
 * sheet, a concern, a visit booked or offered, or an invitation to one of its sessions there. Once known,
 * always known there (a cancelled booking still says they dealt with the station). A merchant the station has never dealt with is found only by what
 * someone who knows them has: their full phone number as they gave it, or their account id.
 */

/**
 * SQL that holds when the merchant whose id is the expression `merchant` is known at the station bound to the
 * parameter `station` (e.g. `$4`). Each table is reached through an index that leads with the station.
 */
export function knownAtStation(merchant: string, station: string): string {
  const s = `${station}::text`;
  const has = (table: string) =>
    `EXISTS (SELECT 1 FROM ${table} k WHERE k.station = ${s} AND k.merchant_id = ${merchant})`;
  return `(${[
    has('hall_visitors'),
    has('tickets'),
    has('cases'),
    has('filings'),
    has('guidance'),
    has('concerns'),
    has('visit_slots'),
    `EXISTS (SELECT 1 FROM meeting_invitees ki JOIN meetings km ON km.id = ki.meeting_id
       WHERE ki.person_id = ${merchant} AND ki.party = 'merchant' AND km.station = ${s})`,
  ].join(' OR ')})`;
}

/** SQL that holds when the merchant row `m` is the one an exact id (`id`) or whole phone (`digits`) names. */
export function namedExactly(m: string, id: string, digits: string): string {
  return `(${m}.id = ${id}::text OR (${digits}::text IS NOT NULL AND translate(${m}.phone, '+ -', '') = ${digits}::text))`;
}

/** Merchants came into the station's hall: known there from now on. Their first time is kept. One statement. */
export async function noteHallVisitors(db: Db, station: string, merchantIds: readonly string[]): Promise<void> {
  if (merchantIds.length === 0) return;
  await db.query(
    `INSERT INTO hall_visitors (station, merchant_id) SELECT $1, id FROM unnest($2::text[]) AS id
     ON CONFLICT (station, merchant_id) DO NOTHING`,
    [station, [...merchantIds]],
  );
}
