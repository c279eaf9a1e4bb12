import { type Application } from 'express';
import { AdminError, adminErrorStatus } from '../../shared/accounts.ts';
import { idField, z } from '../../shared/zod.ts';
import { loopback, sameKey } from '../accounts/adminHttp.ts';
import { refuse } from '../http/permit.ts';
import { log } from '../log.ts';
import type { Db } from '../store/db.ts';
import { runStationCommand, type StationCommand, type StationCommandError } from './service.ts';
import { jsonBody } from '../http/jsonBody.ts';

export const ADMIN_STATIONS_ROUTE = '/api/admin/stations';

const slug = idField(32);
const text = z.string().max(500);
/** Any short text: whether it names a layout is for the command to say, in words the person can act on. */
const layout = z.string().min(1).max(40);
const commandSchema = z.strictObject({
  actor: idField(64),
  command: z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('add'), slug, name: text, address: text.optional(), layout: layout.optional() }),
    z.strictObject({ op: z.literal('list') }),
    z.strictObject({ op: z.literal('rename'), slug, name: text.optional(), address: text.optional() }),
    z.strictObject({ op: z.literal('layout'), slug, layout }),
  ]),
});

function isCommandError(err: unknown): err is StationCommandError {
  return err instanceof Error && (err as { code?: unknown }).code === 'invalid_input';
}

/**
 * How `npm run station` manages the stations while the hall owns the embedded database: from this machine
 * only, with the key the hall wrote into its data folder, as `npm run staff` does.
 */
export function mountStationsAdminApi(app: Application, db: Db, adminKey: string): void {
  app.post(ADMIN_STATIONS_ROUTE, jsonBody('8kb'), async (req, res) => {
    if (!loopback(req.socket.remoteAddress) || !sameKey(req.headers['x-admin-key'], adminKey)) {
      log.warn('admin.refused', { address: req.socket.remoteAddress });
      return refuse(res, AdminError.notPermitted, adminErrorStatus);
    }
    const body = commandSchema.safeParse(req.body);
    if (!body.success)
      return refuse(res, AdminError.invalidInput, adminErrorStatus, { message: body.error.issues[0]?.message });
    try {
      res.json({ message: await runStationCommand(db, body.data.command as StationCommand, body.data.actor) });
    } catch (err) {
      if (!isCommandError(err)) throw err;
      refuse(res, AdminError.invalidInput, adminErrorStatus, { message: err.message });
    }
  });
}
