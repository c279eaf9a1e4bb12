import {
  csvFileName,
  DashboardRoute,
  type DashboardPeriod,
  type DashboardRefusal,
  type DashboardToday,
  type PeriodQuery,
  type PeriodTable,
} from '../../shared/dashboard.ts';
import type { GateError } from '../../shared/accounts.ts';
import { apiUrl, callFor, refusalOf, unreachable, type ApiResult } from './http.ts';

/** Dashboard refusals carry one of the dashboard's codes (or the gate's, or the transport's). */
const call = callFor<DashboardRefusal>();

const periodPath = (route: string, q: PeriodQuery, table?: PeriodTable) =>
  `${route}?${new URLSearchParams({ ...(table ? { table } : {}), from: q.from, to: q.to }).toString()}`;

/** A CSV file as the hall sent it, with the name to save it under. */
export interface CsvFile {
  blob: Blob;
  fileName: string;
}

/**
 * The station dashboard (站务看板) over the hall's HTTP API: today for officers and the admin; a period's tables
 * and each table's CSV for the station lead and the admin (each read is in the audit log).
 */
export const dashboardApi = {
  today: (token: string) => call<DashboardToday>('GET', DashboardRoute.today, undefined, token),
  period: (token: string, q: PeriodQuery) =>
    call<DashboardPeriod>('GET', periodPath(DashboardRoute.period, q), undefined, token),
  /**
   * Whether this person may read periods, without reading one (so nothing is audited): the hall checks who
   * asks before the dates, so the period route asked with no dates refuses a plain officer (403) and tells
   * a lead the dates are missing (400).
   */
  mayReadPeriod: async (token: string): Promise<ApiResult<boolean, DashboardRefusal | GateError>> => {
    const r = await call<unknown>('GET', DashboardRoute.period, undefined, token);
    if (r.ok || r.status === 400) return { ok: true, value: true };
    if (r.status === 403) return { ok: true, value: false };
    return r;
  },
  /** One table of the period as the hall exports it: UTF-8 with BOM, Chinese headers, safe for Excel and WPS. */
  csv: async (
    token: string,
    table: PeriodTable,
    q: PeriodQuery,
  ): Promise<ApiResult<CsvFile, DashboardRefusal | GateError>> => {
    let res: Response;
    try {
      res = await fetch(apiUrl(periodPath(DashboardRoute.csv, q, table)), {
        headers: { Authorization: `Bearer ${token}` },
      });
    } catch {
      return unreachable();
    }
    if (!res.ok) return refusalOf<DashboardRefusal | GateError>(res);
    // Read as bytes, so the byte order mark the spreadsheet needs is kept as sent.
    const bytes = await res.arrayBuffer();
    return {
      ok: true,
      value: { blob: new Blob([bytes], { type: 'text/csv;charset=utf-8' }), fileName: csvFileName(table, q) },
    };
  },
};
