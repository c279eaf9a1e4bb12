import { stationOf } from '../stations/scope.ts';
import type { Application, Request, Response } from 'express';
import {
  DashboardRefusal,
  dashboardRefusalStatus as STATUS,
  DashboardRoute,
  type DashboardFields,
  type DashboardToday,
} from '../../shared/dashboard.ts';
import { Action, decideAny, LEAD, type Actor } from '../../shared/permissions.ts';
import type { Accounts, Principal } from '../accounts/accounts.ts';
import { isActiveLead } from '../accounts/staffStore.ts';
import { actorOf, permit, refuse, signedIn } from '../http/permit.ts';
import type { Db } from '../store/db.ts';
import type { DashboardService, PeriodResult } from './service.ts';

/**
 * Who a verified principal acts as for the dashboard: their role, and lead too when their account is an active
 * officer marked lead in storage now (read at each request, never from the token, so clearing the mark counts
 * at once).
 */
async function actorsOf(db: Db, p: Principal): Promise<Actor[]> {
  const actor = actorOf(p);
  if (p.kind === 'staff' && p.role === 'officer' && (await isActiveLead(db, p.id))) return [actor, LEAD];
  return [actor];
}

function refusal(res: Response, r: Extract<PeriodResult<unknown>, { ok: false }>): void {
  const more: { fields?: DashboardFields; limit?: number } = {};
  if (r.fields) more.fields = r.fields;
  if (r.limit !== undefined) more.limit = r.limit;
  refuse(res, r.error, STATUS, more);
}

/**
 * The station dashboard over HTTP, each request on its station's figures (server/stations/scope.ts): today for officers and the admin (anyone else 403, no token 401); a period
 * and its CSV for the lead and the admin only (a plain officer 403), the query checked after who asks.
 */
export function mountDashboardApi(app: Application, db: Db, accounts: Accounts, dashboard: DashboardService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);

  /** The lead or the admin behind the request, or null after answering 401 or 403. */
  const leadOrAdmin = async (req: Request, res: Response): Promise<Principal | null> => {
    const p = await who(req, res);
    if (!p) return null;
    if (!decideAny(await actorsOf(db, p), Action.readDashboardPeriod).allowed) {
      refuse(res, DashboardRefusal.notLead, STATUS);
      return null;
    }
    return p;
  };

  app.get(DashboardRoute.today, async (req, res) => {
    const p = await allowed(req, res, Action.readDashboardToday);
    if (!p) return;
    const [today, actors] = await Promise.all([dashboard.today(stationOf(res)), actorsOf(db, p)]);
    const mayReadPeriod = decideAny(actors, Action.readDashboardPeriod).allowed;
    res.set('Cache-Control', 'no-store').json({ ...today, mayReadPeriod } satisfies DashboardToday);
  });

  app.get(DashboardRoute.period, async (req, res) => {
    const p = await leadOrAdmin(req, res);
    if (!p) return;
    const r = await dashboard.period({ staffId: p.id }, req.query as Record<string, unknown>, stationOf(res));
    if (!r.ok) return refusal(res, r);
    res.set('Cache-Control', 'no-store').json(r.value);
  });

  app.get(DashboardRoute.csv, async (req, res) => {
    const p = await leadOrAdmin(req, res);
    if (!p) return;
    const r = await dashboard.csv({ staffId: p.id }, req.query as Record<string, unknown>, stationOf(res));
    if (!r.ok) return refusal(res, r);
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${r.value.fileName}"`,
        'Cache-Control': 'no-store',
      })
      .send(r.value.text);
  });

  // The page writes a table's file from the rows it shows; it asks here first, so the export is audited.
  app.post(DashboardRoute.exported, async (req, res) => {
    const p = await leadOrAdmin(req, res);
    if (!p) return;
    const r = await dashboard.exported({ staffId: p.id }, req.query as Record<string, unknown>, stationOf(res));
    if (!r.ok) return refusal(res, r);
    res.set('Cache-Control', 'no-store').json(r.value);
  });
}
