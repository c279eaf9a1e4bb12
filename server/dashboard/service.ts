import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { DEFAULT_LAYOUT, layoutFor } from '../../shared/layouts/registry.ts';
import {
  csvFileName,
  DashboardRefusal,
  parsePeriodQuery,
  PERIOD_TABLES,
  tableCsv,
  type DashboardFields,
  type DashboardPeriod,
  type DashboardTable,
  type DashboardToday,
  type PeriodQuery,
  type PeriodTable,
} from '../../shared/dashboard.ts';
import { stationDay } from '../../shared/dates.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { stationInstant } from '../../shared/workingDays.ts';
import type { HallGlance } from '../queue/desks.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  commentTable,
  concernsDue,
  concernTable,
  filingTable,
  ratingTables,
  SERVICE_LABELS,
  ticketTables,
  todayServices,
} from './rules.ts';
import {
  concernFacts,
  filingFacts,
  openConcernDeadlines,
  ratingComments,
  ratingGroups,
  storedHall,
  ticketGroups,
  todayCounts,
} from './store.ts';

export interface DashboardOptions {
  timeZone: string;
  /** Longest period, in days (`DASHBOARD_PERIOD_DAYS_MAX`). */
  periodDaysMax: number;
  /** Most rating comments listed (`DASHBOARD_COMMENTS_MAX`). */
  commentsMax: number;
  now?: () => number;
  /** A station's running hall's desks and lines now, wherever its hall runs; undefined: storage is read. */
  hall?: (station: string) => HallGlance | undefined | Promise<HallGlance | undefined>;
  /** A station's hall layout id, for its lines when read from storage; default the standard hall. */
  layoutOf?: (station: string) => Promise<string>;
}

/** Who reads a period: a staff account (the lead or the admin), named in the audit log. */
export interface DashboardReader {
  staffId: string;
}

export type PeriodResult<T> = Result<T, DashboardRefusal, { fields?: DashboardFields; limit?: number }>;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The station dashboard: today from the running hall and storage, a period's tables from storage. Whether the
 * reader may read the period the route has decided (the permission matrix, the lead mark read from storage);
 * every period read and every export is written to the audit log with who and which days.
 */
export class DashboardService {
  private readonly now: () => number;
  private readonly db: Db;
  private readonly opts: DashboardOptions;

  constructor(db: Db, opts: DashboardOptions) {
    this.db = db;
    this.opts = opts;
    this.now = opts.now ?? Date.now;
  }

  get periodDaysMax(): number {
    return this.opts.periodDaysMax;
  }

  /**
   * A station's today at a glance, on the station's calendar (whether the reader may read periods is the
   * route's to add): its desks, lines, tickets, visits and concerns due; filings are the deployment's.
   */
  async today(station = DEFAULT_STATION_SLUG): Promise<Omit<DashboardToday, 'mayReadPeriod'>> {
    const { timeZone } = this.opts;
    const now = this.now();
    const day = stationDay(now, timeZone);
    const start = stationInstant(day, '00:00', timeZone);
    const end = stationInstant(nextDay(day), '00:00', timeZone);
    const glance = (await this.opts.hall?.(station)) ?? (await this.storedGlance(station, day, now));
    const [counts, open] = await Promise.all([
      todayCounts(this.db, day, start, end, station),
      openConcernDeadlines(this.db, station),
    ]);
    const lines = todayServices(glance.lines, now);
    return {
      day,
      at: new Date(now).toISOString(),
      timeZone,
      desks: glance.desks.map((d) => ({
        deskId: d.deskId,
        officerName: d.officerName,
        services: d.services,
        paused: d.held,
        ticket: d.ticket,
      })),
      ...lines,
      servedToday: counts.served,
      noShowsToday: counts.noShows,
      ...concernsDue(open, now, end),
      filingsAwaitingReview: counts.filingsAwaitingReview,
      visitsBookedToday: counts.visitsBookedToday,
      serviceNames: SERVICE_LABELS,
    };
  }

  private async storedGlance(station: string, day: string, now: number): Promise<HallGlance> {
    const stored = await storedHall(this.db, day, now, station);
    const layout = layoutFor((await this.opts.layoutOf?.(station)) ?? DEFAULT_LAYOUT);
    const lines = layout.services.map(({ id: service }) => ({
      service,
      waitingSince: stored.waiting.filter((w) => w.service === service).map((w) => w.since),
    }));
    return { desks: stored.desks, lines };
  }

  /** Every table of a period (the query checked first), written to the audit log. */
  async period(
    reader: DashboardReader,
    query: Readonly<Record<string, unknown>>,
    station = DEFAULT_STATION_SLUG,
  ): Promise<PeriodResult<DashboardPeriod>> {
    const q = this.check(query, false);
    if (!q.ok) return q;
    const value = await this.tables(q.value, undefined, station);
    await this.audit(reader, 'dashboard.period', q.value, station);
    return ok(value);
  }

  /** One table of a period as a CSV file, written to the audit log. */
  async csv(
    reader: DashboardReader,
    query: Readonly<Record<string, unknown>>,
    station = DEFAULT_STATION_SLUG,
  ): Promise<PeriodResult<{ fileName: string; text: string }>> {
    const q = this.check(query, true);
    if (!q.ok) return q;
    const table = q.value.table as PeriodTable;
    const period = await this.tables(q.value, table, station);
    const found = period.tables.find((t) => t.name === table)!;
    await this.audit(reader, 'dashboard.csv', q.value, station, table);
    return ok({ fileName: csvFileName(table, q.value), text: tableCsv(found) });
  }

  /**
   * One table of a period the page saved as a CSV from the rows it showed (the query checked first): written
   * to the audit log as the hall's own export is, so every table that leaves the dashboard as a file is.
   */
  async exported(
    reader: DashboardReader,
    query: Readonly<Record<string, unknown>>,
    station = DEFAULT_STATION_SLUG,
  ): Promise<PeriodResult<{ fileName: string }>> {
    const q = this.check(query, true);
    if (!q.ok) return q;
    const table = q.value.table as PeriodTable;
    await this.audit(reader, 'dashboard.csv', q.value, station, table);
    return ok({ fileName: csvFileName(table, q.value) });
  }

  private check(
    query: Readonly<Record<string, unknown>>,
    withTable: boolean,
  ): PeriodResult<PeriodQuery & { table?: PeriodTable }> {
    const q = parsePeriodQuery(query, this.opts.periodDaysMax, withTable);
    if (q.ok) return ok(q.value);
    const tooLong = Object.values(q.fields).includes('too_long');
    return refused(DashboardRefusal.invalidInput, {
      fields: q.fields,
      ...(tooLong ? { limit: this.opts.periodDaysMax } : {}),
    });
  }

  /**
   * A station's period tables; with `only`, just what that table needs is read (the others come back empty).
   * Tickets and ratings are the station's whose line they were taken in; concerns and filings the station's
   * they were raised at.
   */
  async tables(q: PeriodQuery, only?: PeriodTable, station = DEFAULT_STATION_SLUG): Promise<DashboardPeriod> {
    const { timeZone, commentsMax } = this.opts;
    const start = stationInstant(q.from, '00:00', timeZone);
    const end = stationInstant(nextDay(q.to), '00:00', timeZone);
    const wants = (...names: PeriodTable[]) => !only || names.includes(only);
    const none = { byDay: new Map(), byService: new Map(), byHour: new Map() };
    // One after another: PGlite runs one statement at a time, and PostgreSQL's pool is shared with the hall.
    const tickets = wants('byDay', 'byService', 'byHour')
      ? await ticketGroups(this.db, q.from, q.to, timeZone, stationDay(this.now(), timeZone), station)
      : none;
    const ratings = wants('ratingsByService', 'ratingsByOfficer')
      ? await ratingGroups(this.db, start, end, station)
      : { byService: new Map(), byOfficer: [] };
    const comments = wants('ratingComments')
      ? await ratingComments(this.db, start, end, commentsMax, station)
      : { comments: [], total: 0 };
    const concerns = wants('concernDeadlines') ? await concernFacts(this.db, start, end, station) : [];
    const filings = wants('filingTurnaround') ? await filingFacts(this.db, start, end, station) : [];
    const all: Record<PeriodTable, DashboardTable> = {
      ...ticketTables(tickets, q.from, q.to),
      ...ratingTables(ratings),
      ratingComments: commentTable(comments.comments, commentsMax, (at) => stationDay(at, timeZone), comments.total),
      concernDeadlines: concernTable(concerns, this.now()),
      filingTurnaround: filingTable(filings),
    };
    return { from: q.from, to: q.to, timeZone, tables: PERIOD_TABLES.map((name) => all[name]) };
  }

  private async audit(
    reader: DashboardReader,
    action: string,
    q: PeriodQuery,
    station: string,
    table?: PeriodTable,
  ): Promise<void> {
    await recordAudit(this.db, {
      actorKind: 'staff',
      actorId: reader.staffId,
      action,
      targetKind: 'dashboard',
      targetId: null,
      detail: { station, from: q.from, to: q.to, ...(table ? { table } : {}) },
    });
  }
}
