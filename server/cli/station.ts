import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { hallHolding } from '../store/dataDirLock.ts';
import { ADMIN_STATIONS_ROUTE } from '../stations/adminHttp.ts';
import { runStationCommand, type StationCommand } from '../stations/service.ts';
import { DEFAULT_LAYOUT, LAYOUT_IDS } from '../../shared/layouts/registry.ts';
import { openStore } from './common.ts';

const USAGE = `The stations of the Reception Hall: one deployment, a park's or a district's hall each.

  npm run station -- add <slug> --name <name> [--address <address>] [--layout <layout>]
  npm run station -- list
  npm run station -- rename <slug> [--name <name>] [--address <address>]
  npm run station -- layout <slug> <layout>

(--slug <slug> may stand in place of <slug>.) A station's page is /s/<slug>. The default station, main, is
written at the first start from STATION_NAME and STATION_ADDRESS. Staff join a station with:
npm run staff -- add … --station <slug>.

Hall layouts: ${LAYOUT_IDS.join(', ')} (default ${DEFAULT_LAYOUT}). A station's layout is changed only while
its desks are closed and no number is open; a running hall keeps the layout it opened with until the hall
is restarted.

While the hall runs on the embedded database, the command goes through the running hall (a station added
there is served from its first visitor); otherwise it opens the storage directly.`;

class UsageError extends Error {}

function parse(argv: string[]): StationCommand | null {
  const [op, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      address: { type: 'string' },
      layout: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [first, second, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected "${extra[0]}".\n\n${USAGE}`);
  const given = { slug: values.slug ?? first, name: values.name, layout: values.layout ?? second };
  if (values.slug !== undefined && first !== undefined)
    throw new UsageError(`Give the slug once: "${first}" or --slug.\n\n${USAGE}`);
  const need = (key: 'slug' | 'name' | 'layout'): string => {
    const v = given[key]?.trim();
    if (!v)
      throw new UsageError(
        `Missing ${key === 'slug' ? '<slug>' : key === 'layout' ? '<layout>' : '--name'}.\n\n${USAGE}`,
      );
    return v;
  };
  const noSecond = () => {
    if (second !== undefined) throw new UsageError(`Unexpected "${second}".\n\n${USAGE}`);
  };
  switch (op) {
    case undefined:
    case 'help':
    case '--help':
      return null;
    case 'add':
      noSecond();
      return { op, slug: need('slug'), name: need('name'), address: values.address, layout: values.layout?.trim() };
    case 'list':
      return { op };
    case 'rename':
      noSecond();
      return { op, slug: need('slug'), name: values.name, address: values.address };
    case 'layout':
      return { op, slug: need('slug'), layout: need('layout') };
    default:
      throw new UsageError(`Unknown command "${op}".\n\n${USAGE}`);
  }
}

async function throughHall(port: number, adminKey: string, command: StationCommand, actor: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${ADMIN_STATIONS_ROUTE}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Admin-Key': adminKey },
    body: JSON.stringify({ command, actor }),
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!res.ok) throw new UsageError(body.message ?? `The hall refused: ${body.error ?? res.status}`);
  return body.message ?? '';
}

async function main(): Promise<void> {
  const config = loadConfig();
  const command = parse(process.argv.slice(2));
  if (!command) {
    console.log(USAGE);
    return;
  }
  const actor = os.userInfo().username;
  const holder = config.databaseUrl ? null : hallHolding(config.dataDir);
  if (holder) {
    if (!holder.port || !holder.adminKey) {
      throw new UsageError(
        `The hall (process ${holder.pid}) is using ${config.dataDir} and cannot be reached to make this ` +
          'change; run this as the user who runs the hall, or stop the hall first.',
      );
    }
    console.log(await throughHall(holder.port, holder.adminKey, command, actor));
    return;
  }
  const db = await openStore(config);
  try {
    console.log(await runStationCommand(db, command, actor));
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (err) {
  console.error(err instanceof UsageError || (err as { code?: string }).code ? (err as Error).message : err);
  process.exitCode = 1;
}
