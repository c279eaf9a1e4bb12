import type { Appearance } from '../../shared/appearance.ts';
import { appearanceOr } from '../../shared/appearanceSchema.ts';
import type { Db } from '../store/db.ts';

export interface MerchantRecord {
  id: string;
  displayName: string;
  shopName: string;
  phone: string | null;
  /** As chosen, or the merchant's default when they never chose (or what is stored no longer fits). */
  appearance: Appearance;
  /** Hash of the secret half of the merchant's recovery code `<merchantId>.<secret>`. */
  recoveryHash: string;
  /** Tokens carry the version they were issued under; bumping it ends every older token. */
  tokenVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewMerchant {
  id: string;
  displayName: string;
  shopName: string;
  phone: string | null;
  /** Absent or null when the merchant did not choose: their default look is drawn. */
  appearance?: Appearance | null;
  recoveryHash: string;
}

export interface MerchantProfile {
  displayName: string;
  shopName: string;
  phone: string | null;
  /** Undefined keeps the stored appearance. */
  appearance?: Appearance;
}

interface MerchantRow {
  id: string;
  display_name: string;
  shop_name: string;
  phone: string | null;
  appearance: unknown;
  recovery_hash: string;
  token_version: number;
  created_at: string;
  updated_at: string;
}

function toRecord(row: MerchantRow): MerchantRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    shopName: row.shop_name,
    phone: row.phone,
    appearance: appearanceOr(row.appearance, row.id),
    recoveryHash: row.recovery_hash,
    tokenVersion: row.token_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function first(rows: MerchantRow[]): MerchantRecord | null {
  const [row] = rows;
  return row ? toRecord(row) : null;
}

export async function createMerchant(db: Db, merchant: NewMerchant): Promise<MerchantRecord> {
  const rows = await db.query<MerchantRow>(
    `INSERT INTO merchants (id, display_name, shop_name, phone, recovery_hash, appearance)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     RETURNING *`,
    [
      merchant.id,
      merchant.displayName,
      merchant.shopName,
      merchant.phone,
      merchant.recoveryHash,
      merchant.appearance ? JSON.stringify(merchant.appearance) : null,
    ],
  );
  return toRecord(rows[0] as MerchantRow);
}

export async function findMerchantById(db: Db, id: string): Promise<MerchantRecord | null> {
  return first(await db.query<MerchantRow>('SELECT * FROM merchants WHERE id = $1', [id]));
}

export async function updateMerchantProfile(
  db: Db,
  id: string,
  profile: MerchantProfile,
): Promise<MerchantRecord | null> {
  const rows = await db.query<MerchantRow>(
    `UPDATE merchants
     SET display_name = $2, shop_name = $3, phone = $4, appearance = COALESCE($5::jsonb, appearance),
         updated_at = now()
     WHERE id = $1
     RETURNING *`,
    [
      id,
      profile.displayName,
      profile.shopName,
      profile.phone,
      profile.appearance ? JSON.stringify(profile.appearance) : null,
    ],
  );
  return first(rows);
}

/**
 * Replacing the hash makes the previous recovery code useless, and the version bump every token issued so
 * far: a new code is what a merchant takes when a phone is lost, and the lost phone must not stay signed in.
 */
export async function setMerchantRecovery(db: Db, id: string, recoveryHash: string): Promise<MerchantRecord | null> {
  const rows = await db.query<MerchantRow>(
    `UPDATE merchants SET recovery_hash = $2, token_version = token_version + 1, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, recoveryHash],
  );
  return first(rows);
}

/** End every session of a merchant (sign-out): tokens issued before carry the old version. */
export async function endMerchantSessions(db: Db, id: string): Promise<MerchantRecord | null> {
  const rows = await db.query<MerchantRow>(
    'UPDATE merchants SET token_version = token_version + 1, updated_at = now() WHERE id = $1 RETURNING *',
    [id],
  );
  return first(rows);
}

/** The token version of each of these merchants that exists (the rooms check everyone present at once). */
export async function merchantTokenVersions(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; token_version: number }>(
    'SELECT id, token_version FROM merchants WHERE id = ANY($1::text[])',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.token_version]));
}
