import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { ADMIN_STATIONS_ROUTE } from '../stations/adminHttp.ts';
import { runStationCommand, type StationCommand } from '../stations/service.ts';
import { DEFAULT_LAYOUT, LAYOUT_IDS } from '../../shared/layouts/registry.ts';
import { runAdminCommand, runCommandLine, UsageError } from './adminCommand.ts';

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

async function main(): Promise<void> {
  const config = loadConfig();
  const command = parse(process.argv.slice(2));
  if (!command) {
    console.log(USAGE);
    return;
  }
  await runAdminCommand(config, ADMIN_STATIONS_ROUTE, command, runStationCommand);
}

await runCommandLine(main);
