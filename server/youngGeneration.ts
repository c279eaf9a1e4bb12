/**
 * V8's young generation (where new objects are made) starts large, so the hall's resident memory does not
 * step up at an unforeseeable moment of a busy day.
 *
 * Left to itself, V8 starts the young generation at 1 MB and doubles it whenever enough new objects have
 * survived collections, up to a ceiling it sets from the machine's memory (128 MB on the 24 GB machine the
 * soak ran on), and keeps the pages once it has them. With 300 people in the hall the doublings came at any
 * minute from the first to the fifth, each a step of 28 to 57 MB of resident memory with live objects flat:
 * +28 % over ten minutes on PostgreSQL (README, Benchmark). Asked for a minimum, V8 starts there, holding the
 * minimum to half its ceiling (Node 24 without pointer compression: the ceiling is twice the largest minimum
 * it accepts), so one doubling remains, to the ceiling; with the hall filling up it has come before the
 * hall was full and settled in every soak so far, and never after.
 *
 * Node takes the size only on its command line (not in NODE_OPTIONS), so the hall started without it replaces
 * its own process with one that has it (process.execve: same process id, same output, same signals), before
 * it opens anything.
 */
import v8 from 'node:v8';

const FLAG = /^--(min|max)-semi-space-size(=|$)/;

/**
 * The Node flag to start again with so the young generation starts at `semiSpaceMb` (V8's semi-space, MB), or
 * null when nothing is to be done: the setting is 0 (V8 starts small and grows it itself), or the process was
 * started with a semi-space size already (by this or by whoever runs the hall, whose choice stands).
 */
export function semiSpaceArgs(semiSpaceMb: number, execArgv: readonly string[]): string[] | null {
  if (semiSpaceMb === 0 || execArgv.some((a) => FLAG.test(a))) return null;
  return [`--min-semi-space-size=${semiSpaceMb}`];
}

/** The young generation's semi-space as V8 holds it now, MB (its capacity, whether touched or not). */
export function semiSpaceMb(): number {
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return Math.round((young?.space_size ?? 0) / 2 ** 20);
}

/**
 * Replace this process with the same command and the semi-space flags, unless {@link semiSpaceArgs} says
 * there is nothing to do or this Node cannot (no process.execve: not on Windows); returns only then.
 */
export function startWithSemiSpace(semiSpaceMb: number): void {
  const args = semiSpaceArgs(semiSpaceMb, process.execArgv);
  if (!args || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...args, ...process.execArgv, ...process.argv.slice(1)]);
}
