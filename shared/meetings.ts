import { idField, z } from './zod.ts';
import { isCalendarDay } from './dates.ts';

export { stationClock } from './dates.ts';
import { textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/** Three-party sessions (三方会谈): scheduling, invitations and the "My meetings" list. */

export const PARTIES = ['officer', 'property', 'merchant'] as const;
export type MeetingParty = (typeof PARTIES)[number];

export const TITLE_MAX = 60;
export const AGENDA_ITEM_MAX = 120;
export const AGENDA_MAX_ITEMS = 20;
export const INVITEES_MAX = 60;
/** The door to the meeting room opens this long before the start, by default (MEETING_OPEN_MINUTES). */
export const DEFAULT_OPEN_MINUTES = 10;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'invalid_time' });

export const scheduleMeetingSchema = z.strictObject({
  title: textField(TITLE_MAX),
  date: z.string().refine(isCalendarDay, { error: 'invalid_time' }),
  time: clock,
  /** Expected length in minutes. */
  minutes: z.number().int().min(15).max(480),
  agenda: z.array(textField(AGENDA_ITEM_MAX)).max(AGENDA_MAX_ITEMS),
  /** The person ids invited, by party; staff ids for officers and property managers, merchant ids for merchants. */
  invitees: z
    .array(z.strictObject({ id: idField(), party: z.enum(PARTIES) }))
    .max(INVITEES_MAX)
    .refine((list) => new Set(list.map((i) => i.id)).size === list.length, { error: 'duplicate_invitee' }),
  /** A later session of the same series carries over its open action items. */
  seriesId: idField().optional(),
});
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingSchema>;

/**
 * An open action item carried over from an earlier session of the series, as data: the page words it in
 * the reader's language ("what (owner, due)"), so nothing the hall adds to the person's own text is fixed
 * in one language.
 */
export interface FollowUp {
  what: string;
  ownerName: string;
  /** YYYY-MM-DD. */
  due: string;
}

/**
 * One agenda item: one the host typed, or a follow-up carried over from the series (`followUpOf` names the
 * action item, `followUp` carries its data). `title` is what is shown when there is nothing to word: the
 * host's own text, or a follow-up's `what`; follow-ups stored before they carried their data keep the
 * wording they were stored with here.
 */
export interface AgendaItem {
  title: string;
  followUpOf?: string;
  followUp?: FollowUp;
}

export interface MeetingSummary {
  id: string;
  seriesId: string;
  title: string;
  startsAt: string;
  minutes: number;
  status: 'scheduled' | 'running' | 'ended' | 'cancelled';
  hostId: string;
  hostName: string;
  /** Invitees the host named to chair with them, and to write the minutes. */
  coHostIds: string[];
  secretaryIds: string[];
  agenda: AgendaItem[];
  invitees: { id: string; name: string; party: MeetingParty }[];
  /** When the door to the meeting room opens. */
  opensAt: string;
  /** The start as the station's wall clock shows it (YYYY-MM-DD, HH:MM): what the scheduling form takes. */
  stationDate: string;
  stationTime: string;
}

/** To someone dropped from a session's invitation: only that they were, and which session (no invitees, no agenda). */
export interface MeetingUninvitedNotice {
  id: string;
  title: string;
  removed: true;
}

/** An action item as its owner sees it in "My meetings": what, by when, and the session it came from. */
export interface MyActionItem {
  id: string;
  meetingId: string;
  meetingTitle: string;
  what: string;
  party: MeetingParty;
  due: string;
  status: 'open' | 'done';
}

/** "My meetings": sessions to come (and from the last day), ended ones most recent first, my open action items. */
export interface MyMeetings {
  meetings: MeetingSummary[];
  past: MeetingSummary[];
  actions: MyActionItem[];
  /** The station's time zone: the scheduling form's dates and times are read in it. */
  zone: string;
}

/** Past sessions kept in "My meetings": at most this many, from at most PAST_DAYS back. */
export const PAST_MAX = 50;
export const PAST_DAYS = 90;

/** What the hall's notice board shows of a session: no invitee list, just what and when. */
export interface PublicMeeting {
  id: string;
  title: string;
  startsAt: string;
  minutes: number;
  status: MeetingSummary['status'];
  opensAt: string;
}

/** Why the hall refused a request about a session; the page compares against these, never against strings. */
export const MeetingError = {
  /** No such session, or none this person takes part in. */
  notFound: 'not_found',
  /** Only the host (or whoever chairs, or writes the minutes) may do this. */
  notHost: 'not_host',
  invalidInput: 'invalid_input',
  /** An invitee who is not a person of the party they are invited for, or a role for someone not invited. */
  invalidInvitee: 'invalid_invitee',
  inPast: 'in_past',
  /** The session is over (ended, cancelled) or its minutes are published. */
  finished: 'finished',
  /** The session has not started yet: there is nothing to end (it is cancelled instead). */
  notStarted: 'not_started',
  /** A series the scheduler chairs no session of. */
  invalidSeries: 'invalid_series',
  /** An action item's owner who is neither the host, an invitee nor staff who sat in (or of another party). */
  invalidOwner: 'invalid_owner',
  /**
   * Someone else saved the item's minutes since the writer read them, or the agenda moved under the writer
   * (the start worked out its follow-ups again); `fields` holds what the item at that place now says.
   */
  minutesChanged: 'minutes_changed',
} as const;
export type MeetingError = (typeof MeetingError)[keyof typeof MeetingError];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const meetingErrorStatus = {
  [MeetingError.notFound]: 404,
  [MeetingError.notHost]: 403,
  [MeetingError.invalidInput]: 400,
  [MeetingError.invalidInvitee]: 400,
  [MeetingError.inPast]: 400,
  [MeetingError.finished]: 409,
  [MeetingError.notStarted]: 409,
  [MeetingError.invalidSeries]: 403,
  [MeetingError.invalidOwner]: 400,
  [MeetingError.minutesChanged]: 409,
} as const satisfies StatusMap<MeetingError>;

export const MeetingsRoute = {
  list: '/api/meetings',
  one: '/api/meetings/:id',
  cancel: '/api/meetings/:id/cancel',
  end: '/api/meetings/:id/end',
  /** The station's staff and merchants known there; `?merchant=` a merchant's account id or whole phone number. */
  people: '/api/meetings/people',
  board: '/api/meetings/board',
} as const;

/** Characters `?merchant=` of the invite list takes at most (an account id or a phone number). Default 40. */
export const MERCHANT_LOOKUP_MAX = 40;

export const MINUTES_TEXT_MAX = 5000;
export const DECISION_MAX = 300;
export const ACTION_MAX = 200;

/**
 * The minutes of one agenda item, saved as they are written (autosave), by the chair or a secretary.
 * `version` is the one the writer's text was based on ('' for an item nobody has written yet): a save over
 * someone else's newer text is refused (409 `minutes_changed`) with that text, so neither is lost.
 */
export const minutesSchema = z.strictObject({
  text: z.string().max(MINUTES_TEXT_MAX),
  decisions: z.array(textField(DECISION_MAX)).max(30),
  version: z.string().max(40),
});
export type MinutesInput = z.infer<typeof minutesSchema>;

export const actionItemSchema = z.strictObject({
  agendaIndex: z
    .number()
    .int()
    .min(0)
    .max(AGENDA_MAX_ITEMS * 2),
  what: textField(ACTION_MAX),
  ownerId: idField(),
  party: z.enum(PARTIES),
  due: z.string().refine(isCalendarDay, { error: 'invalid_time' }),
});
export type ActionItemInput = z.infer<typeof actionItemSchema>;

export const actionStatusSchema = z.strictObject({ status: z.enum(['open', 'done']) });

export const meetingRolesSchema = z.strictObject({
  coHostIds: z.array(idField()).max(5),
  secretaryIds: z.array(idField()).max(5),
});

export interface MeetingMinutes {
  meetingId: string;
  items: {
    agendaIndex: number;
    title: string;
    /** Set for a follow-up carried over from the series: worded by the page (see {@link AgendaItem}). */
    followUp?: FollowUp;
    text: string;
    decisions: string[];
    version: string;
  }[];
  actions: {
    id: string;
    agendaIndex: number;
    what: string;
    ownerId: string;
    ownerName: string;
    party: MeetingParty;
    due: string;
    status: 'open' | 'done';
  }[];
  publishedAt: string | null;
  /** Who may own an action item: the host, the invitees and station staff who sat in, with their party. */
  owners: { id: string; name: string; party: MeetingParty }[];
  /** Who sat at the table, with their party, in the order they first sat down (invitees who never came are not). */
  attendees: { id: string; name: string; party: MeetingParty }[];
}

/** The text of an item as it stands after another writer's save, sent back with a refused save. */
export interface MinutesClash {
  text: string;
  decisions: string[];
  version: string;
}

export const MinutesRoute = {
  minutes: '/api/meetings/:id/minutes',
  item: '/api/meetings/:id/minutes/:index',
  actions: '/api/meetings/:id/actions',
  action: '/api/actions/:id',
  roles: '/api/meetings/:id/roles',
} as const;
