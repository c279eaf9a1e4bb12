import { type Application } from 'express';
import { Action } from '../../shared/permissions.ts';
import {
  CaseError,
  caseErrorStatus as STATUS,
  CasesRoute,
  ratingSchema,
  type DeskCase,
  type MyCasesAnswer,
} from '../../shared/queue.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { log } from '../log.ts';
import { caseAtDesk, caseForMerchant, casesAtDesk, casesOfMerchant, rateCase, ratingSummary } from './store.ts';
import type { Db } from '../store/db.ts';
import { permit, refuse } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { stationOf } from '../stations/scope.ts';
import { mountCaseFileApi } from './caseFileHttp.ts';
import { jsonBody } from '../http/jsonBody.ts';
import { readQuery } from '../http/query.ts';

const BODY_LIMIT = '4kb';

/** A case id from the path, bounded before it reaches storage. */
const caseId = pathId;

/**
 * Cases and ratings over HTTP: a merchant's "My cases" and 好差评, an officer's ratings in aggregate, and a
 * case's whole record for the officer serving its merchant. Each route checks the permission matrix against
 * the verified token; a merchant only ever reads their own. Dates also come on the station's clock (`timeZone`).
 * Each request is on its station's cases (server/stations/scope.ts): the page is the station, so a case of
 * another station is not found here, for its merchant as for staff.
 */
export function mountCasesApi(
  app: Application,
  db: Db,
  accounts: Accounts,
  timeZone: string,
  now: () => number = Date.now,
): void {
  const json = jsonBody(BODY_LIMIT);

  const allowed = permit(accounts);

  app.get(CasesRoute.mine, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnCases);
    if (!p || !readQuery(req, res, {})) return;
    const cases = await casesOfMerchant(db, p.id, stationOf(res));
    const answer: MyCasesAnswer = {
      zone: timeZone,
      cases: cases.map(({ id, number, service, status, outcome, description, createdAt, updatedAt }) => ({
        id,
        number,
        service,
        status,
        outcome,
        description,
        createdAt,
        updatedAt,
      })),
    };
    res.json(answer);
  });

  app.get(CasesRoute.one, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnCases);
    if (!p) return;
    const detail = await caseForMerchant(db, caseId(req.params.id), p.id, stationOf(res), timeZone);
    if (!detail) return refuse(res, CaseError.notFound, STATUS);
    res.json(detail);
  });

  // Every case of the merchant at this desk: the desk view lists only the newest (DESK_HISTORY_CASES).
  app.get(CasesRoute.allAtDesk, async (req, res) => {
    const p = await allowed(req, res, Action.serveTicket);
    if (!p || !readQuery(req, res, {})) return;
    const cases: DeskCase[] = await casesAtDesk(db, p.id, stationOf(res));
    res.json({ cases });
  });

  // The whole record behind the desk view's shortened history. Reading a merchant's cases is part of serving
  // them, so it takes the serving permission, and only while that merchant is called or served at this desk.
  app.get(CasesRoute.atDesk, async (req, res) => {
    const p = await allowed(req, res, Action.serveTicket);
    if (!p) return;
    const record = await caseAtDesk(db, caseId(req.params.id), p.id, stationOf(res), timeZone);
    if (!record) return refuse(res, CaseError.notFound, STATUS);
    res.json(record);
  });

  app.post(CasesRoute.rate, json, async (req, res) => {
    const p = await allowed(req, res, Action.rateService);
    if (!p) return;
    const body = ratingSchema.safeParse(req.body);
    if (!body.success) return refuse(res, CaseError.invalidInput, STATUS);
    const id = caseId(req.params.id);
    const result = await rateCase(db, id, p.id, stationOf(res), {
      level: body.data.level,
      comment: body.data.comment ?? '',
    });
    if (!result.ok) return refuse(res, result.error, STATUS);
    log.info('case.rated', { case: id, level: body.data.level });
    res.status(201).json({ ok: true });
  });

  app.get(CasesRoute.myRatings, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnRatings);
    if (!p || !readQuery(req, res, {})) return;
    res.json(await ratingSummary(db, stationOf(res), p.id));
  });

  // A merchant's whole file, for staff: by search, from the line before calling, while serving.
  mountCaseFileApi(app, db, accounts, timeZone, now);
}
