import { z } from './zod.ts';
import { ALL_DESK_IDS, SERVICE_CATALOGUE } from './layouts/registry.ts';
import type { StatusMap } from './result.ts';

/**
 * The queue, desk and case contract between the hall and its clients: payload schemas the server judges
 * every message by, and the shapes of what it sends back. Names of the messages live in protocol.ts.
 */

/**
 * What a message may name: any service or desk of any layout. Whether the station's own hall offers it is the
 * hall's to say (a service its layout lacks is refused as `service_not_offered`).
 */
export const SERVICE_IDS = SERVICE_CATALOGUE.map((s) => s.id) as [string, ...string[]];
export const DESK_IDS = [...ALL_DESK_IDS] as [string, ...string[]];

/** How a desk visit ended. The first two close the case; the others keep it open for the next visit. */
export const Outcome = {
  resolved: 'resolved',
  referred: 'referred',
  followUpVisit: 'followUpVisit',
  awaitingDocuments: 'awaitingDocuments',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export const OUTCOMES = Object.values(Outcome) as [Outcome, ...Outcome[]];
export function closesCase(outcome: Outcome): boolean {
  return outcome === Outcome.resolved || outcome === Outcome.referred;
}

/** 好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const DESCRIPTION_MAX = 300;
export const NOTES_MAX = 2000;
export const CHECKLIST_ITEM_MAX = 200;
export const CHECKLIST_MAX_ITEMS = 30;
export const CHAT_MAX = 500;
export const COMMENT_MAX = 300;
/**
 * What the live desk view carries of a merchant's earlier cases, so that a merchant with a long history never
 * makes it larger than a frame the hall accepts: the newest cases, the latest entries of each, long texts cut,
 * and at most this many bytes of history in all (JSON, UTF-8) — 12 KB of the 32 KB frame, leaving room for the
 * rest of the view. The whole history is read over HTTP ({@link CasesRoute.atDesk}).
 */
export const DESK_HISTORY_MAX_BYTES = 12 * 1024;
/** Earlier cases the desk view lists at most, newest first. Default 20. */
export const DESK_HISTORY_CASES = 20;
/** Entries per case the desk view carries at most: the latest ones. Default 3. */
export const DESK_HISTORY_ENTRIES = 3;
/** Characters of a note or a case's matter the desk view shows before cutting it. Default 280. */
export const DESK_TEXT_MAX = 280;
/** Checklist items per entry the desk view shows at most. Default 10. */
export const DESK_CHECKLIST_ITEMS = 10;
/**
 * The desk conversation sent when it opens holds the latest lines of the visit under way up to this many
 * bytes (JSON, UTF-8), however long the talk; every line stays with the case. Default 16 KB.
 */
export const DESK_CHAT_LOG_MAX_BYTES = 16 * 1024;
/** Appointments can be booked for later the same day, at least this far ahead. */
export const APPOINTMENT_MIN_AHEAD_MS = 10 * 60_000;
/**
 * Bookings are counted per service in windows of this length, on the quarter hours of the clock (10:00–10:15,
 * 10:15–10:30 …), so appointments cannot crowd out the walk-in line. Default 15 minutes.
 */
export const APPOINTMENT_WINDOW_MS = 15 * 60_000;
/** The booking window an appointment time falls in: [start, end), epoch ms. */
export function appointmentWindow(at: number): { start: number; end: number } {
  // Cut on the epoch's quarter hours, which are the clock's quarter hours in every time zone whose offset is
  // a whole number of quarter hours (Asia/Shanghai is +8:00).
  const start = Math.floor(at / APPOINTMENT_WINDOW_MS) * APPOINTMENT_WINDOW_MS;
  return { start, end: start + APPOINTMENT_WINDOW_MS };
}
/** Appointments one service takes per window unless the station sets `APPOINTMENTS_PER_WINDOW`; default 2. */
export const APPOINTMENTS_PER_WINDOW = 2;
/**
 * Officers see figures of their ratings only once this many are in, and then only in whole groups of this
 * many (oldest first), so no one rating can be read off a change in the figures. Default 5.
 */
export const RATING_FIGURES_MIN = 5;

// Text that is stored must come back verbatim: no NUL or lone surrogates (PostgreSQL refuses or rewrites them).
const storable = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    .refine((s) => !s.includes('\u0000') && !/\p{Surrogate}/u.test(s), { message: 'invalid characters' });

const service = z.enum(SERVICE_IDS);
const id = z.string().min(1).max(40);
/** Messages without a payload arrive as undefined; an empty object is accepted too. */
const nothing = z.strictObject({}).optional();

export const takeTicketSchema = z.strictObject({
  service,
  description: storable(DESCRIPTION_MAX).optional(),
  /** Epoch ms of a booked time later today; absent for "now". */
  appointmentAt: z.number().int().positive().optional(),
});
export const leaveQueueSchema = z.strictObject({ ticketId: id });
export const openDeskSchema = z.strictObject({
  deskId: z.enum(DESK_IDS),
  services: z
    .array(service)
    .min(1)
    .max(SERVICE_IDS.length)
    .refine((s) => new Set(s).size === s.length, { message: 'services repeat' }),
});
export const pauseDeskSchema = z.strictObject({ paused: z.boolean() });
export const transferSchema = z.strictObject({ service });
export const completeSchema = z.strictObject({
  notes: storable(NOTES_MAX),
  checklist: z.array(storable(CHECKLIST_ITEM_MAX).pipe(z.string().min(1))).max(CHECKLIST_MAX_ITEMS),
  outcome: z.enum(OUTCOMES),
});
/** The ticket names the conversation; the hall checks it is one the sender is being served on. */
export const deskChatSchema = z.strictObject({ ticketId: id, text: storable(CHAT_MAX).pipe(z.string().min(1)) });
export const ratingSchema = z.strictObject({
  level: z.union(RATING_LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<RatingLevel>, ...z.ZodLiteral<RatingLevel>[]]),
  comment: storable(COMMENT_MAX).optional(),
});
export const emptySchema = nothing;

export type TakeTicketIntent = z.infer<typeof takeTicketSchema>;
export type LeaveQueueIntent = z.infer<typeof leaveQueueSchema>;
export type OpenDeskIntent = z.infer<typeof openDeskSchema>;
export type PauseDeskIntent = z.infer<typeof pauseDeskSchema>;
export type TransferIntent = z.infer<typeof transferSchema>;
export type CompleteIntent = z.infer<typeof completeSchema>;
export type DeskChatIntent = z.infer<typeof deskChatSchema>;
export type RatingInput = z.infer<typeof ratingSchema>;

export type OpenTicketStatus = 'waiting' | 'called' | 'serving';

/**
 * Why an open desk calls nobody now: its officer paused it, sits at a meeting table, or lost their connection
 * (the hall holds their place for the reconnection time). Such a desk is left out of every wait estimate.
 */
export const DeskHold = { paused: 'paused', meeting: 'meeting', dropped: 'dropped' } as const;
export type DeskHold = (typeof DeskHold)[keyof typeof DeskHold];
export const DESK_HOLDS = Object.values(DeskHold) as [DeskHold, ...DeskHold[]];

/**
 * Wait estimate in whole minutes: the likeliest wait and a range that holds about four waits in five (a
 * queue cannot promise a minute). low ≤ minutes ≤ high, and high > low.
 */
export interface Eta {
  minutes: number;
  low: number;
  high: number;
}

/** A merchant's own ticket, sent only to that merchant. */
export interface MyTicket {
  id: string;
  number: string;
  service: string;
  status: OpenTicketStatus;
  /** 1 for next in line; null while called or serving, or for an appointment that is not yet due. */
  position: number | null;
  /** Null when no desk is at work for the service (or the ticket is no longer waiting). */
  eta: Eta | null;
  /**
   * Called or served: why the desk is held now, if it is (the officer dropped, is in a meeting, paused it).
   * Waiting: `paused` when desks are open for the service but every one of them is held, so no estimate.
   */
  hold?: DeskHold | null;
  deskId: string | null;
  takenAt: number;
  appointmentAt: number | null;
  calledAt: number | null;
  callCount: number;
  description: string;
}

export interface MyTicketsNotice {
  tickets: MyTicket[];
}

/** The signal a called merchant must not miss. */
export interface CalledNotice {
  ticketId: string;
  number: string;
  deskId: string;
  /** True when the officer called the same ticket again. */
  recall: boolean;
}

export interface CaseSummary {
  id: string;
  number: string;
  service: string;
  status: 'open' | 'closed';
  outcome: Outcome | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface ChatLine {
  id: number;
  from: 'merchant' | 'officer';
  text: string;
  at: string;
}

/** What each entry of a case records: a desk visit completed, or a door-to-door visit's result. */
export const CaseEntryKind = { desk: 'desk', visit: 'visit' } as const;
export type CaseEntryKind = (typeof CaseEntryKind)[keyof typeof CaseEntryKind];

/** A moment as the station's wall clock shows it (STATION_TIMEZONE), whatever the reader's device says. */
export interface StationClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24-hour */
  time: string;
}

/**
 * One entry of a case (办件记录). Entries are only ever added: each desk visit adds its notes, checklist,
 * outcome and conversation, each door-to-door visit its result, and nothing earlier is rewritten.
 */
export interface CaseEntry {
  id: number;
  kind: CaseEntryKind;
  /** When it was recorded (ISO), and the same moment on the station's clock. */
  at: string;
  station: StationClock;
  /** Who served (a desk visit) or went out (a door-to-door visit). */
  officerName: string | null;
  deskId: string | null;
  /** The officer's notes; for a door-to-door visit, what it found. */
  notes: string;
  /** Guidance given at this visit, all at once (一次性告知). */
  checklist: string[];
  /** How a desk visit ended; null for a door-to-door visit, which leaves the case's outcome as it stood. */
  outcome: Outcome | null;
  /** The door-to-door visit's window start on the station's clock; null for a desk visit. */
  visitStation: StationClock | null;
  /** True when the desk view cut this entry's notes or checklist; the whole entry is read over HTTP. */
  shortened?: boolean;
}

/** A line of a case's conversation with the entry of the visit it was said in (null: the visit under way). */
export interface CaseChatLine extends ChatLine {
  entryId: number | null;
}

/** A case's whole record: every entry oldest first, and every line of its conversation. */
export interface CaseRecordView extends CaseSummary {
  closedAt: string | null;
  /** The station's time zone (STATION_TIMEZONE): the case's dates are shown on its clock. */
  zone: string;
  entries: CaseEntry[];
  messages: CaseChatLine[];
}

/** A case as its merchant reads it in "My cases". Officers are named by title and desk, not identity. */
export interface CaseDetail extends CaseRecordView {
  /** The guidance in force: the checklist of the latest desk visit (also in its entry). */
  checklist: string[];
  officerName: string | null;
  deskId: string | null;
  rating: { level: RatingLevel; comment: string } | null;
  /** The merchant may rate it: served at least once and not rated yet. */
  canRate: boolean;
  /** Sign filings made under this case, with where each stands and what is asked. */
  filings: { id: string; signText: string; state: string; items: string[]; deadline: string | null }[];
  /** Door-to-door visits booked for this case. */
  visits: { id: string; startsAt: string; endsAt: string; officerName: string; result: string | null }[];
}

/** What the officer at a desk sees of the ticket in front of them. */
export interface DeskTicket {
  ticketId: string;
  number: string;
  service: string;
  status: OpenTicketStatus;
  takenAt: number;
  calledAt: number | null;
  callCount: number;
  description: string;
  caseId: string | null;
  /** Who is at the desk; the id opens their whole case file (CaseFileRoute.merchant). */
  merchant: { id: string; name: string; shop: string; phone: string | null };
  /**
   * The merchant's earlier cases, newest first, each with its latest entries, so nothing has to be said twice.
   * Bounded in size (see {@link DESK_HISTORY_MAX_BYTES}); the whole record of a case is read over HTTP.
   */
  history: DeskCase[];
  /** How many cases the merchant has in all (more than `history.length` when older ones were left out). */
  historyTotal: number;
  /** The merchant's sign filings and where each stands. */
  filings: { id: string; signText: string; state: string; caseNumber: string }[];
  /**
   * The merchant follows the queue from the line (the hall was full): they have no avatar and will not walk
   * over; the officer serves them in the desk conversation.
   */
  inLine?: boolean;
}

/** An earlier case as the desk view carries it: the latest entries only, long texts cut. */
export interface DeskCase extends CaseSummary {
  /** The latest entries, oldest first. */
  entries: CaseEntry[];
  /** Entries the case has in all (more than `entries.length` when older ones were left out). */
  entryCount: number;
}

/** Sent only to the officer staffing a desk (null desk when they staff none). */
export interface DeskViewNotice {
  deskId: string | null;
  services: string[];
  paused: boolean;
  /** Why the desk calls nobody now (paused, the officer in a meeting or dropped); null while at work. */
  hold?: DeskHold | null;
  current: DeskTicket | null;
  /** How long a called merchant has before a no-show may be marked, ms. */
  graceMs: number;
}

/** The private conversation at a desk: the whole log when it opens, then one line at a time. */
export interface DeskChatNotice {
  caseId: string;
  ticketId: string;
  lines: ChatLine[];
  /** True when this notice replaces the log rather than adding to it. */
  reset: boolean;
}

export interface CaseCompletedNotice {
  caseId: string;
  number: string;
  canRate: boolean;
  /** The desk that served, and its officer's name, for "your visit is complete". */
  deskId?: string;
  officerName?: string;
}

/**
 * To the merchant called to or served at a desk, the moment its officer's whereabouts change: their
 * connection `dropped` (the merchant keeps their place; `until` is when the hall stops holding the officer's),
 * they came `back`, or they did not and the desk `closed` (the merchant is back in line, first, their case
 * kept), or they went to a `meeting`.
 */
export interface DeskChangedNotice {
  deskId: string;
  ticketId: string;
  number: string;
  change: 'dropped' | 'back' | 'closed' | 'meeting';
  /** Epoch ms the officer's place is held until (for `dropped`); null otherwise. */
  until: number | null;
}

/** An officer's ratings in aggregate: figures over whole groups of {@link RATING_FIGURES_MIN}, oldest first. */
export interface RatingFigures {
  /** Ratings the figures cover: a multiple of the group size, never the latest odd few. */
  count: number;
  average: number;
  /** Count per level, keys 1..5. */
  levels: Record<RatingLevel, number>;
}

export interface RatingSummary {
  /** Ratings needed before any figure is shown, and the size of the groups figures move in. */
  minimum: number;
  /** Null until `minimum` ratings are in: no count, no level, nothing that moves with one rating. */
  figures: RatingFigures | null;
}

/** A merchant's cases, newest first, and the station's time zone their dates are shown in. */
export interface MyCasesAnswer {
  cases: CaseSummary[];
  zone: string;
}

/** Why the cases API refused something. */
export const CaseError = {
  invalidInput: 'invalid_input',
  /** No such case, or not one of the merchant's own (or not at the officer's desk). */
  notFound: 'not_found',
  /** The case has no completed visit yet: there is nothing to rate. */
  notReady: 'not_ready',
  /** 好差评 is once per case. */
  alreadyRated: 'already_rated',
} as const;
export type CaseError = (typeof CaseError)[keyof typeof CaseError];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const caseErrorStatus = {
  [CaseError.invalidInput]: 400,
  [CaseError.notFound]: 404,
  [CaseError.notReady]: 409,
  [CaseError.alreadyRated]: 409,
} as const satisfies StatusMap<CaseError>;

/** HTTP routes for cases and ratings. */
export const CasesRoute = {
  mine: '/api/cases',
  one: '/api/cases/:id',
  rate: '/api/cases/:id/rating',
  myRatings: '/api/ratings/mine',
  /** Every case of the merchant called or served at the officer's desk (the desk view lists only the newest). */
  allAtDesk: '/api/desk/cases',
  /** A case's whole record, for the officer with its merchant called or served at their desk. */
  atDesk: '/api/desk/cases/:id',
} as const;

/** Guidance items an officer can tick instead of typing, per service (一次性告知: all at once). */
export const CHECKLIST_SUGGESTIONS: Record<string, { zh: string; en: string }[]> = {
  renovation: [
    { zh: '施工前设置围挡，围挡外不得堆放材料', en: 'Put up hoarding before work starts; nothing outside it' },
    { zh: '建筑垃圾当日清运，不得占道堆放', en: 'Remove debris the same day; never pile it on the street' },
    { zh: '门头招牌设计图纸提交招牌备案', en: 'Submit the storefront sign design for signboard filing' },
  ],
  signboard: [
    { zh: '提供营业执照上的店铺名称', en: 'Give the shop name as on the business licence' },
    { zh: '提供设计效果图与街景照片', en: 'Provide the design drawing and a street photo' },
    { zh: '提供租赁或产权证明', en: 'Provide lease or ownership confirmation' },
  ],
  concerns: [{ zh: '记录诉求，三个工作日内答复', en: 'Concern recorded; answer within three working days' }],
  consultation: [{ zh: '已当场解答', en: 'Answered on the spot' }],
};
