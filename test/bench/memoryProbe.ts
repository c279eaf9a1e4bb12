/**
 * Loaded into the hall process by the soak (NODE_OPTIONS=--import, with --expose-gc), and nowhere else: on
 * SIGUSR2 it collects garbage and prints the process's memory as one line the bench reads. A figure taken
 * after a full collection says what the hall keeps, not when the collector last ran.
 *
 * Besides process.memoryUsage(), the line says where the resident pages lie, from the kernel's map of the
 * process (/proc/self/smaps): in WebAssembly memories (the embedded database's), in the C allocator's main
 * heap and its per-thread arenas, elsewhere in anonymous memory (the V8 heap, large allocations, stacks), and in
 * mapped files (the program and its libraries). Resident memory alone cannot tell a leak from a cache filling.
 */
import fs from 'node:fs';
import v8 from 'node:v8';

export const MEMORY_LINE = 'bench.memory';
/** The line that names a heap snapshot written on SIGWINCH (only when SOAK_HEAP_SNAPSHOTS names a folder). */
export const SNAPSHOT_LINE = 'bench.snapshot';

/** Where the resident memory lies, bytes. Zero everywhere where /proc cannot be read. */
export interface ResidentParts {
  /** WebAssembly memories: their size (what the module asked for so far) and the pages of it touched. */
  wasmSize: number;
  wasmRss: number;
  /** The C allocator's main heap (brk) and its per-thread arenas (64 MiB reservations). */
  mallocHeapRss: number;
  mallocArenaRss: number;
  /** Every other anonymous mapping: the V8 heap, allocations too large for an arena, thread stacks. */
  otherAnonRss: number;
  /** Mapped files: the node binary, shared libraries, native addons. */
  fileRss: number;
}

/** What the line carries, in bytes (from process.memoryUsage(), and {@link ResidentParts}). */
export interface MemoryProbeFigures extends ResidentParts {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Pages the V8 heap holds from the system (more than heapTotal counts when it keeps freed pages). */
  heapPhysical: number;
  /** What V8 itself has from malloc (compiler zones, mostly). */
  v8Malloced: number;
  /** V8's young generation (new space): its capacity, and the pages of it committed. */
  youngSize: number;
  youngPhysical: number;
}

const KB = 1024;
const GIB = 2 ** 30;
/** glibc's HEAP_MAX_SIZE on 64-bit: each thread arena is a reservation of this size, aligned to it. */
const ARENA_BYTES = 64 * 2 ** 20;

interface Mapping {
  start: number;
  end: number;
  perms: string;
  path: string;
  rss: number;
}

/** The process's mappings with their resident bytes; addresses past 2^53 lose precision but stay ordered. */
function mappings(smaps: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of smaps.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      out.push({ start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), perms: head[3]!, path: head[4]!, rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && out.length) out.at(-1)!.rss = Number(rss[1]) * KB;
  }
  return out;
}

const anonymous = (m: Mapping) => m.path === '' || m.path.startsWith('[anon');

/**
 * Sort the resident pages. A WebAssembly memory is a readable part followed by an inaccessible reservation,
 * together 4 GiB or more (V8 reserves its whole address range plus guard pages up front); a malloc arena is a
 * readable part at a 64 MiB boundary, with the rest of its 64 MiB inaccessible until the arena grows.
 */
export function residentParts(smaps: string): ResidentParts {
  const parts: ResidentParts = {
    wasmSize: 0,
    wasmRss: 0,
    mallocHeapRss: 0,
    mallocArenaRss: 0,
    otherAnonRss: 0,
    fileRss: 0,
  };
  const maps = mappings(smaps);
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!;
    if (m.path === '[heap]') {
      parts.mallocHeapRss += m.rss;
      continue;
    }
    if (!anonymous(m)) {
      parts.fileRss += m.rss;
      continue;
    }
    if (m.perms.startsWith('rw')) {
      const next = maps[i + 1];
      const reserved = next && anonymous(next) && next.start === m.end && next.perms.startsWith('---') ? next : null;
      const span = (reserved ? reserved.end : m.end) - m.start;
      if (reserved && span >= 4 * GIB) {
        parts.wasmSize += m.end - m.start;
        parts.wasmRss += m.rss;
        continue;
      }
      if (span === ARENA_BYTES && m.start % ARENA_BYTES === 0) {
        parts.mallocArenaRss += m.rss;
        continue;
      }
    }
    parts.otherAnonRss += m.rss;
  }
  return parts;
}

function readParts(): ResidentParts {
  try {
    return residentParts(fs.readFileSync('/proc/self/smaps', 'utf8'));
  } catch {
    return residentParts('');
  }
}

const collect = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  // Twice, a turn apart: memory outside the heap that a collected object held (a Buffer's bytes, say) is
  // freed by callbacks that run after the collection, so one collection alone can still count it.
  collect?.();
  setImmediate(() => {
    collect?.();
    report();
  });
});

/**
 * For a diagnostic run only (SOAK_HEAP_SNAPSHOTS=<folder>): on SIGWINCH, after a full collection, the V8 heap
 * is written to that folder, to be compared in Chromium's memory tools (what was kept between two snapshots
 * and what holds it). Writing one stops the hall for seconds and takes memory of its own, so the soak asks
 * for them outside its measured window.
 */
const snapshotDir = process.env.SOAK_HEAP_SNAPSHOTS;
if (snapshotDir) {
  let n = 0;
  process.on('SIGWINCH', () => {
    collect?.();
    const file = v8.writeHeapSnapshot(`${snapshotDir}/hall-${process.pid}-${++n}.heapsnapshot`);
    process.stdout.write(`${SNAPSHOT_LINE} ${JSON.stringify({ file })}\n`);
  });
}

function report(): void {
  const m = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  const figures: MemoryProbeFigures = {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    heapPhysical: heap.total_physical_size,
    v8Malloced: heap.malloced_memory,
    youngSize: young?.space_size ?? 0,
    youngPhysical: young?.physical_space_size ?? 0,
    ...readParts(),
  };
  process.stdout.write(`${MEMORY_LINE} ${JSON.stringify(figures)}\n`);
}
