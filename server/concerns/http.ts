import { type Application, type Response } from 'express';
import {
  ConcernRefusal,
  concernRefusalStatus as STATUS,
  ConcernsRoute,
  MERCHANT_STEPS,
} from '../../shared/concerns.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { answer, permit, refuse, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { anyText, readQuery } from '../http/query.ts';
import { stationOf } from '../stations/scope.ts';
import type { ConcernResult, ConcernService } from './service.ts';
import { jsonBody } from '../http/jsonBody.ts';

/**
 * Largest body a concern route reads: the longest reply (2,000 characters, up to three bytes each) and its
 * JSON with room to spare. Anything larger is refused before it is parsed.
 */
const BODY_LIMIT = '16kb';

/** An id from the path or the query, bounded before it reaches storage (an id holding a NUL is not found). */
const id = pathId;

/** Send a result; a refusal carries its refused fields or the bound that refused it. */
function reply<T>(res: Response, r: ConcernResult<T>, ok = 200): void {
  if (r.ok || r.error === ConcernRefusal.invalidInput) return answer(res, r, STATUS, ok);
  refuse(res, r.error, STATUS, r.limit ? { limit: r.limit } : {});
}

/** Whether a step's body names one of the merchant's steps (confirm, reopen); anything else is an officer's. */
function merchantStep(body: unknown): boolean {
  const kind = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).kind : undefined;
  return MERCHANT_STEPS.some((k) => k === kind);
}

/**
 * Concerns over HTTP, each request on its station's concerns (server/stations/scope.ts). A merchant raises,
 * follows, confirms and reopens their own at the station whose page they are on; the station's staff read its
 * concerns and officers take them step by step, or record one for the merchant at their desk. Every route asks
 * the permission matrix with the verified token first, so anonymous callers get 401, the wrong role 403 and
 * staff outside the station 403 station_not_member; a merchant asking for another's concern, or anyone for
 * another station's, is told it does not exist.
 */
export function mountConcernsApi(app: Application, accounts: Accounts, concerns: ConcernService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody(BODY_LIMIT);

  app.get(ConcernsRoute.categories, async (req, res) => {
    if ((await who(req, res)) && readQuery(req, res, {})) res.json(concerns.categories());
  });

  app.post(ConcernsRoute.concerns, json, async (req, res) => {
    const p = await allowed(req, res, Action.raiseConcern);
    if (p) reply(res, await concerns.raise(stationOf(res), p.id, req.body), 201);
  });

  app.get(ConcernsRoute.concerns, async (req, res) => {
    const me = await who(req, res);
    if (!me) return;
    if (me.kind === 'merchant') {
      const p = await allowed(req, res, Action.raiseConcern);
      if (p && readQuery(req, res, {})) res.json(await concerns.mine(stationOf(res), p.id));
      return;
    }
    if (!(await allowed(req, res, Action.viewConcerns))) return;
    // One merchant's concerns, or the station's open ones; a repeated `merchant` is refused, not taken for none.
    const query = readQuery(req, res, { merchant: anyText });
    if (!query) return;
    const merchant = query.merchant;
    const station = stationOf(res);
    res.json(
      typeof merchant === 'string' ? await concerns.ofMerchant(station, id(merchant)) : await concerns.open(station),
    );
  });

  // Mounted before `one`, whose `:id` would otherwise take "officers" for a concern's id.
  app.get(ConcernsRoute.officers, async (req, res) => {
    const p = await allowed(req, res, Action.handleConcerns);
    if (p && readQuery(req, res, {})) res.json(await concerns.officers(stationOf(res)));
  });

  app.get(ConcernsRoute.one, async (req, res) => {
    const me = await who(req, res);
    if (!me) return;
    const p = await allowed(req, res, me.kind === 'merchant' ? Action.raiseConcern : Action.viewConcerns);
    if (!p) return;
    const viewer = p.kind === 'merchant' ? { merchantId: p.id } : ('staff' as const);
    const view = await concerns.one(stationOf(res), id(req.params.id), viewer);
    if (!view) return refuse(res, ConcernRefusal.notFound, STATUS);
    res.json(view);
  });

  app.post(ConcernsRoute.steps, json, async (req, res) => {
    const p = await allowed(req, res, merchantStep(req.body) ? Action.raiseConcern : Action.handleConcerns);
    if (!p) return;
    const actor =
      p.kind === 'merchant' ? { kind: 'merchant' as const, id: p.id } : { kind: 'officer' as const, id: p.id };
    reply(res, await concerns.step(stationOf(res), actor, id(req.params.id), req.body));
  });

  app.post(ConcernsRoute.atDesk, json, async (req, res) => {
    const p = await allowed(req, res, Action.handleConcerns);
    if (p) reply(res, await concerns.raiseAtDesk(stationOf(res), p.id, req.body), 201);
  });

  app.get(ConcernsRoute.atDesk, async (req, res) => {
    const p = await allowed(req, res, Action.handleConcerns);
    if (p && readQuery(req, res, {})) reply(res, await concerns.atDesk(stationOf(res), p.id));
  });
}
