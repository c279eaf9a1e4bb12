/**
 * The first seconds on a phone (`npm run bench -- load`): the JavaScript a person downloads before the
 * sign-in form and before the hall's first frame (gzip -9 and brotli 11, as the build precompresses them),
 * and, in headless Chromium on a Pixel 7 profile throttled to slow 4G (150 ms latency, 1.6 Mbit/s each way)
 * with a cold cache, the time from navigation to first paint, to the sign-in form, and to the hall's first
 * frame after a merchant signs up. Figures only, never asserted. Bounded: every wait has a deadline.
 * `node test/bench/load.ts <hall url> <client folder>` measures a hall already running (for a before/after).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';

/** Slow 4G as the DevTools protocol takes it: latency in ms, throughput in bytes per second. */
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 200_000 };
/** Pixel 7 (412 × 915 CSS px at 2.625), touch, a mobile browser's user agent. */
export const PHONE = {
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 2.625,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  locale: 'zh-CN',
};
/**
 * At most this much JavaScript, gzip, before the sign-in form: the page's first-minute promise to a phone on
 * slow 4G. `test/e2e/phone.e2e.test.ts` fails past it, counting what a
 * phone on slow 4G actually fetched before the form showed, each file's gzip copy as the server sends it.
 */
export const FORM_JS_BUDGET_GZIP_BYTES = 120 * 1024;
const RUNS = 2;
const STEP_MS = 90_000;

export interface JsSize {
  files: number;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export interface LoadTimes {
  firstPaintMs: number;
  signInFormMs: number;
  /** Navigation to the hall's first drawn frame, the merchant's typing included (a few ms). */
  firstHallFrameMs: number;
  /** Pressing 'enter the hall' to its first drawn frame. */
  signInToHallMs: number;
}

export interface LoadResult {
  beforeForm: JsSize;
  beforeHall: JsSize;
  runs: LoadTimes[];
  notes: string[];
}

/** The chunks a chunk imports statically (`from"./x.js"`, `import"./x.js"`), as Vite writes them. */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]!);
}

function closure(assets: string, starts: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (name: string) => {
    if (seen.has(name) || !fs.existsSync(path.join(assets, name))) return;
    seen.add(name);
    staticImports(path.join(assets, name)).forEach(walk);
  };
  starts.forEach(walk);
  return seen;
}

function sizeOf(assets: string, files: Set<string>): JsSize {
  const s = { files: files.size, bytes: 0, gzipBytes: 0, brotliBytes: 0 };
  for (const f of files) {
    const buf = fs.readFileSync(path.join(assets, f));
    s.bytes += buf.length;
    s.gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
    s.brotliBytes += zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length;
  }
  return s;
}

/**
 * The JavaScript before the form: the page's script and what it preloads, with their static imports. Before
 * the hall: that, and the chunks of the hall's shell (HallApp) and scene (HallScene) with theirs.
 */
export function jsSizes(clientDir: string): { beforeForm: JsSize; beforeHall: JsSize } {
  const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
  const assets = path.join(clientDir, 'assets');
  const first = [...html.matchAll(/(?:src|href)="\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]!);
  const hall = fs.readdirSync(assets).filter((f) => /^(HallApp|HallScene)-[\w-]+\.js$/.test(f));
  const form = closure(assets, first);
  return { beforeForm: sizeOf(assets, form), beforeHall: sizeOf(assets, closure(assets, [...first, ...hall])) };
}

async function onePhone(browser: Browser, url: string, run: number): Promise<LoadTimes> {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await page.goto(url, { waitUntil: 'commit', timeout: STEP_MS });
    const name = page.getByLabel('您的称呼');
    await name.waitFor({ state: 'visible', timeout: STEP_MS });
    const signInFormMs = await page.evaluate(() => performance.now());
    await name.fill('测速员');
    await page.getByLabel('店铺名称').fill(`测速小店${run}`);
    const clickedMs = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: '进入大厅' }).click();
    await page.waitForFunction(() => (window.__hall?.renderInfo().calls ?? 0) > 0, undefined, {
      timeout: STEP_MS,
      polling: 50,
    });
    const firstHallFrameMs = await page.evaluate(() => performance.now());
    const firstPaintMs = await page.evaluate(
      () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? -1,
    );
    const r = (n: number) => Math.round(n);
    return {
      firstPaintMs: r(firstPaintMs),
      signInFormMs: r(signInFormMs),
      firstHallFrameMs: r(firstHallFrameMs),
      signInToHallMs: r(firstHallFrameMs - clickedMs),
    };
  } finally {
    await context.close();
  }
}

/** Sizes from the build, then {@link RUNS} cold phones in a row (each a fresh context: an empty cache). */
export async function measureLoad(browser: Browser, url: string, clientDir: string): Promise<LoadResult> {
  const result: LoadResult = { ...jsSizes(clientDir), runs: [], notes: [] };
  for (let i = 0; i < RUNS; i++) {
    try {
      result.runs.push(await onePhone(browser, url, i));
    } catch (err) {
      result.notes.push(`run ${i + 1}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return result;
}

/** The report's lines. */
export function loadReport(r: LoadResult | null): string[] {
  if (!r) return ['First seconds on a phone: (not measured)'];
  const kb = (n: number) => (n / 1024).toFixed(1);
  const out = [
    'First seconds on a phone (JavaScript as built; times on a Pixel 7 profile, slow 4G 150 ms / 1.6 Mbit/s, cold cache)',
    `  JS before the sign-in form: ${r.beforeForm.files} files, ${kb(r.beforeForm.bytes)} KB, gzip ${kb(r.beforeForm.gzipBytes)} KB, brotli ${kb(r.beforeForm.brotliBytes)} KB (budget: gzip ${kb(FORM_JS_BUDGET_GZIP_BYTES)} KB)`,
    `  JS before the hall's first frame: ${r.beforeHall.files} files, ${kb(r.beforeHall.bytes)} KB, gzip ${kb(r.beforeHall.gzipBytes)} KB, brotli ${kb(r.beforeHall.brotliBytes)} KB`,
  ];
  r.runs.forEach((t, i) =>
    out.push(
      `  run ${i + 1}: first paint ${t.firstPaintMs} ms, sign-in form ${t.signInFormMs} ms, hall's first frame ` +
        `${t.firstHallFrameMs} ms (${t.signInToHallMs} ms after 'enter')`,
    ),
  );
  for (const n of r.notes) out.push(`  note: ${n}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, clientDir] = process.argv.slice(2);
  if (!url || !clientDir) throw new Error('usage: node test/bench/load.ts <hall url> <client folder>');
  const browser = await launchChromium();
  try {
    console.log(loadReport(await measureLoad(browser, url, clientDir)).join('\n'));
  } finally {
    await browser.close();
  }
}
