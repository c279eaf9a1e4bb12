import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second for /proc/<pid>/stat times; `getconf CLK_TCK`, 100 on every Linux we meet. */
export const CLK_TCK = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in seconds (from /proc/<pid>/stat). */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]); // field 14 overall
  const stime = Number(fields[12]); // field 15 overall
  return (utime + stime) / CLK_TCK;
}

/** The processes started under `pid` (its children, theirs, and so on), from the parent ids in /proc. */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]); // field 4 overall
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const out: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = queue.flatMap((p) => children.get(p) ?? []);
    out.push(...next);
    queue = next;
  }
  return out;
}

/** CPU use of several processes together over a window (those that end meanwhile are left out): % of one core. */
export function processesCpuMeter(pids: readonly number[]): () => number {
  const seconds = (pid: number) => {
    try {
      return processCpuSeconds(pid);
    } catch {
      return NaN;
    }
  };
  const cpu0 = new Map(pids.map((p) => [p, seconds(p)]));
  const t0 = performance.now();
  return () => {
    let cpu = 0;
    for (const [pid, before] of cpu0) {
      const used = seconds(pid) - before;
      if (Number.isFinite(used)) cpu += used;
    }
    const wall = (performance.now() - t0) / 1000;
    return wall > 0 ? (100 * cpu) / wall : NaN;
  };
}

/** Resident memory of a process in MB (VmRSS from /proc/<pid>/status). */
export function processRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Bytes a process has written through write-like system calls (sockets included): wchar of /proc/<pid>/io. */
export function processWrittenBytes(pid: number): number {
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const m = /^wchar:\s+(\d+)/m.exec(io);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU use of a process over a window: start it, later call the returned function for % of one core. */
export function cpuMeter(pid: number): () => number {
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  return () => {
    const cpu = processCpuSeconds(pid) - cpu0;
    const wall = (performance.now() - t0) / 1000;
    return wall > 0 ? (100 * cpu) / wall : NaN;
  };
}

/** Busy and total CPU time of the whole machine so far, in clock ticks (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const first = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const ticks = first.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU use of the whole machine over a window, in % of one core (so up to 100 × cores). */
export function machineCpuMeter(): () => number {
  const t0 = machineTicks();
  return () => {
    const t = machineTicks();
    const total = t.total - t0.total;
    return total > 0 ? (100 * os.availableParallelism() * (t.busy - t0.busy)) / total : NaN;
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted numbers; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export function round(n: number, digits = 1): number {
  if (!Number.isFinite(n)) return n;
  const k = 10 ** digits;
  return Math.round(n * k) / k;
}

export interface MachineInfo {
  date: string;
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every figure. */
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

/** Render rows as a plain text table with right-aligned numbers. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, w: number, right: boolean) =>
    right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s));
  const lines = cells.map((r, ri) =>
    r.map((c, i) => pad(String(c), widths[i]!, ri > 0 && typeof rows[ri - 1]![i] === 'number')).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * The SDK reports drops and reconnections on the console, once per client: tally them (quoted names folded
 * together) for the report instead of printing hundreds of lines. Returns the function that restores the
 * console.
 */
export function tallyConsole(notices: Map<string, number>): () => void {
  const saved = { info: console.info, warn: console.warn, error: console.error };
  for (const level of ['info', 'warn', 'error'] as const) {
    console[level] = (...args: unknown[]) => {
      const text = args
        .map(String)
        .join(' ')
        .replace(/'[^']*'/g, "'…'")
        .slice(0, 160);
      notices.set(text, (notices.get(text) ?? 0) + 1);
    };
  }
  return () => Object.assign(console, saved);
}
