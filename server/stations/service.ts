import { DEFAULT_STATION_SLUG, type Station } from '../../shared/stations.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import type { StationDirectory } from './directory.ts';
import { stationProblem } from './rules.ts';
import { findStation, insertStation, listStations, updateStation, type StationRecord } from './store.ts';

/** An administrator's change to the deployment's stations (`npm run station`). */
export type StationCommand =
  | { op: 'add'; slug: string; name: string; address?: string }
  | { op: 'list' }
  | { op: 'rename'; slug: string; name?: string; address?: string };

export type StationCommandError = Error & { code: 'invalid_input' };

function refuse(message: string): StationCommandError {
  return Object.assign(new Error(message), { code: 'invalid_input' as const });
}

/**
 * Write the default station from the settings (STATION_NAME, STATION_ADDRESS) if the deployment has none yet:
 * at the hall's first start, and by the command line on a storage no hall has opened. Never overwrites it.
 */
export async function ensureDefaultStation(db: Db, settings: { name: string; address: string }): Promise<void> {
  const problem = stationProblem(settings);
  if (problem) throw new Error(`STATION_NAME / STATION_ADDRESS: ${problem.replace(/^--\w+: /, '')}`);
  await insertStation(db, { slug: DEFAULT_STATION_SLUG, name: settings.name.trim(), address: settings.address.trim() });
}

/**
 * Apply one station command and write it to the audit log with the operating-system user who ran it. The
 * command line calls this directly, or through the running hall when it owns the embedded database.
 */
export async function runStationCommand(db: Db, cmd: StationCommand, actor: string): Promise<string> {
  const audit = (action: string, slug: string, detail: Record<string, unknown>) =>
    recordAudit(db, { actorKind: 'admin-cli', actorId: actor, action, targetKind: 'station', targetId: slug, detail });
  switch (cmd.op) {
    case 'add': {
      const station: Station = { slug: cmd.slug, name: cmd.name.trim(), address: (cmd.address ?? '').trim() };
      const problem = stationProblem(station);
      if (problem) throw refuse(problem);
      if (!(await insertStation(db, station))) throw refuse(`The slug "${cmd.slug}" is taken.`);
      await audit('station.add', station.slug, { name: station.name, address: station.address });
      return `Added station ${station.slug} (${station.name}): its page is /s/${station.slug}.`;
    }
    case 'list': {
      const all = await listStations(db);
      if (all.length === 0) return 'No stations yet: the default one is written when the hall first starts.';
      return all.map((s) => `${s.slug.padEnd(33)} ${s.name}${s.address ? `  (${s.address})` : ''}`).join('\n');
    }
    case 'rename': {
      if (cmd.name === undefined && cmd.address === undefined) throw refuse('Give --name, --address or both.');
      const problem = stationProblem({ name: cmd.name, address: cmd.address });
      if (problem) throw refuse(problem);
      const changed = await updateStation(db, cmd.slug, { name: cmd.name?.trim(), address: cmd.address?.trim() });
      if (!changed) throw refuse(`No station "${cmd.slug}".`);
      await audit('station.rename', cmd.slug, { name: changed.name, address: changed.address });
      return `Station ${changed.slug} is now ${changed.name}${changed.address ? ` (${changed.address})` : ''}.`;
    }
  }
}

/**
 * The deployment's stations as requests and rooms ask after them. Stations are added, renamed, never removed,
 * so a slug once found stays known without asking storage again; one not found is asked again each time (a
 * station added by `npm run station` is served from its first request).
 */
export class Stations implements StationDirectory {
  private readonly known = new Set<string>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Whether a station has this slug. */
  async exists(slug: string): Promise<boolean> {
    if (this.known.has(slug)) return true;
    const found = await findStation(this.db, slug);
    if (found) this.known.add(slug);
    return found !== null;
  }

  find(slug: string): Promise<StationRecord | null> {
    return findStation(this.db, slug);
  }

  bySlug(slug: string): Promise<StationRecord | null> {
    return this.find(slug);
  }

  async list(): Promise<StationRecord[]> {
    const all = await listStations(this.db);
    for (const s of all) this.known.add(s.slug);
    return all;
  }
}
