import { assertStorableText, type Db } from './db.ts';

export type AuditDetail = Record<string, unknown>;

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  detail: AuditDetail;
}

export interface NewAuditEntry {
  actorKind: string;
  actorId: string | null;
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  detail?: AuditDetail;
}

export interface AuditQuery {
  targetKind?: string;
  targetId?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface AuditRow {
  id: number | string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  detail: AuditDetail;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    // bigserial: pg returns int8 as a string, PGlite as a number.
    id: Number(row.id),
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    detail: row.detail,
  };
}

/** JSON escapes NUL as \u0000, which jsonb refuses anyway; catch it here with the same code as plain text. */
function detailJson(detail: AuditDetail): string {
  return JSON.stringify(detail, (key: string, value: unknown) => {
    assertStorableText(key);
    if (typeof value === 'string') assertStorableText(value);
    return value;
  });
}

export async function recordAudit(db: Db, entry: NewAuditEntry): Promise<AuditEntry> {
  const rows = await db.query<AuditRow>(
    `INSERT INTO audit_log (actor_kind, actor_id, action, target_kind, target_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     RETURNING *`,
    [
      entry.actorKind,
      entry.actorId,
      entry.action,
      entry.targetKind ?? null,
      entry.targetId ?? null,
      detailJson(entry.detail ?? {}),
    ],
  );
  return toEntry(rows[0] as AuditRow);
}

/** Newest first, optionally only the entries about one kind of target or one target. */
export async function listAudit(db: Db, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const limit = Number.isInteger(query.limit) ? Math.min(Math.max(query.limit as number, 1), MAX_LIMIT) : DEFAULT_LIMIT;
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log
     WHERE ($1::text IS NULL OR target_kind = $1)
       AND ($2::text IS NULL OR target_id = $2)
     ORDER BY at DESC, id DESC
     LIMIT $3`,
    [query.targetKind ?? null, query.targetId ?? null, limit],
  );
  return rows.map(toEntry);
}
