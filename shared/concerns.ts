import { idField, z } from './zod.ts';
import { isCalendarDay } from './dates.ts';
import { ProfileError, textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/**
 * Concerns (诉求反映): what a merchant raises with the station at any time — from the hall, or told to an officer
 * at a desk — and its life until the merchant says it is settled. Each step is an entry added to the concern,
 * never overwritten; the officers' list is sorted by what is due on the station's working-day calendar.
 */

/** A category of concern, as the station names it in both languages. */
export interface ConcernCategory {
  /** Stable id stored with each concern: lower camel case, at most {@link CATEGORY_ID_MAX} characters. */
  id: string;
  zh: string;
  en: string;
}

/**
 * The station's categories unless it sets its own (`CONCERN_CATEGORIES`, a JSON array of `{ id, zh, en }`). A
 * concern keeps the names its category had when it was raised, so renaming or dropping one later changes no
 * earlier concern.
 */
export const DEFAULT_CONCERN_CATEGORIES: readonly ConcernCategory[] = Object.freeze([
  { id: 'streetTrading', zh: '占道经营', en: 'Trading on the street' },
  { id: 'noise', zh: '噪音', en: 'Noise' },
  { id: 'cookingFumes', zh: '油烟', en: 'Cooking fumes' },
  { id: 'shopSign', zh: '门头招牌', en: 'Shop front and sign' },
  { id: 'parking', zh: '停车', en: 'Parking' },
  { id: 'enforcement', zh: '执法问题', en: 'Enforcement conduct' },
  { id: 'other', zh: '其他', en: 'Other' },
]);

/** Longest category id, in characters. */
export const CATEGORY_ID_MAX = 32;
/** Longest category name in either language, in characters. */
export const CATEGORY_NAME_MAX = 20;
/** Most categories a station may list. */
export const CATEGORIES_MAX = 30;

/** A station's category list (the `CONCERN_CATEGORIES` setting): 1 to 30 categories, ids unique. */
export const concernCategoriesSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(new RegExp(`^[a-z][A-Za-z0-9]{0,${CATEGORY_ID_MAX - 1}}$`)),
      zh: textField(CATEGORY_NAME_MAX),
      en: textField(CATEGORY_NAME_MAX),
    }),
  )
  .min(1)
  .max(CATEGORIES_MAX)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'category ids repeat' });

/** Where a concern stands. */
export const ConcernStatus = {
  /** Raised; no officer has taken it up yet. */
  received: 'received',
  /** An officer has it. */
  assigned: 'assigned',
  /** Being worked on: a note, a visit booked, referred elsewhere, or reopened by the merchant. */
  inProgress: 'inProgress',
  /** The officer's reply is there for the merchant to read. */
  answered: 'answered',
  /** The merchant confirmed the reply settles it. Nothing more happens to it. */
  settled: 'settled',
} as const;
export type ConcernStatus = (typeof ConcernStatus)[keyof typeof ConcernStatus];
export const CONCERN_STATUSES = Object.values(ConcernStatus);
/** Statuses still waiting on the station (the officers' due list). */
export const OPEN_CONCERN_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.received,
  ConcernStatus.assigned,
  ConcernStatus.inProgress,
];

/** What someone does to a concern; each is one entry in its record. */
export const ConcernStep = {
  /** Officer: give it to an officer (oneself when no one is named). */
  assign: 'assign',
  /** Officer: a note of what was done or found. */
  note: 'note',
  /** Officer: a door-to-door visit arranged with the merchant for a day and a time. */
  bookVisit: 'bookVisit',
  /** Officer: passed to another department, with the reason. */
  refer: 'refer',
  /** Officer: the answer the merchant reads. Required before a concern counts as answered. */
  reply: 'reply',
  /** Merchant: the reply settles it. */
  confirm: 'confirm',
  /** Merchant, once: the reply does not settle it, and why. */
  reopen: 'reopen',
} as const;
export type ConcernStep = (typeof ConcernStep)[keyof typeof ConcernStep];

/** Steps an officer takes… */
export const OFFICER_STEPS: readonly ConcernStep[] = [
  ConcernStep.assign,
  ConcernStep.note,
  ConcernStep.bookVisit,
  ConcernStep.refer,
  ConcernStep.reply,
];
/** …and the merchant whose concern it is. */
export const MERCHANT_STEPS: readonly ConcernStep[] = [ConcernStep.confirm, ConcernStep.reopen];

/** Every kind of entry: the first one (`raised`) and one per step. */
export const ConcernEntryKind = { raised: 'raised', ...ConcernStep } as const;
export type ConcernEntryKind = (typeof ConcernEntryKind)[keyof typeof ConcernEntryKind];

// Limits, in characters unless said otherwise.
/** Where in the park, one line. */
export const CONCERN_PLACE_MAX = 80;
/** What happened, several lines. */
export const CONCERN_WHAT_MAX = 1000;
/** Photos one concern carries at most (the merchant's own uploads, FilingsRoute.uploads). */
export const CONCERN_PHOTOS_MAX = 4;
/** An officer's note, or the text with a visit or an assignment. */
export const CONCERN_NOTE_MAX = 1000;
/** The department a concern is referred to, one line. */
export const CONCERN_DEPARTMENT_MAX = 40;
/** Why it was referred, why it was reopened. */
export const CONCERN_REASON_MAX = 500;
/** The reply the merchant reads. */
export const CONCERN_REPLY_MAX = 2000;
/** What the merchant adds when confirming. */
export const CONCERN_COMMENT_MAX = 300;
/**
 * Concerns one merchant may have open (not yet answered) at once at one station; the next there is refused until
 * one is answered.
 */
export const CONCERN_OPEN_MAX = 10;
/** A concern can be reopened this many times. */
export const CONCERN_REOPENS_MAX = 1;
/** How far ahead a visit can be booked, in days. */
export const CONCERN_VISIT_DAYS_AHEAD = 60;

/** Deadline defaults, in working days from the moment a concern is received (settings say the station's). */
export const CONCERN_CONTACT_DAYS = 1;
export const CONCERN_ANSWER_DAYS = 5;

/** Why a field is refused; the page says each in the person's language, beside the field, with its limit. */
export const ConcernFieldError = {
  ...ProfileError,
  /** Not one of the station's categories. */
  invalidChoice: 'invalid_choice',
  /** More photos than {@link CONCERN_PHOTOS_MAX}, or the same one twice. */
  tooMany: 'too_many',
  /** Not an upload of this merchant's. */
  notYourPhoto: 'not_your_photo',
  /** Not a day or a time, or a visit that ends before it starts. */
  invalidTime: 'invalid_time',
  /** A visit on a day already gone, or further ahead than CONCERN_VISIT_DAYS_AHEAD. */
  outOfRange: 'out_of_range',
  /** A field the form does not have. */
  unknownField: 'unknown_field',
} as const;
export type ConcernFieldError = (typeof ConcernFieldError)[keyof typeof ConcernFieldError];

/** The limit each bounded field is refused at, for the page to say ("at most 80 characters"). */
export const CONCERN_FIELD_LIMITS = {
  place: CONCERN_PLACE_MAX,
  what: CONCERN_WHAT_MAX,
  photos: CONCERN_PHOTOS_MAX,
  text: CONCERN_NOTE_MAX,
  department: CONCERN_DEPARTMENT_MAX,
  reason: CONCERN_REASON_MAX,
  reply: CONCERN_REPLY_MAX,
  comment: CONCERN_COMMENT_MAX,
} as const;

// Control, format and private-use characters never belong in stored text (they spoof direction, hide
// content, or are refused by PostgreSQL); line breaks and tabs are the only controls a longer text keeps.
const FORBIDDEN = /[\p{Cf}\p{Co}\p{Cs}\u2028\u2029]|(?![\n\t])\p{Cc}/u;

/** Text of several lines: normalised, trimmed, required unless `optional`, at most `max` characters. */
function longText(max: number, optional = false) {
  return z
    .string({ error: ConcernFieldError.required })
    .transform((s) =>
      s
        .normalize('NFC')
        .replace(/\r\n?/g, '\n')
        .replace(/[^\S\n]+/gu, ' ')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(optional ? 0 : 1, { error: ConcernFieldError.required })
        .refine((s) => [...s].length <= max, { error: ConcernFieldError.tooLong })
        .refine((s) => !FORBIDDEN.test(s), { error: ConcernFieldError.invalidChars }),
    );
}

const categoryId = z
  .string({ error: ConcernFieldError.required })
  .min(1, { error: ConcernFieldError.required })
  .max(CATEGORY_ID_MAX, { error: ConcernFieldError.invalidChoice });

/** An upload id, as FilingsRoute.uploads answers it. */
export const uploadId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, { error: ConcernFieldError.notYourPhoto });

const photos = z
  .array(uploadId, { error: ConcernFieldError.notYourPhoto })
  .max(CONCERN_PHOTOS_MAX, { error: ConcernFieldError.tooMany })
  .refine((list) => new Set(list).size === list.length, { error: ConcernFieldError.tooMany })
  .default([]);

/**
 * A concern as raised, by the merchant from the hall or by an officer for the merchant at their desk. Whether
 * the category is one of the station's and the photos the merchant's own, the server judges against its list
 * and its uploads.
 */
export const raiseConcernSchema = z.strictObject({
  category: categoryId,
  place: textField(CONCERN_PLACE_MAX),
  what: longText(CONCERN_WHAT_MAX),
  photos,
});
export type RaiseConcernInput = z.input<typeof raiseConcernSchema>;
export type RaiseConcernForm = z.output<typeof raiseConcernSchema>;
export type RaiseConcernField = keyof RaiseConcernForm;
export const RAISE_CONCERN_FIELDS: readonly RaiseConcernField[] = ['category', 'place', 'what', 'photos'];

const day = z.string({ error: ConcernFieldError.invalidTime }).refine(isCalendarDay, {
  error: ConcernFieldError.invalidTime,
});
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const clock = z.string({ error: ConcernFieldError.invalidTime }).regex(CLOCK, { error: ConcernFieldError.invalidTime });
const staffId = idField(64, ConcernFieldError.invalidChoice);

/** One schema per step, each a strict object tagged by `kind`; any other field is refused. */
export const concernStepSchemas = {
  [ConcernStep.assign]: z.strictObject({
    kind: z.literal(ConcernStep.assign),
    /** The officer to give it to; absent, the officer taking the step. */
    officerId: staffId.optional(),
    text: longText(CONCERN_NOTE_MAX, true).default(''),
  }),
  [ConcernStep.note]: z.strictObject({ kind: z.literal(ConcernStep.note), text: longText(CONCERN_NOTE_MAX) }),
  [ConcernStep.bookVisit]: z
    .strictObject({
      kind: z.literal(ConcernStep.bookVisit),
      /** The station day of the visit, YYYY-MM-DD, and its window on the station's clock, HH:MM. */
      date: day,
      from: clock,
      to: clock,
      text: longText(CONCERN_NOTE_MAX, true).default(''),
    })
    .refine((v) => !CLOCK.test(v.from) || !CLOCK.test(v.to) || v.from < v.to, {
      path: ['to'],
      error: ConcernFieldError.invalidTime,
    }),
  [ConcernStep.refer]: z.strictObject({
    kind: z.literal(ConcernStep.refer),
    department: textField(CONCERN_DEPARTMENT_MAX),
    reason: longText(CONCERN_REASON_MAX),
  }),
  [ConcernStep.reply]: z.strictObject({ kind: z.literal(ConcernStep.reply), text: longText(CONCERN_REPLY_MAX) }),
  [ConcernStep.confirm]: z.strictObject({
    kind: z.literal(ConcernStep.confirm),
    comment: longText(CONCERN_COMMENT_MAX, true).default(''),
  }),
  [ConcernStep.reopen]: z.strictObject({ kind: z.literal(ConcernStep.reopen), reason: longText(CONCERN_REASON_MAX) }),
} as const;

export type ConcernStepInput = { [K in ConcernStep]: z.output<(typeof concernStepSchemas)[K]> }[ConcernStep];
export type ConcernStepOf<K extends ConcernStep> = Extract<ConcernStepInput, { kind: K }>;

/** Why a step's body or a raised concern is refused, field by field (`fields` of an `invalid_input` answer). */
export type ConcernFields = Partial<Record<string, ConcernFieldError>>;

/** The refused fields of an object against a schema: every field named at once, the first reason of each. */
function fieldErrors(schema: z.ZodType, input: unknown, fields: readonly string[]): ConcernFields {
  // Anything that is not an object at all is judged as an empty one: every required field is then named.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) input = {};
  const result = schema.safeParse(input);
  if (result.success) return {};
  const known = new Set<string>(Object.values(ConcernFieldError));
  // Collected in a Map and made an object at the end: a field named `__proto__` becomes a field, not a prototype.
  const out = new Map<string, ConcernFieldError>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) if (!out.has(key)) out.set(key, ConcernFieldError.unknownField);
      continue;
    }
    const key = String(issue.path[0] ?? '');
    if (!fields.includes(key) || out.has(key)) continue;
    out.set(key, known.has(issue.message) ? (issue.message as ConcernFieldError) : ConcernFieldError.required);
  }
  return Object.fromEntries(out);
}

/** Each refused field of a concern being raised, for the form to show beside its input. */
export function raiseConcernErrors(input: unknown): ConcernFields {
  return fieldErrors(raiseConcernSchema, input, RAISE_CONCERN_FIELDS);
}

/** Each refused field of a step's body; a missing or unknown `kind` is refused as `kind`. */
export function concernStepErrors(input: unknown): ConcernFields {
  const kind = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).kind : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(concernStepSchemas, kind)) {
    return { kind: ConcernFieldError.invalidChoice };
  }
  const schema = concernStepSchemas[kind as ConcernStep];
  return fieldErrors(schema, input, Object.keys(schema.shape));
}

/** A step's body checked by its own schema, or null (then {@link concernStepErrors} says why). */
export function parseConcernStep(input: unknown): ConcernStepInput | null {
  const kind = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).kind : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(concernStepSchemas, kind)) return null;
  const r = concernStepSchemas[kind as ConcernStep].safeParse(input);
  return r.success ? (r.data as ConcernStepInput) : null;
}

/** Who wrote an entry: their role and name as they were when they wrote it. */
export interface ConcernAuthor {
  role: 'merchant' | 'officer';
  name: string;
}

/** A moment, as an ISO instant and as the station's clock read it (YYYY-MM-DD, HH:MM). */
export interface StationMoment {
  at: string;
  date: string;
  time: string;
}

interface EntryBase extends StationMoment {
  /** Entries are numbered in the order they were added, from 1. */
  seq: number;
  author: ConcernAuthor;
}

/** One step in a concern's record; entries are only ever added. */
export type ConcernEntry = EntryBase &
  (
    | { kind: typeof ConcernEntryKind.raised; atDesk: boolean }
    | { kind: typeof ConcernEntryKind.assign; assignee: { id: string; name: string }; text: string }
    | { kind: typeof ConcernEntryKind.note; text: string }
    | { kind: typeof ConcernEntryKind.bookVisit; visit: { date: string; from: string; to: string }; text: string }
    | { kind: typeof ConcernEntryKind.refer; department: string; reason: string }
    | { kind: typeof ConcernEntryKind.reply; text: string }
    | { kind: typeof ConcernEntryKind.confirm; comment: string }
    | { kind: typeof ConcernEntryKind.reopen; reason: string }
  );

/** Which deadline a concern is waiting on now: the officer's first contact, then the answer. */
export const ConcernDeadline = { contact: 'contact', answer: 'answer' } as const;
export type ConcernDeadline = (typeof ConcernDeadline)[keyof typeof ConcernDeadline];

/** What is due next on an open concern, read against the station clock when the answer was made. */
export interface ConcernDue {
  deadline: ConcernDeadline;
  /** When, as an instant and on the station's clock. */
  by: StationMoment;
  /** The deadline has passed. */
  overdue: boolean;
  /** It falls later today on the station's calendar. */
  today: boolean;
}

/** A concern as listed: everything but its entries, with its latest entry. */
export interface ConcernSummary {
  id: string;
  /** SQ-YYYYMMDD-NNNN, numbered by the station day it was received. */
  number: string;
  merchant: { id: string; name: string; shop: string };
  /** The category's names when it was raised. */
  category: ConcernCategory;
  place: string;
  what: string;
  /** Upload ids, read at FilingsRoute.upload by the merchant and by staff. */
  photos: string[];
  status: ConcernStatus;
  /** Times the merchant reopened it (at most CONCERN_REOPENS_MAX). */
  reopens: number;
  assignee: { id: string; name: string } | null;
  received: StationMoment;
  contactBy: StationMoment;
  /** The answer deadline: from receipt, or from the latest reopening. */
  answerBy: StationMoment;
  /** What is due next; null once answered or settled. */
  due: ConcernDue | null;
  latest: ConcernEntry | null;
}

/** A concern with its whole record, oldest entry first. */
export interface ConcernView extends ConcernSummary {
  entries: ConcernEntry[];
}

/** The answer of a list: concerns, and the station's time zone their dates are read in. */
export interface ConcernList {
  concerns: ConcernSummary[];
  zone: string;
}

/** The answer of the categories route. */
export interface ConcernCategoriesAnswer {
  categories: ConcernCategory[];
  /** The station's deadlines in working days, for the form to say what to expect. */
  contactDays: number;
  answerDays: number;
}

/** The officers a concern may be handed to: every active officer account, by name; nothing else of them. */
export interface ConcernOfficersAnswer {
  officers: { id: string; name: string }[];
}

/** Why the server refused something about a concern (beyond the per-field errors). */
export const ConcernRefusal = {
  /** The body has refused fields, named in `fields`. */
  invalidInput: 'invalid_input',
  /** No such concern, or not one the asker may see. */
  notFound: 'not_found',
  /** Settled: nothing more happens to it. */
  settled: 'settled',
  /** Answered: the merchant confirms or reopens it; an officer may only add a note. */
  answered: 'answered',
  /** Confirm or reopen before there is a reply to confirm or reopen. */
  notAnswered: 'not_answered',
  /** Reopened as often as the station allows (CONCERN_REOPENS_MAX). */
  reopenedOnce: 'reopened_once',
  /** The officer named to take it is not an active officer. */
  noSuchOfficer: 'no_such_officer',
  /** Recording at a desk, with no merchant being served there. */
  notServing: 'not_serving',
  /** The merchant has as many open concerns as the station allows (CONCERN_OPEN_MAX), sent as `limit`. */
  tooManyOpen: 'too_many_open',
  /** Someone else took a step on it meanwhile; read it again. */
  changedMeanwhile: 'changed_meanwhile',
} as const;
export type ConcernRefusal = (typeof ConcernRefusal)[keyof typeof ConcernRefusal];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const concernRefusalStatus = {
  [ConcernRefusal.invalidInput]: 400,
  [ConcernRefusal.notFound]: 404,
  [ConcernRefusal.settled]: 409,
  [ConcernRefusal.answered]: 409,
  [ConcernRefusal.notAnswered]: 409,
  [ConcernRefusal.reopenedOnce]: 409,
  [ConcernRefusal.noSuchOfficer]: 400,
  [ConcernRefusal.notServing]: 409,
  [ConcernRefusal.tooManyOpen]: 422,
  [ConcernRefusal.changedMeanwhile]: 409,
} as const satisfies StatusMap<ConcernRefusal>;

/** A refused request's body: `{ error }`, with `fields` for invalid_input and `limit` for too_many_open. */
export interface ConcernRefusalBody {
  error: ConcernRefusal;
  fields?: ConcernFields;
  limit?: { open: number };
}

/**
 * The HTTP routes. Photos are uploaded first, as a filing's are (FilingsRoute.uploads), and named by id.
 * - `categories` GET: the station's categories and deadlines (anyone signed in).
 * - `concerns` POST: a merchant raises one (201, ConcernView); GET: a merchant's own (ConcernList), or for
 *   staff the open ones, most urgent first (ConcernList; `?merchant=<id>` for one merchant's, open or not).
 * - `one` GET: a concern with its record (ConcernView): its merchant's own, or any for staff.
 * - `steps` POST: a step (`{ kind, … }`, shared/concerns.ts concernStepSchemas) by an officer or, for confirm and
 *   reopen, by its merchant; answers the ConcernView as it now stands.
 * - `atDesk` POST: an officer records one for the merchant being served at their desk (201, ConcernView); GET:
 *   that merchant's concerns (ConcernList).
 * - `officers` GET: every active officer of the station a concern may be assigned to (ConcernOfficersAnswer),
 *   for officers.
 *
 * Every route is the station's the request names (the `x-station` header): its concerns only; another
 * station's concern is `not_found` there.
 */
export const ConcernsRoute = {
  categories: '/api/concerns/categories',
  officers: '/api/concerns/officers',
  concerns: '/api/concerns',
  one: '/api/concerns/:id',
  steps: '/api/concerns/:id/steps',
  atDesk: '/api/desk/concerns',
} as const;

/**
 * A concern changed: it was raised, a step was taken, or it became overdue. Its merchant and the officers on
 * duty get it; nobody else. It says which concern and where it stands, never what it says (the page reads
 * that over HTTP when it reloads).
 */
export interface ConcernChangedNotice {
  id: string;
  number: string;
  status: ConcernStatus;
  /** What happened: the entry just added, or `overdue` when a deadline passed. */
  change: ConcernEntryKind | 'overdue';
  /** To officers only: the deadline that has passed, if one has. */
  overdue?: ConcernDeadline;
  /** To officers only: whose concern it is, so a case file of that merchant open on their page reads again. */
  merchantId?: string;
  /** To the officer who made the change, on each of their pages: they know already, so no toast is shown. */
  yours?: true;
}
