/**
 * The soak's hall: the hall as `npm start` runs it, young generation setting included (server/main.ts,
 * HALL_YOUNG_SEMI_SPACE_MB), with one thing for measuring only: it loads the memory probe (memoryProbe.ts, with
 * --expose-gc for its full collection). The flags are not allowed in NODE_OPTIONS, hence a process of the
 * soak's own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHallProcessWithin, type HallProcess } from '../support/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Start the soak's hall on a free loopback port with `env` (DATA_DIR included); resolves once it is open. */
export function startSoakHall(env: Record<string, string>, startMs: number): Promise<HallProcess> {
  const probe = path.join(root, 'test', 'bench', 'memoryProbe.ts');
  return startHallProcessWithin(env, startMs, ['--expose-gc', `--import=${probe}`]);
}
