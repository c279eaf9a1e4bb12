import type { ConcernView } from './concerns.ts';
import type { FilingState } from './filing.ts';
import type { CaseEntry, ChatLine, Outcome, StationClock } from './queue.ts';
import type { StatusMap } from './result.ts';
import { z } from './zod.ts';

/**
 * A merchant's case file (商户档案): everything the station did with them as one timeline, newest first, for
 * the officers who serve them — before calling them in, while serving, or found by a staff search. Each
 * desk visit with its notes, checklist (一次性告知), outcome and conversation; each door-to-door visit,
 * booked or done; each filing with its steps; each concern with its replies. Read a page at a time.
 */

/** Happenings one page of the file holds at most. Default 25. */
export const CASE_FILE_PAGE_ITEMS = 25;
/**
 * Bytes (JSON, UTF-8) one page holds at most, however long the items: a page stops before the item that
 * would cross it (a page always holds at least one item, so the file can be read to its start). Default 96 KB.
 */
export const CASE_FILE_PAGE_MAX_BYTES = 96 * 1024;
/**
 * The conversation of one visit as the file carries it: its latest lines up to this many bytes (JSON, UTF-8),
 * the number of earlier ones said. Default 16 KB, what the desk sends when a conversation opens.
 */
export const CASE_FILE_LINES_MAX_BYTES = 16 * 1024;
/**
 * Characters of a case's matter (its description, which grows by a line at each visit) the file carries,
 * the latest kept. Default 3000: ten visits' descriptions at their longest.
 */
export const CASE_FILE_MATTER_MAX = 3000;
/** Characters a staff search takes at most (a shop name, a name or a phone number). Default 40. */
export const CASE_FILE_QUERY_MAX = 40;
/** Merchants a staff search lists at most, best matches first. Default 20. */
export const CASE_FILE_SEARCH_RESULTS = 20;
/** Digits a search must hold to be matched against phone numbers too (fewer would match nearly everyone). */
export const PHONE_MATCH_MIN_DIGITS = 3;

/**
 * Where a page starts: the order key of the last item of the page before (see {@link TimelineItem.key}).
 * Fixed shape, so anything else is refused before it reaches storage.
 */
export const CURSOR_PATTERN = /^\d{20}\/[a-z]\/[A-Za-z0-9-]{1,64}$/;
export const CURSOR_MAX = 88;

/** What is wrong with a field of a search or a page request: the code each refused field carries. */
export const FileFieldCode = { required: 'required', tooLong: 'too_long', invalid: 'invalid' } as const;
export type FileFieldCode = (typeof FileFieldCode)[keyof typeof FileFieldCode];
export const FILE_FIELD_CODES: readonly string[] = Object.values(FileFieldCode);

// Stored text comes back verbatim only without NUL or lone surrogates: a search holding one could match nothing.
const searchText = z
  .string({ error: FileFieldCode.required })
  .trim()
  .min(1, { error: FileFieldCode.required })
  .max(CASE_FILE_QUERY_MAX, { error: FileFieldCode.tooLong })
  .refine((s) => !s.includes('\u0000') && !/\p{Surrogate}/u.test(s), { error: FileFieldCode.invalid });

export const caseFileSearchSchema = z.strictObject({ q: searchText });
export const caseFilePageSchema = z.strictObject({
  cursor: z
    .string({ error: FileFieldCode.invalid })
    .max(CURSOR_MAX, { error: FileFieldCode.tooLong })
    .regex(CURSOR_PATTERN, { error: FileFieldCode.invalid })
    .optional(),
});

/** Why the case-file API refused something. */
export const CaseFileError = {
  /** A search or a cursor out of its shape or bounds: `field` names it, `limit` gives the bound. */
  invalidInput: 'invalid_input',
  /** No such merchant. */
  notFound: 'not_found',
} as const;
export type CaseFileError = (typeof CaseFileError)[keyof typeof CaseFileError];

export const caseFileErrorStatus = {
  [CaseFileError.invalidInput]: 400,
  [CaseFileError.notFound]: 404,
} as const satisfies StatusMap<CaseFileError>;

export const CaseFileRoute = {
  /** `?q=` a shop, a name or a phone number: the merchants it matches. */
  search: '/api/case-files',
  /** `?cursor=` for the pages after the first: one merchant's file, newest first. */
  merchant: '/api/case-files/:merchantId',
  /** The merchants waiting for the services of the asking officer's open desk, in the order it calls. */
  waiting: '/api/desk/waiting',
} as const;

/** The most waiting merchants the desk's list carries; `total` says how many wait in all. */
export const DESK_WAITING_MAX = 50;

/** One merchant waiting for a desk's services, as its officer reads the line before calling anyone. */
export interface DeskWaiter {
  ticketId: string;
  number: string;
  service: string;
  /** When the number was taken, epoch ms: how long they have waited. */
  takenAt: number;
  /** A booked time, epoch ms; a booking is called first once its time has come. */
  appointmentAt: number | null;
  /** Whose file the list opens (CaseFileRoute.merchant). */
  merchant: { id: string; name: string; shop: string };
}

/**
 * The line at the asking officer's desk, first to be called first (bookings not yet due last); `deskId` null and
 * nothing listed when they staff no desk. Only staff with the case-file permission ever receive it.
 */
export interface DeskWaitingAnswer {
  deskId: string | null;
  waiting: DeskWaiter[];
  total: number;
  /** The station's clock when the list was read, epoch ms: the waits are counted from it. */
  at: number;
}

/** What a case-file item says of the case it belongs to. */
export interface FileCase {
  id: string;
  number: string;
  service: string;
  /** Where the case stands now, whatever the item's date. */
  status: 'open' | 'closed';
  outcome: Outcome | null;
}

interface ItemBase {
  /**
   * The item's place in the file: its moment to the microsecond (YYYYMMDDHHMMSSffffff, UTC), a kind letter
   * and its id. Unique; the file is ordered by it, newest first, and a page's last key starts the next page.
   */
  key: string;
  /** When it happened (ISO) and the same moment on the station's clock. */
  at: string;
  station: StationClock;
}

/** A case opened, with its matter as it reads now. */
export interface CaseOpenedItem extends ItemBase {
  kind: 'caseOpened';
  case: FileCase;
  description: string;
}

/** A desk visit completed: its notes, checklist, outcome, officer and desk, and what was said. */
export interface DeskVisitItem extends ItemBase {
  kind: 'deskVisit';
  case: FileCase;
  entry: CaseEntry;
  lines: ChatLine[];
  /** Earlier lines of this visit left out to keep within {@link CASE_FILE_LINES_MAX_BYTES}. */
  linesLeftOut: number;
}

/** A door-to-door visit's result, recorded on its case. */
export interface VisitResultItem extends ItemBase {
  kind: 'visitResult';
  case: FileCase;
  entry: CaseEntry;
}

/** A door-to-door visit booked and not reported on yet (its result, once recorded, is a visitResult). */
export interface VisitBookedItem extends ItemBase {
  kind: 'visitBooked';
  case: FileCase;
  slotId: string;
  /** The window on the station's clock: its day and start, and its end. */
  starts: StationClock;
  endsTime: string;
  officerName: string;
}

/** The conversation of a visit still under way at a desk (its lines join the visit's entry when it ends). */
export interface TalkItem extends ItemBase {
  kind: 'talk';
  case: FileCase;
  lines: ChatLine[];
  linesLeftOut: number;
}

/** One step of a filing: where it went, who took it, what was asked and by when. */
export interface FilingStepView {
  state: FilingState;
  by: 'merchant' | 'officer';
  station: StationClock;
  items: string[];
  deadline: string | null;
}

/** A sign filing (招牌备案) as it stands, dated by its latest step, with every step oldest first. */
export interface FilingItem extends ItemBase {
  kind: 'filing';
  filingId: string;
  caseNumber: string;
  signText: string;
  state: FilingState;
  /** The changes asked for, or the items to follow (容缺受理), from the latest review step. */
  items: string[];
  deadline: string | null;
  steps: FilingStepView[];
}

/** A concern (诉求) as it stands, dated by its latest step, with every step and reply oldest first. */
export interface ConcernItem extends ItemBase {
  kind: 'concern';
  concern: ConcernView;
}

export type TimelineItem =
  CaseOpenedItem | DeskVisitItem | VisitResultItem | VisitBookedItem | TalkItem | FilingItem | ConcernItem;
export type TimelineKind = TimelineItem['kind'];

/** The letter each kind's keys carry, so two kinds never share a key. */
export const KIND_LETTER = {
  caseOpened: 'c',
  deskVisit: 'd',
  visitResult: 'r',
  visitBooked: 'b',
  talk: 't',
  filing: 'f',
  concern: 'n',
} as const satisfies Record<TimelineKind, string>;

/** The merchant whose file it is, as staff see them. */
export interface FileMerchant {
  id: string;
  name: string;
  shop: string;
  phone: string | null;
}

/** One page of a merchant's file: its items newest first, and where the next page starts (null: none). */
export interface CaseFilePage {
  merchant: FileMerchant;
  /** The station's time zone (STATION_TIMEZONE): every date in the file is on its clock. */
  zone: string;
  items: TimelineItem[];
  next: string | null;
}

/** A merchant a staff search found, with how much history they have. */
export interface FileSearchHit extends FileMerchant {
  cases: number;
  /** The latest change to any of their cases (ISO), or null when they have none. */
  lastAt: string | null;
}

export interface FileSearchAnswer {
  hits: FileSearchHit[];
  /** True when more merchants matched than {@link CASE_FILE_SEARCH_RESULTS}: the officer narrows the search. */
  more: boolean;
}

/** A moment as an order key's first part: YYYYMMDDHHMMSS and six digits of microseconds, UTC. */
export function keyMoment(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}` +
    `${String(d.getUTCMilliseconds()).padStart(3, '0')}000`
  );
}

/** An item's key from its moment, kind and id (ids other than letters, digits and '-' are spelt in hex). */
export function itemKey(moment: string, kind: TimelineKind, id: string): string {
  const safe = /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : [...new TextEncoder().encode(id)].slice(0, 32).map(hex).join('');
  return `${moment}/${KIND_LETTER[kind]}/${safe}`;
}
const hex = (b: number) => b.toString(16).padStart(2, '0');

export interface PageLimits {
  items: number;
  maxBytes: number;
}

export const CASE_FILE_PAGE_LIMITS: PageLimits = { items: CASE_FILE_PAGE_ITEMS, maxBytes: CASE_FILE_PAGE_MAX_BYTES };

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/**
 * One page of the file from what each part of it (cases, filings, visits, concerns) holds after the cursor:
 * all of it merged newest first, then as many items as the page takes, by count and by bytes. Each part
 * need give no more than `limits.items + 1` items: the page holds at most `limits.items`, so an item left
 * over shows there is more, and the last key taken is where the next page starts.
 */
export function pageOfFile<T extends { key: string }>(
  parts: readonly (readonly T[])[],
  limits: PageLimits = CASE_FILE_PAGE_LIMITS,
  after: string | null = null,
): { items: T[]; next: string | null } {
  const all = parts
    .flat()
    .filter((item) => after === null || item.key < after)
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const items: T[] = [];
  let size = 2; // []
  for (const item of all) {
    if (items.length >= limits.items) break;
    const more = bytes(item) + (items.length > 0 ? 1 : 0);
    if (items.length > 0 && size + more > limits.maxBytes) break;
    items.push(item);
    size += more;
  }
  const next = items.length < all.length ? items.at(-1)!.key : null;
  return { items, next };
}
