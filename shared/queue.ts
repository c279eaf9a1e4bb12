import { z } from './zod.ts';
import { hallLayout } from './layout.ts';

/**
 * The queue, desk and case contract between the hall and its clients: payload schemas the server judges
 * every message by, and the shapes of what it sends back. Names of the messages live in protocol.ts.
 */

export const SERVICE_IDS = hallLayout.services.map((s) => s.id) as [string, ...string[]];
export const DESK_IDS = hallLayout.desks.map((d) => d.id) as [string, ...string[]];

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

/** Wait estimate in whole minutes, always a range: a queue cannot promise a minute. */
export interface Eta {
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
  /** Null when no desk is open for the service (or the ticket is no longer waiting). */
  eta: Eta | null;
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

/** A case as its merchant reads it in "My cases". Officers are named by title and desk, not identity. */
export interface CaseDetail extends CaseSummary {
  notes: string;
  checklist: string[];
  closedAt: string | null;
  officerName: string | null;
  deskId: string | null;
  messages: ChatLine[];
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
  merchant: { name: string; shop: string; phone: string | null };
  /** The merchant's earlier cases, newest first, so nothing has to be said twice. */
  history: CaseSummary[];
  /** The merchant's sign filings and where each stands. */
  filings: { id: string; signText: string; state: string; caseNumber: string }[];
}

/** Sent only to the officer staffing a desk (null desk when they staff none). */
export interface DeskViewNotice {
  deskId: string | null;
  services: string[];
  paused: boolean;
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

/** HTTP routes for cases and ratings. */
export const CasesRoute = {
  mine: '/api/cases',
  one: '/api/cases/:id',
  rate: '/api/cases/:id/rating',
  myRatings: '/api/ratings/mine',
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
