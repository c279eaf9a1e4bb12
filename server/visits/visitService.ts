import { randomUUID } from 'node:crypto';
import { VisitError, type PublishSlotInput, type VisitChangedNotice, type VisitSlot } from '../../shared/visits.ts';
import { overlaps, slotWindow } from '../domain/visits.ts';
import { Channel } from '../events.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { getCase } from '../store/caseRepo.ts';
import type { Db } from '../store/db.ts';
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
} from '../store/visitRepo.ts';

export type VisitResult<T> = { ok: true; value: T } | { ok: false; error: VisitError };

/** Who is asking, from the verified token. */
export type Viewer = { kind: 'merchant'; id: string } | { kind: 'officer'; id: string } | { kind: 'staff'; id: string };

export interface VisitChange extends VisitChangedNotice {
  merchantId: string;
  officerId: string;
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
  private db: Db;
  private timeZone: string;

  constructor(db: Db, timeZone: string) {
    this.db = db;
    this.timeZone = timeZone;
  }

  onChanged(fn: (c: VisitChange) => void): () => void {
    return this.changed.on(fn);
  }

  private announce(slot: SlotRecord, merchantId: string, change: VisitChange['change']): void {
    const c: VisitChange = { slotId: slot.id, change, startsAt: slot.startsAt, merchantId, officerId: slot.officerId };
    this.changed.emit(c);
  }

  async publish(officerId: string, input: PublishSlotInput, now = Date.now()): Promise<VisitResult<VisitSlot>> {
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
    });
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: officerId,
      action: 'visit.publish',
      targetKind: 'visit',
      targetId: id,
    });
    const slot = await getSlot(this.db, id);
    return { ok: true, value: slotView(slot!, { kind: 'officer', id: officerId }) };
  }

  /** Free windows ahead, for a merchant to choose from (no one's bookings shown). */
  async free(viewer: Viewer, now = Date.now()): Promise<VisitSlot[]> {
    return (await freeSlots(this.db, new Date(now).toISOString())).map((s) => slotView(s, viewer));
  }

  async ofMerchant(merchantId: string): Promise<VisitSlot[]> {
    return (await slotsOfMerchant(this.db, merchantId)).map((s) => slotView(s, { kind: 'merchant', id: merchantId }));
  }

  /** An officer's windows on one station day (from local midnight to midnight). */
  async ofOfficerOn(officerId: string, from: number, to: number): Promise<VisitSlot[]> {
    const rows = await officerSlotsBetween(
      this.db,
      officerId,
      new Date(from).toISOString(),
      new Date(to).toISOString(),
    );
    return rows.map((s) => slotView(s, { kind: 'officer', id: officerId }));
  }

  /**
   * Book a window for a merchant's case. A merchant who already holds a window for the same case moves to
   * the new one (the old is freed once the new is theirs). One merchant per window, decided by storage.
   */
  async book(
    slotId: string,
    merchantId: string,
    caseId: string,
    by: Viewer,
    now = Date.now(),
  ): Promise<VisitResult<VisitSlot>> {
    const c = await getCase(this.db, caseId);
    if (!c || c.merchantId !== merchantId) return { ok: false, error: VisitError.noCase };
    const slot = await getSlot(this.db, slotId);
    if (!slot) return { ok: false, error: VisitError.notFound };
    if (slot.merchantId) return { ok: false, error: VisitError.taken };
    if (Date.parse(slot.startsAt) <= now) return { ok: false, error: VisitError.inPast };
    const earlier = (await slotsOfMerchant(this.db, merchantId)).filter((s) => s.caseId === caseId && !s.result);
    const got = await bookSlot(this.db, { id: slotId, merchantId, caseId, after: new Date(now).toISOString() });
    if (!got) return { ok: false, error: VisitError.taken };
    for (const old of earlier) {
      if (old.id !== slotId && (await releaseSlot(this.db, old.id, merchantId)))
        this.announce(old, merchantId, 'cancelled');
    }
    await recordAudit(this.db, {
      actorKind: by.kind === 'merchant' ? 'merchant' : 'staff',
      actorId: by.id,
      action: 'visit.book',
      targetKind: 'visit',
      targetId: slotId,
      detail: { case: caseId },
    });
    const booked = (await getSlot(this.db, slotId))!;
    this.announce(booked, merchantId, 'booked');
    return { ok: true, value: slotView(booked, by) };
  }

  /** An officer books one of their own windows for a case that needs a visit (the merchant is told). */
  async offer(slotId: string, officerId: string, caseId: string): Promise<VisitResult<VisitSlot>> {
    const [slot, c] = await Promise.all([getSlot(this.db, slotId), getCase(this.db, caseId)]);
    if (!slot) return { ok: false, error: VisitError.notFound };
    if (slot.officerId !== officerId) return { ok: false, error: VisitError.notYours };
    if (!c) return { ok: false, error: VisitError.noCase };
    return this.book(slotId, c.merchantId, caseId, { kind: 'officer', id: officerId });
  }

  /** The merchant who booked, or the officer whose window it is, frees it (not once a result is in). */
  async cancel(slotId: string, by: Viewer): Promise<VisitResult<VisitSlot>> {
    const slot = await getSlot(this.db, slotId);
    if (!slot || !slot.merchantId) return { ok: false, error: VisitError.notFound };
    const allowed = by.kind === 'merchant' ? slot.merchantId === by.id : slot.officerId === by.id;
    if (!allowed) return { ok: false, error: by.kind === 'merchant' ? VisitError.notFound : VisitError.notYours };
    if (slot.result) return { ok: false, error: VisitError.finished };
    if (!(await releaseSlot(this.db, slotId, by.kind === 'merchant' ? by.id : null))) {
      return { ok: false, error: VisitError.notFound };
    }
    this.announce(slot, slot.merchantId, 'cancelled');
    const freed = (await getSlot(this.db, slotId))!;
    return { ok: true, value: slotView(freed, by) };
  }

  /** What the visit found, kept with the window and added to the case's notes. */
  async result(slotId: string, officerId: string, text: string): Promise<VisitResult<VisitSlot>> {
    const slot = await getSlot(this.db, slotId);
    if (!slot || !slot.merchantId || !slot.caseId) return { ok: false, error: VisitError.notFound };
    if (slot.officerId !== officerId) return { ok: false, error: VisitError.notYours };
    await this.db.transaction(async (tx) => {
      await recordResult(tx, slotId, officerId, text);
      await tx.query(
        `UPDATE cases SET notes = CASE WHEN notes = '' THEN $2::text ELSE notes || E'\\n' || $2::text END,
           updated_at = now() WHERE id = $1`,
        [slot.caseId, `上门服务 ${slot.startsAt.slice(0, 10)}：${text}`],
      );
    });
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: officerId,
      action: 'visit.result',
      targetKind: 'visit',
      targetId: slotId,
    });
    const done = (await getSlot(this.db, slotId))!;
    this.announce(done, slot.merchantId, 'done');
    return { ok: true, value: slotView(done, { kind: 'officer', id: officerId }) };
  }
}
