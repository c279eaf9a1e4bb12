import { stationClock } from '../../shared/dates.ts';
import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import {
  CaseError,
  DESK_CHAT_LOG_MAX_BYTES,
  DESK_HISTORY_CASES,
  DESK_HISTORY_ENTRIES,
  RATING_FIGURES_MIN,
  type CaseChatLine,
  type CaseDetail,
  type CaseEntry,
  type CaseEntryKind,
  type CaseRecordView,
  type CaseSummary,
  type ChatLine,
  type DeskCase,
  type Outcome,
  type RatingLevel,
  type RatingSummary,
} from '../../shared/queue.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { deskHistory, guidanceInForce, latestLinesWithin, ratingFigures } from './rules.ts';
import type { Db } from '../store/db.ts';

interface CaseRow {
  id: string;
  number: string;
  merchant_id: string;
  service: string;
  status: 'open' | 'closed';
  outcome: Outcome | null;
  description: string;
  officer_id: string | null;
  officer_name?: string | null;
  desk_id: string | null;
  visits: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  station: string;
}

export interface CaseRecord extends CaseSummary {
  merchantId: string;
  /** The station whose case it is: it is continued, read and rated there only. */
  station: string;
  officerId: string | null;
  deskId: string | null;
  visits: number;
  closedAt: string | null;
}

function toSummary(r: CaseRow): CaseSummary {
  return {
    id: r.id,
    number: r.number,
    service: r.service,
    status: r.status,
    outcome: r.outcome,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRecord(r: CaseRow): CaseRecord {
  return {
    ...toSummary(r),
    merchantId: r.merchant_id,
    officerId: r.officer_id,
    deskId: r.desk_id,
    visits: r.visits,
    closedAt: r.closed_at,
    station: r.station,
  };
}

/** Next value of a named counter (case numbers per day); safe with several processes on one database. */
export async function nextCounter(db: Db, key: string): Promise<number> {
  const [row] = await db.query<{ value: number }>(
    `INSERT INTO counters (key, value) VALUES ($1, 1)
     ON CONFLICT (key) DO UPDATE SET value = counters.value + 1
     RETURNING value`,
    [key],
  );
  return row!.value;
}

/** The merchant's cases at this station, newest first: another station's are another station's matters. */
export async function casesOfMerchant(db: Db, merchantId: string, station: string): Promise<CaseRecord[]> {
  const rows = await db.query<CaseRow>(
    'SELECT * FROM cases WHERE station = $2 AND merchant_id = $1 ORDER BY updated_at DESC, id',
    [merchantId, station],
  );
  return rows.map(toRecord);
}

export async function getCase(db: Db, id: string): Promise<CaseRecord | null> {
  const [row] = await db.query<CaseRow>('SELECT * FROM cases WHERE id = $1', [id]);
  return row ? toRecord(row) : null;
}

export interface NewCase {
  id: string;
  number: string;
  merchantId: string;
  service: string;
  description: string;
  /** Null for a case opened from a form rather than at a desk. */
  officerId: string | null;
  deskId: string | null;
  /** The station where the matter is brought; the default station unless named. */
  station?: string;
}

export async function createCase(db: Db, c: NewCase): Promise<CaseRecord> {
  const [row] = await db.query<CaseRow>(
    `INSERT INTO cases (id, number, merchant_id, service, status, description, officer_id, desk_id, visits, station)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9)
     RETURNING *`,
    [
      c.id,
      c.number,
      c.merchantId,
      c.service,
      c.description,
      c.officerId,
      c.deskId,
      c.officerId ? 1 : 0,
      c.station ?? DEFAULT_STATION_SLUG,
    ],
  );
  return toRecord(row!);
}

/**
 * Another visit on an open case: the new description is added below the earlier ones. A visit taken up
 * again (its desk closed or its officer left mid-service, or it was transferred, so the ticket went back in
 * line with its case) is the same visit: the matter it brought is already the case's latest line and is not
 * written a second time, and the visit is not counted again while it has no entry yet. Only a case of the
 * visit's station is continued: null for another station's, which stays as it was.
 */
export async function continueCase(
  db: Db,
  id: string,
  visit: { description: string; officerId: string; deskId: string; station: string },
): Promise<CaseRecord | null> {
  const [row] = await db.query<CaseRow>(
    `UPDATE cases SET
       description = CASE WHEN $2::text = '' OR description = $2::text
                            OR right(description, char_length($2::text) + 1) = E'\\n' || $2::text THEN description
                          WHEN description = '' THEN $2::text
                          ELSE description || E'\\n' || $2::text END,
       visits = CASE WHEN visits > (SELECT count(*) FROM case_entries e WHERE e.case_id = cases.id AND e.kind = 'desk')
                     THEN visits ELSE visits + 1 END,
       officer_id = $3, desk_id = $4, status = 'open', closed_at = NULL, updated_at = now()
     WHERE id = $1 AND station = $5
     RETURNING *`,
    [id, visit.description, visit.officerId, visit.deskId, visit.station],
  );
  return row ? toRecord(row) : null;
}

/** The case follows its ticket to another service (see caseAfterTransfer). */
export async function moveCase(db: Db, id: string, service: string): Promise<void> {
  await db.query('UPDATE cases SET service = $2, updated_at = now() WHERE id = $1', [id, service]);
}

/**
 * A desk visit ends: its notes, checklist and outcome are added to the case as a new entry, with the officer
 * and desk serving it and the lines said at this visit; the case takes the visit's outcome and status.
 * Nothing earlier is touched.
 */
export async function completeCase(
  db: Db,
  id: string,
  result: { notes: string; checklist: string[]; outcome: Outcome; status: 'open' | 'closed' },
): Promise<CaseRecord | null> {
  return db.transaction(async (tx) => {
    const [entry] = await tx.query<{ id: string | number }>(
      `INSERT INTO case_entries (case_id, kind, notes, checklist, outcome, officer_id, desk_id)
       SELECT id, 'desk', $2, $3, $4, officer_id, desk_id FROM cases WHERE id = $1
       RETURNING id`,
      [id, result.notes, JSON.stringify(result.checklist), result.outcome],
    );
    if (!entry) return null;
    await tx.query('UPDATE case_messages SET entry_id = $2 WHERE case_id = $1 AND entry_id IS NULL', [
      id,
      Number(entry.id),
    ]);
    const [row] = await tx.query<CaseRow>(
      `UPDATE cases SET outcome = $2, status = $3::text, updated_at = now(),
         closed_at = CASE WHEN $3::text = 'closed' THEN now() ELSE NULL END
       WHERE id = $1
       RETURNING *`,
      [id, result.outcome, result.status],
    );
    return row ? toRecord(row) : null;
  });
}

/**
 * What a door-to-door visit found, added to its case as an entry of its own: once per visit (the storage
 * refuses a second), and leaving the case's outcome and status as they stood. False when it was there already.
 */
export async function addVisitEntry(
  db: Db,
  v: { caseId: string; slotId: string; officerId: string; text: string },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO case_entries (case_id, kind, notes, officer_id, visit_slot_id) VALUES ($1, 'visit', $2, $3, $4)
     ON CONFLICT (visit_slot_id) WHERE visit_slot_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [v.caseId, v.text, v.officerId, v.slotId],
  );
  if (rows.length === 0) return false;
  await db.query('UPDATE cases SET updated_at = now() WHERE id = $1', [v.caseId]);
  return true;
}

interface EntryRow {
  id: string | number;
  case_id: string;
  kind: CaseEntryKind;
  notes: string;
  checklist: string[];
  outcome: Outcome | null;
  officer_name: string | null;
  desk_id: string | null;
  visit_starts_at: string | null;
  at: string;
  /** Entries the case has in all (desk history only). */
  total?: string | number;
}

const ENTRY_SELECT = `
  SELECT e.id, e.case_id, e.kind, e.notes, e.checklist, e.outcome, s.display_name AS officer_name, e.desk_id,
    v.starts_at AS visit_starts_at, e.at
  FROM case_entries e LEFT JOIN staff s ON s.id = e.officer_id LEFT JOIN visit_slots v ON v.id = e.visit_slot_id`;

export function toEntry(r: EntryRow, timeZone: string): CaseEntry {
  return {
    id: Number(r.id),
    kind: r.kind,
    at: r.at,
    station: stationClock(r.at, timeZone),
    officerName: r.officer_name,
    deskId: r.desk_id,
    notes: r.notes,
    checklist: r.checklist,
    outcome: r.outcome,
    visitStation: r.visit_starts_at ? stationClock(r.visit_starts_at, timeZone) : null,
  };
}

/** Every entry of a case, oldest first, with dates on the station's clock. */
export async function entriesOf(db: Db, caseId: string, timeZone: string): Promise<CaseEntry[]> {
  const rows = await db.query<EntryRow>(`${ENTRY_SELECT} WHERE e.case_id = $1 ORDER BY e.id`, [caseId]);
  return rows.map((r) => toEntry(r, timeZone));
}

/**
 * A merchant's earlier cases as the live desk view carries them (see deskHistory): only the newest cases and
 * the latest entries of each are read, so a long history costs the desk no more than a short one.
 */
export async function deskHistoryOf(
  db: Db,
  merchantId: string,
  station: string,
  timeZone: string,
): Promise<{ history: DeskCase[]; historyTotal: number }> {
  const [count] = await db.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM cases WHERE station = $2 AND merchant_id = $1',
    [merchantId, station],
  );
  const cases = await db.query<CaseRow>(
    'SELECT * FROM cases WHERE station = $3 AND merchant_id = $1 ORDER BY updated_at DESC, id LIMIT $2',
    [merchantId, DESK_HISTORY_CASES, station],
  );
  const entries = await db.query<EntryRow>(
    `SELECT * FROM (
       SELECT x.*, row_number() OVER (PARTITION BY x.case_id ORDER BY x.id DESC) AS newest,
         count(*) OVER (PARTITION BY x.case_id) AS total
       FROM (${ENTRY_SELECT} WHERE e.case_id IN (
         SELECT id FROM cases WHERE station = $4 AND merchant_id = $1 ORDER BY updated_at DESC, id LIMIT $2)) x
     ) latest
     WHERE newest <= $3 ORDER BY id`,
    [merchantId, DESK_HISTORY_CASES, DESK_HISTORY_ENTRIES, station],
  );
  const byCase = new Map<string, { entries: CaseEntry[]; entryCount: number }>();
  for (const r of entries) {
    const of = byCase.get(r.case_id) ?? { entries: [], entryCount: Number(r.total ?? 0) };
    of.entries.push(toEntry(r, timeZone));
    byCase.set(r.case_id, of);
  }
  return deskHistory(
    cases.map((c) => ({ ...toSummary(c), ...(byCase.get(c.id) ?? { entries: [], entryCount: 0 }) })),
    Number(count?.n ?? 0),
  );
}

interface MessageRow {
  id: string | number;
  sender: 'merchant' | 'officer';
  body: string;
  at: string;
}

const toLine = (r: MessageRow): ChatLine => ({ id: Number(r.id), from: r.sender, text: r.body, at: r.at });

export async function addMessage(
  db: Db,
  m: { caseId: string; ticketId: string; from: 'merchant' | 'officer'; authorId: string; text: string },
): Promise<ChatLine> {
  const [row] = await db.query<MessageRow>(
    `INSERT INTO case_messages (case_id, ticket_id, sender, author_id, body) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, sender, body, at`,
    [m.caseId, m.ticketId, m.from, m.authorId, m.text],
  );
  return toLine(row!);
}

/**
 * The conversation of the visit under way on a case (lines not yet part of an entry): its latest lines within
 * {@link DESK_CHAT_LOG_MAX_BYTES}, which is what the desk sends when the conversation opens. Earlier visits'
 * lines are in their entries.
 */
export async function messagesOf(db: Db, caseId: string): Promise<ChatLine[]> {
  const rows = await db.query<MessageRow>(
    'SELECT id, sender, body, at FROM case_messages WHERE case_id = $1 AND entry_id IS NULL ORDER BY id',
    [caseId],
  );
  return latestLinesWithin(rows.map(toLine), DESK_CHAT_LOG_MAX_BYTES);
}

/** Every line ever said on a case, oldest first, each with the entry of its visit. */
async function conversationOf(db: Db, caseId: string): Promise<CaseChatLine[]> {
  const rows = await db.query<MessageRow & { entry_id: string | number | null }>(
    'SELECT id, sender, body, at, entry_id FROM case_messages WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => ({ ...toLine(r), entryId: r.entry_id === null ? null : Number(r.entry_id) }));
}

async function recordView(db: Db, row: CaseRow, timeZone: string): Promise<CaseRecordView> {
  const [entries, messages] = await Promise.all([entriesOf(db, row.id, timeZone), conversationOf(db, row.id)]);
  return { ...toSummary(row), closedAt: row.closed_at, zone: timeZone, entries, messages };
}

/**
 * The case as its merchant reads it on this station's page, or null when it is not theirs or another station's
 * (which reads the same as missing).
 */
export async function caseForMerchant(
  db: Db,
  id: string,
  merchantId: string,
  station: string,
  timeZone: string,
): Promise<CaseDetail | null> {
  const [row] = await db.query<CaseRow>(
    `SELECT c.*, s.display_name AS officer_name FROM cases c LEFT JOIN staff s ON s.id = c.officer_id
     WHERE c.id = $1 AND c.merchant_id = $2 AND c.station = $3`,
    [id, merchantId, station],
  );
  if (!row) return null;
  const [rating] = await db.query<{ level: number; comment: string }>(
    'SELECT level, comment FROM ratings WHERE case_id = $1',
    [id],
  );
  const record = await recordView(db, row, timeZone);
  return {
    ...record,
    checklist: guidanceInForce(record.entries),
    officerName: row.officer_name ?? null,
    deskId: row.desk_id,
    rating: rating ? { level: rating.level as RatingLevel, comment: rating.comment } : null,
    canRate: !rating && (await lastServedTicket(db, id)) !== null,
    filings: (
      await db.query<{ id: string; sign_text: string; state: string; items: string[]; deadline: string | null }>(
        `SELECT id, form->>'signText' AS sign_text, state, items, deadline FROM filings
         WHERE case_id = $1 ORDER BY created_at`,
        [id],
      )
    ).map((f) => ({ id: f.id, signText: f.sign_text, state: f.state, items: f.items, deadline: f.deadline })),
    visits: (
      await db.query<{ id: string; starts_at: string; ends_at: string; officer_name: string; result: string | null }>(
        `SELECT v.id, v.starts_at, v.ends_at, s.display_name AS officer_name, v.result
         FROM visit_slots v JOIN staff s ON s.id = v.officer_id WHERE v.case_id = $1 ORDER BY v.starts_at`,
        [id],
      )
    ).map((v) => ({
      id: v.id,
      startsAt: v.starts_at,
      endsAt: v.ends_at,
      officerName: v.officer_name,
      result: v.result,
    })),
  };
}

/**
 * Every case of the merchant called or being served at this officer's desk, newest first, each with how many
 * entries it has (none shown: each is read whole with caseAtDesk). Empty when no one is at their desk.
 */
export async function casesAtDesk(db: Db, officerId: string, station: string): Promise<DeskCase[]> {
  const rows = await db.query<CaseRow & { entry_count: string | number }>(
    `SELECT c.*, (SELECT count(*) FROM case_entries e WHERE e.case_id = c.id) AS entry_count
     FROM cases c
     WHERE c.station = $2 AND c.merchant_id IN (
       SELECT t.merchant_id FROM tickets t
       WHERE t.station = $2 AND t.officer_id = $1 AND t.status IN ('called', 'serving'))
     ORDER BY c.updated_at DESC, c.id`,
    [officerId, station],
  );
  return rows.map((r) => ({ ...toSummary(r), entries: [], entryCount: Number(r.entry_count) }));
}

/**
 * A case's whole record for the officer at whose desk its merchant is called or being served, or null
 * (officers see a merchant's cases only across the desk). No rating: officers never learn who rated what.
 */
export async function caseAtDesk(
  db: Db,
  id: string,
  officerId: string,
  station: string,
  timeZone: string,
): Promise<CaseRecordView | null> {
  const [row] = await db.query<CaseRow>(
    `SELECT c.* FROM cases c WHERE c.id = $1 AND c.station = $3 AND EXISTS (
       SELECT 1 FROM tickets t WHERE t.merchant_id = c.merchant_id AND t.officer_id = $2 AND t.station = $3
         AND t.status IN ('called', 'serving'))`,
    [id, officerId, station],
  );
  return row ? recordView(db, row, timeZone) : null;
}

/** The last completed ticket of a case: the visit a rating is about, at the station it was served in. */
async function lastServedTicket(db: Db, caseId: string) {
  const [row] = await db.query<{ id: string; officer_id: string; desk_id: string; station: string }>(
    `SELECT id, officer_id, desk_id, station FROM tickets WHERE case_id = $1 AND status = 'done'
     ORDER BY ended_at DESC LIMIT 1`,
    [caseId],
  );
  return row ?? null;
}

/** A rating stored, or why not: no such case of the merchant's, no completed visit yet, or rated already. */
export type RateResult = Result<true, Exclude<CaseError, typeof CaseError.invalidInput>>;

/**
 * Once per case, on its station's page (a case is found at its own station only); linked to the case, the desk
 * and the officer of its last completed visit, and counted at the station that visit was served in.
 */
export async function rateCase(
  db: Db,
  caseId: string,
  merchantId: string,
  station: string,
  rating: { level: RatingLevel; comment: string },
): Promise<RateResult> {
  return db.transaction(async (tx) => {
    const [c] = await tx.query<{ id: string }>(
      'SELECT id FROM cases WHERE id = $1 AND merchant_id = $2 AND station = $3 FOR UPDATE',
      [caseId, merchantId, station],
    );
    if (!c) return refused(CaseError.notFound);
    const visit = await lastServedTicket(tx, caseId);
    if (!visit) return refused(CaseError.notReady);
    const inserted = await tx.query(
      `INSERT INTO ratings (case_id, ticket_id, merchant_id, officer_id, desk_id, level, comment, station)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_id) DO NOTHING
       RETURNING case_id`,
      [caseId, visit.id, merchantId, visit.officer_id, visit.desk_id, rating.level, rating.comment, visit.station],
    );
    return inserted.length === 1 ? ok(true) : refused(CaseError.alreadyRated);
  });
}

/** Has the case been rated (好差评 is once per case)? */
export async function hasRating(db: Db, caseId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM ratings WHERE case_id = $1', [caseId]);
  return rows.length > 0;
}

/**
 * An officer's ratings at a station in aggregate only, never who gave them: no figure at all until
 * {@link RATING_FIGURES_MIN} are in, then figures over whole groups of that many (see ratingFigures). Nothing
 * here carries a rating's time, so none can be tied to a visit. An administrator serving at several stations
 * reads each station's on its own page.
 */
export async function ratingSummary(db: Db, station: string, officerId: string): Promise<RatingSummary> {
  const rows = await db.query<{ level: number }>(
    'SELECT level FROM ratings WHERE station = $1 AND officer_id = $2 ORDER BY at, case_id',
    [station, officerId],
  );
  return { minimum: RATING_FIGURES_MIN, figures: ratingFigures(rows.map((r) => r.level)) };
}
