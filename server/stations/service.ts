import { DEFAULT_STATION_SLUG, type Station } from '../../shared/stations.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import type { StationDirectory } from './directory.ts';
import { stationProblem } from './rules.ts';
import { DEFAULT_LAYOUT, isLayoutId, LAYOUT_IDS } from '../../shared/layouts/registry.ts';
import {
  findStation,
  insertStation,
  listStations,
  setStationLayout,
  stationInUse,
  updateStation,
  type StationRecord,
} from './store.ts';

/** An administrator's change to the deployment's stations (`npm run station`). */
export type StationCommand =
  | { op: 'add'; slug: string; name: string; address?: string; layout?: string }
  | { op: 'list' }
  | { op: 'rename'; slug: string; name?: string; address?: string }
  | { op: 'layout'; slug: string; layout: string };

export type StationCommandError = Error & { code: 'invalid_input' };

function refuse(message: string): StationCommandError {
  return Object.assign(new Error(message), { code: 'invalid_input' as const });
}

/** What is wrong with a layout asked for, worded for the command line; null if it is one. */
function layoutProblem(layout: string): string | null {
  return isLayoutId(layout)
    ? null
    : `--layout "${layout.slice(0, 40)}": no such hall layout; one of ${LAYOUT_IDS.join(', ')}.`;
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
      const layout = cmd.layout ?? DEFAULT_LAYOUT;
      const station: Station = { slug: cmd.slug, name: cmd.name.trim(), address: (cmd.address ?? '').trim(), layout };
      const problem = stationProblem(station) ?? layoutProblem(layout);
      if (problem) throw refuse(problem);
      if (!(await insertStation(db, station))) throw refuse(`The slug "${cmd.slug}" is taken.`);
      await audit('station.add', station.slug, { name: station.name, address: station.address, layout });
      return `Added station ${station.slug} (${station.name}), ${layout} hall: its page is /s/${station.slug}.`;
    }
    case 'list': {
      const all = await listStations(db);
      if (all.length === 0) return 'No stations yet: the default one is written when the hall first starts.';
      return all
        .map((s) => `${s.slug.padEnd(33)} ${s.layout.padEnd(9)} ${s.name}${s.address ? `  (${s.address})` : ''}`)
        .join('\n');
    }
    case 'layout': {
      const problem = stationProblem({ slug: cmd.slug }) ?? layoutProblem(cmd.layout);
      if (problem) throw refuse(problem);
      const before = await findStation(db, cmd.slug);
      if (!before) throw refuse(`No station "${cmd.slug}".`);
      if (before.layout === cmd.layout) return `Station ${cmd.slug} already has the ${cmd.layout} hall.`;
      // Staffed desks and open numbers name the desks and services of the hall as it is: they are finished (or
      // closed) in that hall, never carried into another where their desk or service may not exist.
      const inUse = await stationInUse(db, cmd.slug);
      if (inUse.desks > 0 || inUse.tickets > 0)
        throw refuse(
          `Station ${cmd.slug} has ${inUse.desks} desk(s) staffed and ${inUse.tickets} number(s) open: ` +
            'change its layout once its desks are closed and its line is empty (after hours).',
        );
      const changed = await setStationLayout(db, cmd.slug, cmd.layout);
      if (!changed) throw refuse(`No station "${cmd.slug}".`);
      await audit('station.layout', cmd.slug, { from: before.layout, to: changed.layout });
      return (
        `Station ${cmd.slug} now has the ${changed.layout} hall (it had ${before.layout}). A running hall keeps ` +
        'the layout it opened with: restart the hall (every process, with several) for its page and its hall to use it.'
      );
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
  /**
   * Each station's layout as this process first read it, which is also known to be a station. Its hall is
   * built from this one and its page is told this one, so the two agree even after `station layout` changed
   * storage: the new layout is the next start's (see runStationCommand).
   */
  private readonly layouts = new Map<string, string>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Whether a station has this slug. */
  async exists(slug: string): Promise<boolean> {
    return this.layouts.has(slug) || (await this.find(slug)) !== null;
  }

  /** The station, with the layout this process serves it with. */
  async find(slug: string): Promise<StationRecord | null> {
    const found = await findStation(this.db, slug);
    return found && this.served(found);
  }

  bySlug(slug: string): Promise<StationRecord | null> {
    return this.find(slug);
  }

  async list(): Promise<StationRecord[]> {
    return (await listStations(this.db)).map((s) => this.served(s));
  }

  /** The layout id the station's hall is built from here (the standard one until the station is known). */
  async layoutOf(slug: string): Promise<string> {
    return this.layouts.get(slug) ?? (await this.find(slug))?.layout ?? DEFAULT_LAYOUT;
  }

  private served(s: StationRecord): StationRecord {
    // A layout this code does not know (written by a newer version) is served as the standard hall.
    if (!this.layouts.has(s.slug)) this.layouts.set(s.slug, isLayoutId(s.layout) ? s.layout : DEFAULT_LAYOUT);
    return { ...s, layout: this.layouts.get(s.slug)! };
  }
}
