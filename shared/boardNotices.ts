import { z } from './zod.ts';
import type { ConcernCategory } from './concerns.ts';
import { isCalendarDay, stationDay } from './dates.ts';
import { ProfileError, textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/**
 * The station's notice board (公告栏): notices officers post for everyone in the hall — sign filing rules,
 * renovation works, the street's environment, events. Each is valid from a day to a day (or until retired) on
 * the station's calendar; merchants and park managers only ever see the ones published and valid today.
 */

/** A notice's category, named in both languages like a concern's (same `{ id, zh, en }` shape). */
export type NoticeCategory = ConcernCategory;

/**
 * The station's notice categories unless it sets its own (`NOTICE_CATEGORIES`, a JSON array of
 * `{ id, zh, en }`, read like `CONCERN_CATEGORIES`). A notice keeps its category id; a dropped category reads as
 * its id.
 */
export const DEFAULT_NOTICE_CATEGORIES: readonly NoticeCategory[] = Object.freeze([
  { id: 'signFiling', zh: '招牌备案', en: 'Sign filing' },
  { id: 'renovation', zh: '装修', en: 'Renovation' },
  { id: 'streetscape', zh: '市容环境', en: 'Street environment' },
  { id: 'event', zh: '活动', en: 'Events' },
  { id: 'other', zh: '其他', en: 'Other' },
]);

/** Longest notice title, in characters. */
export const NOTICE_TITLE_MAX = 40;
/** Longest notice text, in characters (line breaks kept). */
export const NOTICE_TEXT_MAX = 2000;
/** Furthest ahead a notice may start or end, in days from today on the station's calendar. */
export const NOTICE_DAYS_AHEAD_MAX = 366;
/** Most notices the board keeps at once that are not retired; retire old ones to post more. */
export const NOTICE_LIVE_MAX = 200;

/** Why a field of a notice is refused; the page translates each. */
export const NoticeFieldError = {
  ...ProfileError,
  /** Not one of the station's notice categories. */
  invalidChoice: 'invalid_choice',
  /** Not a calendar day (YYYY-MM-DD), or an end before the start. */
  invalidDay: 'invalid_day',
  /** A day further ahead than {@link NOTICE_DAYS_AHEAD_MAX}, or an end already past. */
  outOfRange: 'out_of_range',
  /** A field the form does not have. */
  unknownField: 'unknown_field',
} as const;
export type NoticeFieldError = (typeof NoticeFieldError)[keyof typeof NoticeFieldError];

/** The limit each bounded field is refused at, for the page to say ("at most 40 characters"). */
export const NOTICE_FIELD_LIMITS = {
  title: NOTICE_TITLE_MAX,
  text: NOTICE_TEXT_MAX,
  validFrom: NOTICE_DAYS_AHEAD_MAX,
  validUntil: NOTICE_DAYS_AHEAD_MAX,
} as const;

// Line breaks and tabs are the only control characters a notice's text keeps; format and private-use
// characters spoof direction or hide content.
const FORBIDDEN = /[\p{Cf}\p{Co}\p{Cs}\u2028\u2029]|(?![\n\t])\p{Cc}/u;

/** The notice's text: plain, its line breaks kept (at most one empty line in a row), trimmed. */
const noticeText = z
  .string({ error: NoticeFieldError.required })
  .transform((s) =>
    s
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n]+/gu, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  )
  .pipe(
    z
      .string()
      .min(1, { error: NoticeFieldError.required })
      .refine((s) => [...s].length <= NOTICE_TEXT_MAX, { error: NoticeFieldError.tooLong })
      .refine((s) => !FORBIDDEN.test(s), { error: NoticeFieldError.invalidChars }),
  );

const day = z
  .string({ error: NoticeFieldError.required })
  .refine(isCalendarDay, { error: NoticeFieldError.invalidDay });

/** What an officer writes: the form both the panel and the server judge by. */
export const noticeFormSchema = z.strictObject({
  title: textField(NOTICE_TITLE_MAX),
  text: noticeText,
  category: z
    .string({ error: NoticeFieldError.required })
    .min(1, { error: NoticeFieldError.required })
    .max(40, { error: NoticeFieldError.invalidChoice }),
  validFrom: day,
  /** The last day it shows, or null to show it until retired. */
  validUntil: day.nullable().default(null),
  pinned: z.boolean({ error: NoticeFieldError.invalidChoice }).default(false),
});
export type NoticeForm = z.output<typeof noticeFormSchema>;
export type NoticeFormInput = z.input<typeof noticeFormSchema>;
export const NOTICE_FORM_FIELDS = ['title', 'text', 'category', 'validFrom', 'validUntil', 'pinned'] as const;

/** Each refused field, by name; an unknown key (even `__proto__`) is named as a field, never a prototype. */
export type NoticeFields = Partial<Record<string, NoticeFieldError>>;

function dayAfter(d: string, days: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Each refused field of a notice form, judged on `today` (the station's calendar day) and against the
 * station's categories: the form's own rules, then the days' order and reach.
 */
export function noticeFormErrors(input: unknown, today: string, categories: readonly NoticeCategory[]): NoticeFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) input = {};
  const out = new Map<string, NoticeFieldError>();
  const result = noticeFormSchema.safeParse(input);
  const known = new Set<string>(Object.values(NoticeFieldError));
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) if (!out.has(key)) out.set(key, NoticeFieldError.unknownField);
        continue;
      }
      const key = String(issue.path[0] ?? '');
      if (!(NOTICE_FORM_FIELDS as readonly string[]).includes(key) || out.has(key)) continue;
      out.set(key, known.has(issue.message) ? (issue.message as NoticeFieldError) : NoticeFieldError.required);
    }
  }
  const form = input as Record<string, unknown>;
  const category = form.category;
  if (!out.has('category') && !categories.some((c) => c.id === category))
    out.set('category', NoticeFieldError.invalidChoice);
  const from = typeof form.validFrom === 'string' && isCalendarDay(form.validFrom) ? form.validFrom : null;
  const until = typeof form.validUntil === 'string' && isCalendarDay(form.validUntil) ? form.validUntil : null;
  const furthest = dayAfter(today, NOTICE_DAYS_AHEAD_MAX);
  if (from && !out.has('validFrom') && from > furthest) out.set('validFrom', NoticeFieldError.outOfRange);
  if (until && !out.has('validUntil')) {
    if (from && until < from) out.set('validUntil', NoticeFieldError.invalidDay);
    else if (until < today || until > furthest) out.set('validUntil', NoticeFieldError.outOfRange);
  }
  return Object.fromEntries(out);
}

/** The form checked for `today`, or its refused fields. */
export function parseNoticeForm(
  input: unknown,
  today: string,
  categories: readonly NoticeCategory[],
): { ok: true; form: NoticeForm } | { ok: false; fields: NoticeFields } {
  const fields = noticeFormErrors(input, today, categories);
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, form: noticeFormSchema.parse(input) };
}

/** The days a notice shows, and whether it was retired. */
export interface NoticeWindow {
  validFrom: string;
  validUntil: string | null;
  retired: boolean;
}

/**
 * Whether a notice shows at `now`: not retired, and today on the station's calendar (not the server's, not
 * UTC) is one of its days — from the first day's midnight to the end of the last, at the station.
 */
export function isCurrent(n: NoticeWindow, now: number, timeZone: string): boolean {
  if (n.retired) return false;
  const today = stationDay(now, timeZone);
  return n.validFrom <= today && (n.validUntil === null || today <= n.validUntil);
}

/** Where a notice stands for staff; merchants only ever get `current` ones. */
export type NoticeState = 'current' | 'upcoming' | 'ended' | 'retired';

export function noticeState(n: NoticeWindow, now: number, timeZone: string): NoticeState {
  if (n.retired) return 'retired';
  if (isCurrent(n, now, timeZone)) return 'current';
  return n.validFrom > stationDay(now, timeZone) ? 'upcoming' : 'ended';
}

/** A notice as the board and the list show it. */
export interface NoticeView {
  id: string;
  title: string;
  text: string;
  category: string;
  validFrom: string;
  validUntil: string | null;
  pinned: boolean;
  state: NoticeState;
  /** When it was first posted and last changed (ISO instants). */
  postedAt: string;
  updatedAt: string;
  /** Whether the reader has read it since it was posted or last changed. */
  read: boolean;
}

/** Pinned first, then the newest posted. */
export function boardOrder(a: NoticeView, b: NoticeView): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return b.postedAt.localeCompare(a.postedAt) || a.id.localeCompare(b.id);
}

/** The list: notices for this reader, and the station's categories. */
export interface NoticeList {
  notices: NoticeView[];
  categories: NoticeCategory[];
}

/** What an officer does to a posted notice besides editing it. */
export const NoticeAction = { pin: 'pin', unpin: 'unpin', retire: 'retire' } as const;
export type NoticeAction = (typeof NoticeAction)[keyof typeof NoticeAction];

export const noticeActionSchema = z.strictObject({ action: z.enum(Object.values(NoticeAction)) });

export const NoticeRefusal = {
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  /** A retired notice is kept for the record and changes no more. */
  retired: 'retired',
  /** As many notices live as NOTICE_LIVE_MAX, sent as `limit`. */
  tooMany: 'too_many_notices',
} as const;
export type NoticeRefusal = (typeof NoticeRefusal)[keyof typeof NoticeRefusal];

export const noticeRefusalStatus = {
  [NoticeRefusal.invalidInput]: 400,
  [NoticeRefusal.notFound]: 404,
  [NoticeRefusal.retired]: 409,
  [NoticeRefusal.tooMany]: 422,
} as const satisfies StatusMap<NoticeRefusal>;

export const NoticesRoute = {
  notices: '/api/notices',
  one: '/api/notices/:id',
  actions: '/api/notices/:id/actions',
  read: '/api/notices/:id/read',
} as const;

/**
 * A notice changed: posted, edited, pinned, unpinned or retired. Staff get it always; merchants and park
 * managers only when it shows now or showed before the change (so a retired one leaves their list), and
 * then `notice` is the notice when it shows to them, null when it no longer does.
 */
export interface NoticeChangedNotice {
  id: string;
  notice: NoticeView | null;
}
