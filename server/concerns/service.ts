import { randomUUID } from 'node:crypto';
import {
  CONCERN_OPEN_MAX,
  CONCERN_VISIT_DAYS_AHEAD,
  type ConcernCategoriesAnswer,
  type ConcernCategory,
  type ConcernChangedNotice,
  type ConcernDeadline,
  type ConcernEntryKind,
  ConcernFieldError,
  type ConcernFields,
  type ConcernList,
  type ConcernOfficersAnswer,
  ConcernRefusal,
  ConcernStep,
  type ConcernStepInput,
  type ConcernView,
  concernStepErrors,
  parseConcernStep,
  raiseConcernErrors,
  raiseConcernSchema,
  type RaiseConcernForm,
} from '../../shared/concerns.ts';
import { stationDay } from '../../shared/dates.ts';
import { ok, refused, type Ok, type Refused } from '../../shared/result.ts';
import { nextCounter } from '../cases/store.ts';
import { Channel, type NewsRelay } from '../events.ts';
import { uploadsOwnedBy } from '../filings/uploadStore.ts';
import { log } from '../log.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import { concernNumber, deadlinesFrom, takeStep, type ConcernActor, type StepRequest } from './rules.ts';
import {
  activeOfficers,
  advanceConcern,
  appendEntries,
  concernAnywhere,
  concernsOfMerchant,
  createConcern,
  getConcern,
  lockConcernsOf,
  markLate,
  merchantName,
  merchantServedBy,
  nextDeadline,
  officerName,
  openConcerns,
  openConcernsOf,
  type StoredEntry,
} from './store.ts';
import { concernViews, mostUrgentFirst, summaryOf } from './views.ts';

/** A refused request: its code, the refused fields of an invalid body, the bound that refused it. */
export type ConcernFailure = Refused<ConcernRefusal, { fields?: ConcernFields; limit?: { open: number } }>;
export type ConcernResult<T> = Ok<T> | ConcernFailure;

/** What the station decides about concerns (server/config.ts names each setting). */
export interface ConcernSettings {
  timeZone: string;
  categories: readonly ConcernCategory[];
  contactDays: number;
  answerDays: number;
  /** The station's clock, ms since the epoch; the wall clock unless a test moves its own. */
  now?: () => number;
}

/** A change to tell: whose concern it is, and the notice (its `overdue` goes to officers only). */
export interface ConcernNews {
  /** The station the concern belongs to: only that station's hall tells of it. */
  station: string;
  merchantId: string;
  notice: ConcernChangedNotice;
  /** Who made the change (the merchant or an officer); null when the station's clock did (a deadline passed). */
  actorId: string | null;
}

/** Open concerns the officers' list shows at most, the most urgent first. */
export const CONCERN_LIST_MAX = 200;
/** How often the station looks, in real time, whether the next deadline has come on its clock (ms). */
export const CONCERN_DUE_CHECK_MS = 250;
/**
 * How often the next deadline is read again from storage (ms): another process sharing the database may have
 * received a concern with an earlier one. Default one minute.
 */
export const CONCERN_DEADLINE_REFRESH_MS = 60_000;

/** Who is acting, as entries record them. */
type Author = StoredEntry['actor'];

const notFound = refused(ConcernRefusal.notFound);

/**
 * Concerns: raised by a merchant (or for them by the officer serving them), taken step by step along the rules
 * in rules.ts, each step stored with its entries and an audit line, then announced (`onChanged`) so the hall
 * tells the merchant and the officers on duty at once. A check on the station's clock marks deadlines that
 * pass and tells the officers.
 */
export class ConcernService {
  private readonly changed = new Channel<ConcernNews>();
  private readonly db: Db;
  private readonly settings: ConcernSettings;
  private readonly now: () => number;
  /** The earliest deadline not yet marked, as last read; null when nothing waits. */
  private nextDue: number | null = null;

  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.changed.share(relay, 'concerns');
  }

  constructor(db: Db, settings: ConcernSettings) {
    this.db = db;
    this.settings = settings;
    this.now = settings.now ?? Date.now;
  }

  onChanged(fn: (news: ConcernNews) => void): () => void {
    return this.changed.on(fn);
  }

  categories(): ConcernCategoriesAnswer {
    const { categories, contactDays, answerDays } = this.settings;
    return { categories: [...categories], contactDays, answerDays };
  }

  /** A merchant raises a concern from the station's hall: it is that station's to take up. */
  raise(station: string, merchantId: string, input: unknown): Promise<ConcernResult<ConcernView>> {
    return this.record(station, merchantId, input, null);
  }

  /** An officer records a concern for the merchant being served at their desk in the station, and no one else. */
  async raiseAtDesk(station: string, officerId: string, input: unknown): Promise<ConcernResult<ConcernView>> {
    const merchantId = await merchantServedBy(this.db, station, officerId);
    if (!merchantId) return refused(ConcernRefusal.notServing);
    return this.record(station, merchantId, input, officerId);
  }

  /** Judge the form: the schema's fields, the station's categories, the merchant's own photos. */
  private async check(merchantId: string, input: unknown): Promise<ConcernResult<RaiseConcernForm>> {
    const parsed = raiseConcernSchema.safeParse(input);
    const fields = raiseConcernErrors(input);
    const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    if (!Object.hasOwn(fields, 'category') && !this.category(raw.category)) {
      fields.category = ConcernFieldError.invalidChoice;
    }
    // Every problem at once: the photos are looked up even when other fields are wrong too.
    if (!Object.hasOwn(fields, 'photos') && Array.isArray(raw.photos)) {
      const ids = raw.photos.filter((p): p is string => typeof p === 'string');
      const owned = await uploadsOwnedBy(this.db, merchantId, ids);
      if (ids.some((p) => !owned.has(p))) fields.photos = ConcernFieldError.notYourPhoto;
    }
    if (!parsed.success || Object.keys(fields).length > 0) return refused(ConcernRefusal.invalidInput, { fields });
    return ok(parsed.data);
  }

  private category(id: unknown): ConcernCategory | undefined {
    return this.settings.categories.find((c) => c.id === id);
  }

  private async record(
    station: string,
    merchantId: string,
    input: unknown,
    officerId: string | null,
  ): Promise<ConcernResult<ConcernView>> {
    const checked = await this.check(merchantId, input);
    if (!checked.ok) return checked;
    const form = checked.value;
    const merchant = await merchantName(this.db, merchantId);
    const officer = officerId ? await officerName(this.db, station, officerId) : null;
    if (!merchant || (officerId && !officer)) return notFound;
    const { timeZone, contactDays, answerDays } = this.settings;
    const at = this.now();
    const id = randomUUID();
    const deadlines = deadlinesFrom(at, { contact: contactDays, answer: answerDays }, timeZone);
    const author: Author = officerId
      ? { role: 'officer', id: officerId, name: officer ?? '' }
      : { role: 'merchant', id: merchantId, name: merchant.name };
    let number = '';
    const tooMany = await this.db.transaction(async (tx) => {
      // Counted and created under the merchant's lock, so concerns sent at once cannot all slip under the bound.
      // The bound is per station: what a merchant has open at one park's hall does not stop them at another's.
      await lockConcernsOf(tx, station, merchantId);
      if ((await openConcernsOf(tx, station, merchantId)) >= CONCERN_OPEN_MAX) return true;
      const day = stationDay(at, timeZone);
      number = concernNumber(day, await nextCounter(tx, `concern/${day}`));
      await createConcern(tx, {
        id,
        number,
        station,
        merchantId,
        category: this.category(form.category)!,
        place: form.place,
        what: form.what,
        photos: form.photos,
        receivedAt: at,
        ...deadlines,
      });
      await appendEntries(tx, id, 0, [{ kind: 'raised', actor: author, at, detail: { atDesk: officerId !== null } }]);
      await recordAudit(tx, {
        actorKind: officerId ? 'staff' : 'merchant',
        actorId: officerId ?? merchantId,
        action: 'concern.raised',
        targetKind: 'concern',
        targetId: id,
        detail: { number, merchant: merchantId, category: form.category, station },
      });
      return false;
    });
    if (tooMany) return refused(ConcernRefusal.tooManyOpen, { limit: { open: CONCERN_OPEN_MAX } });
    this.expectDeadline(deadlines.contactBy);
    log.info('concern.raised', { concern: id, number, station, atDesk: officerId !== null });
    return this.announce(station, id, 'raised', officerId ?? merchantId);
  }

  /**
   * A step by an officer, or by the merchant on their own concern (confirm, reopen): the body judged by its
   * schema, the step by the rules, then stored with its entries only if nobody moved the concern meanwhile.
   */
  async step(station: string, actor: ConcernActor, id: string, input: unknown): Promise<ConcernResult<ConcernView>> {
    const step = parseConcernStep(input);
    if (!step) return refused(ConcernRefusal.invalidInput, { fields: concernStepErrors(input) });
    // Another station's concern is not found here: its staff take it up, its merchant follows it on its page.
    const current = await getConcern(this.db, station, id);
    if (!current || (actor.kind === 'merchant' && current.merchant.id !== actor.id)) return notFound;
    const invalid = this.checkStep(step);
    if (invalid) return refused(ConcernRefusal.invalidInput, { fields: invalid });

    const assignTo = step.kind === ConcernStep.assign ? (step.officerId ?? actor.id) : null;
    // Only to an officer of the concern's station: one of another station's is no officer here.
    const assigneeName = assignTo ? await officerName(this.db, station, assignTo) : null;
    if (assignTo && !assigneeName) return refused(ConcernRefusal.noSuchOfficer);
    const request: StepRequest =
      step.kind === ConcernStep.assign ? { kind: 'assign', officerId: assignTo! } : { kind: step.kind };
    const facts = { ...current, merchantId: current.merchant.id, assigneeId: current.assignee?.id ?? null };
    const outcome = takeStep({ ...facts, contacted: current.contactedAt !== null }, actor, request);
    if (!outcome.ok) return outcome;

    const name = actor.kind === 'merchant' ? current.merchant.name : await officerName(this.db, station, actor.id);
    if (name === null) return notFound;
    const at = this.now();
    const author: Author = { role: actor.kind, id: actor.id, name };
    const entries: Omit<StoredEntry, 'seq'>[] = [];
    if (outcome.value.takenUp) {
      entries.push({ kind: 'assign', actor: author, at, detail: { assignee: { id: actor.id, name }, text: '' } });
    }
    entries.push({ kind: step.kind, actor: author, at, detail: detailOf(step, assignTo, assigneeName) });
    const answerBy = outcome.value.restartsAnswer
      ? deadlinesFrom(at, { contact: 0, answer: this.settings.answerDays }, this.settings.timeZone).answerBy
      : null;
    const moved = await this.db.transaction(async (tx) => {
      const done = await advanceConcern(
        tx,
        {
          id,
          version: current.version,
          status: outcome.value.status,
          assigneeId: outcome.value.assigneeId,
          contactedAt: outcome.value.contacts ? at : null,
          answerBy,
          reopened: step.kind === ConcernStep.reopen,
          at,
        },
        entries,
      );
      if (done) {
        await recordAudit(tx, {
          actorKind: actor.kind === 'merchant' ? 'merchant' : 'staff',
          actorId: actor.id,
          action: `concern.${step.kind}`,
          targetKind: 'concern',
          targetId: id,
          detail: { number: current.number, to: outcome.value.status, station },
        });
      }
      return done;
    });
    if (!moved) return refused(ConcernRefusal.changedMeanwhile);
    if (answerBy !== null) this.expectDeadline(answerBy);
    return this.announce(station, id, step.kind, actor.id);
  }

  /** What the schema cannot know: a visit on a day that is there to be booked. */
  private checkStep(step: ConcernStepInput): ConcernFields | null {
    if (step.kind !== ConcernStep.bookVisit) return null;
    const today = stationDay(this.now(), this.settings.timeZone);
    const last = stationDay(this.now() + CONCERN_VISIT_DAYS_AHEAD * 86_400_000, this.settings.timeZone);
    return step.date < today || step.date > last ? { date: ConcernFieldError.outOfRange } : null;
  }

  /** Read the concern as it now stands and tell whoever it concerns. */
  private async announce(
    station: string,
    id: string,
    change: ConcernEntryKind,
    actorId: string,
  ): Promise<ConcernResult<ConcernView>> {
    const [view] = await concernViews(
      this.db,
      [await getConcern(this.db, station, id)].filter((c) => c !== null),
      this.zone,
      this.now(),
    );
    if (!view) return notFound;
    this.changed.emit({
      station,
      merchantId: view.merchant.id,
      notice: { id, number: view.number, status: view.status, change },
      actorId,
    });
    return ok(view);
  }

  private get zone(): string {
    return this.settings.timeZone;
  }

  /**
   * The officers a station's concern may be assigned to: all its active ones, not only those already holding
   * concerns.
   */
  async officers(station: string): Promise<ConcernOfficersAnswer> {
    return { officers: await activeOfficers(this.db, station) };
  }

  /** A merchant's own concerns at the station whose page they are on, newest first. */
  async mine(station: string, merchantId: string): Promise<ConcernList> {
    return this.list(await concernsOfMerchant(this.db, station, merchantId), false);
  }

  /** For staff: the concerns still waiting on the station, the most urgent first. */
  async open(station: string): Promise<ConcernList> {
    return this.list(await openConcerns(this.db, station, CONCERN_LIST_MAX), true);
  }

  /** For staff: one merchant's concerns at the station, open or not, newest first. */
  async ofMerchant(station: string, merchantId: string): Promise<ConcernList> {
    return this.list(await concernsOfMerchant(this.db, station, merchantId), false);
  }

  /** For the officer: the concerns of the merchant being served at their desk (none while nobody is). */
  async atDesk(station: string, officerId: string): Promise<ConcernResult<ConcernList>> {
    const merchantId = await merchantServedBy(this.db, station, officerId);
    if (!merchantId) return refused(ConcernRefusal.notServing);
    return ok(await this.ofMerchant(station, merchantId));
  }

  private async list(records: Awaited<ReturnType<typeof concernsOfMerchant>>, urgent: boolean): Promise<ConcernList> {
    const views = (await concernViews(this.db, records, this.zone, this.now())).map(summaryOf);
    return { concerns: urgent ? mostUrgentFirst(views) : views, zone: this.zone };
  }

  /**
   * A concern of the station with its record: to its merchant, or to the station's staff; to anyone else, and
   * on another station's page, it does not exist.
   */
  async one(station: string, id: string, viewer: { merchantId: string } | 'staff'): Promise<ConcernView | null> {
    const c = await getConcern(this.db, station, id);
    if (!c || (viewer !== 'staff' && c.merchant.id !== viewer.merchantId)) return null;
    const [view] = await concernViews(this.db, [c], this.zone, this.now());
    return view ?? null;
  }

  /** A deadline was just set: the check looks at it when it comes, if it comes before the one it waits for. */
  private expectDeadline(at: number): void {
    if (this.nextDue === null || at < this.nextDue) this.nextDue = at;
  }

  /**
   * Mark every deadline passed by now on the station's clock and tell the officers on duty, each concern once
   * per deadline; returns how many were marked.
   */
  async checkDue(): Promise<number> {
    const late = await markLate(this.db, this.now());
    for (const l of late) await this.announceLate(l.id, l.deadline);
    this.nextDue = await nextDeadline(this.db);
    return late.length;
  }

  private async announceLate(id: string, deadline: ConcernDeadline): Promise<void> {
    const c = await concernAnywhere(this.db, id);
    if (!c) return;
    await recordAudit(this.db, {
      actorKind: 'station',
      actorId: null,
      action: 'concern.overdue',
      targetKind: 'concern',
      targetId: id,
      detail: { number: c.number, deadline, station: c.station },
    });
    log.info('concern.overdue', { concern: id, number: c.number, station: c.station, deadline });
    this.changed.emit({
      station: c.station,
      merchantId: c.merchant.id,
      notice: { id, number: c.number, status: c.status, change: 'overdue', overdue: deadline },
      actorId: null,
    });
  }

  /**
   * Watch the deadlines: every CONCERN_DUE_CHECK_MS the station's clock is compared with the next deadline in
   * memory, and storage is asked only when one has come (and every CONCERN_DEADLINE_REFRESH_MS for deadlines
   * set by another process). The returned stop waits for a check under way.
   */
  startWatching(): () => Promise<void> {
    let running: Promise<void> | null = null;
    let refreshedAt = 0;
    const run = () => {
      if (running) return;
      const refresh = Date.now() - refreshedAt >= CONCERN_DEADLINE_REFRESH_MS;
      if (!refresh && (this.nextDue === null || this.now() < this.nextDue)) return;
      if (refresh) refreshedAt = Date.now();
      running = this.checkDue()
        .then(() => undefined)
        .catch((err: unknown) => log.warn('concerns.check_failed', { reason: String(err) }))
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(run, CONCERN_DUE_CHECK_MS);
    timer.unref();
    run();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}

/** What a step's entry keeps, by kind: exactly the fields people read back. */
function detailOf(
  step: ConcernStepInput,
  assignTo: string | null,
  assigneeName: string | null,
): Record<string, unknown> {
  switch (step.kind) {
    case ConcernStep.assign:
      return { assignee: { id: assignTo, name: assigneeName }, text: step.text };
    case ConcernStep.note:
    case ConcernStep.reply:
      return { text: step.text };
    case ConcernStep.bookVisit:
      return { visit: { date: step.date, from: step.from, to: step.to }, text: step.text };
    case ConcernStep.refer:
      return { department: step.department, reason: step.reason };
    case ConcernStep.confirm:
      return { comment: step.comment };
    case ConcernStep.reopen:
      return { reason: step.reason };
  }
}
