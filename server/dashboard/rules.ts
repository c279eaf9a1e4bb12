import type { ConcernCategory } from '../../shared/concerns.ts';
import {
  PERIOD_COLUMNS,
  PeriodTable,
  type Cell,
  type ColumnKind,
  type DashboardTable,
  type DashboardToday,
  type TableColumn,
  type TodayService,
} from '../../shared/dashboard.ts';
import { FilingState } from '../../shared/filing.ts';
import type { Localized } from '../../shared/layout.ts';
import { SERVICE_CATALOGUE } from '../../shared/layouts/registry.ts';

/**
 * The station dashboard's figures, worked out from plain facts the store reads: no storage, no clock (the
 * moment "now" is given). Durations are summarised by mean, median and 90th percentile (linear interpolation
 * between the two nearest ranks, like PostgreSQL's percentile_cont), shown in minutes or hours to 0.1; the
 * tickets' from histograms the database counts (within one bucket, 15 s, of exact), the filings' from the values.
 */

// ── Facts, as the store hands them over ────────────────────────────────────────────────────────────────────

/**
 * The tickets of one group (a day, a service, or an hour of the station's day), summed up by the database:
 * how many were served to the end and how many missed, and their waits (from the number taken, or the
 * appointment come if later, to the first call) and service times (begun to ended), in ms.
 */
export interface TicketGroup {
  served: number;
  noShows: number;
  wait: Summary;
  service: Summary;
}

/** The period's ticket groups, as the store reads them in one pass. */
export interface TicketGroups {
  byDay: ReadonlyMap<string, TicketGroup>;
  byService: ReadonlyMap<string, TicketGroup>;
  byHour: ReadonlyMap<number, TicketGroup>;
}

/** How many ratings of each level, 1 to 5. */
export type LevelCounts = readonly [number, number, number, number, number];

/** The period's ratings counted per service and per officer rated (by name; never who rated). */
export interface RatingGroups {
  byService: ReadonlyMap<string, LevelCounts>;
  byOfficer: readonly { name: string; levels: LevelCounts }[];
}

/** A rating given in the period. Never who gave it. */
export interface RatingFact {
  at: number;
  service: string;
  officerId: string;
  officerName: string;
  level: number;
  comment: string;
}

/** A concern received in the period, with its deadlines and when each was met. */
export interface ConcernFact {
  category: ConcernCategory;
  contactBy: number;
  contactedAt: number | null;
  contactLateAt: number | null;
  answerBy: number;
  /** The first reply to the merchant, if any. */
  answeredAt: number | null;
  answerLateAt: number | null;
}

/** A filing submitted (or resubmitted) in the period, and the officer's first decision after it. */
export interface FilingFact {
  submittedAt: number;
  decidedAt: number | null;
  /** The state the decision led to, null while undecided. */
  decision: string | null;
}

// ── Numbers ────────────────────────────────────────────────────────────────────────────────────────────────

/** The `p` quantile (0–1) of values sorted ascending, interpolated between the two nearest ranks; null if none. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface Summary {
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** Mean, median and 90th percentile of some values (in any order), or nulls when there are none. */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) return { mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { mean, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/**
 * Width of one bucket of the durations' histograms, ms: the store counts waits and service times per bucket
 * (with each bucket's smallest and largest value) instead of sorting every ticket, and medians and 90th
 * percentiles are read from the counts. Each is then within one bucket (15 s) of the exact figure, and exact
 * when the values it falls between are a bucket's smallest or largest.
 */
export const DURATION_BUCKET_MS = 15_000;
/** Buckets counted before the top one: everything from a day on shares the top bucket (its ends still exact). */
export const DURATION_BUCKETS = 5_760;

/** The bucket a duration (ms) is counted in: negative ones below zero, a day and more in the top bucket. */
export function durationBucket(ms: number): number {
  return Math.min(Math.floor(ms / DURATION_BUCKET_MS), DURATION_BUCKETS);
}

/** One bucket of a histogram: how many values, and the smallest and largest of them. */
export interface Bucket {
  count: number;
  min: number;
  max: number;
}

/** Durations summed up by the database: how many, their sum, and their buckets in any order. */
export interface Histogram {
  count: number;
  sum: number;
  buckets: readonly Bucket[];
}

/**
 * The `p` quantile (0–1) of the values a histogram counts, as percentile_cont would give it from the values
 * themselves (linear interpolation between the two nearest ranks), each rank's value read within its bucket:
 * a bucket's values are taken as evenly spread from its smallest to its largest. Null when there are none.
 */
export function histogramQuantile(buckets: readonly Bucket[], p: number): number | null {
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.min - b.min);
  const n = sorted.reduce((sum, b) => sum + b.count, 0);
  if (n === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (const b of sorted) {
      if (rank < before + b.count) {
        const j = rank - before;
        return b.count === 1 ? b.min : b.min + ((b.max - b.min) * j) / (b.count - 1);
      }
      before += b.count;
    }
    return sorted.at(-1)!.max;
  };
  const rank = (n - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = valueAt(lo);
  return lo === hi ? low : low + (valueAt(hi) - low) * (rank - lo);
}

/** Mean (from the sum, exact), median and 90th percentile (from the buckets) of a histogram's values. */
export function histogramSummary(h: Histogram): Summary {
  if (h.count === 0) return { mean: null, median: null, p90: null };
  return {
    mean: h.sum / h.count,
    median: histogramQuantile(h.buckets, 0.5),
    p90: histogramQuantile(h.buckets, 0.9),
  };
}

/** Rounded to `digits` decimals; null stays null. */
export function round(v: number | null, digits = 1): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

const minutes = (ms: number | null) => round(ms === null ? null : ms / 60_000);
const hours = (ms: number | null) => round(ms === null ? null : ms / 3_600_000);

// ── The station's hour ─────────────────────────────────────────────────────────────────────────────────────

const HOUR_MS = 3_600_000;

/**
 * The station clock's offset from UTC at instants, in ms, read in `timeZone`. Looked up once per hour of UTC
 * time (zones change their offset on a whole UTC hour), so many instants cost few look-ups.
 */
export function stationOffsets(timeZone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const offsets = new Map<number, number>();
  return (at) => {
    const bucket = Math.floor(at / HOUR_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      const start = bucket * HOUR_MS;
      const parts = Object.fromEntries(format.formatToParts(new Date(start)).map((p) => [p.type, p.value]));
      offset = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!) - start;
      offsets.set(bucket, offset);
    }
    return offset;
  };
}

/** The station's hour of day (0–23) of instants, read in `timeZone`. */
export function stationHours(timeZone: string): (at: number) => number {
  const offsetAt = stationOffsets(timeZone);
  return (at) => {
    const local = at + offsetAt(at);
    return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
  };
}

// ── Columns ────────────────────────────────────────────────────────────────────────────────────────────────

const COLUMN: Record<string, { zh: string; en: string; kind: ColumnKind }> = {
  day: { zh: '日期', en: 'Day', kind: 'day' },
  hour: { zh: '时段（时）', en: 'Hour', kind: 'hour' },
  service: { zh: '服务', en: 'Service', kind: 'label' },
  officer: { zh: '工作人员', en: 'Officer', kind: 'text' },
  served: { zh: '办结人数', en: 'Served', kind: 'count' },
  noShows: { zh: '过号人数', en: 'No-shows', kind: 'count' },
  waitMean: { zh: '平均等候（分钟）', en: 'Mean wait (min)', kind: 'minutes' },
  waitMedian: { zh: '等候中位数（分钟）', en: 'Median wait (min)', kind: 'minutes' },
  waitP90: { zh: '90%等候（分钟）', en: '90th percentile wait (min)', kind: 'minutes' },
  serviceMean: { zh: '平均办理（分钟）', en: 'Mean service (min)', kind: 'minutes' },
  serviceMedian: { zh: '办理中位数（分钟）', en: 'Median service (min)', kind: 'minutes' },
  serviceP90: { zh: '90%办理（分钟）', en: '90th percentile service (min)', kind: 'minutes' },
  ratings: { zh: '评价数', en: 'Ratings', kind: 'count' },
  levelMean: { zh: '平均评分', en: 'Mean rating', kind: 'level' },
  level1: { zh: '1分', en: '1 star', kind: 'count' },
  level2: { zh: '2分', en: '2 stars', kind: 'count' },
  level3: { zh: '3分', en: '3 stars', kind: 'count' },
  level4: { zh: '4分', en: '4 stars', kind: 'count' },
  level5: { zh: '5分', en: '5 stars', kind: 'count' },
  level: { zh: '评分', en: 'Rating', kind: 'level' },
  comment: { zh: '评价内容', en: 'Comment', kind: 'text' },
  category: { zh: '诉求类别', en: 'Category', kind: 'label' },
  received: { zh: '受理数', en: 'Received', kind: 'count' },
  contactOnTime: { zh: '按时联系', en: 'Contacted on time', kind: 'count' },
  contactLate: { zh: '超时联系', en: 'Contacted late', kind: 'count' },
  contactOpen: { zh: '待联系', en: 'Contact pending', kind: 'count' },
  answerOnTime: { zh: '按时答复', en: 'Answered on time', kind: 'count' },
  answerLate: { zh: '超时答复', en: 'Answered late', kind: 'count' },
  answerOpen: { zh: '待答复', en: 'Answer pending', kind: 'count' },
  answerOnTimePercent: { zh: '按时答复率（%）', en: 'Answered on time (%)', kind: 'percent' },
  decision: { zh: '审核结果', en: 'Decision', kind: 'label' },
  decided: { zh: '件数', en: 'Filings', kind: 'count' },
  hoursMean: { zh: '平均用时（小时）', en: 'Mean time (h)', kind: 'hours' },
  hoursMedian: { zh: '用时中位数（小时）', en: 'Median time (h)', kind: 'hours' },
  hoursP90: { zh: '90%用时（小时）', en: '90th percentile time (h)', kind: 'hours' },
};

const TITLES: Record<PeriodTable, Localized> = {
  byDay: { zh: '每日概况', en: 'Day by day' },
  byService: { zh: '各服务等候与办理', en: 'Waits and service times by service' },
  byHour: { zh: '各时段等候与办理', en: 'Waits and service times by hour' },
  ratingsByService: { zh: '各服务评价', en: 'Ratings by service' },
  ratingsByOfficer: { zh: '工作人员评价', en: 'Ratings by officer' },
  ratingComments: { zh: '评价留言', en: 'Rating comments' },
  concernDeadlines: { zh: '诉求办理时限', en: 'Concern deadlines' },
  filingTurnaround: { zh: '招牌备案审核用时', en: 'Filing turnaround' },
};

/** Every service any station's hall offers, by id, in both languages. */
export const SERVICE_LABELS: Readonly<Record<string, Localized>> = Object.fromEntries(
  SERVICE_CATALOGUE.map((s) => [s.id, s.name]),
);

/** The decisions a filing's turnaround is counted to, in the order the table lists them. */
export const DECISIONS = [
  FilingState.changesRequested,
  FilingState.acceptedWithItems,
  FilingState.visitBooked,
  FilingState.filed,
] as const;
export const ALL_DECISIONS = 'all';
export const UNDECIDED = 'undecided';
const DECISION_LABELS: Readonly<Record<string, Localized>> = {
  [FilingState.changesRequested]: { zh: '退回修改', en: 'Changes requested' },
  [FilingState.acceptedWithItems]: { zh: '容缺受理', en: 'Accepted, items to follow' },
  [FilingState.visitBooked]: { zh: '预约现场核查', en: 'Site visit booked' },
  [FilingState.filed]: { zh: '准予备案', en: 'Filed' },
  [ALL_DECISIONS]: { zh: '全部已审核', en: 'All decided' },
  [UNDECIDED]: { zh: '尚未审核', en: 'Not yet decided' },
};

function columns(table: PeriodTable, labels: Record<string, Readonly<Record<string, Localized>>> = {}): TableColumn[] {
  return PERIOD_COLUMNS[table].map((key) => {
    const c = COLUMN[key]!;
    const column: TableColumn = { key, name: { zh: c.zh, en: c.en }, kind: c.kind };
    if (labels[key]) column.labels = labels[key];
    return column;
  });
}

function table(name: PeriodTable, rows: Cell[][], labels = {}, omitted = 0): DashboardTable {
  return { name, title: TITLES[name], columns: columns(name, labels), rows, omitted };
}

// ── Tickets: by day, by service, by hour ───────────────────────────────────────────────────────────────────

const NO_TICKETS: TicketGroup = {
  served: 0,
  noShows: 0,
  wait: { mean: null, median: null, p90: null },
  service: { mean: null, median: null, p90: null },
};

function figures(t: TicketGroup): Cell[] {
  return [
    t.served,
    t.noShows,
    minutes(t.wait.mean),
    minutes(t.wait.median),
    minutes(t.wait.p90),
    minutes(t.service.mean),
    minutes(t.service.median),
    minutes(t.service.p90),
  ];
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

/**
 * Each day's offset of the station's clock from UTC, in ms, read at the station's noon: the hall is open by
 * day and a daylight-saving change happens at night, so a ticket's hour is its instant plus its day's offset.
 */
export function dayOffsets(days: readonly string[], timeZone: string): number[] {
  const offsetAt = stationOffsets(timeZone);
  return days.map((day) => {
    const noonUtc = Date.parse(`${day}T12:00:00Z`);
    return offsetAt(noonUtc - offsetAt(noonUtc));
  });
}

/**
 * The tickets' tables: every day of the period (a day with no ticket too), every service a hall offers (and
 * any other a ticket names), every hour of the station's day in which a number was taken.
 */
export function ticketTables(
  groups: TicketGroups,
  from: string,
  to: string,
): { byDay: DashboardTable; byService: DashboardTable; byHour: DashboardTable } {
  const services = [...new Set([...SERVICE_CATALOGUE.map((s) => s.id), ...groups.byService.keys()])];
  return {
    byDay: table(
      PeriodTable.byDay,
      daysOf(from, to).map((day) => {
        const t = groups.byDay.get(day) ?? NO_TICKETS;
        return [day, t.served, t.noShows, minutes(t.wait.mean)];
      }),
    ),
    byService: table(
      PeriodTable.byService,
      services.map((service) => [service, ...figures(groups.byService.get(service) ?? NO_TICKETS)]),
      { service: SERVICE_LABELS },
    ),
    byHour: table(
      PeriodTable.byHour,
      [...groups.byHour].sort(([a], [b]) => a - b).map(([hour, t]) => [hour, ...figures(t)]),
    ),
  };
}

// ── Ratings ────────────────────────────────────────────────────────────────────────────────────────────────

function ratingFigures(levels: LevelCounts): Cell[] {
  const n = levels.reduce((sum, c) => sum + c, 0);
  const mean = n ? levels.reduce((sum, c, i) => sum + c * (i + 1), 0) / n : null;
  return [n, round(mean, 2), ...levels];
}

const NO_RATINGS: LevelCounts = [0, 0, 0, 0, 0];

/** Ratings per service (every service a hall offers) and per officer rated (by name, most rated first). */
export function ratingTables(groups: RatingGroups): {
  ratingsByService: DashboardTable;
  ratingsByOfficer: DashboardTable;
} {
  const services = [...new Set([...SERVICE_CATALOGUE.map((s) => s.id), ...groups.byService.keys()])];
  const total = (l: LevelCounts) => l.reduce((sum, c) => sum + c, 0);
  const officers = [...groups.byOfficer].sort(
    (a, b) => total(b.levels) - total(a.levels) || a.name.localeCompare(b.name, 'zh'),
  );
  return {
    ratingsByService: table(
      PeriodTable.ratingsByService,
      services.map((service) => [service, ...ratingFigures(groups.byService.get(service) ?? NO_RATINGS)]),
      { service: SERVICE_LABELS },
    ),
    ratingsByOfficer: table(
      PeriodTable.ratingsByOfficer,
      officers.map((o) => [o.name, ...ratingFigures(o.levels)]),
    ),
  };
}

/**
 * The comments written with ratings, newest first, at most `max` (the rest, of `total` when the store counted
 * more than it read, counted as omitted): the day, the
 * service, the officer rated, the rating and the words. Never who wrote them. Empty comments are left out.
 */
export function commentTable(
  facts: readonly RatingFact[],
  max: number,
  dayOf: (at: number) => string,
  total?: number,
): DashboardTable {
  const written = facts.filter((f) => f.comment.trim() !== '').sort((a, b) => b.at - a.at);
  const rows = written.slice(0, max).map((f) => [dayOf(f.at), f.service, f.officerName, f.level, f.comment]);
  const all = Math.max(total ?? written.length, written.length);
  return table(PeriodTable.ratingComments, rows, { service: SERVICE_LABELS }, all - rows.length);
}

// ── Concerns ───────────────────────────────────────────────────────────────────────────────────────────────

export type DeadlineOutcome = 'onTime' | 'late' | 'open';

/**
 * Whether a deadline was met: late once the station's check marked it so or it was met after it; on time when
 * met by it; still open while unmet and not yet passed at `now` (unmet and passed is late).
 */
export function deadlineOutcome(
  doneAt: number | null,
  by: number,
  lateMarkAt: number | null,
  now: number,
): DeadlineOutcome {
  if (lateMarkAt !== null) return 'late';
  if (doneAt !== null) return doneAt <= by ? 'onTime' : 'late';
  return now >= by ? 'late' : 'open';
}

/** One row per category of the concerns received in the period: the contact and answer deadlines' outcomes. */
export function concernTable(facts: readonly ConcernFact[], now: number): DashboardTable {
  const rows = new Map<string, { name: Localized; n: number; contact: number[]; answer: number[] }>();
  const at = { onTime: 0, late: 1, open: 2 } as const;
  for (const f of facts) {
    let r = rows.get(f.category.id);
    if (!r) {
      r = { name: { zh: f.category.zh, en: f.category.en }, n: 0, contact: [0, 0, 0], answer: [0, 0, 0] };
      rows.set(f.category.id, r);
    }
    r.n += 1;
    r.contact[at[deadlineOutcome(f.contactedAt, f.contactBy, f.contactLateAt, now)]]! += 1;
    r.answer[at[deadlineOutcome(f.answeredAt, f.answerBy, f.answerLateAt, now)]]! += 1;
  }
  const labels = Object.fromEntries([...rows].map(([id, r]) => [id, r.name]));
  return table(
    PeriodTable.concernDeadlines,
    [...rows].map(([id, r]) => {
      const judged = r.answer[0]! + r.answer[1]!;
      return [id, r.n, ...r.contact, ...r.answer, judged ? round((100 * r.answer[0]!) / judged) : null];
    }),
    { category: labels },
  );
}

// ── Filings ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * How long filings submitted in the period waited for the officer's decision: one row per decision, one for
 * all decided, and the count still undecided.
 */
export function filingTable(facts: readonly FilingFact[]): DashboardTable {
  const spans = new Map<string, number[]>([...DECISIONS, ALL_DECISIONS].map((d) => [d, []]));
  let undecided = 0;
  for (const f of facts) {
    if (f.decidedAt === null || f.decision === null) {
      undecided += 1;
      continue;
    }
    const span = f.decidedAt - f.submittedAt;
    spans.get(f.decision)?.push(span);
    spans.get(ALL_DECISIONS)!.push(span);
  }
  const rows: Cell[][] = [...spans].map(([decision, list]) => {
    const s = summarise(list);
    return [decision, list.length, hours(s.mean), hours(s.median), hours(s.p90)];
  });
  rows.push([UNDECIDED, undecided, null, null, null]);
  return table(PeriodTable.filingTurnaround, rows, { decision: DECISION_LABELS });
}

// ── Today ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Each service's line now, from when each one due in it began to wait. */
export function todayServices(
  lines: readonly { service: string; waitingSince: readonly number[] }[],
  now: number,
): { services: TodayService[]; longestWaitMinutes: number | null } {
  let longest: number | null = null;
  const services = lines.map(({ service, waitingSince }) => {
    const first = waitingSince.length ? Math.min(...waitingSince) : null;
    const wait = first === null ? null : Math.max(0, now - first);
    if (wait !== null && (longest === null || wait > longest)) longest = wait;
    return { service, waiting: waitingSince.length, longestWaitMinutes: minutes(wait) };
  });
  return { services, longestWaitMinutes: minutes(longest) };
}

/** Open concerns by their nearest unmet deadline: due later today, or already passed. */
export function concernsDue(
  open: readonly { contactBy: number | null; answerBy: number }[],
  now: number,
  endOfToday: number,
): Pick<DashboardToday, 'concernsDueToday' | 'concernsOverdue'> {
  let dueToday = 0;
  let overdue = 0;
  for (const c of open) {
    const nearest = c.contactBy === null ? c.answerBy : Math.min(c.contactBy, c.answerBy);
    if (now >= nearest) overdue += 1;
    else if (nearest < endOfToday) dueToday += 1;
  }
  return { concernsDueToday: dueToday, concernsOverdue: overdue };
}
