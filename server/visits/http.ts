import { stationOf } from '../stations/scope.ts';
import { type Application } from 'express';
import { Action } from '../../shared/permissions.ts';
import {
  bookSlotSchema,
  publishSlotSchema,
  VisitError,
  visitErrorStatus as STATUS,
  visitResultSchema,
  VisitsRoute,
} from '../../shared/visits.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { isCalendarDay, stationDay } from '../../shared/dates.ts';
import { stationInstant } from '../../shared/workingDays.ts';
import type { VisitService } from './service.ts';
import { answer, permit, refuse, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { readQuery } from '../http/query.ts';
import { jsonBody } from '../http/jsonBody.ts';

/**
 * Door-to-door visit windows over HTTP, each request on its station's windows (server/stations/scope.ts): a
 * window of another station is not found (404); bookings are announced to both sides by that station's hall.
 */
export function mountVisitsApi(app: Application, accounts: Accounts, visits: VisitService, timeZone: string): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody('4kb');
  const id = pathId;

  app.get(VisitsRoute.slots, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    if (p.kind === 'merchant') {
      if (!readQuery(req, res, {})) return;
      const viewer = { kind: 'merchant' as const, id: p.id };
      return void res.json({
        free: await visits.free(viewer, undefined, stationOf(res)),
        mine: await visits.ofMerchant(p.id, stationOf(res)),
      });
    }
    if (!(await allowed(req, res, Action.publishVisits))) return;
    // Without a day, today's; a day that is not one is refused rather than shown as today.
    const query = readQuery(req, res, { date: isCalendarDay });
    if (!query) return;
    const date = query.date ?? stationDay(Date.now(), timeZone);
    const from = stationInstant(date, '00:00', timeZone);
    const day = await visits.ofOfficerOn(p.id, from, from + 86_400_000, stationOf(res));
    const free = (await visits.free({ kind: 'officer', id: p.id }, undefined, stationOf(res))).filter((s) => s.mine);
    res.json({ date, day, free });
  });

  app.post(VisitsRoute.slots, json, async (req, res) => {
    const p = await allowed(req, res, Action.publishVisits);
    if (!p) return;
    const input = publishSlotSchema.safeParse(req.body);
    if (!input.success) return refuse(res, VisitError.invalidTime, STATUS);
    answer(res, await visits.publish(p.id, input.data, undefined, stationOf(res)), STATUS, 201);
  });

  app.post(VisitsRoute.book, json, async (req, res) => {
    const p = await allowed(req, res, Action.bookVisit);
    if (!p) return;
    const input = bookSlotSchema.safeParse(req.body);
    if (!input.success) return refuse(res, VisitError.noCase, STATUS);
    const by = { kind: 'merchant' as const, id: p.id };
    answer(res, await visits.book(id(req.params.id), p.id, input.data.caseId, by, undefined, stationOf(res)), STATUS);
  });

  app.post(VisitsRoute.offer, json, async (req, res) => {
    const p = await allowed(req, res, Action.publishVisits);
    if (!p) return;
    const input = bookSlotSchema.safeParse(req.body);
    if (!input.success) return refuse(res, VisitError.noCase, STATUS);
    answer(res, await visits.offer(id(req.params.id), p.id, input.data.caseId, stationOf(res)), STATUS);
  });

  app.post(VisitsRoute.cancel, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    if (p.kind === 'merchant')
      return void answer(
        res,
        await visits.cancel(id(req.params.id), { kind: 'merchant', id: p.id }, stationOf(res)),
        STATUS,
      );
    if (!(await allowed(req, res, Action.publishVisits))) return;
    answer(res, await visits.cancel(id(req.params.id), { kind: 'officer', id: p.id }, stationOf(res)), STATUS);
  });

  app.post(VisitsRoute.result, json, async (req, res) => {
    const p = await allowed(req, res, Action.publishVisits);
    if (!p) return;
    const input = visitResultSchema.safeParse(req.body);
    if (!input.success) return refuse(res, VisitError.invalidInput, STATUS);
    answer(res, await visits.result(id(req.params.id), p.id, input.data.result, undefined, stationOf(res)), STATUS);
  });
}
