import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { startHallWithStaff, type HallProcess } from './server.ts';

/**
 * A browser context of its own (a separate person), Chinese by default, a phone when asked, with the
 * clock of the station's time zone, as the hall's users have.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  phone = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    hasTouch: phone,
    isMobile: phone,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));
  return { context, page };
}

/** A merchant signs up on the page and walks in; `waitInHall: false` when the hall may be full. */
export async function signInMerchant(
  page: Page,
  url: string,
  name: string,
  shop: string,
  waitInHall = true,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('您的称呼').fill(name);
  await page.getByLabel('店铺名称').fill(shop);
  await page.getByRole('button', { name: '进入大厅' }).click();
  if (waitInHall) await page.waitForFunction(() => window.__hall?.selfId());
}

export async function signInStaff(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('tab', { name: '工作人员登录' }).click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForFunction(() => window.__hall?.selfId());
}

export const SHOTS = path.resolve('test-results', 'e2e');
export const STAFF_PASSWORD = 'correct horse battery';

/**
 * A hall process of its own for a test file, with these staff accounts made on the command line beside it,
 * and one Chromium; both started before the file's tests and stopped after them. The hall gets `startMs` to
 * open (its first start applies every migration: slower on a busy shared machine).
 */
export function hallWithStaff(
  name: string,
  staff: { role: 'officer' | 'parkManager'; username: string; name: string }[],
  env: Record<string, string> = {},
  startMs = 20_000,
): { hall(): HallProcess; browser(): Browser } {
  let hall: HallProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hall-e2e-${name}-`));
    hall = await startHallWithStaff(
      { ...env, DATA_DIR: dataDir },
      staff.map((s) => ({ ...s, password: STAFF_PASSWORD })),
      startMs,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });
  return { hall: () => hall!, browser: () => browser! };
}
