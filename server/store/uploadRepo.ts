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
