import { codedError, isUniqueViolation, type Db } from '../store/db.ts';

export type StaffRole = 'officer' | 'parkManager' | 'admin';

export interface StaffRecord {
  id: string;
  /** Always lower case: usernames are matched without regard to case. */
  username: string;
  displayName: string;
  role: StaffRole;
  /** An officer marked station lead: reads the dashboard's period and per-officer figures. */
  lead: boolean;
  passwordHash: string;
  disabledAt: string | null;
  /** Tokens carry the version they were issued under; bumping it revokes every older token. */
  tokenVersion: number;
  /** The stations (slugs) the account belongs to, where it may act; read with the account, not after a change. */
  stations: string[];
  createdAt: string;
  updatedAt: string;
}

export interface NewStaff {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  /** Only an officer may be lead. */
  lead?: boolean;
}

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  lead: boolean;
  password_hash: string;
  disabled_at: string | null;
  token_version: number;
  stations?: string[];
  created_at: string;
  updated_at: string;
}

function toRecord(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    lead: row.lead,
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
    tokenVersion: row.token_version,
    stations: row.stations ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An account with its stations, in one round trip. */
const SELECT_STAFF = `SELECT s.*, ARRAY(SELECT station FROM staff_stations m WHERE m.staff_id = s.id ORDER BY station)
  AS stations FROM staff s`;

function first(rows: StaffRow[]): StaffRecord | null {
  const [row] = rows;
  return row ? toRecord(row) : null;
}

/** Throws an Error with code 'username_taken' when the username (in any case) already exists. */
export async function createStaff(db: Db, staff: NewStaff): Promise<StaffRecord> {
  try {
    const rows = await db.query<StaffRow>(
      `INSERT INTO staff (id, username, display_name, role, password_hash, lead)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING *`,
      [staff.id, staff.username.toLowerCase(), staff.displayName, staff.role, staff.passwordHash, staff.lead ?? false],
    );
    return toRecord(rows[0] as StaffRow);
  } catch (err) {
    if (isUniqueViolation(err, 'staff_username_key')) {
      throw codedError('username_taken', `Username ${JSON.stringify(staff.username)} is already taken`, err);
    }
    throw err;
  }
}

export async function findStaffByUsername(db: Db, username: string): Promise<StaffRecord | null> {
  return first(await db.query<StaffRow>(`${SELECT_STAFF} WHERE s.username = $1`, [username.toLowerCase()]));
}

export async function findStaffById(db: Db, id: string): Promise<StaffRecord | null> {
  return first(await db.query<StaffRow>(`${SELECT_STAFF} WHERE s.id = $1`, [id]));
}

export async function listStaff(db: Db): Promise<StaffRecord[]> {
  const rows = await db.query<StaffRow>(`${SELECT_STAFF} ORDER BY s.username`);
  return rows.map(toRecord);
}

/** Disabling keeps the first disabled time; either way every token issued so far stops working. */
export async function setStaffDisabled(db: Db, id: string, disabled: boolean): Promise<StaffRecord | null> {
  const rows = await db.query<StaffRow>(
    `UPDATE staff
     SET disabled_at = CASE WHEN $2::boolean THEN coalesce(disabled_at, now()) END,
         token_version = token_version + 1,
         updated_at = now()
     WHERE id = $1
     RETURNING *`,
    [id, disabled],
  );
  return first(rows);
}

/** A new password revokes every token issued under the old one. */
export async function setStaffPassword(db: Db, id: string, passwordHash: string): Promise<StaffRecord | null> {
  const rows = await db.query<StaffRow>(
    `UPDATE staff
     SET password_hash = $2, token_version = token_version + 1, updated_at = now()
     WHERE id = $1
     RETURNING *`,
    [id, passwordHash],
  );
  return first(rows);
}

/** End every session of a staff member (sign-out): tokens issued before carry the old version. */
export async function endStaffSessions(db: Db, id: string): Promise<StaffRecord | null> {
  const rows = await db.query<StaffRow>(
    `UPDATE staff SET token_version = token_version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
    [id],
  );
  return first(rows);
}

/** Note that a staff member signed in from this address (an address key, see throttleKeys) just now. */
export async function rememberSignInAddress(db: Db, staffId: string, address: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO staff_sign_in_addresses (staff_id, address, last_success_at) VALUES ($1, $2, $3::timestamptz)
     ON CONFLICT (staff_id, address) DO UPDATE SET last_success_at = greatest(
       staff_sign_in_addresses.last_success_at, excluded.last_success_at)`,
    [staffId, address, at.toISOString()],
  );
}

/** Whether a staff member signed in successfully from this address at or after `since`. */
export async function signedInFromSince(db: Db, staffId: string, address: string, since: Date): Promise<boolean> {
  const rows = await db.query<{ found: number }>(
    `SELECT 1 AS found FROM staff_sign_in_addresses
     WHERE staff_id = $1 AND address = $2 AND last_success_at >= $3::timestamptz`,
    [staffId, address, since.toISOString()],
  );
  return rows.length > 0;
}

/** Mark an officer station lead, or clear the mark; it counts from the next request (never from a token). */
export async function setStaffLead(db: Db, id: string, lead: boolean): Promise<StaffRecord | null> {
  return first(
    await db.query<StaffRow>(`UPDATE staff SET lead = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, lead]),
  );
}

/** Whether a staff account is an active officer marked lead now, read from storage at each request. */
export async function isActiveLead(db: Db, id: string): Promise<boolean> {
  const rows = await db.query<{ lead: boolean }>(
    `SELECT lead FROM staff WHERE id = $1 AND role = 'officer' AND disabled_at IS NULL`,
    [id],
  );
  return rows[0]?.lead === true;
}
