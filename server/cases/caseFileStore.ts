import {
  CASE_FILE_SEARCH_RESULTS,
  PHONE_MATCH_MIN_DIGITS,
  type FileCase,
  type FileMerchant,
  type FileSearchHit,
  type FilingStepView,
} from '../../shared/caseFile.ts';
import { stationClock } from '../../shared/dates.ts';
import type { FilingState } from '../../shared/filing.ts';
import type { CaseEntryKind, ChatLine, Outcome } from '../../shared/queue.ts';
import type { Db } from '../store/db.ts';
import { exactMerchant } from '../../shared/accounts.ts';
import { knownAtStation, namedExactly } from '../stations/knownMerchants.ts';

/**
 * The SQL behind a merchant's case file. Each part of the file (cases opened, their entries, conversation not
 * yet in an entry, visits booked, filings) is read newest first from a cursor, at most `limit` rows, each with
 * its order key made here to the microsecond; the service merges them into pages (shared/caseFile.ts).
 *
 * Keys compare as bytes (COLLATE "C") on both engines, which is how the page's merge compares them too.
 */

/** An order key in SQL: the moment in UTC to the microsecond, the kind's letter and the id (SQL expressions). */
const key = (at: string, letter: string, id: string) =>
  `to_char(${at} AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || '/' || ${letter} || '/' || ${id}`;

/** The newest `$3` rows of a part before the cursor `$2` (null: from the newest). */
const page = (select: string) => `
  SELECT * FROM (${select}) part
  WHERE $2::text IS NULL OR part.key COLLATE "C" < $2::text
  ORDER BY part.key COLLATE "C" DESC
  LIMIT $3`;

export interface Cursor {
  merchantId: string;
  /** The station whose file is read (`$4`): a merchant's matters at another station are that station's. */
  station: string;
  after: string | null;
  limit: number;
}
const params = (c: Cursor) => [c.merchantId, c.after, c.limit, c.station];

interface CaseCols {
  case_id: string;
  number: string;
  service: string;
  status: 'open' | 'closed';
  case_outcome: Outcome | null;
}
const CASE_COLS = 'c.id AS case_id, c.number, c.service, c.status, c.outcome AS case_outcome';
/** What an item says of its case, from a row carrying the case's columns. */
export const fileCase = (r: CaseCols): FileCase => ({
  id: r.case_id,
  number: r.number,
  service: r.service,
  status: r.status,
  outcome: r.case_outcome,
});

export async function fileMerchant(db: Db, id: string): Promise<FileMerchant | null> {
  const [row] = await db.query<{ id: string; display_name: string; shop_name: string; phone: string | null }>(
    'SELECT id, display_name, shop_name, phone FROM merchants WHERE id = $1',
    [id],
  );
  return row ? { id: row.id, name: row.display_name, shop: row.shop_name, phone: row.phone } : null;
}

export interface OpenedRow extends CaseCols {
  key: string;
  at: string;
  description: string;
}

export async function casesOpened(db: Db, c: Cursor): Promise<OpenedRow[]> {
  return db.query<OpenedRow>(
    page(`SELECT ${CASE_COLS}, c.description, c.created_at AS at, ${key('c.created_at', "'c'", 'c.id')} AS key
          FROM cases c WHERE c.station = $4 AND c.merchant_id = $1`),
    params(c),
  );
}

export interface EntryRow extends CaseCols {
  key: string;
  id: string | number;
  kind: CaseEntryKind;
  notes: string;
  checklist: string[];
  outcome: Outcome | null;
  officer_name: string | null;
  desk_id: string | null;
  visit_starts_at: string | null;
  at: string;
}

/** Desk visits and door-to-door results, each an entry of one of the merchant's cases. */
export async function caseEntries(db: Db, c: Cursor): Promise<EntryRow[]> {
  return db.query<EntryRow>(
    page(`SELECT ${CASE_COLS}, e.id, e.kind, e.notes, e.checklist, e.outcome, s.display_name AS officer_name,
            e.desk_id, v.starts_at AS visit_starts_at, e.at,
            ${key('e.at', "CASE e.kind WHEN 'desk' THEN 'd' ELSE 'r' END", 'e.id::text')} AS key
          FROM case_entries e JOIN cases c ON c.id = e.case_id
            LEFT JOIN staff s ON s.id = e.officer_id LEFT JOIN visit_slots v ON v.id = e.visit_slot_id
          WHERE c.station = $4 AND c.merchant_id = $1`),
    params(c),
  );
}

export interface TalkRow extends CaseCols {
  key: string;
  at: string;
}

/** Each case's conversation not yet part of an entry (a visit under way), dated by its latest line. */
export async function talkUnderWay(db: Db, c: Cursor): Promise<TalkRow[]> {
  return db.query<TalkRow>(
    page(`SELECT ${CASE_COLS}, m.at, ${key('m.at', "'t'", 'c.id')} AS key
          FROM (SELECT case_id, max(at) AS at FROM case_messages WHERE entry_id IS NULL GROUP BY case_id) m
            JOIN cases c ON c.id = m.case_id
          WHERE c.station = $4 AND c.merchant_id = $1`),
    params(c),
  );
}

export interface BookedRow extends CaseCols {
  key: string;
  slot_id: string;
  starts_at: string;
  ends_at: string;
  officer_name: string;
  at: string;
}

/** Door-to-door visits the merchant has booked that have no result yet, dated by their booking. */
export async function visitsBooked(db: Db, c: Cursor): Promise<BookedRow[]> {
  return db.query<BookedRow>(
    page(`SELECT ${CASE_COLS}, v.id AS slot_id, v.starts_at, v.ends_at, s.display_name AS officer_name,
            COALESCE(v.booked_at, v.created_at) AS at,
            ${key('COALESCE(v.booked_at, v.created_at)', "'b'", 'v.id')} AS key
          FROM visit_slots v JOIN cases c ON c.id = v.case_id JOIN staff s ON s.id = v.officer_id
          WHERE c.station = $4 AND v.merchant_id = $1 AND v.result IS NULL`),
    params(c),
  );
}

export interface FilingRow {
  key: string;
  id: string;
  number: string;
  sign_text: string | null;
  state: FilingState;
  items: string[];
  deadline: string | null;
  at: string;
}

/** The merchant's sign filings, dated by their latest step. */
export async function filings(db: Db, c: Cursor): Promise<FilingRow[]> {
  return db.query<FilingRow>(
    page(`SELECT f.id, c.number, f.form->>'signText' AS sign_text, f.state, f.items, f.deadline,
            f.updated_at AS at, ${key('f.updated_at', "'f'", 'f.id')} AS key
          FROM filings f JOIN cases c ON c.id = f.case_id
          WHERE f.station = $4 AND f.merchant_id = $1`),
    params(c),
  );
}

/** Ids as one JSON parameter: the same statement on both engines, whatever their array support. */
const ids = (list: readonly (string | number)[]) => JSON.stringify(list.map(String));

/** The steps of these filings, oldest first, by filing. */
export async function filingSteps(
  db: Db,
  filingIds: readonly string[],
  timeZone: string,
): Promise<Map<string, FilingStepView[]>> {
  const steps = new Map<string, FilingStepView[]>();
  if (filingIds.length === 0) return steps;
  const rows = await db.query<{
    filing_id: string;
    state: FilingState;
    actor_kind: 'merchant' | 'officer';
    items: string[];
    deadline: string | null;
    at: string;
  }>(
    `SELECT filing_id, state, actor_kind, items, deadline, at FROM filing_events
     WHERE filing_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
    [ids(filingIds)],
  );
  for (const r of rows) {
    const step = { state: r.state, by: r.actor_kind, station: stationClock(r.at, timeZone), items: r.items };
    steps.set(r.filing_id, [...(steps.get(r.filing_id) ?? []), { ...step, deadline: r.deadline }]);
  }
  return steps;
}

/** Every line said at these desk visits (by entry id), oldest first. */
export async function linesOfEntries(db: Db, entryIds: readonly (string | number)[]): Promise<Map<number, ChatLine[]>> {
  return linesBy(
    db,
    `SELECT id, sender, body, at, entry_id AS of FROM case_messages
     WHERE entry_id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) ORDER BY id`,
    entryIds,
    Number,
  );
}

/** Every line of these cases not yet part of an entry (by case id), oldest first. */
export async function linesUnderWay(db: Db, caseIds: readonly string[]): Promise<Map<string, ChatLine[]>> {
  return linesBy(
    db,
    `SELECT id, sender, body, at, case_id AS of FROM case_messages
     WHERE entry_id IS NULL AND case_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
    caseIds,
    String,
  );
}

async function linesBy<K>(
  db: Db,
  sql: string,
  of: readonly (string | number)[],
  keyOf: (raw: string | number) => K,
): Promise<Map<K, ChatLine[]>> {
  const lines = new Map<K, ChatLine[]>();
  if (of.length === 0) return lines;
  const rows = await db.query<{
    id: string | number;
    sender: 'merchant' | 'officer';
    body: string;
    at: string;
    of: string | number;
  }>(sql, [ids(of)]);
  for (const r of rows) {
    const k = keyOf(r.of);
    lines.set(k, [...(lines.get(k) ?? []), { id: Number(r.id), from: r.sender, text: r.body, at: r.at }]);
  }
  return lines;
}

/** A search's text as a LIKE pattern matching it anywhere, its wildcards and escape taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Merchants whose shop or name holds the text (any case), or whose phone holds its digits when it has at
 * least PHONE_MATCH_MIN_DIGITS, among those known at this station (server/stations/knownMerchants.ts); and
 * the one merchant the text names exactly (their account id or whole phone number), known here or not. Those
 * with the most recent cases first, at most `limit` + 1 (one more shows there are more), with their cases at
 * this station counted. A scan of the merchants table, with no index: a match anywhere in a name can use no
 * B-tree, and pg_trgm is not available on the embedded engine. lower() and LIKE rather than ILIKE, and
 * translate() rather than a regular expression for the phone (its schema allows only digits, '+', ' ' and
 * '-'), keep the scan cheap: 20,000 merchants with 40,000 cases answer in 15–45 ms on either engine
 * (measured on a busy two-core machine; ILIKE and regexp_replace took three to four times as long).
 */
export async function searchMerchants(
  db: Db,
  text: string,
  station: string,
  limit = CASE_FILE_SEARCH_RESULTS,
): Promise<FileSearchHit[]> {
  const digits = text.replace(/\D/g, '');
  const exact = exactMerchant(text);
  const rows = await db.query<{
    id: string;
    display_name: string;
    shop_name: string;
    phone: string | null;
    cases: string | number;
    last_at: string | null;
  }>(
    `SELECT m.id, m.display_name, m.shop_name, m.phone,
       (SELECT count(*) FROM cases c WHERE c.station = $4 AND c.merchant_id = m.id) AS cases,
       (SELECT max(c.updated_at) FROM cases c WHERE c.station = $4 AND c.merchant_id = m.id) AS last_at
     FROM merchants m
     WHERE ((lower(m.shop_name) LIKE lower($1) ESCAPE '\\' OR lower(m.display_name) LIKE lower($1) ESCAPE '\\'
         OR ($2::text IS NOT NULL AND translate(m.phone, '+ -', '') LIKE $2::text))
       AND ${knownAtStation('m.id', '$4')})
       OR ${namedExactly('m', '$5', '$6')}
     ORDER BY last_at DESC NULLS LAST, m.shop_name, m.id
     LIMIT $3`,
    [
      containing(text),
      digits.length >= PHONE_MATCH_MIN_DIGITS ? `%${digits}%` : null,
      limit + 1,
      station,
      exact.id,
      exact.phoneDigits,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    shop: r.shop_name,
    phone: r.phone,
    cases: Number(r.cases),
    lastAt: r.last_at,
  }));
}
