import type { ImageType } from '../../shared/filing.ts';
import type { Db } from './db.ts';

export interface StoredImage {
  id: string;
  ownerId: string;
  mime: ImageType;
  size: number;
  bytes: Uint8Array;
}

/** Images live in the database, so every hall process sharing it can serve them. */
export async function saveUpload(
  db: Db,
  u: { id: string; ownerId: string; mime: ImageType; sha256: string; bytes: Uint8Array },
): Promise<void> {
  await db.query('INSERT INTO uploads (id, owner_id, mime, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)', [
    u.id,
    u.ownerId,
    u.mime,
    u.bytes.length,
    u.sha256,
    Buffer.from(u.bytes.buffer, u.bytes.byteOffset, u.bytes.byteLength),
  ]);
}

export async function findUpload(db: Db, id: string): Promise<StoredImage | null> {
  const [row] = await db.query<{ id: string; owner_id: string; mime: ImageType; size: number; bytes: Uint8Array }>(
    'SELECT id, owner_id, mime, size, bytes FROM uploads WHERE id = $1',
    [id],
  );
  return row ? { id: row.id, ownerId: row.owner_id, mime: row.mime, size: row.size, bytes: row.bytes } : null;
}

/** Which of these upload ids belong to the merchant. */
export async function uploadsOwnedBy(db: Db, ownerId: string, ids: string[]): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>('SELECT id FROM uploads WHERE owner_id = $1 AND id = ANY($2)', [
    ownerId,
    ids,
  ]);
  return new Set(rows.map((r) => r.id));
}

/**
 * Hold the merchant's uploads until the transaction ends: two uploads of one merchant at once are counted
 * against the daily allowance one after the other, never both against the same total.
 */
export async function lockUploadsOf(tx: Db, ownerId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('reception-hall.uploads.' || $1::text))", [ownerId]);
}

/** How much a merchant has uploaded since an instant: images and bytes. */
export async function uploadUsageSince(
  db: Db,
  ownerId: string,
  since: string,
): Promise<{ count: number; bytes: number }> {
  const [row] = await db.query<{ count: string | number; bytes: string | number | null }>(
    'SELECT count(*) AS count, sum(size) AS bytes FROM uploads WHERE owner_id = $1 AND created_at >= $2',
    [ownerId, since],
  );
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/**
 * Delete up to `limit` uploads made before `before` that no filing's form uses (as its design drawing or
 * street photo); returns how many went. Bounded, so one sweep never holds the database for long.
 */
export async function deleteUnusedUploads(db: Db, before: string, limit: number): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `DELETE FROM uploads WHERE id IN (
       SELECT u.id FROM uploads u
       WHERE u.created_at < $1
         AND NOT EXISTS (
           SELECT 1 FROM filings f WHERE f.form->>'designImage' = u.id OR f.form->>'streetPhoto' = u.id
         )
       ORDER BY u.created_at
       LIMIT $2
     )
     RETURNING id`,
    [before, limit],
  );
  return rows.length;
}
