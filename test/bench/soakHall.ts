/**
 * The soak's hall: the hall as `npm start` runs it, with two things for measuring only. It loads the memory
 * probe (memoryProbe.ts, with --expose-gc for its full collection), and V8's young generation starts at its
 * full size instead of growing to it under load.
 *
 * Why the young generation: V8 doubles the space where new objects are made each time enough of them have
 * survived a collection, up to a ceiling it sets from the machine's memory (128 MB here), and keeps the pages
 * once it has them. Under the soak's load it went 32 → 64 → 128 MB at moments that varied from the first minute
 * to the fifth, each a step of 28 to 57 MB of resident memory while live objects stayed flat; inside the window
 * those steps alone took resident memory past the bound. Starting at the ceiling puts that one-time, bounded
 * growth before the first figure whatever the machine's timing, so the bound judges what the hall keeps. V8
 * holds the minimum asked for to its ceiling, so asking for more than any ceiling does not enlarge it. The
 * flag is not allowed in NODE_OPTIONS, hence a process of the soak's own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHallProcessWithin, type HallProcess } from '../support/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Asked-for minimum of a semi-space, MB: above any ceiling V8 sets, so the young generation starts at its ceiling. */
const MIN_SEMI_SPACE_MB = 1024;

/** Start the soak's hall on a free loopback port with `env` (DATA_DIR included); resolves once it is open. */
export function startSoakHall(env: Record<string, string>, startMs: number): Promise<HallProcess> {
  const probe = path.join(root, 'test', 'bench', 'memoryProbe.ts');
  return startHallProcessWithin(env, startMs, [
    '--expose-gc',
    `--min-semi-space-size=${MIN_SEMI_SPACE_MB}`,
    `--import=${probe}`,
  ]);
}
