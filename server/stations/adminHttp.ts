import { type Application } from 'express';
import { AdminError, adminErrorStatus } from '../../shared/accounts.ts';
import type { StatusMap } from '../../shared/result.ts';
import { idField, z } from '../../shared/zod.ts';
import { mountAdminCommand } from '../http/adminCommand.ts';
import type { Db } from '../store/db.ts';
import { runStationCommand, type StationCommand, type StationCommandError } from './service.ts';

export const ADMIN_STATIONS_ROUTE = '/api/admin/stations';

const slug = idField(32);
const text = z.string().max(500);
/** Any short text: whether it names a layout is for the command to say, in words the person can act on. */
const layout = z.string().min(1).max(40);
const commands = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), slug, name: text, address: text.optional(), layout: layout.optional() }),
  z.strictObject({ op: z.literal('list') }),
  z.strictObject({ op: z.literal('rename'), slug, name: text.optional(), address: text.optional() }),
  z.strictObject({ op: z.literal('layout'), slug, layout }),
]);

/** The one refusal a station command throws; the hall's other errors stay its own (500). */
const COMMAND_STATUS: StatusMap<StationCommandError['code']> = {
  [AdminError.invalidInput]: adminErrorStatus[AdminError.invalidInput],
};

/**
 * How `npm run station` manages the stations while the hall owns the embedded database: from this machine
 * only, with the key the hall wrote into its data folder, as `npm run staff` does.
 */
export function mountStationsAdminApi(app: Application, db: Db, adminKey: string): void {
  mountAdminCommand(app, ADMIN_STATIONS_ROUTE, adminKey, {
    commands,
    run: (command, actor) => runStationCommand(db, command as StationCommand, actor),
    refusals: COMMAND_STATUS,
  });
}
