import { randomUUID } from 'node:crypto';
import {
  DEFAULT_OPEN_MINUTES,
  type ActionItemInput,
  type MeetingMinutes,
  type MinutesInput,
  type MeetingSummary,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import { agendaWithFollowUps, type ActionItem } from '../domain/meeting.ts';
import { Channel } from '../events.ts';
import { zonedInstant } from '../domain/visits.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  actionsOfMeeting,
  addAction,
  getAction,
  getMeeting,
  invitablePeople,
  loadRun,
  meetingsOf,
  minutesItems,
  openActionsOfSeries,
  publishedAt,
  publishMeeting,
  saveMeeting,
  saveRun,
  saveMinutesItem,
  setActionStatus,
  setMeetingRoles,
  setMeetingStatus,
  upcomingMeetings,
  type ActionRow,
  type MeetingRecord,
  type SavedRun,
} from '../store/meetingRepo.ts';

export type MeetingError = 'not_found' | 'not_host' | 'invalid_invitee' | 'in_past' | 'finished';
export type MeetingResult<T> = { ok: true; value: T } | { ok: false; error: MeetingError };

export interface MeetingChange {
  meeting: MeetingSummary;
  /** Everyone who should hear of it: the host and the invitees, before and after the change. */
  people: string[];
}

/**
 * Scheduling three-party sessions: a park manager sets the title, time, length, agenda and who is invited
 * by party; edits and cancellations reach every invitee at once. A session in a series opens with the
 * previous session's open action items (see domain/meeting.ts).
 */
export class MeetingService {
  private changed = new Channel<MeetingChange>();
  private db: Db;
  private timeZone: string;
  private openMinutes: number;

  constructor(db: Db, timeZone: string, openMinutes = DEFAULT_OPEN_MINUTES) {
    this.db = db;
    this.timeZone = timeZone;
    this.openMinutes = openMinutes;
  }

  onChanged(fn: (c: MeetingChange) => void): () => void {
    return this.changed.on(fn);
  }

  summary(m: MeetingRecord): MeetingSummary {
    return { ...m, opensAt: new Date(Date.parse(m.startsAt) - this.openMinutes * 60_000).toISOString() };
  }

  private announce(m: MeetingRecord, before: string[] = []): void {
    const people = new Set([m.hostId, ...m.invitees.map((i) => i.id), ...before]);
    this.changed.emit({ meeting: this.summary(m), people: [...people] });
  }

  /** Each invitee must be a person of the party they are invited for. */
  private async checkInvitees(input: ScheduleMeetingInput): Promise<boolean> {
    const known = new Map((await invitablePeople(this.db)).map((p) => [p.id, p.party]));
    return input.invitees.every((i) => known.get(i.id) === i.party);
  }

  async schedule(
    hostId: string,
    input: ScheduleMeetingInput,
    now = Date.now(),
  ): Promise<MeetingResult<MeetingSummary>> {
    return this.save(hostId, randomUUID(), input, now);
  }

  async edit(
    hostId: string,
    id: string,
    input: ScheduleMeetingInput,
    now = Date.now(),
  ): Promise<MeetingResult<MeetingSummary>> {
    const current = await getMeeting(this.db, id);
    if (!current) return { ok: false, error: 'not_found' };
    if (current.hostId !== hostId) return { ok: false, error: 'not_host' };
    if (current.status !== 'scheduled') return { ok: false, error: 'finished' };
    return this.save(
      hostId,
      id,
      { ...input, seriesId: current.seriesId },
      now,
      current.invitees.map((i) => i.id),
    );
  }

  private async save(
    hostId: string,
    id: string,
    input: ScheduleMeetingInput,
    now: number,
    before: string[] = [],
  ): Promise<MeetingResult<MeetingSummary>> {
    const startsAt = zonedInstant(input.date, input.time, this.timeZone);
    if (!(startsAt > now)) return { ok: false, error: 'in_past' };
    if (!(await this.checkInvitees(input))) return { ok: false, error: 'invalid_invitee' };
    const seriesId = input.seriesId ?? id;
    // A later session of a series opens with the earlier sessions' open action items.
    const open = await openActionsOfSeries(this.db, seriesId, id);
    const agenda = agendaWithFollowUps(
      input.agenda.map((title) => ({ title })),
      open.map(toActionItem),
    );
    await saveMeeting(this.db, {
      id,
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
    });
    const m = (await getMeeting(this.db, id))!;
    this.announce(m, before);
    return { ok: true, value: this.summary(m) };
  }

  async cancel(hostId: string, id: string): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      'meeting.cancel',
      (m) => {
        if (m.hostId !== hostId) return 'not_host';
        return m.status === 'scheduled' ? null : 'finished';
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
    action: string,
    refusal: (m: MeetingRecord) => MeetingError | null,
    store: () => Promise<void>,
  ): Promise<MeetingResult<MeetingSummary>> {
    const m = await getMeeting(this.db, id);
    if (!m) return { ok: false, error: 'not_found' };
    const error = refusal(m);
    if (error) return { ok: false, error };
    await store();
    await recordAudit(this.db, { actorKind: 'staff', actorId, action, targetKind: 'meeting', targetId: id });
    const changed = (await getMeeting(this.db, id))!;
    this.announce(changed);
    return { ok: true, value: this.summary(changed) };
  }

  /** "My meetings": sessions this person hosts or is invited to, from a day ago on. */
  async mine(personId: string, now = Date.now()): Promise<MeetingSummary[]> {
    return (await meetingsOf(this.db, personId, new Date(now - 86_400_000).toISOString())).map((m) => this.summary(m));
  }

  /** The notice board: what and when, never who is invited. */
  async board(now = Date.now()): Promise<PublicMeeting[]> {
    return (await upcomingMeetings(this.db, new Date(now - 3 * 3_600_000).toISOString())).map((m) => ({
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

  people() {
    return invitablePeople(this.db);
  }

  /** The chair: the host and co-hosts; writers of minutes: the chair and the secretaries. */
  /** Co-hosts and secretaries count only while they are still invited. */
  private roleOf(m: MeetingRecord, personId: string): 'chair' | 'secretary' | 'invitee' | null {
    if (m.hostId === personId) return 'chair';
    if (!m.invitees.some((i) => i.id === personId)) return null;
    if (m.coHostIds.includes(personId)) return 'chair';
    return m.secretaryIds.includes(personId) ? 'secretary' : 'invitee';
  }

  /**
   * The host names co-hosts from the invited staff (a co-host chairs: a merchant representative is a party
   * to the talk, not its chair) and secretaries from any invitees.
   */
  async setRoles(
    hostId: string,
    id: string,
    roles: { coHostIds: string[]; secretaryIds: string[] },
  ): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      'meeting.roles',
      (m) => {
        if (m.hostId !== hostId) return 'not_host';
        if (m.status === 'ended' || m.status === 'cancelled') return 'finished';
        const party = new Map(m.invitees.map((i) => [i.id, i.party]));
        const staff = (p: string) => party.has(p) && party.get(p) !== 'merchant';
        const fits = roles.coHostIds.every(staff) && roles.secretaryIds.every((p) => party.has(p));
        return fits ? null : 'invalid_invitee';
      },
      () => setMeetingRoles(this.db, id, roles),
    );
  }

  /** The session as its meeting room needs it: the record and where a running session stood. */
  async forRoom(id: string): Promise<{ meeting: MeetingSummary; run: SavedRun | null } | null> {
    const m = await getMeeting(this.db, id);
    return m ? { meeting: this.summary(m), run: await loadRun(this.db, id) } : null;
  }

  /** The chair starts the session: it is under way for the board and for "My meetings". */
  async start(chairId: string, id: string): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      chairId,
      id,
      'meeting.start',
      (m) => {
        if (this.roleOf(m, chairId) !== 'chair') return 'not_host';
        return m.status === 'scheduled' ? null : 'finished';
      },
      () => setMeetingStatus(this.db, id, 'running'),
    );
  }

  /** Keep where a running session stands (its room saves it at every move of the chair). */
  keepRun(id: string, run: SavedRun): Promise<void> {
    return saveRun(this.db, id, run);
  }

  /** The session, if this person may write its minutes now (chair or secretary, not yet published). */
  private async writable(personId: string, id: string): Promise<MeetingResult<MeetingRecord>> {
    const m = await getMeeting(this.db, id);
    if (!m) return { ok: false, error: 'not_found' };
    const role = this.roleOf(m, personId);
    if (role !== 'chair' && role !== 'secretary') return { ok: false, error: 'not_host' };
    if (m.status === 'cancelled' || (await publishedAt(this.db, id))) return { ok: false, error: 'finished' };
    return { ok: true, value: m };
  }

  /** Save one agenda item's minutes as they are written; nothing is lost on a reload or a restart. */
  async writeMinutes(
    personId: string,
    id: string,
    agendaIndex: number,
    input: MinutesInput,
  ): Promise<MeetingResult<MeetingMinutes>> {
    const w = await this.writable(personId, id);
    if (!w.ok) return w;
    const m = w.value;
    if (agendaIndex >= m.agenda.length) return { ok: false, error: 'not_found' };
    await saveMinutesItem(this.db, {
      meetingId: id,
      agendaIndex,
      text: input.text,
      decisions: input.decisions,
      by: personId,
    });
    return { ok: true, value: await this.minutesOf(m) };
  }

  async addAction(personId: string, id: string, input: ActionItemInput): Promise<MeetingResult<MeetingMinutes>> {
    const w = await this.writable(personId, id);
    if (!w.ok) return w;
    const m = w.value;
    const owner =
      m.invitees.find((i) => i.id === input.ownerId) ??
      (input.ownerId === m.hostId ? { party: 'property' } : undefined);
    if (!owner || owner.party !== input.party || input.agendaIndex >= m.agenda.length) {
      return { ok: false, error: 'invalid_invitee' };
    }
    await addAction(this.db, { id: randomUUID(), meetingId: id, seriesId: m.seriesId, ...input });
    return { ok: true, value: await this.minutesOf(m) };
  }

  /** An action item's owner, or whoever chaired its session, marks it done (or open again). */
  async setActionStatus(personId: string, actionId: string, status: 'open' | 'done'): Promise<MeetingResult<true>> {
    const a = await getAction(this.db, actionId);
    if (!a) return { ok: false, error: 'not_found' };
    const m = (await getMeeting(this.db, a.meeting_id))!;
    if (a.owner_id !== personId && this.roleOf(m, personId) !== 'chair') return { ok: false, error: 'not_host' };
    await setActionStatus(this.db, actionId, status);
    return { ok: true, value: true };
  }

  /** The host ends the session: its minutes are published to everyone who took part. */
  async end(hostId: string, id: string): Promise<MeetingResult<MeetingSummary>> {
    return this.change(
      hostId,
      id,
      'meeting.end',
      (m) => {
        if (this.roleOf(m, hostId) !== 'chair') return 'not_host';
        return m.status === 'cancelled' || m.status === 'ended' ? 'finished' : null;
      },
      () => publishMeeting(this.db, id),
    );
  }

  /** Minutes: to the chair and secretaries while written, to every participant once published. */
  async minutes(personId: string, id: string): Promise<MeetingResult<MeetingMinutes>> {
    const m = await getMeeting(this.db, id);
    if (!m) return { ok: false, error: 'not_found' };
    const role = this.roleOf(m, personId);
    if (!role) return { ok: false, error: 'not_found' };
    if (role === 'invitee' && !(await publishedAt(this.db, id))) return { ok: false, error: 'not_host' };
    return { ok: true, value: await this.minutesOf(m) };
  }

  private async minutesOf(m: MeetingRecord): Promise<MeetingMinutes> {
    const written = new Map((await minutesItems(this.db, m.id)).map((r) => [r.agenda_index, r]));
    return {
      meetingId: m.id,
      items: m.agenda.map((a, i) => ({
        agendaIndex: i,
        title: a.title,
        text: written.get(i)?.text ?? '',
        decisions: written.get(i)?.decisions ?? [],
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
    };
  }
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

/** The published minutes as Markdown, for taking away. */
export function minutesMarkdown(meeting: MeetingSummary, minutes: MeetingMinutes, timeZone: string): string {
  const held = new Date(meeting.startsAt).toLocaleString('zh-CN', { timeZone, dateStyle: 'long', timeStyle: 'short' });
  const lines = [`# ${meeting.title}`, '', `- 时间：${held}`, `- 主持：${meeting.hostName}`, ''];
  for (const item of minutes.items) {
    lines.push(`## ${item.agendaIndex + 1}. ${item.title}`, '');
    if (item.text) lines.push(item.text, '');
    for (const d of item.decisions) lines.push(`- 决定：${d}`);
    const actions = minutes.actions.filter((a) => a.agendaIndex === item.agendaIndex);
    for (const a of actions) lines.push(`- [${a.status === 'done' ? 'x' : ' '}] ${a.what}（${a.ownerName}，${a.due}）`);
    lines.push('');
  }
  return lines.join('\n');
}
