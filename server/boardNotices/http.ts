import { type Application, type Response } from 'express';
import { NoticeRefusal, noticeRefusalStatus as STATUS, NoticesRoute } from '../../shared/boardNotices.ts';
import { Action, decide } from '../../shared/permissions.ts';
import type { Accounts, Principal } from '../accounts/accounts.ts';
import { actorOf, answer, permit, refuse, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { stationOf } from '../stations/scope.ts';
import type { NoticeReader, NoticeResult, NoticeService } from './service.ts';
import { jsonBody } from '../http/jsonBody.ts';
import { readQuery } from '../http/query.ts';

/** Largest body a notice route reads: the longest text (2,000 characters, up to three bytes each) and more. */
const BODY_LIMIT = '16kb';

/** An id from the path, bounded before it reaches storage (an id holding a NUL is not found). */
const id = pathId;

function reply<T>(res: Response, r: NoticeResult<T>, ok = 200): void {
  if (r.ok || r.error === NoticeRefusal.invalidInput) return answer(res, r, STATUS, ok);
  refuse(res, r.error, STATUS, r.limit ? { limit: r.limit } : {});
}

/** The reader a verified token names: the board's keepers are whoever the permission matrix says. */
function readerOf(p: Principal): NoticeReader {
  return { id: p.id, keeper: decide(actorOf(p), Action.keepNoticeBoard).allowed };
}

/**
 * The notice board over HTTP, each request on its station's board (server/stations/scope.ts). Everyone signed in reads it and marks what they have read; only its keepers
 * (officers, the admin) post, edit, pin and retire — anyone else gets 403 from the permission matrix.
 */
export function mountNoticesApi(app: Application, accounts: Accounts, notices: NoticeService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody(BODY_LIMIT);

  app.get(NoticesRoute.notices, async (req, res) => {
    const p = await who(req, res);
    if (p && readQuery(req, res, {})) res.json(await notices.list(stationOf(res), readerOf(p)));
  });

  app.post(NoticesRoute.notices, json, async (req, res) => {
    const p = await allowed(req, res, Action.keepNoticeBoard);
    if (p) reply(res, await notices.post(stationOf(res), p.id, req.body), 201);
  });

  app.put(NoticesRoute.one, json, async (req, res) => {
    const p = await allowed(req, res, Action.keepNoticeBoard);
    if (p) reply(res, await notices.edit(stationOf(res), p.id, id(req.params.id), req.body));
  });

  app.post(NoticesRoute.actions, json, async (req, res) => {
    const p = await allowed(req, res, Action.keepNoticeBoard);
    if (p) reply(res, await notices.act(stationOf(res), p.id, id(req.params.id), req.body));
  });

  app.post(NoticesRoute.read, async (req, res) => {
    const p = await who(req, res);
    if (p) reply(res, await notices.markRead(stationOf(res), readerOf(p), id(req.params.id)));
  });
}
