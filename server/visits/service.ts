import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { randomUUID } from 'node:crypto';
import { FilingAction } from '../../shared/filing.ts';
import { nextFilingState } from '../../shared/filingSteps.ts';
import { VisitError, type PublishSlotInput, type VisitChangedNotice, type VisitSlot } from '../../shared/visits.ts';
import type { Result } from '../../shared/result.ts';
import { overlaps, slotWindow } from './rules.ts';
import { Channel, type NewsRelay } from '../events.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { addVisitEntry, getCase } from '../cases/store.ts';
import type { Db } from '../store/db.ts';
import { advanceFiling, filingsAwaitingVisit, moveFilingsVisit } from '../filings/store.ts';
import {
  bookSlot,
  freeSlots,
  getSlot,
  insertSlot,
  officerSlotsBetween,
  recordResult,
  releaseSlot,
  slotsOfMerchant,
  type SlotRecord,
} from './store.ts';

export type VisitResult<T> = Result<T, VisitError>;

/** Who is asking, from the verified token. */
export type Viewer = { kind: 'merchant'; id: string } | { kind: 'officer'; id: string } | { kind: 'staff'; id: string };

export interface VisitChange extends VisitChangedNotice {
  merchantId: string;
  officerId: string;
  /** The window's station: only that station's hall passes the news on. */
  station: string;
}

/**
 * The station a request is for, when it comes from a station's page: a window of another station is not found
 * there. Undefined for callers that are not a page (a filing's review, the command line).
 */
export type StationScope = string | undefined;

/** Whether a window may be seen and acted on from this station's page. */
function inStation(s: SlotRecord | null, station: StationScope): s is SlotRecord {
  return s !== null && (station === undefined || s.station === station);
}

/** What a committed booking changed: the window now booked, the ones it freed, the filings now waiting for it. */
export interface Booking {
  merchantId: string;
  slot: SlotRecord;
  freed: SlotRecord[];
  filings: string[];
}

/** A slot as this viewer may see it: who booked it only for that merchant and for staff. */
export function slotView(s: SlotRecord, viewer: Viewer): VisitSlot {
  const mine = viewer.kind === 'merchant' ? s.merchantId === viewer.id : s.officerId === viewer.id;
  const sees = viewer.kind !== 'merchant' || mine;
  return {
    id: s.id,
    officer: { id: s.officerId, name: s.officerName },
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    booked: s.merchantId !== null,
    mine,
    merchant: sees && s.merchantName ? { name: s.merchantName, shop: s.merchantShop ?? '' } : null,
    caseId: sees ? s.caseId : null,
    caseNumber: sees ? s.caseNumber : null,
    result: sees ? s.result : null,
  };
}

/**
 * Door-to-door visits: officers publish windows, merchants book one for a case (or an officer books one
 * for a filing), change or cancel it, and the officer records what the visit found on the case. Each
 * booking, cancellation and result is announced so both sides see it at once.
 */
export class VisitService {
  private changed = new Channel<VisitChange>();
  private filingsMoved = new Channel<string[]>();
  private db: Db;
  private timeZone: string;

  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.changed.share(relay, 'visits');
    this.filingsMoved.share(relay, 'visits.filings');
  }

  constructor(db: Db, timeZone: string) {
    this.db = db;
    this.timeZone = timeZone;
  }

  onChanged(fn: (c: VisitChange) => void): () => void {
    return this.changed.on(fn);
  }

  /** Filings whose visit was cancelled or moved (their ids), for the filings to be announced too. */
  onFilingsMoved(fn: (ids: string[]) => void): () => void {
    return this.filingsMoved.on(fn);
  }

  private announce(slot: SlotRecord, merchantId: string, change: VisitChange['change']): void {
    const c: VisitChange = {
      slotId: slot.id,
      change,
      startsAt: slot.startsAt,
      merchantId,
      officerId: slot.officerId,
      station: slot.station,
    };
    this.changed.emit(c);
  }

  /** An officer publishes a visit window in their station (the default station unless named). */
  async publish(
    officerId: string,
    input: PublishSlotInput,
    now = Date.now(),
    station = DEFAULT_STATION_SLUG,
  ): Promise<VisitResult<VisitSlot>> {
    const w = slotWindow(input, now, this.timeZone);
    if (!w.ok) return w;
    const around = await officerSlotsBetween(
      this.db,
      officerId,
      new Date(w.startsAt - 86_400_000).toISOString(),
      new Date(w.endsAt + 86_400_000).toISOString(),
    );
    const clash = around.some((s) => overlaps(w, { startsAt: Date.parse(s.startsAt), endsAt: Date.parse(s.endsAt) }));
    if (clash) return { ok: false, error: VisitError.overlaps };
    const id = randomUUID();
    await insertSlot(this.db, {
      id,
      officerId,
      startsAt: new Date(w.startsAt).toISOString(),
      endsAt: new Date(w.endsAt).toISOString(),
      station,
    });
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: officerId,
      action: 'visit.publish',
      targetKind: 'visit',
      targetId: id,
      detail: { station },
    });
    const slot = await getSlot(this.db, id);
    return { ok: true, value: slotView(slot!, { kind: 'officer', id: officerId }) };
  }

  /** A station's free windows ahead, for a merchant to choose from (no one's bookings shown). */
  async free(viewer: Viewer, now = Date.now(), station = DEFAULT_STATION_SLUG): Promise<VisitSlot[]> {
    return (await freeSlots(this.db, new Date(now).toISOString(), undefined, station)).map((s) => slotView(s, viewer));
  }

  /** A merchant's bookings; on a station's page, that station's only. */
  async ofMerchant(merchantId: string, station?: StationScope): Promise<VisitSlot[]> {
    return (await slotsOfMerchant(this.db, merchantId, station ?? null)).map((s) =>
      slotView(s, { kind: 'merchant', id: merchantId }),
    );
  }

  /** An officer's windows on one station day (from local midnight to midnight); on a station's page, its own. */
  async ofOfficerOn(officerId: string, from: number, to: number, station?: StationScope): Promise<VisitSlot[]> {
    const rows = await officerSlotsBetween(
      this.db,
      officerId,
      new Date(from).toISOString(),
      new Date(to).toISOString(),
      station ?? null,
    );
    return rows.map((s) => slotView(s, { kind: 'officer', id: officerId }));
  }

  /**
   * Book a window for a merchant's case. A merchant who already holds a window for the same case moves to
   * the new one (the old is freed once the new is theirs, and filings waiting for the old visit now wait for
   * the new). One merchant per window, decided by storage. All of it in one transaction.
   */
  async book(
    slotId: string,
    merchantId: string,
    caseId: string,
    by: Viewer,
    now = Date.now(),
    station?: StationScope,
  ): Promise<VisitResult<VisitSlot>> {
    const r = await this.db.transaction((tx) => this.bookWithin(tx, slotId, merchantId, caseId, by, now, station));
    if (!r.ok) return r;
    this.announceBooking(r.value);
    return { ok: true, value: slotView(r.value.slot, by) };
  }

  /**
   * The booking itself, inside the caller's transaction (a filing's review books and moves the filing in one);
   * announce the result with `announceBooking` once that transaction has committed.
   */
  async bookWithin(
    tx: Db,
    slotId: string,
    merchantId: string,
    caseId: string,
    by: Viewer,
    now = Date.now(),
    station?: StationScope,
  ): Promise<VisitResult<Booking>> {
    const c = await getCase(tx, caseId);
    if (!c || c.merchantId !== merchantId) return { ok: false, error: VisitError.noCase };
    // A merchant books only for a case still open; an officer may still decide a closed one needs a visit.
    if (by.kind === 'merchant' && c.status === 'closed') return { ok: false, error: VisitError.caseClosed };
    const slot = await getSlot(tx, slotId);
    if (!inStation(slot, station)) return { ok: false, error: VisitError.notFound };
    // A window is its station's officers' to visit for that station's cases only: a case of another station is
    // none here (and booking it would free that station's own visit for it, and move its filings here).
    if (c.station !== slot.station) return { ok: false, error: VisitError.noCase };
    if (slot.merchantId) return { ok: false, error: VisitError.taken };
    if (Date.parse(slot.startsAt) <= now) return { ok: false, error: VisitError.inPast };
    const earlier = (await slotsOfMerchant(tx, merchantId)).filter(
      (s) => s.caseId === caseId && !s.result && s.id !== slotId,
    );
    const got = await bookSlot(tx, { id: slotId, merchantId, caseId, after: new Date(now).toISOString() });
    if (!got) return { ok: false, error: VisitError.taken };
    const freed: SlotRecord[] = [];
    const filings: string[] = [];
    for (const old of earlier) {
      if (!(await releaseSlot(tx, old.id, merchantId))) continue;
      freed.push(old);
      filings.push(...(await moveFilingsVisit(tx, old.id, slotId)));
    }
    await recordAudit(tx, {
      actorKind: by.kind === 'merchant' ? 'merchant' : 'staff',
      actorId: by.id,
      action: 'visit.book',
      targetKind: 'visit',
      targetId: slotId,
      detail: {
        case: caseId,
        station: slot.station,
        ...(freed.length > 0 ? { movedFrom: freed.map((s) => s.id) } : {}),
      },
    });
    return { ok: true, value: { merchantId, slot: (await getSlot(tx, slotId))!, freed, filings } };
  }

  /** Tell both sides of a committed booking (and of the windows it freed), and the filings it touched. */
  announceBooking(b: Booking): void {
    for (const old of b.freed) this.announce(old, b.merchantId, 'cancelled');
    this.announce(b.slot, b.merchantId, 'booked');
    if (b.filings.length > 0) this.filingsMoved.emit(b.filings);
  }

  /** An officer books one of their own windows for a case that needs a visit (the merchant is told). */
  async offer(
    slotId: string,
    officerId: string,
    caseId: string,
    station?: StationScope,
  ): Promise<VisitResult<VisitSlot>> {
    const [slot, c] = await Promise.all([getSlot(this.db, slotId), getCase(this.db, caseId)]);
    if (!inStation(slot, station)) return { ok: false, error: VisitError.notFound };
    if (slot.officerId !== officerId) return { ok: false, error: VisitError.notYours };
    if (!c) return { ok: false, error: VisitError.noCase };
    return this.book(slotId, c.merchantId, caseId, { kind: 'officer', id: officerId }, undefined, station);
  }

  /**
   * The merchant who booked, or the officer whose window it is, frees it (not once a result is in). A filing
   * waiting for this visit goes back under review in the same transaction, so it never says "visit booked"
   * without one.
   */
  async cancel(slotId: string, by: Viewer, station?: StationScope): Promise<VisitResult<VisitSlot>> {
    const slot = await getSlot(this.db, slotId);
    if (!inStation(slot, station) || !slot.merchantId) return { ok: false, error: VisitError.notFound };
    const allowed = by.kind === 'merchant' ? slot.merchantId === by.id : slot.officerId === by.id;
    if (!allowed) return { ok: false, error: by.kind === 'merchant' ? VisitError.notFound : VisitError.notYours };
    if (slot.result) return { ok: false, error: VisitError.finished };
    const actor = { kind: by.kind === 'merchant' ? ('merchant' as const) : ('officer' as const), id: by.id };
    const moved = await this.db.transaction(async (tx) => {
      if (!(await releaseSlot(tx, slotId, by.kind === 'merchant' ? by.id : null))) return null;
      const back: string[] = [];
      for (const f of await filingsAwaitingVisit(tx, slotId)) {
        const to = nextFilingState(f.state, FilingAction.visitCancelled);
        if (to && (await advanceFiling(tx, { id: f.id, from: f.state, to, actor, clearVisit: true }))) back.push(f.id);
      }
      await recordAudit(tx, {
        actorKind: by.kind === 'merchant' ? 'merchant' : 'staff',
        actorId: by.id,
        action: 'visit.cancel',
        targetKind: 'visit',
        targetId: slotId,
        detail: { case: slot.caseId, station: slot.station, ...(back.length > 0 ? { filings: back } : {}) },
      });
      return back;
    });
    if (!moved) return { ok: false, error: VisitError.notFound };
    this.announce(slot, slot.merchantId, 'cancelled');
    if (moved.length > 0) this.filingsMoved.emit(moved);
    const freed = (await getSlot(this.db, slotId))!;
    return { ok: true, value: slotView(freed, by) };
  }

  /**
   * What the visit found, kept with the window and added to the case as an entry: once, and not before the
   * window has started (a result written ahead of the visit would be a guess).
   */
  async result(
    slotId: string,
    officerId: string,
    text: string,
    now = Date.now(),
    station?: StationScope,
  ): Promise<VisitResult<VisitSlot>> {
    const slot = await getSlot(this.db, slotId);
    if (!inStation(slot, station) || !slot.merchantId || !slot.caseId) return { ok: false, error: VisitError.notFound };
    if (slot.officerId !== officerId) return { ok: false, error: VisitError.notYours };
    if (slot.result !== null) return { ok: false, error: VisitError.finished };
    if (now < Date.parse(slot.startsAt)) return { ok: false, error: VisitError.notStarted };
    const caseId = slot.caseId;
    const recorded = await this.db.transaction(async (tx) => {
      // Conditional on no result yet: of two officers' tabs saving at once, only the first is kept.
      if (!(await recordResult(tx, slotId, officerId, text))) return false;
      // An entry of its own on the case, after whatever the desk visits recorded; the page labels it in the
      // reader's language with the visit's day on the station's clock.
      // (One entry per visit, held by storage: the conditional result above already lets only one through.)
      await addVisitEntry(tx, { caseId, slotId, officerId, text });
      await recordAudit(tx, {
        actorKind: 'staff',
        actorId: officerId,
        action: 'visit.result',
        targetKind: 'visit',
        targetId: slotId,
        detail: { station: slot.station },
      });
      return true;
    });
    if (!recorded) return { ok: false, error: VisitError.finished };
    const done = (await getSlot(this.db, slotId))!;
    this.announce(done, slot.merchantId, 'done');
    return { ok: true, value: slotView(done, { kind: 'officer', id: officerId }) };
  }
}
