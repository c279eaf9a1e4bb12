import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { median } from './stats.ts';
import { signUpMerchant } from '../support/merchants.ts';

export interface RenderSample {
  quality: string;
  /** Bench bots in the hall besides the page's own person. */
  others: number;
  /** Avatars the page had on screen (its own included) when measured. */
  avatars: number;
  calls: number;
  triangles: number;
  geometries: number;
  textures: number;
  /** Frames the page drew per second while measuring (software WebGL, so only a rough sign of load). */
  fps: number;
  samples: number;
}

export interface RenderPage {
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

const SAMPLES = 5;
const SAMPLE_GAP_MS = 300;

/**
 * Open the hall as a bench visitor: a merchant signed up through the accounts API, whose token is put in
 * storage first so the page walks straight in; call {@link waitSignedIn} next. Errors the page reports are
 * collected from the start. A desktop window unless `device` says otherwise (the phone bench's Pixel 7).
 */
export async function openHallPage(
  browser: Browser,
  hallUrl: string,
  device: BrowserContextOptions = { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
): Promise<RenderPage> {
  const token = await signUpMerchant(new URL(hallUrl).origin, '测评员', '基准测试小店');
  const context = await browser.newContext(device);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const from = m.location().url.split('/').pop() || 'page';
      errors.push(`console error from ${from}: ${m.text().trim().slice(0, 300)}`);
    }
  });
  await page.addInitScript((t) => {
    window.localStorage.setItem('hall.token', t);
  }, token);
  return { page, errors, close: () => context.close() };
}

/** Load the hall at a forced quality and wait until the page is in the hall and drawing. */
export async function waitSignedIn(page: Page, url: string, quality: string, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  target.searchParams.set('quality', quality);
  const deadline = Date.now() + timeoutMs;
  await page.goto(target.toString(), { timeout: timeoutMs });
  await page.waitForFunction(() => Boolean(window.__hall?.selfId()), undefined, {
    timeout: Math.max(1000, deadline - Date.now()),
  });
}

/** Wait until the page draws `expected` avatars, or the deadline passes; returns the last count seen. */
export async function waitForAvatars(page: Page, expected: number, timeoutMs: number): Promise<number> {
  try {
    await page.waitForFunction((n) => window.__hall?.avatars().length === n, expected, {
      timeout: timeoutMs,
      polling: 250,
    });
  } catch {
    // Reported below as a count that differs from what was asked.
  }
  return page.evaluate(() => window.__hall?.avatars().length ?? -1);
}

/** Read the renderer's own counters a few times after the scene settles; medians of each. */
export async function measureRender(
  page: Page,
  quality: string,
  others: number,
  settleMs: number,
): Promise<RenderSample> {
  await page.waitForTimeout(settleMs);
  const reads: { calls: number; triangles: number; geometries: number; textures: number; avatars: number }[] = [];
  const t0 = Date.now();
  const frames0 = await countFrames(page);
  for (let i = 0; i < SAMPLES; i++) {
    reads.push(
      await page.evaluate(() => ({ ...window.__hall!.renderInfo(), avatars: window.__hall!.avatars().length })),
    );
    if (i < SAMPLES - 1) await page.waitForTimeout(SAMPLE_GAP_MS);
  }
  const frames = (await countFrames(page)) - frames0;
  const seconds = (Date.now() - t0) / 1000;
  return {
    quality,
    others,
    avatars: median(reads.map((r) => r.avatars)),
    calls: median(reads.map((r) => r.calls)),
    triangles: median(reads.map((r) => r.triangles)),
    geometries: median(reads.map((r) => r.geometries)),
    textures: median(reads.map((r) => r.textures)),
    fps: seconds > 0 ? frames / seconds : NaN,
    samples: reads.length,
  };
}

/**
 * Frames the hall has drawn so far, by the renderer's own count: the hall draws only as often as something in it
 * changes (client/hall/framePacer.ts), so the browser's animation frames are not the hall's.
 */
export function countFrames(page: Page): Promise<number> {
  return page.evaluate(() => window.__hall!.renderInfo().frame);
}
