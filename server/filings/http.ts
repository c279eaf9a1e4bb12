import express, { type Application, type Response } from 'express';
import {
  FilingRefusal,
  filingRefusalStatus as STATUS,
  FilingsRoute,
  IMAGE_MAX_BYTES,
  reviewSchema,
} from '../../shared/filing.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts, Principal } from '../accounts/accounts.ts';
import type { FilingResult, FilingService } from './service.ts';
import { log } from '../log.ts';
import { answer, permit, refuse, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { stationOf } from '../stations/scope.ts';
import { jsonBody } from '../http/jsonBody.ts';
import { readQuery } from '../http/query.ts';

/** How long a merchant is asked to wait when too many images are being decoded at once (seconds). */
const BUSY_RETRY_SECONDS = 5;

/**
 * Send a filing result like `answer` does; a refusal by one of the station's bounds also names the bound
 * (`{ error, limit }`), and one that time will lift says when (`Retry-After`).
 */
function reply<T>(res: Response, r: FilingResult<T>, ok = 200): void {
  if (r.ok || r.error === FilingRefusal.invalidInput) return answer(res, r, STATUS, ok);
  const retry = r.retryAfter ?? (r.error === FilingRefusal.busy ? BUSY_RETRY_SECONDS : undefined);
  if (retry !== undefined) res.setHeader('Retry-After', String(retry));
  refuse(res, r.error, STATUS, r.limit ? { limit: r.limit } : {});
}

const id = pathId;

/** Who may see a filing or an image: its merchant, or the staff of its station. */
function viewer(p: Principal): { merchantId: string } | 'staff' {
  return p.kind === 'merchant' ? { merchantId: p.id } : 'staff';
}

/**
 * Signboard filings over HTTP: image uploads (at most 5 MB, decoded and stored afresh; the same image sent
 * again answers 200 with the earlier upload, a new one 201), the filing itself, and the officers' review.
 * Images are served only to their merchant and to the staff of a station whose filing (or concern) shows them,
 * never cached.
 * Every request is on its station's filings (server/stations/scope.ts): another station's is not found.
 */
export function mountFilingsApi(app: Application, accounts: Accounts, filings: FilingService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody('32kb');
  // Whatever the browser calls the file, its bytes decide what it is.
  const raw = express.raw({ type: () => true, limit: IMAGE_MAX_BYTES });

  app.post(FilingsRoute.uploads, async (req, res, next) => {
    const p = await allowed(req, res, Action.fileSignboard);
    if (!p) return;
    raw(req, res, async (err?: unknown) => {
      if (err) return next(err);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const r = await filings.upload(p.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      if (!r.ok) log.warn('upload.refused', { merchant: p.id, reason: r.error, bytes: body.length });
      reply(res, r, r.ok && r.value.existing ? 200 : 201);
    });
  });

  app.get(FilingsRoute.upload, async (req, res) => {
    const p = await allowed(req, res, Action.readUpload);
    if (!p) return;
    const img = await filings.image(stationOf(res), id(req.params.id), viewer(p));
    if (!img) return refuse(res, FilingRefusal.notFound, STATUS);
    res.setHeader('Content-Type', img.mime);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', 'inline');
    res.end(Buffer.from(img.bytes));
  });

  app.post(FilingsRoute.filings, json, async (req, res) => {
    const p = await allowed(req, res, Action.fileSignboard);
    if (p) reply(res, await filings.submit(stationOf(res), p.id, req.body), 201);
  });

  app.put(FilingsRoute.filing, json, async (req, res) => {
    const p = await allowed(req, res, Action.fileSignboard);
    if (p) reply(res, await filings.resubmit(stationOf(res), p.id, id(req.params.id), req.body));
  });

  app.get(FilingsRoute.filings, async (req, res) => {
    const me = await who(req, res);
    if (!me) return;
    if (me.kind === 'merchant') {
      if (readQuery(req, res, {})) res.json({ filings: await filings.mine(stationOf(res), me.id) });
      return;
    }
    const p = await allowed(req, res, Action.viewFilings);
    if (p && readQuery(req, res, {})) res.json({ filings: await filings.toReview(stationOf(res)) });
  });

  app.get(FilingsRoute.filing, async (req, res) => {
    const me = await who(req, res);
    if (!me) return;
    if (me.kind === 'staff' && !(await allowed(req, res, Action.viewFilings))) return;
    const f = await filings.one(stationOf(res), id(req.params.id), viewer(me));
    if (!f) return refuse(res, FilingRefusal.notFound, STATUS);
    res.json(f);
  });

  app.post(FilingsRoute.review, json, async (req, res) => {
    const p = await allowed(req, res, Action.reviewFiling);
    if (!p) return;
    const step = reviewSchema.safeParse(req.body);
    if (!step.success) return refuse(res, FilingRefusal.invalidInput, STATUS);
    reply(res, await filings.review(stationOf(res), p.id, id(req.params.id), step.data));
  });
}
