/**
 * A phone in a crowd (`npm run bench -- phone`): the hall page on a Pixel 7 profile, in low power as a phone
 * picks it, with the hall's default view (its nearest 60), while walking bots fill the hall around it — 60 of
 * them (all in view), then 999 (the hall full at 1,000, the nearest 60 in view) — in one browser, one page and
 * one run. Per crowd: frames per second, draw calls, triangles, the page's JavaScript heap, how busy its main
 * thread was, and the CPU time the whole browser (the page, and the GPU process rasterising in software) spent
 * per frame, beside how busy the machine was; then the ratio of the largest crowd to the first. On a machine
 * shared with the bots and the hall the frame rate follows the machine's load; CPU per frame much less so.
 * Issue 16: "a crowd of 1,000 in the hall costs a phone no more frames than 60 near it". The browser draws
 * with software WebGL on the same cores as the bots and the hall, so its frame rate is a rough sign only: each
 * figure is the median of several samples. Figures only, never asserted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { countFrames } from './render.ts';
import { cpuMeter, descendantPids, machineCpuMeter, median, processesCpuMeter, round, table } from './stats.ts';

/** Bots in the hall besides the phone, smallest first; BENCH_PHONE_CROWDS=60,300 for a quicker look. */
export const PHONE_CROWDS = process.env.BENCH_PHONE_CROWDS
  ? process.env.BENCH_PHONE_CROWDS.split(',').map(Number)
  : [60, 999];
/**
 * The people near the phone: the first crowd, and the same people inside every larger one (the rest walk the
 * whole hall). They walk within {@link PHONE_NEAR_M} of a spot just in front of where the phone stands (the
 * entrance), as close together as the hall's nearest 60 are when it holds 1,000 (about 2.5 people per m²).
 */
export const PHONE_NEAR = 60;
export const PHONE_NEAR_SPOT = { x: 0, z: 6.5 };
export const PHONE_NEAR_M = Number(process.env.BENCH_PHONE_NEAR_M ?? 3);
/** Frame-rate samples per crowd, each this long; the figures are their medians. */
export const PHONE_SAMPLES = 7;
export const PHONE_SAMPLE_MS = 2_000;
/**
 * A modest phone's CPU as the page's main thread feels it: DevTools' CPU throttling, {@link SLOWER}× slower than
 * this machine's core (Lighthouse's mid-tier mobile setting). It slows the page's own thread only, not the GPU
 * process, which stands in for a phone's graphics chip.
 */
export const SLOWER = 4;
const SLOWER_SAMPLES = 3;
/** After the crowd is in and in view, before sampling: the page takes in its view's walks. */
const SETTLE_MS = 3_000;
/** How long the page may take to hear of the whole crowd and fill its view. */
const VIEW_WAIT_MS = 30_000;

/**
 * The phone's browser and the rest apart: with two CPUs or more and `taskset`, the browser (page, GPU process,
 * network) gets CPU 0 alone and this process (its bot threads) and the hall it starts afterwards get the others,
 * so that the crowd's walking costs the phone's frames nothing but what the page itself receives and draws.
 * `BENCH_PHONE_PIN=0` shares every CPU as before. Call before starting the hall and the bots; `restore` gives
 * this process every CPU again.
 */
export function separatePhoneCpus():
  { browser: string; rest: string; restore: () => void } | { browser?: undefined; reason: string } {
  if (process.env.BENCH_PHONE_PIN === '0') return { reason: 'BENCH_PHONE_PIN=0' };
  const cpus = os.cpus().length;
  if (cpus < 2) return { reason: `${cpus} CPU` };
  const pin = (list: string) =>
    spawnSync('taskset', ['-a', '-cp', list, String(process.pid)], { stdio: 'ignore' }).status === 0;
  const rest = cpus === 2 ? '1' : `1-${cpus - 1}`;
  if (!pin(rest)) return { reason: 'taskset (util-linux) is missing or refused' };
  return { browser: '0', rest, restore: () => void pin(`0-${cpus - 1}`) };
}

export interface PhoneSample {
  /** Bots asked for, and in the hall. */
  others: number;
  botsIn: number;
  /** Everyone in the hall as the page counts them, and the avatars in its view (itself included). */
  people: number;
  inView: number;
  fps: number;
  fpsMin: number;
  fpsMax: number;
  calls: number;
  triangles: number;
  /** The page's JavaScript heap in use (median over the samples), and after a full collection, MB. */
  heapMb: number;
  heapAfterGcMb: number;
  /** How busy the page's main thread was: all its tasks, and scripts alone, % of the time. */
  taskPercent: number;
  scriptPercent: number;
  /**
   * The main thread's work per frame drawn (animation-frame callbacks: the scene's updates and render calls), ms:
   * as measured, and with the CPU slowed {@link SLOWER}× (a modest phone).
   */
  frameMs: number;
  slowerFrameMs: number;
  /** Frames per second with the CPU slowed {@link SLOWER}× (the GPU process is not slowed). */
  slowerFps: number;
  /** Textures the page uploaded per second (calls, MB), and buffer bytes per frame drawn, KB. */
  textureUploadsPerS: number;
  textureMbPerS: number;
  bufferKbPerFrame: number;
  /** CPU time of every browser process (page, GPU, network) per frame drawn, ms, and in all, % of one core. */
  browserCpuMsPerFrame: number;
  browserCpuPercent: number;
  /** How busy the machine (and the hall server) were while sampling, % of one core. */
  machineCpuPercent: number;
  hallCpuPercent: number;
  /** A screenshot of the phone's screen after sampling, relative to the repository. */
  screenshot: string;
}

declare global {
  interface Window {
    /** What the page handed WebGL to upload (see {@link countUploads}). */
    __uploads?: { textures: number; textureBytes: number; buffers: number; bufferBytes: number };
    /** Main-thread time spent in animation-frame callbacks (the scene's updates and its render calls), ms. */
    __frameWorkMs?: number;
  }
}

/**
 * Tally what the page uploads to WebGL (textures and buffers, calls and bytes): on a phone each upload is memory
 * traffic, and in software WebGL it is CPU time. And time the page's animation-frame callbacks: the work of a
 * frame on the main thread, apart from the GPU process that draws it. Call before the page loads.
 */
export async function countUploads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__frameWorkMs = 0;
    const requestFrame = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) =>
      requestFrame((t) => {
        const start = performance.now();
        try {
          callback(t);
        } finally {
          window.__frameWorkMs! += performance.now() - start;
        }
      });
    const tally = (window.__uploads = { textures: 0, textureBytes: 0, buffers: 0, bufferBytes: 0 });
    const size = (source: unknown, w?: unknown, h?: unknown): number => {
      if (typeof w === 'number' && typeof h === 'number') return w * h * 4;
      const s = source as { width?: number; height?: number; byteLength?: number } | null;
      if (s && typeof s.width === 'number' && typeof s.height === 'number') return s.width * s.height * 4;
      return s?.byteLength ?? 0;
    };
    for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
      // (target, level, internalformat, width, height, border, format, type, pixels) or (…, format, type, source);
      // texSubImage2D: (target, level, x, y, width, height, format, type, pixels) or (…, format, type, source).
      const bytesOf = {
        texImage2D: (a: unknown[]) => (a.length >= 9 ? size(a[8], a[3], a[4]) : size(a[5])),
        texSubImage2D: (a: unknown[]) => (a.length >= 9 ? size(a[8], a[4], a[5]) : size(a[6])),
      };
      for (const name of ['texImage2D', 'texSubImage2D'] as const) {
        const original = proto[name] as (...a: unknown[]) => void;
        (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...a: unknown[]) {
          tally.textures++;
          tally.textureBytes += bytesOf[name](a);
          return original.apply(this, a);
        };
      }
      for (const name of ['bufferData', 'bufferSubData'] as const) {
        const original = proto[name] as (...a: unknown[]) => void;
        (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...a: unknown[]) {
          tally.buffers++;
          const data = a[name === 'bufferData' ? 1 : 2] as { byteLength?: number } | number;
          const whole = typeof data === 'number' ? data : (data?.byteLength ?? 0);
          // WebGL 2's (target, offset, data, srcOffset, length): only `length` elements go up.
          tally.bufferBytes +=
            name === 'bufferSubData' && typeof a[4] === 'number' && a[4] > 0 ? Math.min(whole, a[4] * 4) : whole;
          return original.apply(this, a);
        };
      }
    }
  });
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Wait until the page counts `people` in the hall and holds at least `inView` avatars; returns what it saw. */
async function waitForCrowd(page: Page, people: number, inView: number): Promise<{ people: number; inView: number }> {
  try {
    await page.waitForFunction(
      ([p, v]) => window.__hall?.people() === p && (window.__hall?.inView() ?? -1) >= v!,
      [people, inView],
      { timeout: VIEW_WAIT_MS, polling: 500 },
    );
  } catch {
    // Reported as the counts the page had.
  }
  return page.evaluate(() => ({ people: window.__hall?.people() ?? -1, inView: window.__hall?.inView() ?? -1 }));
}

/** Frames and the main thread's time per frame with the page's CPU slowed {@link SLOWER}×; the speed is restored. */
const frameWork = (page: Page) => page.evaluate(() => window.__frameWorkMs ?? NaN);

/** Put every thread of these processes on the given CPUs (a `taskset` list). */
function pinProcesses(pids: readonly number[], cpus: string): void {
  for (const pid of pids) spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
}

/**
 * With the browser on a CPU of its own, DevTools' throttling stalls the page behind the GPU process sharing that
 * CPU (its frame work grew 19× for a 4× slowdown in a trial, against 4.8× with the CPUs shared): for the slowed
 * samples the browser may use every CPU, and goes back to its own afterwards.
 */
async function sampleSlower(
  page: Page,
  cdp: CDPSession,
  browser: { pids: readonly number[]; own: string } | null,
): Promise<{ fps: number; frameMs: number }> {
  if (browser) pinProcesses(browser.pids, `0-${os.cpus().length - 1}`);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWER });
  try {
    await page.waitForTimeout(1000);
    const w0 = await frameWork(page);
    const f0 = await countFrames(page);
    const t0 = performance.now();
    await page.waitForTimeout(SLOWER_SAMPLES * PHONE_SAMPLE_MS);
    const w1 = await frameWork(page);
    const drawn = Math.max(1, (await countFrames(page)) - f0);
    return {
      fps: round((drawn * 1000) / (performance.now() - t0), 1),
      frameMs: round((w1 - w0) / drawn, 1),
    };
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    if (browser) pinProcesses(browser.pids, browser.own);
  }
}

/** Sample the phone with `others` bots walking in the hall (already joined: `botsIn` of them). */
export async function measurePhone(
  page: Page,
  cdp: CDPSession,
  opts: {
    others: number;
    botsIn: number;
    hallPid: number;
    viewNearest: number;
    shotDir: string;
    /** The CPU list the browser is kept on, if it is kept apart. */
    browserCpus?: string;
  },
): Promise<PhoneSample> {
  const seen = await waitForCrowd(page, opts.botsIn + 1, Math.min(opts.botsIn, opts.viewNearest) + 1);
  await page.waitForTimeout(SETTLE_MS);
  const hallCpu = cpuMeter(opts.hallPid);
  const machineCpu = machineCpuMeter();
  // Everything the bench started is the hall (and what it starts) or the browser: the bots are threads of its own.
  const hall = new Set([opts.hallPid, ...descendantPids(opts.hallPid)]);
  const browserPids = descendantPids(process.pid).filter((p) => !hall.has(p));
  const browserCpu = processesCpuMeter(browserPids);
  const uploads = () => page.evaluate(() => ({ ...window.__uploads! }));
  const u0 = await uploads();
  const w0 = performance.now();
  const work0 = await frameWork(page);
  const m0 = await metrics(cdp);
  const frames0 = await countFrames(page);
  const fps: number[] = [];
  const reads: { calls: number; triangles: number; heap: number }[] = [];
  let frames = frames0;
  for (let i = 0; i < PHONE_SAMPLES; i++) {
    const t0 = performance.now();
    await page.waitForTimeout(PHONE_SAMPLE_MS);
    const now = await countFrames(page);
    fps.push(((now - frames) * 1000) / (performance.now() - t0));
    frames = now;
    const info = await page.evaluate(() => window.__hall!.renderInfo());
    reads.push({ ...info, heap: (await metrics(cdp)).JSHeapUsedSize ?? NaN });
  }
  const m1 = await metrics(cdp);
  const wallS = (performance.now() - w0) / 1000;
  const u1 = await uploads();
  const work1 = await frameWork(page);
  const machineCpuPercent = machineCpu();
  const hallCpuPercent = hallCpu();
  const browserCpuPercent = browserCpu();
  const drawn = Math.max(1, frames - frames0);
  const busy = (name: string) => round((100 * ((m1[name] ?? 0) - (m0[name] ?? 0))) / wallS, 0);
  const slower = await sampleSlower(
    page,
    cdp,
    opts.browserCpus === undefined ? null : { pids: browserPids, own: opts.browserCpus },
  );
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfterGc = (await metrics(cdp)).JSHeapUsedSize ?? NaN;
  const screenshot = path.join(opts.shotDir, `phone-${opts.others}.png`);
  fs.mkdirSync(opts.shotDir, { recursive: true });
  await page.screenshot({ path: screenshot });
  const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
  return {
    others: opts.others,
    botsIn: opts.botsIn,
    people: seen.people,
    inView: seen.inView,
    fps: round(median(fps), 1),
    fpsMin: round(Math.min(...fps), 1),
    fpsMax: round(Math.max(...fps), 1),
    calls: median(reads.map((r) => r.calls)),
    triangles: median(reads.map((r) => r.triangles)),
    heapMb: mb(median(reads.map((r) => r.heap))),
    heapAfterGcMb: mb(heapAfterGc),
    taskPercent: busy('TaskDuration'),
    scriptPercent: busy('ScriptDuration'),
    frameMs: round((work1 - work0) / drawn, 1),
    slowerFrameMs: slower.frameMs,
    slowerFps: slower.fps,
    textureUploadsPerS: round((u1.textures - u0.textures) / wallS, 1),
    textureMbPerS: round((u1.textureBytes - u0.textureBytes) / 2 ** 20 / wallS, 1),
    bufferKbPerFrame: round((u1.bufferBytes - u0.bufferBytes) / 1024 / drawn, 1),
    browserCpuMsPerFrame: round((10 * browserCpuPercent * wallS) / drawn, 1),
    browserCpuPercent: round(browserCpuPercent, 0),
    machineCpuPercent: round(machineCpuPercent, 0),
    hallCpuPercent: round(hallCpuPercent, 0),
    screenshot,
  };
}

export function phoneReport(
  rows: readonly PhoneSample[],
  notes: readonly string[],
  root: string,
  cpus?: { browser: string; rest: string },
): string[] {
  const where = cpus
    ? `software WebGL on CPU ${cpus.browser} alone, the bots and the hall on CPU ${cpus.rest}`
    : 'software WebGL on the same CPUs as the bots and the hall: a rough sign only';
  const out = [
    `Phone in a crowd (Pixel 7 profile, 412×915 @2.625, touch, low power as a phone picks it; the hall's default ` +
      `view, its nearest 60; fps = median (min–max) of ${PHONE_SAMPLES} samples of ${PHONE_SAMPLE_MS / 1000} s, ` +
      `${where})`,
  ];
  if (rows.length === 0) return [...out, '  (not measured)', ...notes.map((n) => `  note: ${n}`)];
  out.push(
    table(
      [
        'bots',
        'in hall / in view',
        'fps',
        'draw calls',
        'triangles',
        'JS heap MB (after GC)',
        'main thread busy % (scripts)',
        'frame work ms',
        `${SLOWER}× slower CPU: fps, frame work ms`,
        'textures up /s (MB/s)',
        'buffers KB/frame',
        'browser CPU ms/frame',
        'browser CPU %',
        'machine CPU %',
        'hall CPU %',
      ],
      rows.map((r) => [
        `${r.botsIn}/${r.others}`,
        `${r.people} / ${r.inView}`,
        `${r.fps} (${r.fpsMin}–${r.fpsMax})`,
        r.calls,
        r.triangles,
        `${r.heapMb} (${r.heapAfterGcMb})`,
        `${r.taskPercent} (${r.scriptPercent})`,
        r.frameMs,
        `${r.slowerFps}, ${r.slowerFrameMs}`,
        `${r.textureUploadsPerS} (${r.textureMbPerS})`,
        r.bufferKbPerFrame,
        r.browserCpuMsPerFrame,
        r.browserCpuPercent,
        r.machineCpuPercent,
        r.hallCpuPercent,
      ]),
    ),
  );
  const first = rows[0]!;
  const last = rows.at(-1)!;
  if (last !== first) {
    const x = (a: number, b: number) => (b > 0 ? `×${round(a / b, 2)}` : '–');
    out.push(
      `  ${last.people} in the hall against ${first.people}: fps ${x(last.fps, first.fps)}, draw calls ` +
        `${x(last.calls, first.calls)}, triangles ${x(last.triangles, first.triangles)}, JS heap ` +
        `${x(last.heapMb, first.heapMb)} (after GC ${x(last.heapAfterGcMb, first.heapAfterGcMb)}), browser CPU per ` +
        `frame ${x(last.browserCpuMsPerFrame, first.browserCpuMsPerFrame)}`,
    );
  }
  out.push(
    '  in view counts the phone itself; main thread busy = the page’s tasks (DevTools TaskDuration) over the time;',
  );
  out.push(
    '  browser CPU = every Chromium process (the GPU process rasterises in software); machine CPU = every process,',
  );
  out.push('  the bots and the hall included (200 = both cores busy).');
  out.push(`  screenshots: ${rows.map((r) => path.relative(root, r.screenshot)).join(', ')}`);
  for (const n of notes) out.push(`  note: ${n}`);
  return out;
}
