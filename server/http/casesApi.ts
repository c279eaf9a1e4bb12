import express, { type Application } from 'express';
import { AccountsError } from '../../shared/accounts.ts';
import { Action } from '../../shared/permissions.ts';
import { CasesRoute, ratingSchema } from '../../shared/queue.ts';
import type { Accounts } from '../auth/accounts.ts';
import { log } from '../log.ts';
import { caseForMerchant, casesOfMerchant, rateCase, ratingSummary } from '../store/caseRepo.ts';
import type { Db } from '../store/db.ts';
import { permit } from './permit.ts';

const BODY_LIMIT = '4kb';

/**
 * Cases and ratings over HTTP: a merchant's "My cases" and 好差评, an officer's ratings in aggregate. Each
 * route checks the permission matrix against the verified token; a merchant only ever reads their own.
 */
export function mountCasesApi(app: Application, db: Db, accounts: Accounts): void {
  const json = express.json({ limit: BODY_LIMIT, strict: true });

  const allowed = permit(accounts);

  app.get(CasesRoute.mine, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnCases);
    if (!p) return;
    const cases = await casesOfMerchant(db, p.id);
    res.json({
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
    });
  });

  app.get(CasesRoute.one, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnCases);
    if (!p) return;
    const detail = await caseForMerchant(db, String(req.params.id).slice(0, 80), p.id);
    if (!detail) return res.status(404).json({ error: 'not_found' });
    res.json(detail);
  });

  app.post(CasesRoute.rate, json, async (req, res) => {
    const p = await allowed(req, res, Action.rateService);
    if (!p) return;
    const body = ratingSchema.safeParse(req.body);
    if (!body.success) return res.status(400).json({ error: AccountsError.invalidInput });
    const id = String(req.params.id).slice(0, 80);
    const result = await rateCase(db, id, p.id, { level: body.data.level, comment: body.data.comment ?? '' });
    if (result === 'not_found') return res.status(404).json({ error: 'not_found' });
    if (result !== 'rated') return res.status(409).json({ error: result });
    log.info('case.rated', { case: id, level: body.data.level });
    res.status(201).json({ ok: true });
  });

  app.get(CasesRoute.myRatings, async (req, res) => {
    const p = await allowed(req, res, Action.readOwnRatings);
    if (!p) return;
    res.json(await ratingSummary(db, p.id));
  });
}
