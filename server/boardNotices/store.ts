import type { NoticeForm } from '../../shared/boardNotices.ts';
import type { Db } from '../store/db.ts';

/** A notice as stored; the service turns it into what each reader is shown. */
export interface NoticeRecord {
  id: string;
  /** The station whose board it is on (its slug). */
  station: string;
  title: string;
  text: string;
  category: string;
  validFrom: string;
  validUntil: string | null;
  pinned: boolean;
  retired: boolean;
  postedAt: string;
  updatedAt: string;
}

interface NoticeRow {
  id: string;
  station: string;
  title: string;
  body: string;
  category: string;
  valid_from: string;
  valid_until: string | null;
  pinned: boolean;
  retired_at: string | Date | null;
  posted_at: string | Date;
  updated_at: string | Date;
}

const iso = (v: string | Date) => new Date(v).toISOString();

function toRecord(r: NoticeRow): NoticeRecord {
  return {
    id: r.id,
    station: r.station,
    title: r.title,
    text: r.body,
    category: r.category,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    pinned: r.pinned,
    retired: r.retired_at !== null,
    postedAt: iso(r.posted_at),
    updatedAt: iso(r.updated_at),
  };
}

/**
 * A station's notices not retired that may still show: the last day not yet before `today`. Retired ones only
 * for staff.
 */
export async function liveNotices(
  db: Db,
  station: string,
  today: string,
  withRetired: boolean,
): Promise<NoticeRecord[]> {
  const rows = await db.query<NoticeRow>(
    `SELECT * FROM notices
     WHERE station = $3 AND ((retired_at IS NULL AND (valid_until IS NULL OR valid_until >= $1)) OR $2::boolean)
     ORDER BY posted_at DESC, id
     LIMIT 500`,
    [today, withRetired, station],
  );
  return rows.map(toRecord);
}

export async function countLive(db: Db, station: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM notices WHERE station = $1 AND retired_at IS NULL',
    [station],
  );
  return Number(row?.n ?? 0);
}

/** A notice of this station's board; one on another station's board is not found. */
export async function getNotice(db: Db, station: string, id: string): Promise<NoticeRecord | null> {
  const [row] = await db.query<NoticeRow>('SELECT * FROM notices WHERE station = $1 AND id = $2', [station, id]);
  return row ? toRecord(row) : null;
}

export async function insertNotice(
  db: Db,
  station: string,
  id: string,
  form: NoticeForm,
  by: string,
  at: number,
): Promise<void> {
  await db.query(
    `INSERT INTO notices (id, title, body, category, valid_from, valid_until, pinned, posted_by, posted_at, updated_at,
       station)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
    [id, form.title, form.text, form.category, form.validFrom, form.validUntil, form.pinned, by, new Date(at), station],
  );
}

export async function updateNotice(db: Db, id: string, form: NoticeForm, at: number): Promise<void> {
  await db.query(
    `UPDATE notices SET title = $2, body = $3, category = $4, valid_from = $5, valid_until = $6, pinned = $7,
       updated_at = $8
     WHERE id = $1 AND retired_at IS NULL`,
    [id, form.title, form.text, form.category, form.validFrom, form.validUntil, form.pinned, new Date(at)],
  );
}

export async function setPinned(db: Db, id: string, pinned: boolean, at: number): Promise<void> {
  await db.query('UPDATE notices SET pinned = $2, updated_at = $3 WHERE id = $1 AND retired_at IS NULL', [
    id,
    pinned,
    new Date(at),
  ]);
}

export async function retireNotice(db: Db, id: string, at: number): Promise<void> {
  await db.query('UPDATE notices SET retired_at = $2, updated_at = $2 WHERE id = $1 AND retired_at IS NULL', [
    id,
    new Date(at),
  ]);
}

/** Which of these notices this person has read. */
export async function readBy(db: Db, readerId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ notice_id: string }>(
    'SELECT notice_id FROM notice_reads WHERE reader_id = $1 AND notice_id = ANY($2::text[])',
    [readerId, ids],
  );
  return new Set(rows.map((r) => r.notice_id));
}

export async function markRead(db: Db, readerId: string, noticeId: string): Promise<void> {
  await db.query(
    `INSERT INTO notice_reads (notice_id, reader_id) VALUES ($1, $2)
     ON CONFLICT (reader_id, notice_id) DO NOTHING`,
    [noticeId, readerId],
  );
}
