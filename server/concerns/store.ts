import {
  type ConcernCategory,
  type ConcernEntryKind,
  type ConcernStatus,
  OPEN_CONCERN_STATUSES,
} from '../../shared/concerns.ts';
import type { Db } from '../store/db.ts';

/** A concern as stored, with its dates as epoch ms; the service turns it into what people are shown. */
export interface ConcernRecord {
  id: string;
  number: string;
  /** The station it was raised at: its staff take it up, its hall hears of it. */
  station: string;
  merchant: { id: string; name: string; shop: string };
  category: ConcernCategory;
  place: string;
  what: string;
  photos: string[];
  status: ConcernStatus;
  assignee: { id: string; name: string } | null;
  reopens: number;
  /** Entries so far; the next one is numbered version + 1. */
  version: number;
  receivedAt: number;
  contactBy: number;
  answerBy: number;
  contactedAt: number | null;
}

/** An entry as stored: its kind, who wrote it, when, and what it says (by kind). */
export interface StoredEntry {
  seq: number;
  kind: ConcernEntryKind;
  actor: { role: 'merchant' | 'officer'; id: string; name: string };
  at: number;
  detail: Record<string, unknown>;
}

interface ConcernRow {
  id: string;
  number: string;
  station: string;
  merchant_id: string;
  merchant_name: string;
  merchant_shop: string;
  category: ConcernCategory;
  place: string;
  what: string;
  photos: string[] | null;
  status: ConcernStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  reopens: number;
  version: number;
  received_at: string | Date;
  contact_by: string | Date;
  answer_by: string | Date;
  contacted_at: string | Date | null;
}

const ms = (v: string | Date) => new Date(v).getTime();

const SELECT = `
  SELECT c.*, m.display_name AS merchant_name, m.shop_name AS merchant_shop, s.display_name AS assignee_name,
    (SELECT json_agg(p.upload_id ORDER BY p.position) FROM concern_photos p WHERE p.concern_id = c.id) AS photos
  FROM concerns c JOIN merchants m ON m.id = c.merchant_id LEFT JOIN staff s ON s.id = c.assignee_id`;

const OPEN = `(${OPEN_CONCERN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

function toRecord(r: ConcernRow): ConcernRecord {
  return {
    id: r.id,
    number: r.number,
    station: r.station,
    merchant: { id: r.merchant_id, name: r.merchant_name, shop: r.merchant_shop },
    category: r.category,
    place: r.place,
    what: r.what,
    photos: r.photos ?? [],
    status: r.status,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    reopens: r.reopens,
    version: r.version,
    receivedAt: ms(r.received_at),
    contactBy: ms(r.contact_by),
    answerBy: ms(r.answer_by),
    contactedAt: r.contacted_at === null ? null : ms(r.contacted_at),
  };
}

/** A concern of the station, or null when there is none by that id there (another station's is not found). */
export async function getConcern(db: Db, station: string, id: string): Promise<ConcernRecord | null> {
  const [row] = await db.query<ConcernRow>(`${SELECT} WHERE c.station = $1 AND c.id = $2`, [station, id]);
  return row ? toRecord(row) : null;
}

/** A concern wherever it was raised: for the deadline check, which watches every station's. */
export async function concernAnywhere(db: Db, id: string): Promise<ConcernRecord | null> {
  const [row] = await db.query<ConcernRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return row ? toRecord(row) : null;
}

/**
 * A merchant's concerns, newest first: those raised at `station`, or with null every station's (the merchant's
 * whole file, for whoever may read it).
 */
export async function concernsOfMerchant(db: Db, station: string | null, merchantId: string): Promise<ConcernRecord[]> {
  const rows = await db.query<ConcernRow>(
    `${SELECT} WHERE c.merchant_id = $1 AND ($2::text IS NULL OR c.station = $2::text)
     ORDER BY c.received_at DESC, c.id`,
    [merchantId, station],
  );
  return rows.map(toRecord);
}

/** Concerns still waiting on the station, the earliest deadline first; at most `limit`. */
export async function openConcerns(db: Db, station: string, limit: number): Promise<ConcernRecord[]> {
  const rows = await db.query<ConcernRow>(
    `${SELECT} WHERE c.station = $2 AND c.status IN ${OPEN}
     ORDER BY LEAST(CASE WHEN c.contacted_at IS NULL THEN c.contact_by END, c.answer_by), c.id
     LIMIT $1`,
    [limit, station],
  );
  return rows.map(toRecord);
}

/** The entries of concerns, oldest first within each, by concern id. */
export async function entriesOf(db: Db, ids: readonly string[]): Promise<Map<string, StoredEntry[]>> {
  const out = new Map<string, StoredEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.query<{
    concern_id: string;
    seq: number;
    kind: ConcernEntryKind;
    actor_role: 'merchant' | 'officer';
    actor_id: string;
    actor_name: string;
    at: string | Date;
    detail: Record<string, unknown>;
  }>('SELECT * FROM concern_entries WHERE concern_id = ANY($1) ORDER BY concern_id, seq', [ids]);
  for (const r of rows) {
    out.get(r.concern_id)?.push({
      seq: r.seq,
      kind: r.kind,
      actor: { role: r.actor_role, id: r.actor_id, name: r.actor_name },
      at: ms(r.at),
      detail: r.detail,
    });
  }
  return out;
}

export interface NewConcern {
  id: string;
  number: string;
  station: string;
  merchantId: string;
  category: ConcernCategory;
  place: string;
  what: string;
  photos: readonly string[];
  receivedAt: number;
  contactBy: number;
  answerBy: number;
}

/** Store a new concern and its photos; its first entry (`raised`, seq 1) is the caller's to add in the same transaction. */
export async function createConcern(db: Db, c: NewConcern): Promise<void> {
  const at = new Date(c.receivedAt).toISOString();
  await db.query(
    `INSERT INTO concerns (id, number, merchant_id, category, place, what, status, version, received_at,
       contact_by, answer_by, updated_at, station)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, 'received', 1, $7, $8, $9, $7, $10)`,
    [
      c.id,
      c.number,
      c.merchantId,
      JSON.stringify(c.category),
      c.place,
      c.what,
      at,
      new Date(c.contactBy).toISOString(),
      new Date(c.answerBy).toISOString(),
      c.station,
    ],
  );
  for (const [position, uploadId] of c.photos.entries()) {
    await db.query('INSERT INTO concern_photos (concern_id, position, upload_id) VALUES ($1, $2, $3)', [
      c.id,
      position,
      uploadId,
    ]);
  }
}

/** A change to a concern's row, made only if nobody changed it since `version` was read. */
export interface ConcernChange {
  id: string;
  version: number;
  status: ConcernStatus;
  assigneeId: string | null;
  /** Set when this change is the first contact. */
  contactedAt: number | null;
  /** Set when the answer deadline starts again (a reopening); the check will flag it afresh. */
  answerBy: number | null;
  reopened: boolean;
  at: number;
}

/**
 * Move a concern on from the version the caller read and add its entries after the existing ones, in one
 * transaction; false when someone else changed it meanwhile (nothing is written then).
 */
export async function advanceConcern(
  db: Db,
  change: ConcernChange,
  entries: readonly Omit<StoredEntry, 'seq'>[],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx.query(
      `UPDATE concerns SET status = $3, assignee_id = $4,
         contacted_at = COALESCE(contacted_at, $5::timestamptz),
         answer_by = COALESCE($6::timestamptz, answer_by),
         answer_late_at = CASE WHEN $6::timestamptz IS NULL THEN answer_late_at END,
         reopens = reopens + CASE WHEN $7::boolean THEN 1 ELSE 0 END,
         version = version + $8, updated_at = $9
       WHERE id = $1 AND version = $2
       RETURNING id`,
      [
        change.id,
        change.version,
        change.status,
        change.assigneeId,
        change.contactedAt === null ? null : new Date(change.contactedAt).toISOString(),
        change.answerBy === null ? null : new Date(change.answerBy).toISOString(),
        change.reopened,
        entries.length,
        new Date(change.at).toISOString(),
      ],
    );
    if (moved.length === 0) return false;
    await appendEntries(tx, change.id, change.version, entries);
    return true;
  });
}

/** Add entries after the `after`-th; the primary key (concern, seq) refuses a second writer of the same place. */
export async function appendEntries(
  db: Db,
  concernId: string,
  after: number,
  entries: readonly Omit<StoredEntry, 'seq'>[],
): Promise<void> {
  for (const [i, e] of entries.entries()) {
    await db.query(
      `INSERT INTO concern_entries (concern_id, seq, kind, actor_role, actor_id, actor_name, at, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        concernId,
        after + i + 1,
        e.kind,
        e.actor.role,
        e.actor.id,
        e.actor.name,
        new Date(e.at).toISOString(),
        JSON.stringify(e.detail),
      ],
    );
  }
}

/**
 * Hold the merchant's concerns at the station until the transaction ends: concerns raised at once are counted
 * against the bound on open ones one after the other.
 */
export async function lockConcernsOf(tx: Db, station: string, merchantId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('reception-hall.concerns.' || $1::text || '/' || $2::text))", [
    station,
    merchantId,
  ]);
}

/** How many of the merchant's concerns still wait on this station. */
export async function openConcernsOf(db: Db, station: string, merchantId: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM concerns WHERE station = $1 AND merchant_id = $2 AND status IN ${OPEN}`,
    [station, merchantId],
  );
  return Number(row?.n ?? 0);
}

/** A deadline the station's check found passed: which concern, and which deadline. */
export interface LateConcern {
  id: string;
  deadline: 'contact' | 'answer';
}

/**
 * Mark every open concern whose contact or answer deadline has passed by `now` and was not marked yet; returns
 * those newly marked. Marked once each (until a reopening sets a new answer deadline), so several processes
 * sharing one database tell of each only once.
 */
export async function markLate(db: Db, now: number): Promise<LateConcern[]> {
  const at = new Date(now).toISOString();
  return db.transaction(async (tx) => {
    const contact = await tx.query<{ id: string }>(
      `UPDATE concerns SET contact_late_at = $1
       WHERE status IN ${OPEN} AND contacted_at IS NULL AND contact_late_at IS NULL AND contact_by <= $1
       RETURNING id`,
      [at],
    );
    const answer = await tx.query<{ id: string }>(
      `UPDATE concerns SET answer_late_at = $1
       WHERE status IN ${OPEN} AND answer_late_at IS NULL AND answer_by <= $1
       RETURNING id`,
      [at],
    );
    return [
      ...contact.map((r) => ({ id: r.id, deadline: 'contact' as const })),
      ...answer.map((r) => ({ id: r.id, deadline: 'answer' as const })),
    ];
  });
}

/** The earliest deadline not yet marked late, epoch ms; null when nothing is waiting. */
export async function nextDeadline(db: Db): Promise<number | null> {
  const [row] = await db.query<{ at: string | Date | null }>(
    `SELECT LEAST(
       (SELECT min(contact_by) FROM concerns
        WHERE status IN ${OPEN} AND contacted_at IS NULL AND contact_late_at IS NULL),
       (SELECT min(answer_by) FROM concerns WHERE status IN ${OPEN} AND answer_late_at IS NULL)
     ) AS at`,
  );
  return row?.at ? ms(row.at) : null;
}

/** The merchant being served at the officer's desk in this station now, if any. */
export async function merchantServedBy(db: Db, station: string, officerId: string): Promise<string | null> {
  const [row] = await db.query<{ merchant_id: string }>(
    `SELECT merchant_id FROM tickets WHERE station = $1 AND officer_id = $2 AND status = 'serving' ORDER BY id LIMIT 1`,
    [station, officerId],
  );
  return row?.merchant_id ?? null;
}

/** A person's name as entries record it: a merchant's display name, or an active officer's. */
export async function merchantName(db: Db, id: string): Promise<{ name: string; shop: string } | null> {
  const [row] = await db.query<{ display_name: string; shop_name: string }>(
    'SELECT display_name, shop_name FROM merchants WHERE id = $1',
    [id],
  );
  return row ? { name: row.display_name, shop: row.shop_name } : null;
}

/**
 * An active officer's name, or null for anyone else (a park manager, a disabled account, an officer of other
 * stations only, no one).
 */
export async function officerName(db: Db, station: string, id: string): Promise<string | null> {
  const [row] = await db.query<{ display_name: string }>(
    `SELECT display_name FROM staff s WHERE s.id = $2 AND s.role = 'officer' AND s.disabled_at IS NULL
       AND EXISTS (SELECT 1 FROM staff_stations m WHERE m.staff_id = s.id AND m.station = $1)`,
    [station, id],
  );
  return row?.display_name ?? null;
}

/**
 * Every active officer of the station, by name (never their sign-in or password): whom its concerns may be
 * assigned to.
 */
export async function activeOfficers(db: Db, station: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.query<{ id: string; display_name: string }>(
    `SELECT s.id, s.display_name FROM staff s
     WHERE s.role = 'officer' AND s.disabled_at IS NULL
       AND EXISTS (SELECT 1 FROM staff_stations m WHERE m.staff_id = s.id AND m.station = $1)
     ORDER BY s.display_name, s.id`,
    [station],
  );
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}
