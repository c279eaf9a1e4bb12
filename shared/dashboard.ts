import { isCalendarDay } from './dates.ts';
import type { Localized } from './layout.ts';
import type { StatusMap } from './result.ts';
import { STATION_QUERY } from './stations.ts';

/**
 * The station dashboard (站务看板). Officers and the admin read today at a glance; the station lead (an
 * officer account marked lead with `npm run staff`) and the admin read the same over a chosen period, as typed
 * tables the page draws as charts and exports as CSV. Every day and hour is the station's (the `TZ` setting),
 * never the server's or UTC.
 */

export const DashboardRoute = {
  /** GET: today at a glance (officers, the lead, the admin). */
  today: '/api/dashboard/today',
  /** GET `?from=YYYY-MM-DD&to=YYYY-MM-DD`: every table of the period, both days included (the lead, the admin). */
  period: '/api/dashboard/period',
  /**
   * GET `?table=<PeriodTable>&from=…&to=…`: one table of the period as a CSV file (UTF-8 with BOM, CRLF,
   * Chinese headers; see {@link tableCsv}), sent as an attachment named {@link csvFileName}.
   */
  csv: '/api/dashboard/period.csv',
  /**
   * POST `?table=<PeriodTable>&from=…&to=…`: the page is about to save this table of the period as a CSV file
   * it writes from the rows it shows; the hall writes the export to the audit log as it does its own, and
   * answers `{ fileName }`. The page saves the file only once this is answered.
   */
  exported: '/api/dashboard/period.csv/exported',
} as const;

// Limits (defaults; the station's settings say its own, see README "Station dashboard").
/** Longest period one request reads, in days, both ends included (`DASHBOARD_PERIOD_DAYS_MAX`). */
export const DASHBOARD_PERIOD_DAYS_MAX = 366;
/** Most rating comments one period lists, newest first (`DASHBOARD_COMMENTS_MAX`); the rest are counted. */
export const DASHBOARD_COMMENTS_MAX = 500;

/** The tables of a period, in the order the page shows them. */
export const PeriodTable = {
  /** One row per day of the period: served, no-shows, mean wait. */
  byDay: 'byDay',
  /** One row per service: served, no-shows, waits and service times (mean, median, 90th percentile). */
  byService: 'byService',
  /** One row per hour of the station's day that saw a ticket: the same figures. */
  byHour: 'byHour',
  /** One row per service: ratings given, mean level, count of each level. */
  ratingsByService: 'ratingsByService',
  /** One row per officer rated: the same. Only the lead and the admin ever receive it. */
  ratingsByOfficer: 'ratingsByOfficer',
  /** The comments merchants wrote with their ratings, newest first, never who wrote them. */
  ratingComments: 'ratingComments',
  /** One row per concern category: contact and answer deadlines met on time, late, still open. */
  concernDeadlines: 'concernDeadlines',
  /** One row per officer decision on a submitted filing: how long from received to decided. */
  filingTurnaround: 'filingTurnaround',
} as const;
export type PeriodTable = (typeof PeriodTable)[keyof typeof PeriodTable];
export const PERIOD_TABLES: readonly PeriodTable[] = Object.freeze(Object.values(PeriodTable));

export function isPeriodTable(name: unknown): name is PeriodTable {
  return typeof name === 'string' && (PERIOD_TABLES as readonly string[]).includes(name);
}

/**
 * What a column holds, so the page formats it and charts it:
 * - `text`: free text (a comment, an officer's name);
 * - `label`: an id whose names are in the column's `labels` (a service, a concern category, a decision);
 * - `day`: YYYY-MM-DD on the station's calendar; `hour`: 0–23 on the station's clock (the hour a ticket was taken);
 * - `count`: a whole number; `minutes`, `hours`: a duration rounded to 0.1; `level`: a rating 1–5 or its mean
 *   rounded to 0.01; `percent`: 0–100 rounded to 0.1.
 */
export type ColumnKind = 'text' | 'label' | 'day' | 'hour' | 'count' | 'minutes' | 'hours' | 'level' | 'percent';

export interface TableColumn {
  /** Stable key, for the page's charts and tests. */
  key: string;
  /** Header in each language; the CSV uses `zh`. */
  name: Localized;
  kind: ColumnKind;
  /** For `label` columns: each id's names. An id missing here is shown as the id. */
  labels?: Readonly<Record<string, Localized>>;
}

/** The figures a service or an hour of the day has, after its name. */
const WAIT_AND_SERVICE_COLUMNS = [
  'served',
  'noShows',
  'waitMean',
  'waitMedian',
  'waitP90',
  'serviceMean',
  'serviceMedian',
  'serviceP90',
] as const;
/** The ratings a service or an officer has, after its name. */
const RATING_COLUMNS = ['ratings', 'levelMean', 'level1', 'level2', 'level3', 'level4', 'level5'] as const;

/** Each period table's column keys, in order (the rows' cells follow them). */
export const PERIOD_COLUMNS = {
  byDay: ['day', 'served', 'noShows', 'waitMean'],
  byService: ['service', ...WAIT_AND_SERVICE_COLUMNS],
  byHour: ['hour', ...WAIT_AND_SERVICE_COLUMNS],
  ratingsByService: ['service', ...RATING_COLUMNS],
  ratingsByOfficer: ['officer', ...RATING_COLUMNS],
  ratingComments: ['day', 'service', 'officer', 'level', 'comment'],
  concernDeadlines: [
    'category',
    'received',
    'contactOnTime',
    'contactLate',
    'contactOpen',
    'answerOnTime',
    'answerLate',
    'answerOpen',
    'answerOnTimePercent',
  ],
  filingTurnaround: ['decision', 'decided', 'hoursMean', 'hoursMedian', 'hoursP90'],
} as const satisfies Record<PeriodTable, readonly string[]>;

/** A cell: text, a number, or nothing (no figure: no ticket that hour, nobody rated). */
export type Cell = string | number | null;

/** One table of the dashboard: its columns and its rows, each row one cell per column in the same order. */
export interface DashboardTable {
  name: PeriodTable;
  /** Its title in each language (the CSV file's name uses `en`'s key, see {@link csvFileName}). */
  title: Localized;
  columns: TableColumn[];
  rows: Cell[][];
  /** Rows left out by a limit (the comments beyond {@link DASHBOARD_COMMENTS_MAX}); 0 when none. */
  omitted: number;
}

/** A period's figures: every table, in {@link PERIOD_TABLES} order. */
export interface DashboardPeriod {
  from: string;
  to: string;
  /** The station's time zone the days and hours are read in. */
  timeZone: string;
  tables: DashboardTable[];
}

/** An open desk and who staffs it, as today's view shows it. */
export interface TodayDesk {
  deskId: string;
  officerName: string;
  services: string[];
  paused: boolean;
  /** The number of the ticket it is calling or serving, if any. */
  ticket: string | null;
}

export interface TodayService {
  service: string;
  /** People waiting for it now. */
  waiting: number;
  /** How long the one waiting longest has waited, in minutes (0.1), or null when no one waits. */
  longestWaitMinutes: number | null;
}

/** Today at a glance, on the station's calendar. */
export interface DashboardToday {
  /** The station's day, YYYY-MM-DD. */
  day: string;
  /** When it was read (ISO instant). */
  at: string;
  timeZone: string;
  desks: TodayDesk[];
  /** Every service the hall offers, in the hall's order, with who waits for it. */
  services: TodayService[];
  /** The longest wait of anyone waiting now, in minutes (0.1), or null when no one waits. */
  longestWaitMinutes: number | null;
  /** Tickets served to the end today (status done). */
  servedToday: number;
  /** Tickets closed as no-shows today. */
  noShowsToday: number;
  /** Concerns still open whose contact or answer deadline falls today and has not passed… */
  concernsDueToday: number;
  /** …or has passed. A concern counts once, by its nearest deadline. */
  concernsOverdue: number;
  /** Filings waiting for an officer's review (submitted, or under review). */
  filingsAwaitingReview: number;
  /** Door-to-door visits booked for today. */
  visitsBookedToday: number;
  /** Service names for the page, by id. */
  serviceNames: Readonly<Record<string, Localized>>;
  /** Whether the one asking reads periods too (the lead, the admin), as their stored account says now. */
  mayReadPeriod: boolean;
}

/** Why a query field is refused; the page says each beside its field. */
export const DashboardFieldError = {
  required: 'required',
  /** Not a calendar day, YYYY-MM-DD. */
  invalidDay: 'invalid_day',
  /** `to` before `from`. */
  beforeFrom: 'before_from',
  /** Longer than {@link DASHBOARD_PERIOD_DAYS_MAX} days (sent as `limit`). */
  tooLong: 'too_long',
  /** Not one of {@link PERIOD_TABLES}. */
  unknownTable: 'unknown_table',
  /** A query parameter the route does not read. */
  unknownField: 'unknown_field',
} as const;
export type DashboardFieldError = (typeof DashboardFieldError)[keyof typeof DashboardFieldError];

export type DashboardFields = Partial<Record<string, DashboardFieldError>>;

export const DashboardRefusal = {
  /** Bad query: `fields` names each refused one; `limit` is the longest period when it was too long. */
  invalidInput: 'invalid_input',
  /** An officer who is not (or no longer) marked lead asked for the period or its CSV. */
  notLead: 'not_permitted',
} as const;
export type DashboardRefusal = (typeof DashboardRefusal)[keyof typeof DashboardRefusal];

export const dashboardRefusalStatus = {
  [DashboardRefusal.invalidInput]: 400,
  [DashboardRefusal.notLead]: 403,
} as const satisfies StatusMap<DashboardRefusal>;

export interface PeriodQuery {
  from: string;
  to: string;
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * A period's query checked: `from` and `to` calendar days, `to` not before `from`, at most `maxDays` days;
 * with `table` too when `withTable` (the CSV route). Each refused field is named.
 */
export function parsePeriodQuery(
  query: Readonly<Record<string, unknown>>,
  maxDays: number,
  withTable = false,
): { ok: true; value: PeriodQuery & { table?: PeriodTable } } | { ok: false; fields: DashboardFields } {
  const fields = new Map<string, DashboardFieldError>();
  const allowed = withTable ? ['from', 'to', 'table'] : ['from', 'to'];
  // `station` names the station, for every route (server/stations/scope.ts): a download link may carry it.
  for (const key of Object.keys(query))
    if (key !== STATION_QUERY && !allowed.includes(key)) fields.set(key, DashboardFieldError.unknownField);
  const day = (key: 'from' | 'to'): string | null => {
    const v = query[key];
    if (v === undefined || v === '') fields.set(key, DashboardFieldError.required);
    else if (typeof v !== 'string' || !isCalendarDay(v)) fields.set(key, DashboardFieldError.invalidDay);
    else return v;
    return null;
  };
  const from = day('from');
  const to = day('to');
  if (from && to) {
    if (to < from) fields.set('to', DashboardFieldError.beforeFrom);
    else if (periodDays(from, to) > maxDays) fields.set('to', DashboardFieldError.tooLong);
  }
  let table: PeriodTable | undefined;
  if (withTable) {
    const t = query.table;
    if (t === undefined || t === '') fields.set('table', DashboardFieldError.required);
    else if (!isPeriodTable(t)) fields.set('table', DashboardFieldError.unknownTable);
    else table = t;
  }
  if (fields.size > 0 || !from || !to) return { ok: false, fields: Object.fromEntries(fields) };
  return { ok: true, value: table ? { from, to, table } : { from, to } };
}

// CSV (RFC 4180), for Excel and WPS: one function, used by the server's export, the page and the tests.

/** The byte order mark that tells Excel and WPS the file is UTF-8. */
export const CSV_BOM = '\uFEFF';

/**
 * First characters that make a spreadsheet read a text cell as a formula (or, for tab and CR, shift it into
 * one): such a cell is written with a leading `'`, which Excel and WPS show as text. The full-width forms are
 * included because WPS reads them as formulas in a Chinese locale, and leading spaces do not hide them.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/u;

/**
 * One cell as CSV text. Numbers stay numbers (a finite number is never a formula, a negative one included:
 * `-3.5` stays `-3.5` so it sums in the sheet); a non-finite number or null is an empty cell. Text is made
 * safe (leading `'` when it could start a formula, even text that looks like a number, e.g. `"-1"`) and quoted
 * when it holds a comma, a quote, a CR or an LF (quotes doubled).
 */
export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV file: BOM first, cells joined by commas, each record ended by CRLF. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** The text a cell shows in `lang`: a label column's id by its name, anything else as it is. */
export function cellShown(column: TableColumn, cell: Cell, lang: keyof Localized = 'zh'): Cell {
  if (column.kind === 'label' && typeof cell === 'string') return column.labels?.[cell]?.[lang] ?? cell;
  return cell;
}

/** A table as a CSV file: the headers (Chinese unless `lang` says), then each row with labels named. */
export function tableCsv(table: DashboardTable, lang: keyof Localized = 'zh'): string {
  const header = table.columns.map((c) => c.name[lang]);
  const rows = table.rows.map((row) => row.map((cell, i) => cellShown(table.columns[i]!, cell, lang)));
  return csvText([header, ...rows]);
}

/** The file name an exported table is saved under: `dashboard-<table>-<from>-<to>.csv` (ASCII only). */
export function csvFileName(table: PeriodTable, q: PeriodQuery): string {
  return `dashboard-${table}-${q.from}-${q.to}.csv`;
}
