import { createHash, randomUUID } from 'node:crypto';
import {
  FilingAction,
  type FilingLimit,
  type FilingRefusal,
  FilingState,
  filingErrors,
  filingFormSchema,
  imageId,
  type FilingError,
  type FilingField,
  type FilingForm,
  type ReviewInput,
} from '../../shared/filing.ts';
import { filingActor, nextFilingState } from '../../shared/filingSteps.ts';
import { isOutstanding, type FilingNews } from '../../shared/filingItems.ts';
import type { Ok, Refused as RefusedWith } from '../../shared/result.ts';
import { loadConfig, type Config } from '../config.ts';
import { normaliseImage } from './images.ts';
import { recordAudit } from '../store/auditRepo.ts';
import { caseForService } from '../cases/openCase.ts';
import { Channel, type NewsRelay } from '../events.ts';
import type { Db } from '../store/db.ts';
import {
  advanceFiling,
  createFiling,
  filingAt,
  filingsOfMerchant,
  filingsToReview,
  getFiling,
  imageShownAt,
  lockFilingsOf,
  openFilingsOf,
  recordSubmission,
  slotAt,
  type FilingRecord,
} from './store.ts';
import {
  deleteUnusedUploads,
  findOwnUpload,
  findUpload,
  lockUploadsOf,
  saveUpload,
  touchUpload,
  uploadsOwnedBy,
  uploadUsage,
  type StoredImage,
} from './uploadStore.ts';
import { log } from '../log.ts';
import { getSlot } from '../visits/store.ts';
import { itemStatesOf, listItems, withdrawOutstanding } from './itemStore.ts';
import type { Booking, VisitService } from '../visits/service.ts';
import { stationDay } from '../../shared/dates.ts';

/** What a refused form carries: each refused field's code. */
type RefusedForm = { fields: Partial<Record<FilingField, FilingError>> };
/** What any other filing refusal carries. */
type RefusedByBound = {
  /** The bound that refused it, when one did. */
  limit?: FilingLimit;
  /** When trying again may succeed, in seconds, for a bound that frees itself with time. */
  retryAfter?: number;
};
type OtherRefusal = Exclude<FilingRefusal, typeof FilingRefusal.invalidInput>;

export type FilingFailure =
  RefusedWith<typeof FilingRefusal.invalidInput, RefusedForm> | RefusedWith<OtherRefusal, RefusedByBound>;

/** The station's bounds on uploads and filings (see server/config.ts for each setting). */
export type FilingLimits = Pick<
  Config,
  | 'imageMaxSide'
  | 'imageMaxMegapixels'
  | 'uploadDailyCount'
  | 'uploadDailyMb'
  | 'uploadTotalCount'
  | 'uploadTotalMb'
  | 'openFilingsPerMerchant'
>;

const MB = 1024 * 1024;

const DAY_MS = 86_400_000;
/** An upload no filing uses is kept this long for a form still being filled (default 24 h, in ms). */
export const UNUSED_UPLOAD_MS = DAY_MS;
/** How often unused uploads are swept (default hourly, in ms)… */
export const UPLOAD_SWEEP_EVERY_MS = 3_600_000;
/** …and how many one sweep deletes at most (default 500). */
export const UPLOAD_SWEEP_LIMIT = 500;

/** A review step refused part-way through its transaction: thrown to roll it back, answered as `code`. */
class Refused extends Error {
  readonly code: Exclude<FilingRefusal, typeof FilingRefusal.invalidInput>;
  readonly limit: FilingLimit | undefined;
  constructor(code: Refused['code'], limit?: FilingLimit) {
    super(code);
    this.code = code;
    this.limit = limit;
  }
}

export type FilingResult<T> = Ok<T> | FilingFailure;

const fail = <T>(
  f: ({ error: typeof FilingRefusal.invalidInput } & RefusedForm) | ({ error: OtherRefusal } & RefusedByBound),
): FilingResult<T> => ({ ok: false, ...f });

/**
 * Signboard filings: stored images checked by their content, the form judged by the shared rules, each
 * filing tied to the merchant's signboard case, and review steps taken only along the state machine in
 * shared/filingSteps.ts. Every change is announced (`changed`) so the hall tells the merchant and the officers at
 * once.
 */
export class FilingService {
  private changed = new Channel<FilingRecord & { news?: FilingNews }>();
  private db: Db;
  private timeZone: string;

  private visits: VisitService | undefined;
  private limits: FilingLimits;

  /** Without limits, the settings' defaults. */
  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.changed.share(relay, 'filings');
  }

  constructor(db: Db, timeZone: string, visits?: VisitService, limits: FilingLimits = loadConfig({})) {
    this.db = db;
    this.timeZone = timeZone;
    this.visits = visits;
    this.limits = limits;
    // A visit cancelled or moved changes the filings waiting for it: those are announced like any other step.
    visits?.onFilingsMoved((ids) => {
      for (const fid of ids) void this.announce(fid);
    });
  }

  onChanged(fn: (f: FilingRecord & { news?: FilingNews }) => void): () => void {
    return this.changed.on(fn);
  }

  /** Tell the hall the filing changed, with what happened to one of its items to follow when something did. */
  async announce(id: string, news?: FilingNews): Promise<FilingRecord | null> {
    const f = await getFiling(this.db, id);
    if (f) this.changed.emit(news ? { ...f, news } : f);
    return f;
  }

  /**
   * Store an image a merchant uploads for a filing: decoded and written afresh (server/filings/images.ts),
   * within the station's bounds on pixels, and within the merchant's allowances: UPLOAD_DAILY_* in any 24
   * hours, UPLOAD_TOTAL_* kept at once. The same image sent again by the same merchant is not stored again:
   * the answer is their earlier upload (`existing`). Identical bytes sent by several merchants are stored
   * once, each merchant with an upload of their own.
   *
   * Images are told apart by the sha256 of the re-encoded bytes, not of what was sent: that is what is
   * stored, so the unique key guards the storage itself, and the same picture sent with other metadata (a
   * phone's copy and a messenger's copy) is still one image.
   */
  async upload(
    ownerId: string,
    bytes: Uint8Array,
    now = Date.now(),
  ): Promise<
    FilingResult<{ id: string; type: string; size: number; width: number; height: number; existing: boolean }>
  > {
    const limits = this.limits;
    const image = await normaliseImage(bytes, {
      maxSide: limits.imageMaxSide,
      maxPixels: limits.imageMaxMegapixels * 1_000_000,
    });
    if (!image.ok) {
      return image.error === 'dimensions_too_large'
        ? fail({ error: image.error, limit: { side: limits.imageMaxSide, megapixels: limits.imageMaxMegapixels } })
        : fail({ error: image.error });
    }
    const size = image.bytes.length;
    const sha256 = createHash('sha256').update(image.bytes).digest('hex');
    const described = { type: image.type, size, width: image.width, height: image.height };
    // Looked up, counted and saved together under the merchant's lock, so uploads sent at once cannot all
    // slip under an allowance, nor store one image twice.
    const outcome = await this.db.transaction(async (tx) => {
      await lockUploadsOf(tx, ownerId);
      const own = await findOwnUpload(tx, ownerId, sha256);
      if (own) {
        await touchUpload(tx, own.id);
        return { id: own.id, existing: true } as const;
      }
      const used = await uploadUsage(tx, ownerId, new Date(now - DAY_MS).toISOString());
      if (used.kept.count + 1 > limits.uploadTotalCount || used.kept.bytes + size > limits.uploadTotalMb * MB) {
        return { refused: 'total' } as const;
      }
      if (used.recent.count + 1 > limits.uploadDailyCount || used.recent.bytes + size > limits.uploadDailyMb * MB) {
        return { refused: 'daily', oldest: used.recent.oldest } as const;
      }
      const id = randomUUID();
      await saveUpload(tx, { id, ownerId, mime: image.type, sha256, bytes: image.bytes });
      return { id, existing: false } as const;
    });
    if ('refused' in outcome) {
      if (outcome.refused === 'total') {
        return fail({
          error: 'total_quota_exceeded',
          limit: { count: limits.uploadTotalCount, megabytes: limits.uploadTotalMb },
        });
      }
      // The window frees room as its oldest upload turns a day old.
      const frees = outcome.oldest ? Date.parse(outcome.oldest) + DAY_MS : now + DAY_MS;
      return fail({
        error: 'quota_exceeded',
        limit: { count: limits.uploadDailyCount, megabytes: limits.uploadDailyMb, hours: 24 },
        retryAfter: Math.max(1, Math.ceil((frees - now) / 1000)),
      });
    }
    return { ok: true, value: { id: outcome.id, existing: outcome.existing, ...described } };
  }

  /** Delete, a bounded batch at a time, uploads older than UNUSED_UPLOAD_MS that no filing uses. */
  async sweepUploads(now = Date.now()): Promise<number> {
    return deleteUnusedUploads(this.db, new Date(now - UNUSED_UPLOAD_MS).toISOString(), UPLOAD_SWEEP_LIMIT);
  }

  /**
   * Sweep unused uploads now and every UPLOAD_SWEEP_EVERY_MS. The returned stop waits for a sweep under way,
   * so the database can be closed after it.
   */
  startSweeping(): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const run = () => {
      running = this.sweepUploads()
        .then((count) => {
          if (count > 0) log.info('uploads.swept', { count });
        })
        .catch((err: unknown) => log.warn('uploads.sweep_failed', { reason: String(err) }));
    };
    run();
    const timer = setInterval(run, UPLOAD_SWEEP_EVERY_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /**
   * The image, to its owner (one merchant, every station) or to the staff of a station with a filing or a
   * concern that shows it; to anyone else it does not exist.
   */
  async image(station: string, id: string, viewer: { merchantId: string } | 'staff'): Promise<StoredImage | null> {
    const img = await findUpload(this.db, id);
    if (!img) return null;
    if (viewer !== 'staff') return img.ownerId === viewer.merchantId ? img : null;
    return (await imageShownAt(this.db, station, id)) ? img : null;
  }

  /** Judge the form; the images must be the merchant's own uploads. */
  private async check(merchantId: string, input: unknown): Promise<FilingResult<FilingForm>> {
    const parsed = filingFormSchema.safeParse(input);
    const fields = filingErrors(input);
    // Every problem at once: the images are checked even when other fields are wrong too.
    const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    // Only ids an upload could have are looked up: one holding a NUL would fail storage instead of being unowned.
    const ids = [raw.designImage, raw.streetPhoto].filter((v): v is string => imageId.safeParse(v).success);
    const owned = await uploadsOwnedBy(this.db, merchantId, ids);
    for (const key of ['designImage', 'streetPhoto'] as const) {
      if (!fields[key] && !owned.has(String(raw[key]))) fields[key] = 'image_required';
    }
    if (!parsed.success || Object.keys(fields).length > 0) return fail({ error: 'invalid_input', fields });
    return { ok: true, value: parsed.data };
  }

  /** A merchant files a sign at the station whose page they are on; it joins their signboard case there. */
  async submit(station: string, merchantId: string, input: unknown): Promise<FilingResult<FilingRecord>> {
    const checked = await this.check(merchantId, input);
    if (!checked.ok) return checked;
    const form = checked.value;
    const id = randomUUID();
    const open = this.limits.openFilingsPerMerchant;
    try {
      await this.db.transaction(async (tx) => {
        // Counted and created under the merchant's lock, so filings sent at once cannot all slip under it.
        await lockFilingsOf(tx, merchantId);
        if ((await openFilingsOf(tx, merchantId)) >= open) throw new Refused('too_many_open_filings', { open });
        // The filing belongs to the merchant's open signboard case at this station, or starts one there.
        const caseId = await caseForService(tx, {
          merchantId,
          service: 'signboard',
          description: `${form.shopName} · ${form.signText}`,
          officerId: null,
          deskId: null,
          timeZone: this.timeZone,
          station,
        });
        await createFiling(tx, { id, merchantId, caseId, form, station });
        await recordSubmission(tx, id, merchantId);
      });
    } catch (err) {
      if (err instanceof Refused) return fail({ error: err.code, ...(err.limit ? { limit: err.limit } : {}) });
      throw err;
    }
    const filing = await this.announce(id);
    return filing ? { ok: true, value: filing } : fail({ error: 'not_found' });
  }

  /** The merchant sends the filing back after making the changes asked for. */
  async resubmit(station: string, merchantId: string, id: string, input: unknown): Promise<FilingResult<FilingRecord>> {
    const current = await filingAt(this.db, station, id);
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

  /** An officer takes a review step on a filing of their station; another station's is not found. */
  async review(
    station: string,
    officerId: string,
    id: string,
    step: ReviewInput,
    now = Date.now(),
  ): Promise<FilingResult<FilingRecord>> {
    const current = await filingAt(this.db, station, id);
    if (!current) return fail({ error: 'not_found' });
    if (filingActor(step.action) !== 'officer') return fail({ error: 'illegal_transition' });
    const to = nextFilingState(current.state, step.action);
    if (!to) return fail({ error: 'illegal_transition' });
    // The items to follow are due on a day still ahead (today included), in the station's calendar.
    if (step.action === FilingAction.acceptWithItems && step.deadline < stationDay(now, this.timeZone)) {
      return fail({ error: 'deadline_past' });
    }
    // A filing that waited for a visit is filed on what the visit found, so the result comes first.
    if (step.action === FilingAction.file && current.state === FilingState.visitBooked) {
      const visit = current.visitSlotId ? await getSlot(this.db, current.visitSlotId) : null;
      if (!visit?.result) return fail({ error: 'visit_not_recorded' });
    }
    // Filed only once every item to follow is in: accepting the last one files it (server/filings/followUp.ts).
    if (step.action === FilingAction.file && (await itemStatesOf(this.db, id)).some((i) => isOutstanding(i.state))) {
      return fail({ error: 'items_outstanding' });
    }
    const visits = this.visits;
    if (step.action === FilingAction.bookVisit && !visits) return fail({ error: 'illegal_transition' });
    // Only one of this station's own windows: another station's officers do not visit its shops.
    if (step.action === FilingAction.bookVisit && !(await slotAt(this.db, station, step.slotId))) {
      return fail({ error: 'not_found' });
    }
    let booking: Booking | null = null;
    try {
      await this.db.transaction(async (tx) => {
        if (step.action === FilingAction.bookVisit && visits) {
          // The officer books one of the open windows for the filing's merchant and case; the booking and the
          // filing's step stand or fall together.
          const booked = await visits.bookWithin(
            tx,
            step.slotId,
            current.merchantId,
            current.caseId,
            { kind: 'officer', id: officerId },
            now,
          );
          if (!booked.ok) {
            throw new Refused(
              booked.error === 'taken' ? 'slot_taken' : booked.error === 'in_past' ? 'slot_in_past' : 'not_found',
            );
          }
          booking = booked.value;
        }
        const moved = await advanceFiling(tx, {
          id,
          from: current.state,
          to,
          actor: { kind: 'officer', id: officerId },
          items: 'items' in step ? step.items : [],
          deadline: step.action === FilingAction.acceptWithItems ? step.deadline : null,
          visitSlotId: step.action === FilingAction.bookVisit ? step.slotId : null,
        });
        if (!moved) throw new Refused('changed_meanwhile');
        // Sent back for changes, or listed anew: what was owed before is owed no more. A new list becomes the
        // items to follow, each owed by the deadline.
        if (step.action === FilingAction.requestChanges || step.action === FilingAction.acceptWithItems) {
          await withdrawOutstanding(tx, id, officerId);
        }
        if (step.action === FilingAction.acceptWithItems) {
          const listed = step.items.map((text) => ({ id: randomUUID(), text }));
          await listItems(tx, id, listed, step.deadline, officerId);
        }
        await recordAudit(tx, {
          actorKind: 'staff',
          actorId: officerId,
          action: `filing.${step.action}`,
          targetKind: 'filing',
          targetId: id,
          detail: { to, station },
        });
      });
    } catch (err) {
      if (err instanceof Refused) return fail({ error: err.code });
      throw err;
    }
    if (booking) visits?.announceBooking(booking);
    const filing = await this.announce(id);
    return filing ? { ok: true, value: filing } : fail({ error: 'not_found' });
  }

  /** The merchant's filings at this station (the page is the station). */
  mine(station: string, merchantId: string): Promise<FilingRecord[]> {
    return filingsOfMerchant(this.db, merchantId, station);
  }

  /** The station's filings for its officers. */
  toReview(station: string): Promise<FilingRecord[]> {
    return filingsToReview(this.db, station);
  }

  async one(station: string, id: string, viewer: { merchantId: string } | 'staff'): Promise<FilingRecord | null> {
    const f = await filingAt(this.db, station, id);
    if (!f) return null;
    return viewer === 'staff' || f.merchantId === viewer.merchantId ? f : null;
  }
}
