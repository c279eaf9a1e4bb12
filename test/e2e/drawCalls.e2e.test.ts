import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { crowdBots } from '../support/crowdBots.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { startHallProcess, type HallProcess } from '../support/server.ts';

/**
 * The hall stays light on a phone because its static scenery is drawn in a handful of draw calls: every
 * wall, counter, chair, bench, plant and frame in one merged mesh (and one shadow pass), every fixed sign
 * from one atlas, and a crowd in four instanced meshes. The empty hall (only oneself in it) measured:
 *
 *   high quality: 19 calls a frame (14 drawn + 5 for the shadow map); before the merge it took 142;
 *   low quality:  14 calls (no shadow pass); before, 99.
 *
 * The limits leave room for a small new thing or two (a marker, a sign: one call each, two if it casts a
 * shadow), while un-merging any part of the hall goes over: the desks alone were 44 calls, the walls and
 * windows 18, the meeting room 15, and each solid piece drawn apart casts its own shadow pass call as well.
 */
const HIGH_LIMIT = 24;
const LOW_LIMIT = 16;

let hall: HallProcess;
let browser: Browser;

beforeAll(async () => {
  // A closed page's place is held 1 s only, so the second page finds the hall empty again.
  hall = await startHallProcess({ RECONNECT_SECONDS: '1' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hall?.stop();
});

/** Draw calls of the last frame the page drew, read a few times once the hall has settled; the largest. */
async function callsOfEmptyHall(quality: 'high' | 'low'): Promise<{ calls: number; avatars: number }> {
  const token = await signUpMerchant(hall.url, '计数员', '绘制调用小店');
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript((t) => window.localStorage.setItem('hall.token', t), token);
    await page.goto(`${hall.url}?quality=${quality}`);
    await page.waitForFunction(() => Boolean(window.__hall?.selfId()), undefined, { timeout: 60_000 });
    // Signs painted, the own figure drawn, the camera settled.
    await page.waitForFunction(() => window.__hall!.avatars().length === 1, undefined, { timeout: 30_000 });
    await page.waitForTimeout(2000);
    let calls = 0;
    for (let i = 0; i < 4; i++) {
      calls = Math.max(calls, await page.evaluate(() => window.__hall!.renderInfo().calls));
      await page.waitForTimeout(250);
    }
    return { calls, avatars: await page.evaluate(() => window.__hall!.avatars().length) };
  } finally {
    await context.close();
  }
}

describe('draw calls of the hall', () => {
  it(`draws the empty hall at high quality, shadows included, in at most ${HIGH_LIMIT} calls`, async () => {
    const { calls, avatars } = await callsOfEmptyHall('high');
    expect(avatars).toBe(1);
    // Something is drawn at all (floor, scenery, signs, oneself, the shadow pass), and not too much.
    expect(calls).toBeGreaterThan(8);
    expect(calls).toBeLessThanOrEqual(HIGH_LIMIT);
  }, 120_000);

  it(`draws it at low quality in at most ${LOW_LIMIT} calls`, async () => {
    const { calls } = await callsOfEmptyHall('low');
    expect(calls).toBeGreaterThan(6);
    expect(calls).toBeLessThanOrEqual(LOW_LIMIT);
  }, 120_000);

  it('uploads the name tag of each person who comes in later to the graphics card, in its place', async () => {
    // A tag drawn after the page's first frame goes up alone (not the whole atlas): it must land in its slot,
    // the right way up, or a newcomer's plate would show someone else's name or nothing.
    const token = await signUpMerchant(hall.url, '看名牌', '名牌小店');
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'zh-CN' });
    const crowd = crowdBots(hall.url, '来客');
    try {
      const page = await context.newPage();
      await page.addInitScript((t) => window.localStorage.setItem('hall.token', t), token);
      await page.goto(`${hall.url}?quality=low`);
      await page.waitForFunction(() => window.__hall?.tagAtlas()?.slots === 1, undefined, { timeout: 60_000 });
      await crowd.add(6, 6);
      await page.waitForFunction(() => window.__hall!.avatars().length === 7, undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      const atlas = await page.evaluate(() => window.__hall!.tagAtlas());
      expect(atlas).toEqual({ slots: 7, mismatched: 0 });
    } finally {
      await crowd.close();
      await context.close();
    }
  }, 120_000);
});
