import {
  DashboardRoute,
  type DashboardPeriod,
  type DashboardRefusal,
  type DashboardToday,
  type PeriodQuery,
  type PeriodTable,
} from '../../shared/dashboard.ts';
import { callFor } from './http.ts';

/** Dashboard refusals carry one of the dashboard's codes (or the gate's, or the transport's). */
const call = callFor<DashboardRefusal>();

const periodPath = (route: string, q: PeriodQuery, table?: PeriodTable) =>
  `${route}?${new URLSearchParams({ ...(table ? { table } : {}), from: q.from, to: q.to }).toString()}`;

/**
 * The station dashboard (站务看板) over the hall's HTTP API: today for officers and the admin; a period's tables
 * for the station lead and the admin (each read is in the audit log). A table's CSV is written on the page
 * from the very rows shown (DataTable.tsx), with the writer the hall's own export uses, once the hall has
 * written the export to the audit log (`exported`).
 */
export const dashboardApi = {
  today: (token: string) => call<DashboardToday>('GET', DashboardRoute.today, undefined, token),
  period: (token: string, q: PeriodQuery) =>
    call<DashboardPeriod>('GET', periodPath(DashboardRoute.period, q), undefined, token),
  /** The page is about to save this table of the period as a CSV: the hall audits it and names the file. */
  exported: (token: string, table: PeriodTable, q: PeriodQuery) =>
    call<{ fileName: string }>('POST', periodPath(DashboardRoute.exported, q, table), undefined, token),
};
