import type { GuidanceAnswers, GuidanceItem, GuidanceView } from '../../shared/guidance.ts';
import type { Db } from '../store/db.ts';

interface Row {
  id: string;
  merchant_id: string;
  case_id: string;
  case_number: string;
  answers: GuidanceAnswers;
  items: GuidanceItem[];
  notes: string;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  created_at: string;
  merchant_name: string;
  merchant_shop: string;
  station: string;
}

export interface GuidanceRecord extends GuidanceView {
  merchantId: string;
  /** The station whose sheet it is: its officers confirm it, its hall hears of it. */
  station: string;
}

const SELECT = `
  SELECT g.*, c.number AS case_number, s.display_name AS confirmed_by_name,
    m.display_name AS merchant_name, m.shop_name AS merchant_shop
  FROM guidance g JOIN cases c ON c.id = g.case_id JOIN merchants m ON m.id = g.merchant_id
  LEFT JOIN staff s ON s.id = g.confirmed_by`;

const toRecord = (r: Row): GuidanceRecord => ({
  id: r.id,
  merchantId: r.merchant_id,
  station: r.station,
  caseId: r.case_id,
  caseNumber: r.case_number,
  answers: r.answers,
  items: r.items,
  notes: r.notes,
  confirmedBy: r.confirmed_by_name,
  confirmedAt: r.confirmed_at,
  createdAt: r.created_at,
  merchant: { name: r.merchant_name, shop: r.merchant_shop },
});

export async function createGuidance(
  db: Db,
  g: {
    id: string;
    merchantId: string;
    caseId: string;
    answers: GuidanceAnswers;
    items: GuidanceItem[];
    station: string;
  },
): Promise<void> {
  await db.query(
    'INSERT INTO guidance (id, merchant_id, case_id, answers, items, station) VALUES ($1, $2, $3, $4, $5, $6)',
    [g.id, g.merchantId, g.caseId, JSON.stringify(g.answers), JSON.stringify(g.items), g.station],
  );
}

/** A sheet of this station; one of another station is not found. */
export async function getGuidance(db: Db, station: string, id: string): Promise<GuidanceRecord | null> {
  const [row] = await db.query<Row>(`${SELECT} WHERE g.station = $1 AND g.id = $2`, [station, id]);
  return row ? toRecord(row) : null;
}

/** The merchant's sheets at this station, newest first (the page is the station). */
export async function guidanceOfMerchant(db: Db, merchantId: string, station: string): Promise<GuidanceRecord[]> {
  const rows = await db.query<Row>(`${SELECT} WHERE g.station = $2 AND g.merchant_id = $1 ORDER BY g.created_at DESC`, [
    merchantId,
    station,
  ]);
  return rows.map(toRecord);
}

/** The sheets of one of this station's cases. */
export async function guidanceOfCase(db: Db, caseId: string, station: string): Promise<GuidanceRecord[]> {
  const rows = await db.query<Row>(`${SELECT} WHERE g.station = $2 AND g.case_id = $1 ORDER BY g.created_at DESC`, [
    caseId,
    station,
  ]);
  return rows.map(toRecord);
}

export async function confirmGuidance(
  db: Db,
  id: string,
  c: { items: GuidanceItem[]; notes: string; officerId: string },
): Promise<void> {
  await db.query('UPDATE guidance SET items = $2, notes = $3, confirmed_by = $4, confirmed_at = now() WHERE id = $1', [
    id,
    JSON.stringify(c.items),
    c.notes,
    c.officerId,
  ]);
}

/**
 * Whether this officer is serving the case or has served it (at a desk of its station, on one of its tickets).
 */
export async function officerServedCase(db: Db, caseId: string, officerId: string, station: string): Promise<boolean> {
  const [row] = await db.query<{ served: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1 AND officer_id = $2 AND station = $3)
         OR EXISTS (SELECT 1 FROM tickets WHERE case_id = $1 AND officer_id = $2 AND station = $3
                      AND status IN ('serving', 'done'))
       AS served`,
    [caseId, officerId, station],
  );
  return row?.served === true;
}
