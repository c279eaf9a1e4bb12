import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { SHOTS } from './people.ts';
import { startHallProcessWithin, type HallProcess } from './server.ts';

/**
 * A hall process of its own for a test file, on a fresh data folder, and one Chromium: both started before the
 * file's tests and stopped after them; the screenshots' folder is made. The hall gets `startMs` to start: a
 * first start applies every migration, which on a busy machine takes longer than the usual 20 s.
 */
export function hallAndBrowser(startMs = 60_000): { hall(): HallProcess; browser(): Browser } {
  let hall: HallProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    hall = await startHallProcessWithin({}, startMs);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });
  return { hall: () => hall!, browser: () => browser! };
}
