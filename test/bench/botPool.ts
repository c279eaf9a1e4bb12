import { Worker } from 'node:worker_threads';
import type { AddResult, BotRequest, BotResponse, BotThreadData, ThreadStats } from './messages.ts';

type Op = BotRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;
type Args<O extends Op> = Omit<Extract<BotRequest, { op: O }>, 'id' | 'op'>;

/** One bot thread seen from the main thread: requests go in, each answered once or timed out. */
export interface BotThread {
  readonly kind: BotThreadData['kind'];
  readonly worker: Worker;
  /** Bots this thread should be holding. */
  size: number;
  request<O extends Op>(op: O, args: Args<O>, timeoutMs: number): Promise<AddResult | ThreadStats | undefined>;
  terminate(): Promise<void>;
}

export function startBotThread(data: BotThreadData): BotThread {
  const worker = new Worker(new URL('./botThread.ts', import.meta.url), { workerData: data });
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (v: AddResult | ThreadStats | undefined) => void; reject: (e: Error) => void }
  >();
  worker.on('message', (msg: BotResponse) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg.result);
    else w.reject(new Error(`${data.label}: ${msg.error}`));
  });
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`bot thread ${data.label} exited with ${code}`)));
  return {
    kind: data.kind,
    worker,
    size: 0,
    request(op, args, timeoutMs) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`bot thread ${data.label}: ${op} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        worker.postMessage({ id, op, ...args });
      });
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Where the bots walk: the hall by default; probes anywhere unless given a small area. */
export interface PoolOptions {
  target?: BotThreadData['target'];
  probeSpot?: BotThreadData['probeSpot'];
  probeRadius?: number;
  /** The station whose hall the bots join; none: the default station. */
  station?: string;
  /** Prefix for the threads' labels (bot names), to tell several pools' bots apart. */
  label?: string;
}

/** Probe bots in one thread, the rest of the crowd spread over bulk threads. */
export class BotPool {
  readonly probe: BotThread;
  readonly bulk: BotThread[];

  constructor(url: string, bulkThreads: number, decodeAll: boolean, options: PoolOptions = {}) {
    const common = {
      url,
      target: options.target ?? 'hall',
      probeSpot: options.probeSpot ?? { x: 0, z: 0 },
      probeRadius: options.probeRadius ?? Infinity,
      ...(options.station ? { station: options.station } : {}),
    };
    const prefix = options.label ?? '';
    this.probe = startBotThread({ ...common, kind: 'probe', label: `${prefix}probe`, decodeAll: true });
    this.bulk = Array.from({ length: bulkThreads }, (_, i) =>
      startBotThread({ ...common, kind: 'bulk', label: `${prefix}bot${i}`, decodeAll }),
    );
  }

  get all(): BotThread[] {
    return [this.probe, ...this.bulk];
  }

  get size(): number {
    return this.all.reduce((n, t) => n + t.size, 0);
  }

  /** Bring one thread to `count` bots, joining in batches or leaving. */
  async resize(thread: BotThread, count: number, deadlineMs: number): Promise<AddResult | undefined> {
    if (count > thread.size) {
      const r = (await thread.request(
        'add',
        { count: count - thread.size, batch: 20, deadlineMs },
        deadlineMs + 10_000,
      )) as AddResult;
      thread.size = r.total;
      return r;
    }
    if (count < thread.size) {
      await thread.request('trim', { count }, 30_000);
      thread.size = count;
    }
    return undefined;
  }

  /** Grow or shrink the crowd to `total` bots, `probes` of them in the probe thread. */
  async setCrowd(total: number, probes: number, deadlineMs: number): Promise<AddResult> {
    const t0 = performance.now();
    const sum: AddResult = { joined: 0, failed: 0, total: 0, ms: 0 };
    const probeCount = Math.min(probes, total);
    const rest = total - probeCount;
    const targets = this.bulk.map(
      (_, i) => Math.floor(rest / this.bulk.length) + (i < rest % this.bulk.length ? 1 : 0),
    );
    const deadline = Date.now() + deadlineMs;
    const results = await Promise.all([
      this.resize(this.probe, probeCount, deadlineMs),
      ...this.bulk.map((t, i) => this.resize(t, targets[i]!, Math.max(1000, deadline - Date.now()))),
    ]);
    for (const r of results) {
      if (!r) continue;
      sum.joined += r.joined;
      sum.failed += r.failed;
      sum.firstError ??= r.firstError;
    }
    sum.total = this.size;
    sum.ms = Math.round(performance.now() - t0);
    return sum;
  }

  async measureStart(): Promise<void> {
    await Promise.all(this.all.map((t) => t.request('measureStart', {}, 10_000)));
  }

  async measureStop(graceMs: number): Promise<ThreadStats[]> {
    return (await Promise.all(
      this.all.map((t) => t.request('measureStop', { graceMs }, graceMs + 30_000)),
    )) as ThreadStats[];
  }

  /** Leave the hall with every bot, then end the threads. Never throws. */
  async close(): Promise<void> {
    await Promise.allSettled(this.all.map((t) => t.request('closeAll', {}, 15_000)));
    await Promise.allSettled(this.all.map((t) => t.terminate()));
  }
}
