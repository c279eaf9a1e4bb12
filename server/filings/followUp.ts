import { FilingAction, FilingState } from '../../shared/filing.ts';
import {
  FILING_ITEM_LIMITS,
  FilingItemAction,
  handInSchema,
  isPastDue,
  itemAnswerSchema,
  itemFieldErrors,
  itemsComplete,
  nextItemState,
  type FilingItemRefusal,
  type FilingItemError,
  type FilingItemField,
  type FilingNews,
} from '../../shared/filingItems.ts';
import { stationDay } from '../../shared/dates.ts';
import type { Ok, Refused } from '../../shared/result.ts';
import { log } from '../log.ts';
import type { Now } from '../rooms/roomClock.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import { advanceItem, flagOverdue, getItem, itemStatesOf, owedUnflagged } from './itemStore.ts';
import type { FilingService } from './service.ts';
import { advanceFiling, filingAt, getFiling, type FilingRecord } from './store.ts';
import { uploadsOwnedBy } from './uploadStore.ts';

/** Items the deadline check looks at in one pass at most (default 500), earliest deadline first. */
export const DEADLINE_CHECK_BATCH = 500;

/** A refused hand-in or answer: the fields and the bound each is held to, or another code. */
export type FollowUpResult =
  | Ok<FilingRecord>
  | Refused<
      typeof FilingItemRefusal.invalidInput,
      {
        fields: Partial<Record<FilingItemField, FilingItemError>>;
        limits: Partial<Record<FilingItemField, number>>;
      }
    >
  | Refused<Exclude<FilingItemRefusal, typeof FilingItemRefusal.invalidInput>>;

/** Each refused field with its code, and the limit of those that have one. */
function refusedFields(fields: Partial<Record<FilingItemField, FilingItemError>>): FollowUpResult {
  const limits: Partial<Record<FilingItemField, number>> = {};
  for (const key of Object.keys(fields) as FilingItemField[]) {
    const limit = FILING_ITEM_LIMITS[key];
    if (limit !== undefined) limits[key] = limit;
  }
  return { ok: false, error: 'invalid_input', fields, limits };
}

const refused = (error: Exclude<FilingItemRefusal, 'invalid_input'>): FollowUpResult => ({ ok: false, error });

/**
 * Items to follow (容缺受理), after the officer has accepted a filing with them: the filing's merchant hands
 * each in (a photo they uploaded, or a text answer), the officer accepts it or asks for it again, and accepting
 * the last one files the filing. A periodic check on the station's clock flags items still owed after their
 * day and tells the merchant. Every change is announced through the filings' own news, so the merchant and the
 * officers hear it as they hear any step of a filing.
 */
export class FollowUp {
  private readonly db: Db;
  private readonly filings: FilingService;
  private readonly timeZone: string;
  private readonly now: Now;

  constructor(db: Db, filings: FilingService, timeZone: string, now: Now = Date.now) {
    this.db = db;
    this.filings = filings;
    this.timeZone = timeZone;
    this.now = now;
  }

  /**
   * The filing's own merchant hands one item in, on its station's page; anyone else, or from another station's
   * page, finds no such filing.
   */
  async handIn(
    station: string,
    merchantId: string,
    filingId: string,
    itemId: string,
    input: unknown,
  ): Promise<FollowUpResult> {
    const filing = await filingAt(this.db, station, filingId);
    if (!filing || filing.merchantId !== merchantId) return refused('not_found');
    const fields = itemFieldErrors(handInSchema, input);
    const parsed = handInSchema.safeParse(input);
    // A photo must be one of the merchant's own uploads, checked by the filings' upload rules on its way in.
    if (parsed.success && parsed.data.kind === 'photo') {
      const owned = await uploadsOwnedBy(this.db, merchantId, [parsed.data.imageId]);
      if (!owned.has(parsed.data.imageId)) fields.imageId = 'image_required';
    }
    if (!parsed.success || Object.keys(fields).length > 0) return refusedFields(fields);
    const item = await getItem(this.db, filingId, itemId);
    if (!item) return refused('not_found');
    const to = nextItemState(item.state, FilingItemAction.handIn);
    if (!to) return refused('illegal_transition');
    const moved = await advanceItem(this.db, {
      id: item.id,
      from: item.state,
      to,
      action: FilingItemAction.handIn,
      actor: { kind: 'merchant', id: merchantId },
      answer: parsed.data,
    });
    if (!moved) return refused('changed_meanwhile');
    const after = await this.filings.announce(filingId, { kind: 'handedIn', item: item.text });
    return after ? { ok: true, value: after } : refused('not_found');
  }

  /**
   * An officer answers a handed-in item: accepted, or asked again with the reason (and a new deadline, on or
   * after today, when more time is given). Accepting the last outstanding item of a filing accepted with items
   * to follow files it, in the same transaction.
   */
  async answer(
    station: string,
    officerId: string,
    filingId: string,
    itemId: string,
    input: unknown,
  ): Promise<FollowUpResult> {
    const parsed = itemAnswerSchema.safeParse(input);
    if (!parsed.success) return refusedFields(itemFieldErrors(itemAnswerSchema, input));
    const step = parsed.data;
    // An officer answers the items of their station's filings only.
    if (!(await filingAt(this.db, station, filingId))) return refused('not_found');
    const item = await getItem(this.db, filingId, itemId);
    if (!item) return refused('not_found');
    const to = nextItemState(item.state, step.action);
    if (!to) return refused('illegal_transition');
    const deadline = step.action === FilingItemAction.askAgain ? step.deadline : undefined;
    if (deadline !== undefined && deadline < stationDay(this.now(), this.timeZone)) return refused('deadline_past');
    let filed = false;
    const outcome = await this.db.transaction(async (tx) => {
      const moved = await advanceItem(tx, {
        id: item.id,
        from: item.state,
        to,
        action: step.action,
        actor: { kind: 'officer', id: officerId },
        ...(step.action === FilingItemAction.askAgain ? { reason: step.reason } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
      });
      if (!moved) return 'changed_meanwhile' as const;
      await recordAudit(tx, {
        actorKind: 'staff',
        actorId: officerId,
        action: `filing.item.${step.action}`,
        targetKind: 'filing',
        targetId: filingId,
        detail: { item: item.id, station },
      });
      const filing = await getFiling(tx, filingId);
      if (
        step.action === FilingItemAction.accept &&
        filing?.state === FilingState.acceptedWithItems &&
        itemsComplete(await itemStatesOf(tx, filingId))
      ) {
        filed = await advanceFiling(tx, {
          id: filingId,
          from: FilingState.acceptedWithItems,
          to: FilingState.filed,
          actor: { kind: 'officer', id: officerId },
        });
        if (filed) {
          await recordAudit(tx, {
            actorKind: 'staff',
            actorId: officerId,
            action: `filing.${FilingAction.file}`,
            targetKind: 'filing',
            targetId: filingId,
            detail: { to: FilingState.filed, itemsComplete: true, station },
          });
        }
      }
      return 'moved' as const;
    });
    if (outcome !== 'moved') return refused(outcome);
    // Filed: the merchant hears that, which says it all; otherwise what the officer said of the item.
    const news: FilingNews | undefined = filed
      ? undefined
      : step.action === FilingItemAction.accept
        ? { kind: 'accepted', item: item.text }
        : { kind: 'askedAgain', item: item.text, reason: step.reason, deadline: deadline ?? item.deadline };
    const after = await this.filings.announce(filingId, news);
    return after ? { ok: true, value: after } : refused('not_found');
  }

  /**
   * Flag every item still owed after its deadline day on the station's calendar, once, and tell each filing's
   * merchant how many of its items are overdue. Returns how many items were flagged.
   */
  async checkDeadlines(): Promise<number> {
    const today = stationDay(this.now(), this.timeZone);
    const due = (await owedUnflagged(this.db, DEADLINE_CHECK_BATCH)).filter((i) => isPastDue(i, today));
    const flagged = new Map<string, { count: number; deadline: string }>();
    let count = 0;
    for (const item of due) {
      if (!(await flagOverdue(this.db, item.id, item.deadline))) continue;
      count++;
      const seen = flagged.get(item.filingId);
      flagged.set(item.filingId, {
        count: (seen?.count ?? 0) + 1,
        deadline: seen && seen.deadline < item.deadline ? seen.deadline : item.deadline,
      });
    }
    for (const [filingId, overdue] of flagged) {
      await this.filings.announce(filingId, { kind: 'overdue', items: overdue.count, deadline: overdue.deadline });
    }
    return count;
  }

  /**
   * Check the deadlines now and every `everyMs` of real time (FILING_DEADLINE_CHECK_SECONDS), reading the
   * station's clock each time, so a test that moves the clock sees items flagged at the next check. The
   * returned stop waits for a check under way, so the database can be closed after it.
   */
  startChecking(everyMs: number): () => Promise<void> {
    let running: Promise<void> = Promise.resolve();
    const run = () => {
      running = running
        .then(() => this.checkDeadlines())
        .then((count) => {
          if (count > 0) log.info('filing_items.overdue', { count });
        })
        .catch((err: unknown) => log.warn('filing_items.check_failed', { reason: String(err) }));
    };
    run();
    const timer = setInterval(run, everyMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
