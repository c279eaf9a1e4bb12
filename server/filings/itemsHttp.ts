import { type Application, type Response } from 'express';
import { FilingItemsRoute, filingItemRefusalStatus as STATUS } from '../../shared/filingItems.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { permit, refuse } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { stationOf } from '../stations/scope.ts';
import type { FollowUp, FollowUpResult } from './followUp.ts';
import { jsonBody } from '../http/jsonBody.ts';

const id = pathId;

/** The filing as it now stands, or the refusal with its fields and the bound each is held to. */
function reply(res: Response, r: FollowUpResult): void {
  if (r.ok) return void res.json(r.value);
  if (r.error === 'invalid_input') return refuse(res, r.error, STATUS, { fields: r.fields, limits: r.limits });
  refuse(res, r.error, STATUS);
}

/**
 * Items to follow over HTTP: the filing's merchant hands one in (a photo uploaded through /api/uploads, or a
 * text answer), an officer accepts it or asks again. Both answer with the whole filing as it now stands.
 */
export function mountFilingItemsApi(app: Application, accounts: Accounts, followUp: FollowUp): void {
  const allowed = permit(accounts);
  const json = jsonBody('8kb');

  app.post(FilingItemsRoute.handIn, json, async (req, res) => {
    // Handing in belongs to filing one's own sign; the service checks it is this merchant's filing.
    const p = await allowed(req, res, Action.fileSignboard);
    if (p) reply(res, await followUp.handIn(stationOf(res), p.id, id(req.params.id), id(req.params.item), req.body));
  });

  app.post(FilingItemsRoute.answer, json, async (req, res) => {
    const p = await allowed(req, res, Action.reviewFiling);
    if (p) reply(res, await followUp.answer(stationOf(res), p.id, id(req.params.id), id(req.params.item), req.body));
  });
}
