import type {
  FilingItemAction,
  FilingItemEvent,
  FilingItemState,
  FilingItemView,
  HandInInput,
} from '../../shared/filingItems.ts';
import type { Db } from '../store/db.ts';

/**
 * The items to follow of filings accepted with items missing: one row per item with where it stands, and
 * its steps appended to filing_item_events, never changed afterwards.
 */

interface ItemRow {
  id: string;
  filing_id: string;
  text: string;
  deadline: string;
  state: FilingItemState;
  answer: HandInInput | null;
  reason: string | null;
  overdue_at: string | null;
}

interface EventRow {
  item_id: string;
  action: FilingItemEvent['action'];
  state: FilingItemState;
  actor_kind: FilingItemEvent['by'];
  answer: HandInInput | null;
  reason: string | null;
  deadline: string | null;
  at: string | Date;
}

export interface StoredItem {
  id: string;
  filingId: string;
  text: string;
  deadline: string;
  state: FilingItemState;
}

const iso = (at: string | Date) => new Date(at).toISOString();

/** The items of these filings, in the order the officer listed them, each with its history. */
export async function itemsOfFilings(db: Db, filingIds: string[]): Promise<Map<string, FilingItemView[]>> {
  const out = new Map<string, FilingItemView[]>();
  if (filingIds.length === 0) return out;
  const rows = await db.query<ItemRow>(
    `SELECT id, filing_id, text, deadline, state, answer, reason, overdue_at FROM filing_items
     WHERE filing_id = ANY($1) ORDER BY filing_id, position`,
    [filingIds],
  );
  const events = await db.query<EventRow>(
    `SELECT e.item_id, e.action, e.state, e.actor_kind, e.answer, e.reason, e.deadline, e.at
     FROM filing_item_events e JOIN filing_items i ON i.id = e.item_id
     WHERE i.filing_id = ANY($1) ORDER BY e.id`,
    [filingIds],
  );
  const history = new Map<string, FilingItemEvent[]>();
  for (const e of events) {
    const list = history.get(e.item_id) ?? [];
    list.push({
      action: e.action,
      state: e.state,
      by: e.actor_kind,
      at: iso(e.at),
      answer: e.answer,
      reason: e.reason,
      deadline: e.deadline,
    });
    history.set(e.item_id, list);
  }
  for (const r of rows) {
    const list = out.get(r.filing_id) ?? [];
    list.push({
      id: r.id,
      text: r.text,
      deadline: r.deadline,
      state: r.state,
      overdue: r.state === 'owed' && r.overdue_at !== null,
      answer: r.answer,
      reason: r.state === 'owed' ? r.reason : null,
      history: history.get(r.id) ?? [],
    });
    out.set(r.filing_id, list);
  }
  return out;
}

/** One item of one filing, or null (an item id under another filing is not found). */
export async function getItem(db: Db, filingId: string, itemId: string): Promise<StoredItem | null> {
  const [row] = await db.query<ItemRow>(
    'SELECT id, filing_id, text, deadline, state FROM filing_items WHERE id = $1 AND filing_id = $2',
    [itemId, filingId],
  );
  return row ? { id: row.id, filingId: row.filing_id, text: row.text, deadline: row.deadline, state: row.state } : null;
}

/** The states of a filing's items, for the rule that completes it. */
export async function itemStatesOf(db: Db, filingId: string): Promise<{ state: FilingItemState }[]> {
  return db.query<{ state: FilingItemState }>('SELECT state FROM filing_items WHERE filing_id = $1', [filingId]);
}

type Actor = { kind: 'merchant' | 'officer' | 'station'; id: string | null };

async function appendEvent(
  db: Db,
  e: {
    itemId: string;
    action: FilingItemEvent['action'];
    state: FilingItemState;
    actor: Actor;
    answer?: HandInInput | null;
    reason?: string | null;
    deadline?: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO filing_item_events (item_id, action, state, actor_kind, actor_id, answer, image_id, reason, deadline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      e.itemId,
      e.action,
      e.state,
      e.actor.kind,
      e.actor.id,
      e.answer ? JSON.stringify(e.answer) : null,
      e.answer?.kind === 'photo' ? e.answer.imageId : null,
      e.reason ?? null,
      e.deadline ?? null,
    ],
  );
}

/** The officer's list of items to follow, each owed by `deadline`, as new items of the filing. */
export async function listItems(
  db: Db,
  filingId: string,
  items: { id: string; text: string }[],
  deadline: string,
  officerId: string,
): Promise<void> {
  for (const [position, item] of items.entries()) {
    await db.query(
      `INSERT INTO filing_items (id, filing_id, position, text, deadline, state) VALUES ($1, $2, $3, $4, $5, 'owed')`,
      [item.id, filingId, position, item.text, deadline],
    );
    await appendEvent(db, {
      itemId: item.id,
      action: 'listed',
      state: 'owed',
      actor: { kind: 'officer', id: officerId },
      deadline,
    });
  }
}

/**
 * Move an item on, only from the state the caller saw (two people acting at once cannot both move it), and
 * record the step. Returns false when the item was no longer in `from`.
 */
export async function advanceItem(
  db: Db,
  change: {
    id: string;
    from: FilingItemState;
    to: FilingItemState;
    action: FilingItemAction;
    actor: Actor;
    answer?: HandInInput;
    reason?: string;
    /** A new deadline (asked again with more time); absent keeps the item's. */
    deadline?: string;
  },
): Promise<boolean> {
  const moved = await db.query(
    `UPDATE filing_items SET state = $3, updated_at = now(),
       answer = COALESCE($4::jsonb, answer),
       reason = CASE WHEN $5::text IS NULL THEN reason ELSE $5::text END,
       deadline = COALESCE($6::text, deadline),
       overdue_at = CASE WHEN $3::text = 'owed' THEN NULL ELSE overdue_at END
     WHERE id = $1 AND state = $2
     RETURNING id`,
    [
      change.id,
      change.from,
      change.to,
      change.answer ? JSON.stringify(change.answer) : null,
      change.reason ?? null,
      change.deadline ?? null,
    ],
  );
  if (moved.length === 0) return false;
  await appendEvent(db, {
    itemId: change.id,
    action: change.action,
    state: change.to,
    actor: change.actor,
    answer: change.answer ?? null,
    reason: change.reason ?? null,
    deadline: change.deadline ?? null,
  });
  return true;
}

/** Withdraw every item of the filing still owed or waiting: the officer's review has moved past them. */
export async function withdrawOutstanding(db: Db, filingId: string, officerId: string): Promise<void> {
  const rows = await db.query<{ id: string }>(
    `UPDATE filing_items SET state = 'withdrawn', updated_at = now()
     WHERE filing_id = $1 AND state IN ('owed', 'handedIn')
     RETURNING id`,
    [filingId],
  );
  for (const r of rows) {
    await appendEvent(db, {
      itemId: r.id,
      action: 'withdraw',
      state: 'withdrawn',
      actor: { kind: 'officer', id: officerId },
    });
  }
}

/**
 * Items owed and not yet flagged, earliest deadline first, at most `limit`: the deadline check's candidates
 * (an index holds exactly these).
 */
export async function owedUnflagged(db: Db, limit: number): Promise<StoredItem[]> {
  const rows = await db.query<ItemRow>(
    `SELECT id, filing_id, text, deadline, state FROM filing_items
     WHERE state = 'owed' AND overdue_at IS NULL ORDER BY deadline, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, filingId: r.filing_id, text: r.text, deadline: r.deadline, state: r.state }));
}

/** Flag an item overdue once; false when someone handed it in or it was flagged meanwhile. */
export async function flagOverdue(db: Db, itemId: string, deadline: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE filing_items SET overdue_at = now() WHERE id = $1 AND state = 'owed' AND overdue_at IS NULL
       AND deadline = $2
     RETURNING id`,
    [itemId, deadline],
  );
  if (rows.length === 0) return false;
  await appendEvent(db, { itemId, action: 'overdue', state: 'owed', actor: { kind: 'station', id: null }, deadline });
  return true;
}
