import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hallLayout } from '../../shared/layout.ts';
import { launchChromium } from '../support/browser.ts';
import { crowdBots, type CrowdBots } from '../support/crowdBots.ts';
import { openPage, SHOTS, signInMerchant } from '../support/people.ts';
import { startHallProcessWithin, type HallProcess } from '../support/server.ts';

/** The hall's default: each page is sent and draws the people nearest to it, this many besides itself. */
const VIEW_NEAREST = 60;
/** A view lets someone go only beyond rank VIEW_NEAREST + a quarter (server/hall/interest.ts, keepRank). */
const VIEW_MOST = VIEW_NEAREST + Math.floor(VIEW_NEAREST / 4);
/** A few walkers, all in view, then the crowd of the issue: 300 merchants walking about. */
const FEW = 30;
const CROWD = 300;
/** How much farther than the walkers' own count says a figure drawn near may stand, metres. */
const NEAR_SLACK_M = 1.5;
/** Metres from the door the walkers stand on average once spread over the floor (about 11 when at random). */
const SPREAD_M = 8;

let hall: HallProcess;
let browser: Browser;
let bots: CrowdBots | undefined;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  hall = await startHallProcessWithin(
    {
      HALL_MAX_CLIENTS: '320',
      HALL_VIEW_NEAREST: String(VIEW_NEAREST),
      // Every walker signs up from this one address, as a whole park behind one address would.
      LIMIT_SIGNUPS_PER_HOUR: '1000',
      // The desktop page's place is held while the phone looks, for as long as the test runs.
      RECONNECT_SECONDS: '600',
    },
    120_000,
  );
  browser = await launchChromium();
  bots = crowdBots(hall.url);
  await bots.add(FEW);
});
afterAll(async () => {
  await bots?.close();
  await browser?.close();
  await hall?.stop();
});

/** Draw calls of the page's frames over a second or so: the fewest and the most. */
async function drawCalls(page: Page): Promise<{ min: number; max: number }> {
  return page.evaluate(
    () =>
      new Promise<{ min: number; max: number }>((resolve) => {
        const calls: number[] = [];
        const grab = () => {
          calls.push(window.__hall!.renderInfo().calls);
          if (calls.length < 20) requestAnimationFrame(grab);
          else resolve({ min: Math.min(...calls), max: Math.max(...calls) });
        };
        requestAnimationFrame(grab);
      }),
  );
}

/** Everyone the page draws, and where its own person stands. */
async function drawn(page: Page) {
  return page.evaluate(() => {
    const self = window.__hall!.selfId();
    const all = window.__hall!.avatars();
    const me = all.find((a) => a.id === self)!;
    return { me: { x: me.x, z: me.z }, others: all.filter((a) => a.id !== self).map((a) => ({ x: a.x, z: a.z })) };
  });
}

function meanDistance(from: { x: number; z: number }, to: { x: number; z: number }[]): number {
  return to.reduce((sum, p) => sum + Math.hypot(p.x - from.x, p.z - from.z), 0) / to.length;
}

/**
 * The page shows a hall of `people`: it draws oneself and the nearest people (never the whole crowd), around
 * the person rather than anywhere in the hall, and the list's polite status and the label over the scene both
 * count the rest as 大厅里还有 N 人, N = people − listed.
 */
async function seesTheCrowd(page: Page, people: number): Promise<number> {
  await expect.poll(() => page.evaluate(() => window.__hall!.people()), { timeout: 30_000 }).toBe(people);
  await expect
    .poll(() => page.evaluate(() => window.__hall!.inView()), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(VIEW_NEAREST + 1);
  const inView = await page.evaluate(() => window.__hall!.inView());
  expect(inView).toBeLessThanOrEqual(VIEW_MOST + 1); // no desk partners here

  // Around the person: the figures drawn are the people nearest to them. The walkers know where they are; as
  // many of them as the page draws stand within some radius of the person, and (but for the walkers' few
  // tenths of a metre of hindsight and the view's lag) the figures drawn stand within it too. A page drawing
  // people from anywhere in the hall would draw most of them beyond.
  const { me, others } = await drawn(page);
  const distances = bots!
    .positions()
    .map((p) => Math.hypot(p.x - me.x, p.z - me.z))
    .sort((a, b) => a - b);
  const radius = distances[Math.min(others.length, distances.length) - 1]!;
  const within = others.filter((p) => Math.hypot(p.x - me.x, p.z - me.z) <= radius + NEAR_SLACK_M).length;
  console.log(
    `crowd300: ${people} in the hall, ${inView} in view, ${within} of them within ${radius.toFixed(1)} m ` +
      `(+${NEAR_SLACK_M}) of the person, where as many walkers stand; the crowd stands ${meanDistance(me, bots!.positions()).toFixed(1)} m away on average`,
  );
  expect(within).toBeGreaterThanOrEqual(0.9 * others.length);

  const list = page.getByRole('region', { name: /附近的人/ });
  const status = list.getByRole('status');
  await expect
    .poll(
      async () => {
        const listed = await list.getByRole('listitem').count();
        const said = (await status.textContent())?.trim();
        const shown = (await page.locator('.crowd-count').textContent())?.trim();
        return said === `大厅里还有 ${people - listed} 人` && shown === said;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expect(await page.locator('.crowd-count').isVisible()).toBe(true);
  return inView;
}

describe('a hall of 300 walking merchants, seen from one page', () => {
  it('draws the people around the person in the same draw calls as with 30 and counts the rest, on a desktop and a phone', async () => {
    const desktop = await openPage(browser, { width: 1280, height: 720 });
    let few: { min: number; max: number };
    let many: { min: number; max: number };
    try {
      const page = desktop.page;
      await signInMerchant(page, hall.url, '周女士', '周记布艺');
      await page.getByRole('button', { name: '我已保存' }).click(); // the recovery code, shown once
      // 30 walkers and oneself: everyone is near, everyone is drawn, nobody is counted beyond.
      await expect.poll(() => page.evaluate(() => window.__hall!.inView())).toBe(FEW + 1);
      few = await drawCalls(page);
      expect(few.min).toBeGreaterThan(0);

      await bots!.add(CROWD - FEW);
      // Newcomers stand at the door until their first walk: wait until the crowd has spread over the floor.
      await expect
        .poll(() => meanDistance(hallLayout.spawn, bots!.positions()), { timeout: 30_000 })
        .toBeGreaterThan(SPREAD_M);
      const inView = await seesTheCrowd(page, CROWD + 1);
      many = await drawCalls(page);
      console.log(
        `crowd300: draw calls ${few.min}–${few.max} with ${FEW + 1} in view, ${many.min}–${many.max} with ${inView}`,
      );
      // People and their name tags are instanced: a crowd in view costs no more draw calls than a few.
      expect(many.max).toBeLessThanOrEqual(few.max + 2);
      await page.screenshot({ path: path.join(SHOTS, 'crowd300-desktop.png') });
    } finally {
      await desktop.context.close();
    }

    // The same hall on a phone: another merchant walks in (the desktop's place is still held as away).
    const phone = await openPage(browser, { width: 412, height: 915 }, true);
    try {
      const page = phone.page;
      await signInMerchant(page, hall.url, '吴先生', '吴家早点');
      await page.getByRole('button', { name: '我已保存' }).click();
      await seesTheCrowd(page, CROWD + 2);
      expect((await drawCalls(page)).min).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'crowd300-phone.png') });
    } finally {
      await phone.context.close();
    }
  });
});
