/**
 * Loaded into the hall process by the soak (NODE_OPTIONS=--import, with --expose-gc), and nowhere else: on
 * SIGUSR2 it collects garbage and prints the process's memory as one line the bench reads. A figure taken
 * after a full collection says what the hall keeps, not when the collector last ran.
 */
export const MEMORY_LINE = 'bench.memory';

/** What the line carries, in bytes (from process.memoryUsage()). */
export interface MemoryProbeFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const figures: MemoryProbeFigures = {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
  };
  process.stdout.write(`${MEMORY_LINE} ${JSON.stringify(figures)}\n`);
});
