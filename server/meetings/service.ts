import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { createHash, randomUUID } from 'node:crypto';
import {
  DEFAULT_OPEN_MINUTES,
  MeetingError,
  PAST_DAYS,
  PAST_MAX,
  stationClock,
  type ActionItemInput,
  type FollowUp,
  type MeetingMinutes,
  type MeetingParty,
  type MeetingSummary,
  type MeetingUninvitedNotice,
  type MinutesClash,
  type MinutesInput,
  type MyMeetings,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import { CHAT_HISTORY, type MeetingChatLine } from '../../shared/meetingRoom.ts';
import {
  chairs,
  mayContinueSeries,
  mayReadMinutes,
  mayUpdateAction,
  mayWriteMinutes,
  plans,
  takesPart,
} from '../../shared/meetingRules.ts';
import type { Result } from '../../shared/result.ts';
import { actionOwners, agendaWithFollowUps, refreshFollowUps, type ActionItem, type Attendee } from './rules.ts';
import { Channel, type NewsRelay } from '../events.ts';
import { stationInstant } from '../../shared/workingDays.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  actionsOfMeeting,
  addAction,
  chatOf,
  getAction,
  getMeeting,
  hasWritten,
  existingMerchants,
  invitablePeople,
  merchantNamedExactly,
  loadRun,
  lockMeeting,
  meetingsOf,
  minutesItems,
  openActionsOfSeries,
  openActionsOwnedBy,
  pastMeetingsOf,
  publishedAt,
  publishMeeting,
  saveLive,
  saveMeeting,
  saveMinutesItem,
  seriesSessions,
  setActionStatus,
  setAgenda,
  setMeetingRoles,
  setMeetingStatus,
  upcomingMeetings,
  type ActionRow,
  type MeetingRecord,
  type SavedRun,
} from './store.ts';

export type MeetingResult<T> = Result<T, MeetingError, { fields?: MinutesClash }>;

export interface MeetingChange {
  /** The session as it now stands; to someone dropped from the invitation, only which session it was. */
  meeting: MeetingSummary | MeetingUninvitedNotice;
  /** Who should hear of it: the host and the invitees; or those just dropped from the invitation. */
  people: string[];
  /** The station the session belongs to: only that station's hall passes the news on. */
  station: string;
}

/**
 * The station a request is for, when it comes from a station's page: a session of another station is not
 * found there. Undefined for callers that are not a page (the meeting room, which checked the station at its
 * door; the command line).
 */
export type StationScope = string | undefined;

/** Whether a session may be seen and acted on from this station's page. */
function inStation(m: MeetingRecord | null, station: StationScope): m is MeetingRecord {
  return m !== null && (station === undefined || m.station === station);
}

/** A host action at the table, for the audit log. */
export type HostAction =
  'meeting.mute' | 'meeting.unmute' | 'meeting.remove' | 'meeting.floor' | 'meeting.next_item' | 'meeting.discussion';

/**
 * Scheduling three-party sessions: a park manager sets the title, time, length, agenda and who is invited
 * by party; edits and cancellations reach every invitee at once. A session in a series opens with the
 * previous session's open action items (see rules.ts).
 */
export class MeetingService {
  private changed = new Channel<MeetingChange>();
  private sessions = new Channel<MeetingSummary>();
  private db: Db;
  private timeZone: string;
  private openMinutes: number;

  /** Its news reaches the rooms of the deployment's other processes too (several processes on Redis). */
  shareNews(relay: NewsRelay): void {
    this.changed.share(relay, 'meetings');
    this.sessions.share(relay, 'meetings.sessions');
  }

  constructor(db: Db, timeZone: string, openMinutes = DEFAULT_OPEN_MINUTES) {
    this.db = db;
    this.timeZone = timeZone;
    this.openMinutes = openMinutes;
  }

  /** News for people (the hall passes it on): each hears what they may know of the change. */
  onChanged(fn: (c: MeetingChange) => void): () => void {
    return this.changed.on(fn);
  }

  /** The session as stored after every change, for its meeting room. */
  onSession(fn: (m: MeetingSummary) => void): () => void {
    return this.sessions.on(fn);
  }

  summary(m: MeetingRecord): MeetingSummary & { station: string } {
    const wall = stationClock(m.startsAt, this.timeZone);
    return {
      ...m,
      opensAt: new Date(Date.parse(m.startsAt) - this.openMinutes * 60_000).toISOString(),
      stationDate: wall.date,
      stationTime: wall.time,
    };
  }

  /**
   * Those still invited hear the whole session; someone just dropped from the invitation hears only which
   * session it was and that they are no longer on it — not who else is invited, nor the agenda.
   */
  private announce(m: MeetingRecord, before: string[] = []): void {
    const summary = this.summary(m);
    const people = new Set([m.hostId, ...m.invitees.map((i) => i.id)]);
    this.sessions.emit(summary);
    this.changed.emit({ meeting: summary, people: [...people], station: m.station });
    const dropped = [...new Set(before)].filter((p) => !people.has(p));
    if (dropped.length)
      this.changed.emit({ meeting: { id: m.id, title: m.title, removed: true }, people: dropped, station: m.station });
  }

  /**
   * Each invitee must be a person of the party they are invited for: staff of the session's station, and
   * merchants by id — the host had it from the station's list or from someone who knows the merchant.
   */
  private async checkInvitees(input: ScheduleMeetingInput, station: string): Promise<boolean> {
    const staff = new Map((await invitablePeople(this.db, station)).map((p) => [p.id, p.party]));
    const merchants = await existingMerchants(
      this.db,
      input.invitees.filter((i) => i.party === 'merchant').map((i) => i.id),
    );
    return input.invitees.every((i) => (i.party === 'merchant' ? merchants.has(i.id) : staff.get(i.id) === i.party));
  }

  /**
   * A new session; with `seriesId`, the next of a series, which opens with the series' open action items.
   * Only someone who chairs a session of that series may continue it (mayContinueSeries): the follow-ups
   * name owners and due dates that would otherwise reach people the series never included.
   */
  async schedule(
    hostId: string,
    input: ScheduleMeetingInput,
    now = Date.now(),
    station = DEFAULT_STATION_SLUG,
  ): Promise<MeetingResult<MeetingSummary>> {
    // A series continues in its own station: another station's sessions of it do not count.
    if (input.seriesId && !mayContinueSeries(await seriesSessions(this.db, input.seriesId, station), hostId)) {
      return { ok: false, error: MeetingError.invalidSeries };
    }
    return this.save(hostId, randomUUID(), input, now, [], station);
  }

  async edit(
    hostId: string,
    id: string,
    input: ScheduleMeetingInput,
    now = Date.now(),
    station?: StationScope,
  ): Promise<MeetingResult<MeetingSummary>> {
    const current = await getMeeting(this.db, id);
    if (!inStation(current, station)) return { ok: false, error: MeetingError.notFound };
    if (!plans(current, hostId)) return { ok: false, error: MeetingError.notHost };
    if (current.status !== 'scheduled') return { ok: false, error: MeetingError.finished };
    return this.save(
      hostId,
      id,
      { ...input, seriesId: current.seriesId },
      now,
      current.invitees.map((i) => i.id),
      current.station,
    );
  }

  private async save(
    hostId: string,
    id: string,
    input: ScheduleMeetingInput,
    now: number,
    before: string[] = [],
    /** The station a new session belongs to; a session keeps its station when edited. */
    station = DEFAULT_STATION_SLUG,
  ): Promise<MeetingResult<MeetingSummary>> {
    const startsAt = stationInstant(input.date, input.time, this.timeZone);
    if (!(startsAt > now)) return { ok: false, error: MeetingError.inPast };
    if (!(await this.checkInvitees(input, station))) return { ok: false, error: MeetingError.invalidInvitee };
    const seriesId = input.seriesId ?? id;
    // A later session of a series opens with the earlier sessions' open action items.
    const open = await openActionsOfSeries(this.db, seriesId, id);
    const agenda = agendaWithFollowUps(
      input.agenda.map((title) => ({ title })),
      open.map(toActionItem),
    );
    await saveMeeting(this.db, {
      id,
      station,
      seriesId,
      hostId,
      title: input.title,
      startsAt: new Date(startsAt).toISOString(),
      minutes: input.minutes,
      agenda,
      invitees: input.invitees,
    });
    if (before.length) {
      // Someone dropped from the invitation no longer chairs or writes the minutes.
      const current = await getMeeting(this.db, id);
      const still = new Set(input.invitees.map((i) => i.id));
      if (current && [...current.coHostIds, ...current.secretaryIds].some((p) => !still.has(p))) {
        await setMeetingRoles(this.db, id, {
          coHostIds: current.coHostIds.filter((p) => still.has(p)),
          secretaryIds: current.secretaryIds.filter((p) => still.has(p)),
        });
      }
    }
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: hostId,
      action: before.length ? 'meeting.edit' : 'meeting.schedule',
      targetKind: 'meeting',
      targetId: id,
      detail: { station },
    });
    const m = (await getMeeting(this.db, id))!;
    this.announce(m, before);
    return { ok: true, value: this.summary(m) };
  }

  async cancel(hostId: string, id: string, station?: StationScope): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      station,
      'meeting.cancel',
      (m) => {
        if (!plans(m, hostId)) return MeetingError.notHost;
        return m.status === 'scheduled' ? null : MeetingError.finished;
      },
      () => setMeetingStatus(this.db, id, 'cancelled'),
    );
  }

  /**
   * One change of a session's state by its host or chair: checked, stored, audited, then announced to
   * everyone concerned, who read it as stored.
   */
  private async change(
    actorId: string,
    id: string,
    station: StationScope,
    action: string,
    refusal: (m: MeetingRecord) => MeetingError | null,
    store: () => Promise<void>,
  ): Promise<MeetingResult<MeetingSummary>> {
    const m = await getMeeting(this.db, id);
    if (!inStation(m, station)) return { ok: false, error: MeetingError.notFound };
    const error = refusal(m);
    if (error) return { ok: false, error };
    await store();
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId,
      action,
      targetKind: 'meeting',
      targetId: id,
      detail: { station: m.station },
    });
    const changed = (await getMeeting(this.db, id))!;
    this.announce(changed);
    return { ok: true, value: this.summary(changed) };
  }

  /**
   * "My meetings": sessions this person hosts or is invited to from a day ago on and not ended; ended ones
   * (also those they sat in on) most recent first, so published minutes stay within reach; and their own
   * open action items from published minutes. On a station's page, that station's sessions only.
   */
  async mine(personId: string, now = Date.now(), station?: StationScope): Promise<MyMeetings> {
    const only = station ?? null;
    const [coming, past, actions] = await Promise.all([
      meetingsOf(this.db, personId, new Date(now - 86_400_000).toISOString(), only),
      pastMeetingsOf(this.db, personId, new Date(now - PAST_DAYS * 86_400_000).toISOString(), PAST_MAX, only),
      openActionsOwnedBy(this.db, personId, undefined, only),
    ]);
    return {
      meetings: coming.map((m) => this.summary(m)),
      past: past.map((m) => this.summary(m)),
      actions: actions.map((a) => ({
        id: a.id,
        meetingId: a.meeting_id,
        meetingTitle: a.meeting_title,
        what: a.what,
        party: a.party,
        due: a.due,
        status: a.status,
      })),
      zone: this.timeZone,
    };
  }

  /** One session, to whoever may read its minutes: the host, the invitees and staff who sat in. */
  async one(personId: string, id: string, station?: StationScope): Promise<MeetingResult<MeetingSummary>> {
    const m = await getMeeting(this.db, id);
    if (!inStation(m, station) || !takesPart(m, await this.table(id), personId))
      return { ok: false, error: MeetingError.notFound };
    return { ok: true, value: this.summary(m) };
  }

  /** A station's notice board: what and when, never who is invited. */
  async board(now = Date.now(), station = DEFAULT_STATION_SLUG): Promise<PublicMeeting[]> {
    return (await upcomingMeetings(this.db, station, new Date(now - 3 * 3_600_000).toISOString())).map((m) => ({
      id: m.id,
      title: m.title,
      startsAt: m.startsAt,
      minutes: m.minutes,
      status: m.status,
      opensAt: this.summary(m).opensAt,
    }));
  }

  /** The station's time zone, for what the service writes out (the Markdown minutes). */
  get zone(): string {
    return this.timeZone;
  }

  /**
   * Who may be invited to a session of this station: its staff and the merchants known there; with `merchant`,
   * only the merchant that text names exactly (account id or whole phone number), wherever they were before.
   */
  people(station?: StationScope, merchant?: string) {
    if (merchant !== undefined) return merchantNamedExactly(this.db, merchant);
    return invitablePeople(this.db, station ?? null);
  }

  /**
   * The host names co-hosts from the invited staff (a co-host chairs: a merchant representative is a party
   * to the talk, not its chair) and secretaries from any invitees.
   */
  async setRoles(
    hostId: string,
    id: string,
    roles: { coHostIds: string[]; secretaryIds: string[] },
    station?: StationScope,
  ): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      station,
      'meeting.roles',
      (m) => {
        if (!plans(m, hostId)) return MeetingError.notHost;
        if (m.status === 'ended' || m.status === 'cancelled') return MeetingError.finished;
        const party = new Map(m.invitees.map((i) => [i.id, i.party]));
        const staff = (p: string) => party.has(p) && party.get(p) !== 'merchant';
        const fits = roles.coHostIds.every(staff) && roles.secretaryIds.every((p) => party.has(p));
        return fits ? null : MeetingError.invalidInvitee;
      },
      () => setMeetingRoles(this.db, id, roles),
    );
  }

  /** Who sat at a session's table and whom the chair removed, as its room last kept them. */
  private async table(id: string): Promise<{ attended: Attendee[]; removed: string[] } | null> {
    const run = await loadRun(this.db, id);
    return run ? { attended: run.attended ?? [], removed: run.removed } : null;
  }

  /** Those who sat at a session and take part in it still (see takesPart): they may own items. */
  private async attended(m: MeetingRecord) {
    const table = await this.table(m.id);
    return (table?.attended ?? []).filter((a) => takesPart(m, table, a.id));
  }

  /** Audit a host's move at the table (mute, remove, give the floor, next item), as other staff actions are. */
  recordHostAction(actorId: string, id: string, action: HostAction, detail: Record<string, unknown> = {}) {
    return recordAudit(this.db, { actorKind: 'staff', actorId, action, targetKind: 'meeting', targetId: id, detail });
  }

  /**
   * The session as its meeting room needs it: the record, where a running session stood (agenda item, floor,
   * hands, muted, removed) and the last CHAT_HISTORY lines of its chat.
   */
  async forRoom(
    id: string,
  ): Promise<{ meeting: MeetingSummary & { station: string }; run: SavedRun | null; chat: MeetingChatLine[] } | null> {
    const m = await getMeeting(this.db, id);
    if (!m) return null;
    const [run, chat] = await Promise.all([loadRun(this.db, id), chatOf(this.db, id, CHAT_HISTORY)]);
    return { meeting: this.summary(m), run, chat };
  }

  /**
   * The chair starts the session: it is under way for the board and for "My meetings". Its follow-ups are
   * worked out again first (items closed since the planning drop out, those of an earlier session that ended
   * since come in) — unless minutes or action items were already written against its agenda's numbering.
   * The check, the new agenda and the start happen under the session's row lock, which every save of minutes
   * or action items also takes: a save lands either before (and the agenda stays) or after the new agenda.
   */
  async start(chairId: string, id: string): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      chairId,
      id,
      undefined,
      'meeting.start',
      (m) => {
        if (!chairs(m, chairId)) return MeetingError.notHost;
        return m.status === 'scheduled' ? null : MeetingError.finished;
      },
      () =>
        this.db.transaction(async (tx) => {
          const locked = await lockMeeting(tx, id, 'update');
          if (locked?.status !== 'scheduled') return;
          if (!(await hasWritten(tx, id))) {
            const m = (await getMeeting(tx, id))!;
            const open = await openActionsOfSeries(tx, m.seriesId, id);
            await setAgenda(tx, id, refreshFollowUps(locked.agenda, open.map(toActionItem)));
          }
          await setMeetingStatus(tx, id, 'running');
        }),
    );
  }

  /**
   * Run `save` under the session's row lock, if the agenda item it is written for is still where the writer
   * saw it and the minutes are still open; 'moved' when the agenda changed under them, 'finished' when the
   * session was cancelled or its minutes published meanwhile.
   */
  private underAgenda<T>(
    m: MeetingRecord,
    agendaIndex: number,
    save: (tx: Db, locked: NonNullable<Awaited<ReturnType<typeof lockMeeting>>>) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: 'moved' | 'finished' }> {
    return this.db.transaction(async (tx) => {
      const locked = await lockMeeting(tx, m.id, 'share');
      if (!locked || locked.status === 'cancelled' || locked.publishedAt)
        return { ok: false, error: MeetingError.finished };
      if (JSON.stringify(locked.agenda[agendaIndex]) !== JSON.stringify(m.agenda[agendaIndex])) {
        return { ok: false, error: 'moved' };
      }
      return { ok: true, value: await save(tx, locked) };
    });
  }

  /** What an item's minutes hold now, for a writer whose save was refused. */
  private async clash(id: string, agendaIndex: number): Promise<MeetingResult<never>> {
    const [m, items] = await Promise.all([getMeeting(this.db, id), minutesItems(this.db, id)]);
    const now = items.find((r) => r.agenda_index === agendaIndex);
    const item = m?.agenda[agendaIndex];
    return {
      ok: false,
      error: MeetingError.minutesChanged,
      fields: {
        text: now?.text ?? '',
        decisions: now?.decisions ?? [],
        version: now?.version ?? (item ? blankVersion(item, agendaIndex) : ''),
      },
    };
  }

  /**
   * Keep what changed at a running session's table (its room writes before it shows a change): the run, or
   * null when only chat lines are new, and the new lines; the session keeps its last CHAT_HISTORY lines.
   */
  keepLive(id: string, run: SavedRun | null, lines: readonly MeetingChatLine[]): Promise<void> {
    return saveLive(this.db, id, run, lines, CHAT_HISTORY);
  }

  /** The session, if this person may write its minutes now (chair or secretary, not yet published). */
  private async writable(personId: string, id: string, station: StationScope): Promise<MeetingResult<MeetingRecord>> {
    const m = await getMeeting(this.db, id);
    if (!inStation(m, station)) return { ok: false, error: MeetingError.notFound };
    if (!mayWriteMinutes(m, personId)) return { ok: false, error: MeetingError.notHost };
    if (m.status === 'cancelled' || (await publishedAt(this.db, id)))
      return { ok: false, error: MeetingError.finished };
    return { ok: true, value: m };
  }

  /**
   * Save one agenda item's minutes as they are written; nothing is lost on a reload or a restart. Two
   * writers on one item: a save based on an older version is refused with the text as it now stands.
   *
   * The first save of an item names the item it was typed for: the blank version the hall handed out with
   * it (see blankVersion), or '' — which names no item, only the agenda as planned, so it is taken only
   * while the session has not started. The agenda index alone cannot tell: a save that reaches the hall
   * after the start dropped a follow-up would otherwise land under whichever item moved up into its place.
   */
  async writeMinutes(
    personId: string,
    id: string,
    agendaIndex: number,
    input: MinutesInput,
    station?: StationScope,
  ): Promise<MeetingResult<MeetingMinutes>> {
    const w = await this.writable(personId, id, station);
    if (!w.ok) return w;
    const m = w.value;
    if (agendaIndex >= m.agenda.length) return { ok: false, error: MeetingError.notFound };
    const saved = await this.underAgenda(m, agendaIndex, (tx, locked) => {
      const item = locked.agenda[agendaIndex];
      // Read under the session's row lock, which the start's FOR UPDATE waits for: the status and the item
      // cannot change before this save commits.
      const forThisItem =
        (input.version === '' && locked.status === 'scheduled') ||
        (item !== undefined && input.version === blankVersion(item, agendaIndex));
      return saveMinutesItem(tx, {
        meetingId: id,
        agendaIndex,
        text: input.text,
        decisions: input.decisions,
        by: personId,
        version: input.version,
        create: forThisItem,
      });
    });
    if (!saved.ok && saved.error === 'finished') return { ok: false, error: MeetingError.finished };
    // The agenda moved under the writer (the start worked out its follow-ups again), or someone else saved.
    if (!saved.ok || saved.value === null) return this.clash(id, agendaIndex);
    await recordAudit(this.db, {
      actorKind: kindOf(m, personId),
      actorId: personId,
      action: 'meeting.minutes',
      targetKind: 'meeting',
      targetId: id,
      detail: { agendaIndex, station: m.station },
    });
    return { ok: true, value: await this.minutesOf(m) };
  }

  /** An action item for the host, an invitee or staff who sat in, of the party they took part as. */
  async addAction(
    personId: string,
    id: string,
    input: ActionItemInput,
    station?: StationScope,
  ): Promise<MeetingResult<MeetingMinutes>> {
    const w = await this.writable(personId, id, station);
    if (!w.ok) return w;
    const m = w.value;
    if (input.agendaIndex >= m.agenda.length) return { ok: false, error: MeetingError.notFound };
    const owner = actionOwners(m, await this.attended(m)).find((o) => o.id === input.ownerId);
    if (!owner || owner.party !== input.party) return { ok: false, error: MeetingError.invalidOwner };
    const actionId = randomUUID();
    const added = await this.underAgenda(m, input.agendaIndex, (tx) =>
      addAction(tx, { id: actionId, meetingId: id, seriesId: m.seriesId, ...input }),
    );
    if (!added.ok)
      return { ok: false, error: added.error === 'moved' ? MeetingError.minutesChanged : MeetingError.finished };
    await recordAudit(this.db, {
      actorKind: kindOf(m, personId),
      actorId: personId,
      action: 'meeting.action.add',
      targetKind: 'meeting',
      targetId: id,
      detail: { actionId, ownerId: owner.id, station: m.station },
    });
    return { ok: true, value: await this.minutesOf(m) };
  }

  /** An action item's owner, or whoever chaired its session, marks it done (or open again). */
  async setActionStatus(
    personId: string,
    actionId: string,
    status: 'open' | 'done',
    station?: StationScope,
  ): Promise<MeetingResult<true>> {
    const a = await getAction(this.db, actionId);
    const m = a ? await getMeeting(this.db, a.meeting_id) : null;
    if (!a || !inStation(m, station)) return { ok: false, error: MeetingError.notFound };
    if (!mayUpdateAction(m, { ownerId: a.owner_id }, personId)) return { ok: false, error: MeetingError.notHost };
    await setActionStatus(this.db, actionId, status);
    await recordAudit(this.db, {
      actorKind: a.owner_id === personId && a.party === 'merchant' ? 'merchant' : 'staff',
      actorId: personId,
      action: 'meeting.action.status',
      targetKind: 'meeting',
      targetId: a.meeting_id,
      detail: { actionId, status, station: m.station },
    });
    return { ok: true, value: true };
  }

  /**
   * The chair ends a running session: its minutes are published to everyone who took part. A session that
   * has not started has nothing to end or publish (it is cancelled instead), as its meeting room also says.
   */
  async end(hostId: string, id: string, station?: StationScope): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      station,
      'meeting.end',
      (m) => {
        if (!chairs(m, hostId)) return MeetingError.notHost;
        if (m.status === 'scheduled') return MeetingError.notStarted;
        return m.status === 'cancelled' || m.status === 'ended' ? MeetingError.finished : null;
      },
      () => publishMeeting(this.db, id),
    );
  }

  /** Minutes: to the chair and secretaries while written, to every participant once published. */
  async minutes(personId: string, id: string, station?: StationScope): Promise<MeetingResult<MeetingMinutes>> {
    const m = await getMeeting(this.db, id);
    if (!inStation(m, station)) return { ok: false, error: MeetingError.notFound };
    const table = await this.table(id);
    if (!takesPart(m, table, personId)) return { ok: false, error: MeetingError.notFound };
    const published = Boolean(await publishedAt(this.db, id));
    if (!mayReadMinutes(m, table, personId, published)) return { ok: false, error: MeetingError.notHost };
    return { ok: true, value: await this.minutesOf(m) };
  }

  private async minutesOf(m: MeetingRecord): Promise<MeetingMinutes> {
    const written = new Map((await minutesItems(this.db, m.id)).map((r) => [r.agenda_index, r]));
    return {
      meetingId: m.id,
      items: m.agenda.map((a, i) => ({
        agendaIndex: i,
        title: a.title,
        ...(a.followUp ? { followUp: a.followUp } : {}),
        text: written.get(i)?.text ?? '',
        decisions: written.get(i)?.decisions ?? [],
        version: written.get(i)?.version ?? blankVersion(a, i),
      })),
      actions: (await actionsOfMeeting(this.db, m.id)).map((a) => ({
        id: a.id,
        agendaIndex: a.agenda_index,
        what: a.what,
        ownerId: a.owner_id,
        ownerName: a.owner_name ?? '',
        party: a.party,
        due: a.due,
        status: a.status,
      })),
      publishedAt: await publishedAt(this.db, m.id),
      owners: actionOwners(m, await this.attended(m)),
      attendees: ((await this.table(m.id))?.attended ?? []).map(({ id, name, party }) => ({ id, name, party })),
    };
  }
}

/** Whether a person acts in a session as a merchant representative or as station staff (for the audit log). */
function kindOf(m: MeetingRecord, personId: string): 'merchant' | 'staff' {
  return m.invitees.some((i) => i.id === personId && i.party === 'merchant') ? 'merchant' : 'staff';
}

/**
 * The version of an item nothing is written for yet: which item it is, at which place on the agenda. A
 * first save names it, so the save lands only if that item is still there (the start may drop follow-ups
 * and move the items after them up); saved minutes have the time of their last save as version instead.
 */
function blankVersion(item: MeetingRecord['agenda'][number], agendaIndex: number): string {
  const digest = createHash('sha256').update(JSON.stringify([agendaIndex, item.title, item.followUpOf ?? null]));
  return `new:${digest.digest('base64url').slice(0, 32)}`;
}

function toActionItem(a: ActionRow): ActionItem {
  return {
    id: a.id,
    what: a.what,
    ownerId: a.owner_id,
    ownerName: a.owner_name ?? '',
    party: a.party,
    due: a.due,
    status: a.status,
    agendaIndex: a.agenda_index,
  };
}

const MARKDOWN = {
  zh: {
    locale: 'zh-CN',
    time: '时间',
    host: '主持',
    decision: '决定',
    attended: '出席',
    list: '、',
    person: (name: string, party: string) => `${name}（${party}）`,
    party: { officer: '执法队员', property: '物业负责人', merchant: '商户代表' },
    action: (what: string, owner: string, party: string, due: string) => `${what}（${owner}，${party}，${due}）`,
    followUp: (f: FollowUp) => `${f.what}（${f.ownerName}，${f.due}）`,
    colon: '：',
  },
  en: {
    locale: 'en-GB',
    time: 'Held',
    host: 'Chaired by',
    decision: 'Decision',
    attended: 'Attended',
    list: ', ',
    person: (name: string, party: string) => `${name} (${party})`,
    party: { officer: 'officer', property: 'property manager', merchant: 'merchant representative' },
    action: (what: string, owner: string, party: string, due: string) => `${what} (${owner}, ${party}, due ${due})`,
    followUp: (f: FollowUp) => `${f.what} (${f.ownerName}, due ${f.due})`,
    colon: ': ',
  },
} as const;

/** The published minutes as Markdown, for taking away, in the reader's language (Chinese by default). */
export function minutesMarkdown(
  meeting: MeetingSummary,
  minutes: MeetingMinutes,
  timeZone: string,
  lang: 'zh' | 'en' = 'zh',
): string {
  const w = MARKDOWN[lang];
  const held = new Date(meeting.startsAt).toLocaleString(w.locale, { timeZone, dateStyle: 'long', timeStyle: 'short' });
  const lines = [`# ${meeting.title}`, '', `- ${w.time}${w.colon}${held}`, `- ${w.host}${w.colon}${meeting.hostName}`];
  const present = minutes.attendees.map((p) => w.person(p.name, w.party[p.party]));
  if (present.length > 0) lines.push(`- ${w.attended}${w.colon}${present.join(w.list)}`);
  lines.push('');
  for (const item of minutes.items) {
    lines.push(`## ${item.agendaIndex + 1}. ${item.followUp ? w.followUp(item.followUp) : item.title}`, '');
    if (item.text) lines.push(item.text, '');
    for (const d of item.decisions) lines.push(`- ${w.decision}${w.colon}${d}`);
    const actions = minutes.actions.filter((a) => a.agendaIndex === item.agendaIndex);
    for (const a of actions) {
      const party: string = w.party[a.party as MeetingParty];
      lines.push(`- [${a.status === 'done' ? 'x' : ' '}] ${w.action(a.what, a.ownerName, party, a.due)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
