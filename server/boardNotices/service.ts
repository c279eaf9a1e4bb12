import { randomUUID } from 'node:crypto';
import {
  boardOrder,
  isCurrent,
  NOTICE_LIVE_MAX,
  NoticeAction,
  noticeActionSchema,
  type NoticeCategory,
  type NoticeChangedNotice,
  type NoticeFields,
  type NoticeList,
  NoticeRefusal,
  noticeState,
  type NoticeView,
  parseNoticeForm,
} from '../../shared/boardNotices.ts';
import { stationDay } from '../../shared/dates.ts';
import { ok, refused, type Ok, type Refused } from '../../shared/result.ts';
import { Channel, type NewsRelay } from '../events.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  countLive,
  getNotice,
  insertNotice,
  liveNotices,
  markRead,
  readBy,
  retireNotice,
  setPinned,
  updateNotice,
  type NoticeRecord,
} from './store.ts';

export type NoticeFailure = Refused<NoticeRefusal, { fields?: NoticeFields; limit?: { live: number } }>;
export type NoticeResult<T> = Ok<T> | NoticeFailure;

/** What the station decides about its notice board (server/config.ts names each setting). */
export interface NoticeSettings {
  timeZone: string;
  categories: readonly NoticeCategory[];
  /** The station's clock, ms since the epoch; the wall clock unless a test moves its own. */
  now?: () => number;
}

/** Who reads the board: their id (for read marks) and whether they keep it (officers, admins). */
export interface NoticeReader {
  id: string;
  keeper: boolean;
}

/** A change to tell the hall: the notice as it was before (null when new) and as it is now. */
export interface NoticeNews {
  before: NoticeRecord | null;
  after: NoticeRecord;
}

/**
 * The station's notice board: officers post, edit, pin and retire notices, each change written to the audit
 * log and announced (`onChanged`) so the hall tells everyone at once; everyone reads the current ones, with a
 * read mark of their own.
 */
export class NoticeService {
  private readonly changed = new Channel<NoticeNews>();
  private readonly db: Db;
  private readonly settings: NoticeSettings;
  readonly now: () => number;

  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.changed.share(relay, 'notices');
  }

  constructor(db: Db, settings: NoticeSettings) {
    this.db = db;
    this.settings = settings;
    this.now = settings.now ?? Date.now;
  }

  onChanged(fn: (news: NoticeNews) => void): () => void {
    return this.changed.on(fn);
  }

  private today(): string {
    return stationDay(this.now(), this.settings.timeZone);
  }

  /** A stored notice as this reader is shown it, or null when they may not see it now. */
  viewFor(n: NoticeRecord, keeper: boolean, read: boolean): NoticeView | null {
    const { timeZone } = this.settings;
    const now = this.now();
    if (!keeper && !isCurrent(n, now, timeZone)) return null;
    return {
      id: n.id,
      title: n.title,
      text: n.text,
      category: n.category,
      validFrom: n.validFrom,
      validUntil: n.validUntil,
      pinned: n.pinned,
      postedAt: n.postedAt,
      updatedAt: n.updatedAt,
      state: noticeState(n, now, timeZone),
      read,
    };
  }

  /**
   * What a change tells one person, or null when it tells them nothing: keepers always hear; others only of a
   * notice that shows to them now or did before the change (then `notice` is null: it leaves their list).
   */
  noticeFor(news: NoticeNews, keeper: boolean): NoticeChangedNotice | null {
    const view = this.viewFor(news.after, keeper, false);
    if (view) return { id: news.after.id, notice: view };
    const { timeZone } = this.settings;
    if (news.before && isCurrent(news.before, this.now(), timeZone)) return { id: news.after.id, notice: null };
    return null;
  }

  /** The board for this reader: keepers see upcoming, ended and retired ones too; pinned first, then newest. */
  async list(station: string, reader: NoticeReader): Promise<NoticeList> {
    const records = await liveNotices(this.db, station, this.today(), reader.keeper);
    const read = await readBy(
      this.db,
      reader.id,
      records.map((r) => r.id),
    );
    const notices = records
      .map((r) => this.viewFor(r, reader.keeper, read.has(r.id)))
      .filter((v): v is NoticeView => v !== null)
      .sort(boardOrder);
    return { notices, categories: [...this.settings.categories] };
  }

  /** An officer posts a notice on their station's board. */
  async post(station: string, officerId: string, input: unknown): Promise<NoticeResult<NoticeView>> {
    const parsed = parseNoticeForm(input, this.today(), this.settings.categories);
    if (!parsed.ok) return refused(NoticeRefusal.invalidInput, { fields: parsed.fields });
    if ((await countLive(this.db, station)) >= NOTICE_LIVE_MAX)
      return refused(NoticeRefusal.tooMany, { limit: { live: NOTICE_LIVE_MAX } });
    const id = randomUUID();
    const at = this.now();
    await this.db.transaction(async (tx) => {
      await insertNotice(tx, station, id, parsed.form, officerId, at);
      // Its author has read it: it is new to everyone else.
      await markRead(tx, officerId, id);
      await recordAudit(tx, {
        actorKind: 'staff',
        actorId: officerId,
        action: 'notice.post',
        targetKind: 'notice',
        targetId: id,
        detail: { ...parsed.form, station },
      });
    });
    return this.told(station, officerId, null, id);
  }

  /** An officer rewrites a notice not retired. */
  async edit(station: string, officerId: string, id: string, input: unknown): Promise<NoticeResult<NoticeView>> {
    const before = await getNotice(this.db, station, id);
    if (!before) return refused(NoticeRefusal.notFound);
    if (before.retired) return refused(NoticeRefusal.retired);
    const parsed = parseNoticeForm(input, this.today(), this.settings.categories);
    if (!parsed.ok) return refused(NoticeRefusal.invalidInput, { fields: parsed.fields });
    await this.db.transaction(async (tx) => {
      await updateNotice(tx, id, parsed.form, this.now());
      await recordAudit(tx, {
        actorKind: 'staff',
        actorId: officerId,
        action: 'notice.edit',
        targetKind: 'notice',
        targetId: id,
        detail: { ...parsed.form },
      });
    });
    return this.told(station, officerId, before, id);
  }

  /** An officer pins, unpins or retires a notice. */
  async act(station: string, officerId: string, id: string, input: unknown): Promise<NoticeResult<NoticeView>> {
    const body = noticeActionSchema.safeParse(input);
    if (!body.success) return refused(NoticeRefusal.invalidInput, { fields: { action: 'invalid_choice' } });
    const before = await getNotice(this.db, station, id);
    if (!before) return refused(NoticeRefusal.notFound);
    if (before.retired) return refused(NoticeRefusal.retired);
    const { action } = body.data;
    const at = this.now();
    await this.db.transaction(async (tx) => {
      if (action === NoticeAction.retire) await retireNotice(tx, id, at);
      else await setPinned(tx, id, action === NoticeAction.pin, at);
      await recordAudit(tx, {
        actorKind: 'staff',
        actorId: officerId,
        action: `notice.${action}`,
        targetKind: 'notice',
        targetId: id,
      });
    });
    return this.told(station, officerId, before, id);
  }

  /** Someone has read a notice they may see; marking one they may not see says it does not exist. */
  async markRead(station: string, reader: NoticeReader, id: string): Promise<NoticeResult<{ id: string }>> {
    const n = await getNotice(this.db, station, id);
    if (!n || !this.viewFor(n, reader.keeper, true)) return refused(NoticeRefusal.notFound);
    await markRead(this.db, reader.id, id);
    return ok({ id });
  }

  /** Announce the change, and answer the officer with the notice as it now stands. */
  private async told(
    station: string,
    officerId: string,
    before: NoticeRecord | null,
    id: string,
  ): Promise<NoticeResult<NoticeView>> {
    const after = await getNotice(this.db, station, id);
    if (!after) return refused(NoticeRefusal.notFound);
    this.changed.emit({ before, after });
    const read = await readBy(this.db, officerId, [id]);
    return ok(this.viewFor(after, true, read.has(id)) as NoticeView);
  }
}
