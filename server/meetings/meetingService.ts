import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  DEFAULT_OPEN_MINUTES,
  type MeetingSummary,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import { agendaWithFollowUps } from '../domain/meeting.ts';
import { zonedInstant } from '../domain/visits.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  getMeeting,
  invitablePeople,
  meetingsOf,
  saveMeeting,
  setMeetingStatus,
  upcomingMeetings,
  type MeetingRecord,
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
  private events = new EventEmitter();
  private db: Db;
  private timeZone: string;
  private openMinutes: number;

  constructor(db: Db, timeZone: string, openMinutes = DEFAULT_OPEN_MINUTES) {
    this.db = db;
    this.timeZone = timeZone;
    this.openMinutes = openMinutes;
  }

  onChanged(fn: (c: MeetingChange) => void): () => void {
    this.events.on('changed', fn);
    return () => this.events.off('changed', fn);
  }

  summary(m: MeetingRecord): MeetingSummary {
    return { ...m, opensAt: new Date(Date.parse(m.startsAt) - this.openMinutes * 60_000).toISOString() };
  }

  private announce(m: MeetingRecord, before: string[] = []): void {
    const people = new Set([m.hostId, ...m.invitees.map((i) => i.id), ...before]);
    this.events.emit('changed', { meeting: this.summary(m), people: [...people] });
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
    // Action items are recorded with the minutes; until then a series carries no follow-ups over.
    const agenda = agendaWithFollowUps(
      input.agenda.map((title) => ({ title })),
      [],
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
    const m = await getMeeting(this.db, id);
    if (!m) return { ok: false, error: 'not_found' };
    if (m.hostId !== hostId) return { ok: false, error: 'not_host' };
    if (m.status !== 'scheduled') return { ok: false, error: 'finished' };
    await setMeetingStatus(this.db, id, 'cancelled');
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: hostId,
      action: 'meeting.cancel',
      targetKind: 'meeting',
      targetId: id,
    });
    const done = (await getMeeting(this.db, id))!;
    this.announce(done);
    return { ok: true, value: this.summary(done) };
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
    }));
  }

  people() {
    return invitablePeople(this.db);
  }
}
