import { type Application } from 'express';
import {
  actionItemSchema,
  actionStatusSchema,
  MeetingError,
  meetingErrorStatus as STATUS,
  meetingRolesSchema,
  MERCHANT_LOOKUP_MAX,
  MeetingsRoute,
  minutesSchema,
  MinutesRoute,
  scheduleMeetingSchema,
} from '../../shared/meetings.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { minutesMarkdown, type MeetingService } from './service.ts';
import { answer, permit, signedIn } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { oneOf, readQuery } from '../http/query.ts';
import { stationOf } from '../stations/scope.ts';
import { jsonBody } from '../http/jsonBody.ts';

/**
 * Scheduling three-party sessions over HTTP, each request on its station's sessions (server/stations/scope.ts):
 * a session of another station is not found; invitees hear of every change through its station's hall.
 */
export function mountMeetingsApi(app: Application, accounts: Accounts, meetings: MeetingService): void {
  const allowed = permit(accounts);
  const who = signedIn(accounts);
  const json = jsonBody('32kb');
  const id = pathId;

  app.get(MeetingsRoute.board, async (req, res) => {
    if ((await who(req, res)) && readQuery(req, res, {}))
      res.json({ meetings: await meetings.board(undefined, stationOf(res)) });
  });

  // The station's staff and the merchants known there; `?merchant=` an account id or a whole phone number finds
  // that one merchant, wherever they were before (server/stations/knownMerchants.ts).
  app.get(MeetingsRoute.people, async (req, res) => {
    if (!(await allowed(req, res, Action.scheduleMeeting))) return;
    const query = readQuery(req, res, { merchant: (v) => v.length <= MERCHANT_LOOKUP_MAX });
    if (query) res.json({ people: await meetings.people(stationOf(res), query.merchant) });
  });

  app.get(MeetingsRoute.list, async (req, res) => {
    const p = await who(req, res);
    if (p && readQuery(req, res, {})) res.json(await meetings.mine(p.id, undefined, stationOf(res)));
  });

  // After /board and /people, which are not meeting ids.
  app.get(MeetingsRoute.one, async (req, res) => {
    const p = await who(req, res);
    if (p) answer(res, await meetings.one(p.id, id(req.params.id), stationOf(res)), STATUS);
  });

  app.post(MeetingsRoute.list, json, async (req, res) => {
    const p = await allowed(req, res, Action.scheduleMeeting);
    if (!p) return;
    const input = scheduleMeetingSchema.safeParse(req.body);
    if (!input.success) {
      const field = String(input.error.issues[0]?.path[0] ?? '_');
      return void res.status(400).json({ error: MeetingError.invalidInput, field });
    }
    // A session belongs to the station it is scheduled in, and shows on that station's board.
    answer(res, await meetings.schedule(p.id, input.data, undefined, stationOf(res)), STATUS, 201);
  });

  app.put(MeetingsRoute.one, json, async (req, res) => {
    const p = await allowed(req, res, Action.scheduleMeeting);
    if (!p) return;
    const input = scheduleMeetingSchema.safeParse(req.body);
    if (!input.success) return void res.status(400).json({ error: MeetingError.invalidInput });
    answer(res, await meetings.edit(p.id, id(req.params.id), input.data, undefined, stationOf(res)), STATUS);
  });

  app.put(MinutesRoute.roles, json, async (req, res) => {
    const p = await allowed(req, res, Action.scheduleMeeting);
    if (!p) return;
    const input = meetingRolesSchema.safeParse(req.body);
    if (!input.success) return void res.status(400).json({ error: MeetingError.invalidInput });
    answer(res, await meetings.setRoles(p.id, id(req.params.id), input.data, stationOf(res)), STATUS);
  });

  app.get(MinutesRoute.minutes, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    const query = readQuery(req, res, { format: oneOf('markdown'), lang: oneOf('zh', 'en') });
    if (!query) return;
    const r = await meetings.minutes(p.id, id(req.params.id), stationOf(res));
    if (r.ok && query.format === 'markdown') {
      const m = await meetings.one(p.id, r.value.meetingId, stationOf(res));
      if (m.ok) {
        const lang = query.lang === 'en' ? 'en' : 'zh';
        res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="minutes.md"');
        return void res.send(minutesMarkdown(m.value, r.value, meetings.zone, lang));
      }
    }
    answer(res, r, STATUS);
  });

  app.put(MinutesRoute.item, json, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    const index = Number(req.params.index);
    const input = minutesSchema.safeParse(req.body);
    if (!Number.isInteger(index) || index < 0 || !input.success)
      return void res.status(400).json({ error: MeetingError.invalidInput });
    answer(res, await meetings.writeMinutes(p.id, id(req.params.id), index, input.data, stationOf(res)), STATUS);
  });

  app.post(MinutesRoute.actions, json, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    const input = actionItemSchema.safeParse(req.body);
    if (!input.success) return void res.status(400).json({ error: MeetingError.invalidInput });
    answer(res, await meetings.addAction(p.id, id(req.params.id), input.data, stationOf(res)), STATUS, 201);
  });

  app.put(MinutesRoute.action, json, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    const input = actionStatusSchema.safeParse(req.body);
    if (!input.success) return void res.status(400).json({ error: MeetingError.invalidInput });
    answer(res, await meetings.setActionStatus(p.id, id(req.params.id), input.data.status, stationOf(res)), STATUS);
  });

  app.post(MeetingsRoute.end, async (req, res) => {
    const p = await allowed(req, res, Action.hostMeeting);
    if (p) answer(res, await meetings.end(p.id, id(req.params.id), stationOf(res)), STATUS);
  });

  app.post(MeetingsRoute.cancel, async (req, res) => {
    const p = await allowed(req, res, Action.scheduleMeeting);
    if (p) answer(res, await meetings.cancel(p.id, id(req.params.id), stationOf(res)), STATUS);
  });
}
