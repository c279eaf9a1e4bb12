import type { ConcernEntry, ConcernSummary, ConcernView } from '../../shared/concerns.ts';
import type { Db } from '../store/db.ts';
import { byUrgency, dueOf, stationMoment } from './rules.ts';
import { concernsOfMerchant, entriesOf, type ConcernRecord, type StoredEntry } from './store.ts';

/** An entry as people read it: who (role and name, never an id), when on the station's clock, and what. */
export function entryView(e: StoredEntry, timeZone: string): ConcernEntry {
  return {
    ...e.detail,
    seq: e.seq,
    kind: e.kind,
    author: { role: e.actor.role, name: e.actor.name },
    ...stationMoment(e.at, timeZone),
  } as ConcernEntry;
}

/** A stored concern as shown at `now`: its dates on the station's clock, what is due, and its entries. */
export function concernView(
  c: ConcernRecord,
  entries: readonly StoredEntry[],
  timeZone: string,
  now: number,
): ConcernView {
  const last = entries.at(-1);
  return {
    id: c.id,
    number: c.number,
    merchant: c.merchant,
    category: c.category,
    place: c.place,
    what: c.what,
    photos: c.photos,
    status: c.status,
    reopens: c.reopens,
    assignee: c.assignee,
    received: stationMoment(c.receivedAt, timeZone),
    contactBy: stationMoment(c.contactBy, timeZone),
    answerBy: stationMoment(c.answerBy, timeZone),
    due: dueOf({ ...c, contacted: c.contactedAt !== null }, now, timeZone),
    latest: last ? entryView(last, timeZone) : null,
    entries: entries.map((e) => entryView(e, timeZone)),
  };
}

/** Concerns with their records, as views. */
export async function concernViews(
  db: Db,
  records: readonly ConcernRecord[],
  timeZone: string,
  now: number,
): Promise<ConcernView[]> {
  const entries = await entriesOf(
    db,
    records.map((c) => c.id),
  );
  return records.map((c) => concernView(c, entries.get(c.id) ?? [], timeZone, now));
}

/** The same without the entries (the latest one stays), for a list. */
export function summaryOf(view: ConcernView): ConcernSummary {
  const summary: ConcernSummary & { entries?: unknown } = { ...view };
  delete summary.entries;
  return summary;
}

/**
 * Every concern of a merchant with its whole record, newest first: for the officer's case file, which reads
 * each entry (raised, assigned, notes, visits, referrals, replies, confirmation, reopening) as a moment of the
 * merchant's history. Whoever calls it has already decided the reader may see this merchant's file; with a
 * `station`, only the concerns raised there (null: every station's).
 */
export async function concernsOfMerchantWithEntries(
  db: Db,
  merchantId: string,
  timeZone: string,
  now = Date.now(),
  station: string | null = null,
): Promise<ConcernView[]> {
  return concernViews(db, await concernsOfMerchant(db, station, merchantId), timeZone, now);
}

/** Sort views for the officers' list: the most urgent first. */
export function mostUrgentFirst<T extends ConcernSummary>(list: T[]): T[] {
  return list.sort(byUrgency);
}
