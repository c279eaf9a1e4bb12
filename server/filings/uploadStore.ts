import type { ImageType } from '../../shared/filing.ts';
import type { Db } from '../store/db.ts';

export interface StoredImage {
  id: string;
  ownerId: string;
  mime: ImageType;
  size: number;
  bytes: Uint8Array;
}

/**
 * Images live in the database, so every hall process sharing it can serve them. The bytes of each distinct
 * image are kept once (upload_blobs, keyed by their sha256); an upload is one merchant's claim on them, with
 * its own id: who may read an image is decided by the upload, never by the bytes.
 */

/** The merchant's upload of exactly these bytes, if they already sent them. */
export async function findOwnUpload(db: Db, ownerId: string, sha256: string): Promise<{ id: string } | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM uploads WHERE owner_id = $1 AND sha256 = $2', [
    ownerId,
    sha256,
  ]);
  return row ?? null;
}

/** The merchant sent the image again: it counts as fresh for the sweep of unused uploads. */
export async function touchUpload(db: Db, id: string): Promise<void> {
  await db.query('UPDATE uploads SET touched_at = now() WHERE id = $1', [id]);
}

/**
 * Store a new upload: the bytes only if no one has stored them yet, then the merchant's claim. The upsert
 * locks the bytes' row until the transaction ends, so a sweep running at the same moment cannot delete bytes
 * this upload is about to point at (and if a sweep deleted them just before, they are written again).
 */
export async function saveUpload(
  db: Db,
  u: { id: string; ownerId: string; mime: ImageType; sha256: string; bytes: Uint8Array },
): Promise<void> {
  await db.query(
    `INSERT INTO upload_blobs (sha256, mime, size, bytes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sha256) DO UPDATE SET sha256 = EXCLUDED.sha256`,
    [u.sha256, u.mime, u.bytes.length, Buffer.from(u.bytes.buffer, u.bytes.byteOffset, u.bytes.byteLength)],
  );
  await db.query('INSERT INTO uploads (id, owner_id, mime, size, sha256) VALUES ($1, $2, $3, $4, $5)', [
    u.id,
    u.ownerId,
    u.mime,
    u.bytes.length,
    u.sha256,
  ]);
}

export async function findUpload(db: Db, id: string): Promise<StoredImage | null> {
  const [row] = await db.query<{ id: string; owner_id: string; mime: ImageType; size: number; bytes: Uint8Array }>(
    `SELECT u.id, u.owner_id, b.mime, b.size, b.bytes
     FROM uploads u JOIN upload_blobs b ON b.sha256 = u.sha256 WHERE u.id = $1`,
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
 * against the allowances one after the other, never both against the same total, and the same image sent
 * twice at once is stored once.
 */
export async function lockUploadsOf(tx: Db, ownerId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('reception-hall.uploads.' || $1::text))", [ownerId]);
}

export interface UploadUsage {
  /** Images and bytes the merchant keeps stored now, however old. */
  kept: { count: number; bytes: number };
  /** Images and bytes uploaded since the instant asked about, and the oldest of those uploads. */
  recent: { count: number; bytes: number; oldest: string | null };
}

/**
 * How much a merchant keeps and has uploaded since an instant. Each upload counts its own size, shared
 * bytes or not: one merchant's allowance never depends on what others sent.
 */
export async function uploadUsage(db: Db, ownerId: string, since: string): Promise<UploadUsage> {
  const [row] = await db.query<{
    count: string | number;
    bytes: string | number | null;
    recent_count: string | number;
    recent_bytes: string | number | null;
    oldest: string | Date | null;
  }>(
    `SELECT count(*) AS count, sum(size) AS bytes,
            count(*) FILTER (WHERE created_at >= $2) AS recent_count,
            sum(size) FILTER (WHERE created_at >= $2) AS recent_bytes,
            min(created_at) FILTER (WHERE created_at >= $2) AS oldest
     FROM uploads WHERE owner_id = $1`,
    [ownerId, since],
  );
  const oldest = row?.oldest ?? null;
  return {
    kept: { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) },
    recent: {
      count: Number(row?.recent_count ?? 0),
      bytes: Number(row?.recent_bytes ?? 0),
      oldest: oldest === null ? null : new Date(oldest).toISOString(),
    },
  };
}

/**
 * Delete up to `limit` uploads last sent before `before` that no filing's form uses (as its design drawing
 * or street photo), no item to follow was ever handed in with and no concern shows, then up to `limit`
 * stored images no upload points at any more; returns how many uploads went. Bytes another upload still points at stay: the foreign key refuses their deletion outright, and a
 * sweep that meets an upload arriving at that moment fails whole and runs again later. Bounded, so one sweep
 * never holds the database for long.
 */
export async function deleteUnusedUploads(db: Db, before: string, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `DELETE FROM uploads WHERE id IN (
         SELECT u.id FROM uploads u
         WHERE u.touched_at < $1
           AND NOT EXISTS (
             SELECT 1 FROM filings f WHERE f.form->>'designImage' = u.id OR f.form->>'streetPhoto' = u.id
           )
           AND NOT EXISTS (SELECT 1 FROM filing_item_events e WHERE e.image_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM concern_photos c WHERE c.upload_id = u.id)
         ORDER BY u.touched_at
         LIMIT $2
       )
       RETURNING id`,
      [before, limit],
    );
    await tx.query(
      `DELETE FROM upload_blobs WHERE sha256 IN (
         SELECT b.sha256 FROM upload_blobs b
         WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.sha256)
         LIMIT $1
       )`,
      [limit],
    );
    return rows.length;
  });
}
