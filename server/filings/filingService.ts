import { createHash, randomUUID } from 'node:crypto';
import {
  FilingAction,
  filingErrors,
  filingFormSchema,
  type FilingError,
  type FilingField,
  type FilingForm,
  type ReviewInput,
} from '../../shared/filing.ts';
import { filingActor, nextFilingState } from '../../shared/filingSteps.ts';
import { sniffImage } from '../domain/images.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { caseForService } from '../cases/openCase.ts';
import { Channel } from '../events.ts';
import type { Db } from '../store/db.ts';
import {
  advanceFiling,
  createFiling,
  filingsOfMerchant,
  filingsToReview,
  getFiling,
  recordSubmission,
  type FilingRecord,
} from '../store/filingRepo.ts';
import { findUpload, saveUpload, uploadsOwnedBy, type StoredImage } from '../store/uploadRepo.ts';
import type { VisitService } from '../visits/visitService.ts';

export type FilingFailure =
  | { error: 'invalid_input'; fields: Partial<Record<FilingField, FilingError>> }
  | {
      error:
        'not_found' | 'illegal_transition' | 'changed_meanwhile' | 'empty' | 'wrong_type' | 'truncated' | 'slot_taken';
    };

export type FilingResult<T> = { ok: true; value: T } | ({ ok: false } & FilingFailure);

const fail = <T>(f: FilingFailure): FilingResult<T> => ({ ok: false, ...f });

/**
 * Signboard filings: stored images checked by their content, the form judged by the shared rules, each
 * filing tied to the merchant's signboard case, and review steps taken only along the state machine in
 * domain/filing.ts. Every change is announced (`changed`) so the hall tells the merchant and the officers at
 * once.
 */
export class FilingService {
  private changed = new Channel<FilingRecord>();
  private db: Db;
  private timeZone: string;

  private visits: VisitService | undefined;

  constructor(db: Db, timeZone: string, visits?: VisitService) {
    this.db = db;
    this.timeZone = timeZone;
    this.visits = visits;
  }

  onChanged(fn: (f: FilingRecord) => void): () => void {
    return this.changed.on(fn);
  }

  private async announce(id: string): Promise<FilingRecord | null> {
    const f = await getFiling(this.db, id);
    if (f) this.changed.emit(f);
    return f;
  }

  async upload(ownerId: string, bytes: Uint8Array): Promise<FilingResult<{ id: string; type: string; size: number }>> {
    const sniffed = sniffImage(bytes);
    if (!sniffed.ok) return fail({ error: sniffed.error });
    const id = randomUUID();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await saveUpload(this.db, { id, ownerId, mime: sniffed.type, sha256, bytes });
    return { ok: true, value: { id, type: sniffed.type, size: bytes.length } };
  }

  /** The image, to its owner or to staff; to anyone else it does not exist. */
  async image(id: string, viewer: { merchantId: string } | 'staff'): Promise<StoredImage | null> {
    const img = await findUpload(this.db, id);
    if (!img) return null;
    return viewer === 'staff' || img.ownerId === viewer.merchantId ? img : null;
  }

  /** Judge the form; the images must be the merchant's own uploads. */
  private async check(merchantId: string, input: unknown): Promise<FilingResult<FilingForm>> {
    const parsed = filingFormSchema.safeParse(input);
    const fields = filingErrors(input);
    // Every problem at once: the images are checked even when other fields are wrong too.
    const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const ids = [raw.designImage, raw.streetPhoto].filter((v): v is string => typeof v === 'string' && v.length <= 64);
    const owned = await uploadsOwnedBy(this.db, merchantId, ids);
    for (const key of ['designImage', 'streetPhoto'] as const) {
      if (!fields[key] && !owned.has(String(raw[key]))) fields[key] = 'image_required';
    }
    if (!parsed.success || Object.keys(fields).length > 0) return fail({ error: 'invalid_input', fields });
    return { ok: true, value: parsed.data };
  }

  async submit(merchantId: string, input: unknown): Promise<FilingResult<FilingRecord>> {
    const checked = await this.check(merchantId, input);
    if (!checked.ok) return checked;
    const form = checked.value;
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      // The filing belongs to the merchant's open signboard case, or starts one.
      const caseId = await caseForService(tx, {
        merchantId,
        service: 'signboard',
        description: `${form.shopName} · ${form.signText}`,
        officerId: null,
        deskId: null,
        timeZone: this.timeZone,
      });
      await createFiling(tx, { id, merchantId, caseId, form });
      await recordSubmission(tx, id, merchantId);
    });
    const filing = await this.announce(id);
    return filing ? { ok: true, value: filing } : fail({ error: 'not_found' });
  }

  /** The merchant sends the filing back after making the changes asked for. */
  async resubmit(merchantId: string, id: string, input: unknown): Promise<FilingResult<FilingRecord>> {
    const current = await getFiling(this.db, id);
    if (!current || current.merchantId !== merchantId) return fail({ error: 'not_found' });
    const to = nextFilingState(current.state, FilingAction.resubmit);
    if (!to) return fail({ error: 'illegal_transition' });
    const checked = await this.check(merchantId, input);
    if (!checked.ok) return checked;
    const moved = await advanceFiling(this.db, {
      id,
      from: current.state,
      to,
      actor: { kind: 'merchant', id: merchantId },
      form: checked.value,
    });
    if (!moved) return fail({ error: 'changed_meanwhile' });
    const filing = await this.announce(id);
    return filing ? { ok: true, value: filing } : fail({ error: 'not_found' });
  }

  async review(officerId: string, id: string, step: ReviewInput): Promise<FilingResult<FilingRecord>> {
    const current = await getFiling(this.db, id);
    if (!current) return fail({ error: 'not_found' });
    if (filingActor(step.action) !== 'officer') return fail({ error: 'illegal_transition' });
    const to = nextFilingState(current.state, step.action);
    if (!to) return fail({ error: 'illegal_transition' });
    if (step.action === FilingAction.bookVisit) {
      // The officer books one of the open windows for the filing's merchant and case.
      if (!this.visits) return fail({ error: 'illegal_transition' });
      const booked = await this.visits.book(step.slotId, current.merchantId, current.caseId, {
        kind: 'officer',
        id: officerId,
      });
      if (!booked.ok) return fail({ error: booked.error === 'taken' ? 'slot_taken' : 'not_found' });
    }
    const moved = await advanceFiling(this.db, {
      id,
      from: current.state,
      to,
      actor: { kind: 'officer', id: officerId },
      items: 'items' in step ? step.items : [],
      deadline: step.action === FilingAction.acceptWithItems ? step.deadline : null,
      visitSlotId: step.action === FilingAction.bookVisit ? step.slotId : null,
    });
    if (!moved) return fail({ error: 'changed_meanwhile' });
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: officerId,
      action: `filing.${step.action}`,
      targetKind: 'filing',
      targetId: id,
      detail: { to },
    });
    const filing = await this.announce(id);
    return filing ? { ok: true, value: filing } : fail({ error: 'not_found' });
  }

  mine(merchantId: string): Promise<FilingRecord[]> {
    return filingsOfMerchant(this.db, merchantId);
  }

  toReview(): Promise<FilingRecord[]> {
    return filingsToReview(this.db);
  }

  async one(id: string, viewer: { merchantId: string } | 'staff'): Promise<FilingRecord | null> {
    const f = await getFiling(this.db, id);
    if (!f) return null;
    return viewer === 'staff' || f.merchantId === viewer.merchantId ? f : null;
  }
}
