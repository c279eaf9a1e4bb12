import type { FilingForm, FilingHistoryEntry, FilingState, FilingView } from '../../shared/filing.ts';
import type { Db } from '../store/db.ts';
import { itemsOfFilings } from './itemStore.ts';

interface FilingRow {
  id: string;
  merchant_id: string;
  case_id: string;
  case_number: string;
  state: FilingState;
  form: FilingForm;
  items: string[];
  deadline: string | null;
  visit_slot_id: string | null;
  merchant_name: string | null;
  merchant_shop: string | null;
  created_at: string;
  updated_at: string;
  station: string;
}

export interface FilingRecord extends FilingView {
  merchantId: string;
  /** The station the filing was made at: its staff review it, its hall hears of it. */
  station: string;
}

const SELECT = `
  SELECT f.*, c.number AS case_number, m.display_name AS merchant_name, m.shop_name AS merchant_shop
  FROM filings f JOIN cases c ON c.id = f.case_id JOIN merchants m ON m.id = f.merchant_id`;

async function history(db: Db, filingId: string): Promise<FilingHistoryEntry[]> {
  const rows = await db.query<{
    state: FilingState;
    at: string;
    actor_kind: 'merchant' | 'officer';
    items: string[];
    deadline: string | null;
  }>('SELECT state, at, actor_kind, items, deadline FROM filing_events WHERE filing_id = $1 ORDER BY id', [filingId]);
  return rows.map((r) => ({ state: r.state, at: r.at, by: r.actor_kind, items: r.items, deadline: r.deadline }));
}

async function toRecord(db: Db, r: FilingRow): Promise<FilingRecord> {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    station: r.station,
    caseId: r.case_id,
    caseNumber: r.case_number,
    state: r.state,
    form: r.form,
    items: r.items,
    deadline: r.deadline,
    visitSlotId: r.visit_slot_id,
    history: await history(db, r.id),
    followUp: (await itemsOfFilings(db, [r.id])).get(r.id) ?? [],
    merchant: r.merchant_name === null ? null : { name: r.merchant_name, shop: r.merchant_shop ?? '' },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A filing wherever it was made: for the news of a change, once a request has found it at its station. */
export async function getFiling(db: Db, id: string): Promise<FilingRecord | null> {
  const [row] = await db.query<FilingRow>(`${SELECT} WHERE f.id = $1`, [id]);
  return row ? toRecord(db, row) : null;
}

/** A filing of this station; one made at another station is not found. */
export async function filingAt(db: Db, station: string, id: string): Promise<FilingRecord | null> {
  const [row] = await db.query<FilingRow>(`${SELECT} WHERE f.station = $1 AND f.id = $2`, [station, id]);
  return row ? toRecord(db, row) : null;
}

/** The merchant's filings at this station, newest first (the page is the station). */
export async function filingsOfMerchant(db: Db, merchantId: string, station: string): Promise<FilingRecord[]> {
  const rows = await db.query<FilingRow>(
    `${SELECT} WHERE f.station = $2 AND f.merchant_id = $1 ORDER BY f.updated_at DESC`,
    [merchantId, station],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/** A station's filings for its officers' review list: those still in progress first, oldest first. */
export async function filingsToReview(db: Db, station: string, limit = 100): Promise<FilingRecord[]> {
  const rows = await db.query<FilingRow>(
    `${SELECT} WHERE f.station = $1 ORDER BY (f.state = 'filed'), f.updated_at LIMIT $2`,
    [station, limit],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

export async function createFiling(
  db: Db,
  f: { id: string; merchantId: string; caseId: string; form: FilingForm; station: string },
): Promise<void> {
  await db.query(
    `INSERT INTO filings (id, merchant_id, case_id, state, form, station) VALUES ($1, $2, $3, 'submitted', $4, $5)`,
    [f.id, f.merchantId, f.caseId, JSON.stringify(f.form), f.station],
  );
}

/**
 * Whether an image is shown by one of this station's records: a filing's drawing or street photo, a photo handed
 * in for one of its items to follow, or a concern's photo. Staff of a station see only those images.
 */
export async function imageShownAt(db: Db, station: string, uploadId: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>(
    `SELECT EXISTS (
         SELECT 1 FROM filings f
         WHERE f.station = $1 AND (f.form->>'designImage' = $2 OR f.form->>'streetPhoto' = $2))
       OR EXISTS (
         SELECT 1 FROM filing_item_events e JOIN filing_items i ON i.id = e.item_id JOIN filings f ON f.id = i.filing_id
         WHERE e.image_id = $2 AND f.station = $1)
       OR EXISTS (
         SELECT 1 FROM concern_photos p JOIN concerns c ON c.id = p.concern_id WHERE p.upload_id = $2 AND c.station = $1)
       AS found`,
    [station, uploadId],
  );
  return row?.found === true;
}

/** Whether a visit window is this station's: a filing is visited by its own station's officers only. */
export async function slotAt(db: Db, station: string, slotId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM visit_slots WHERE station = $1 AND id = $2', [station, slotId]);
  return rows.length > 0;
}

/**
 * Move a filing on, only from the state the caller saw (so two officers acting at once cannot both move
 * it); records the step. Returns false when the filing was no longer in `from`.
 */
export async function advanceFiling(
  db: Db,
  change: {
    id: string;
    from: FilingState;
    to: FilingState;
    actor: { kind: 'merchant' | 'officer'; id: string };
    items?: string[];
    deadline?: string | null;
    form?: FilingForm;
    /** The visit window booked by this step; null or absent keeps the one the filing has. */
    visitSlotId?: string | null;
    /** The filing's visit was cancelled: forget the window. */
    clearVisit?: boolean;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE filings SET state = $3, items = $4, deadline = $5, updated_at = now(),
         form = COALESCE($6::jsonb, form),
         visit_slot_id = CASE WHEN $10::boolean THEN NULL WHEN $7::text IS NULL THEN visit_slot_id ELSE $7::text END,
         officer_id = CASE WHEN $8::text = 'officer' THEN $9::text ELSE officer_id END
       WHERE id = $1 AND state = $2
       RETURNING id`,
      [
        change.id,
        change.from,
        change.to,
        JSON.stringify(change.items ?? []),
        change.deadline ?? null,
        change.form ? JSON.stringify(change.form) : null,
        change.visitSlotId ?? null,
        change.actor.kind,
        change.actor.id,
        change.clearVisit === true,
      ],
    );
    if (updated.length === 0) return false;
    await tx.query(
      `INSERT INTO filing_events (filing_id, state, actor_kind, actor_id, items, deadline)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        change.id,
        change.to,
        change.actor.kind,
        change.actor.id,
        JSON.stringify(change.items ?? []),
        change.deadline ?? null,
      ],
    );
    return true;
  });
}

/** The first step of a filing's history. */
export async function recordSubmission(db: Db, filingId: string, merchantId: string): Promise<void> {
  await db.query(
    `INSERT INTO filing_events (filing_id, state, actor_kind, actor_id) VALUES ($1, 'submitted', 'merchant', $2)`,
    [filingId, merchantId],
  );
}

/** The filings waiting for this visit window (state "visitBooked" with it as their visit). */
export async function filingsAwaitingVisit(db: Db, slotId: string): Promise<FilingRecord[]> {
  const rows = await db.query<FilingRow>(`${SELECT} WHERE f.visit_slot_id = $1 AND f.state = 'visitBooked'`, [slotId]);
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/** A visit moved to another window: the filings waiting for the old one now wait for the new. Returns their ids. */
export async function moveFilingsVisit(db: Db, fromSlotId: string, toSlotId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE filings SET visit_slot_id = $2, updated_at = now()
     WHERE visit_slot_id = $1 AND state = 'visitBooked'
     RETURNING id`,
    [fromSlotId, toSlotId],
  );
  return rows.map((r) => r.id);
}

/**
 * Hold the merchant's filings until the transaction ends: filings sent at once are counted against the
 * bound on open filings one after the other.
 */
export async function lockFilingsOf(tx: Db, merchantId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('reception-hall.filings.' || $1::text))", [merchantId]);
}

/**
 * How many of the merchant's filings are still under way (anything not yet filed), at every station: the bound
 * is on one merchant's load on the deployment, whichever station's page they file from.
 */
export async function openFilingsOf(db: Db, merchantId: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM filings WHERE merchant_id = $1 AND state <> 'filed'`,
    [merchantId],
  );
  return Number(row?.n ?? 0);
}
