import { type Application } from 'express';
import {
  confirmGuidanceSchema,
  GuidanceError,
  guidanceErrorStatus as STATUS,
  guidanceAnswersSchema,
  GuidanceRoute,
} from '../../shared/guidance.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { GuidanceService } from './service.ts';
import { answer, permit, refuse, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { anyText, readQuery } from '../http/query.ts';
import { stationOf } from '../stations/scope.ts';
import { jsonBody } from '../http/jsonBody.ts';

/**
 * Renovation guidance over HTTP: the merchant's questionnaire, the sheets, the officer's confirmation. Every
 * request is on its station's sheets (server/stations/scope.ts): another station's is not found.
 */
export function mountGuidanceApi(app: Application, accounts: Accounts, guidance: GuidanceService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody('32kb');
  const id = pathId;

  app.post(GuidanceRoute.list, json, async (req, res) => {
    const p = await allowed(req, res, Action.requestGuidance);
    if (!p) return;
    const answers = guidanceAnswersSchema.safeParse(req.body);
    if (!answers.success) {
      const field = String(answers.error.issues[0]?.path[0] ?? '_');
      return refuse(res, GuidanceError.invalidInput, STATUS, { fields: { [field]: 'required' } });
    }
    res.status(201).json(await guidance.create(stationOf(res), p.id, answers.data));
  });

  app.get(GuidanceRoute.list, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    if (p.kind === 'merchant') {
      if (readQuery(req, res, {})) res.json({ guidance: await guidance.mine(stationOf(res), p.id) });
      return;
    }
    if (!(await allowed(req, res, Action.reviewGuidance))) return;
    const query = readQuery(req, res, { caseId: anyText });
    if (!query) return;
    const caseId = query.caseId === undefined ? '' : id(query.caseId);
    if (!caseId) return refuse(res, GuidanceError.invalidInput, STATUS);
    res.json({ guidance: await guidance.ofCase(stationOf(res), caseId) });
  });

  app.get(GuidanceRoute.one, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    if (p.kind === 'staff' && !(await allowed(req, res, Action.reviewGuidance))) return;
    const g = await guidance.one(
      stationOf(res),
      id(req.params.id),
      p.kind === 'merchant' ? { merchantId: p.id } : 'staff',
    );
    if (!g) return refuse(res, GuidanceError.notFound, STATUS);
    res.json(g);
  });

  app.put(GuidanceRoute.one, json, async (req, res) => {
    const p = await allowed(req, res, Action.reviewGuidance);
    if (!p) return;
    const input = confirmGuidanceSchema.safeParse(req.body);
    if (!input.success) return refuse(res, GuidanceError.invalidInput, STATUS);
    answer(res, await guidance.confirm(stationOf(res), p.id, id(req.params.id), input.data), STATUS);
  });
}
