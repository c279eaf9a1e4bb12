/**
 * The hall as `npm start` runs it (`node server/main.ts`, no Node flags) starts its young generation at
 * HALL_SEMI_SPACE_MB: it replaces its own process with one that has the flag, keeping its process id, so an
 * operator's supervisor, signals and logs see one process throughout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHallProcessWithin } from '../support/server.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-young-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A first start applies every migration to the embedded database: slow on a busy machine. */
const START_MS = 180_000;

/** The young generation's semi-space the hall said it had once open, MB (it may have doubled since starting). */
function semiSpaceAtOpening(opening: string): number {
  const m = / info hall\.ready .*semiSpaceMb=(\d+)/.exec(opening);
  if (!m) throw new Error(`no hall.ready line with semiSpaceMb in:\n${opening}`);
  return Number(m[1]);
}

function commandLine(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

describe.skipIf(process.platform !== 'linux')('the hall process', () => {
  it(
    'starts with the young generation at HALL_SEMI_SPACE_MB, in the process it was started as',
    async () => {
      const env = { DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'none'), LOG_LEVEL: 'info' };
      const hall = await startHallProcessWithin(env, START_MS);
      try {
        expect(commandLine(hall.pid)).toContain('--min-semi-space-size=64');
        expect(semiSpaceAtOpening(hall.opening)).toBeGreaterThanOrEqual(64);
        // The first process wrote nothing before giving way: one hall.ready, one "open at".
        expect(hall.opening.match(/hall\.ready/g)).toHaveLength(1);
      } finally {
        await hall.stop();
      }
      expect(hall.child.exitCode).toBe(0);

      const own = await startHallProcessWithin({ ...env, HALL_SEMI_SPACE_MB: '0' }, START_MS);
      try {
        expect(commandLine(own.pid).some((a) => a.includes('semi-space'))).toBe(false);
        expect(semiSpaceAtOpening(own.opening)).toBeGreaterThanOrEqual(1);
      } finally {
        await own.stop();
      }
    },
    3 * START_MS,
  );
});
