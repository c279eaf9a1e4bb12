import express, { type Application, type Request, type Response } from 'express';
import { AccountsError } from '../../shared/accounts.ts';
import { Action, decide, type Actor } from '../../shared/permissions.ts';
import { CasesRoute, ratingSchema } from '../../shared/queue.ts';
import { Role } from '../../shared/roles.ts';
import type { Accounts, Principal } from '../auth/accounts.ts';
import { log } from '../log.ts';
import { caseForMerchant, casesOfMerchant, rateCase, ratingSummary } from '../store/caseRepo.ts';
import type { Db } from '../store/db.ts';

const BODY_LIMIT = '4kb';

function actorOf(p: Principal): Actor {
  if (p.kind === 'merchant') return Role.merchant;
  return p.role === 'officer' ? Role.officer : p.role === 'parkManager' ? Role.parkManager : 'admin';
}

/**
 * Cases and ratings over HTTP: a merchant's "My cases" and 好差评, an officer's ratings in aggregate. Each
 * route checks the permission matrix against the verified token; a merchant only ever reads their own.
 */
export function mountCasesApi(app: Application, db: Db, accounts: Accounts): void {
  const json = express.json({ limit: BODY_LIMIT, strict: true });

  async function allowed(req: Request, res: Response, action: Action): Promise<Principal | null> {
    const h = req.headers.authorization;
    const result = await accounts.authenticate(h?.startsWith('Bearer ') ? h.slice(7) : undefined);
    if (!result.ok) {
      res.status(401).json({ error: result.error });
      return null;
    }
    if (!decide(actorOf(result.value), action).allowed) {
      res.status(403).json({ error: 'not_permitted' });
      return null;
    }
    return result.value;
  }

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
