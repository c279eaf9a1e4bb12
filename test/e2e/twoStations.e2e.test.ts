import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { StationsRoute } from '../../shared/stations.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant } from '../support/people.ts';
import { childEnv } from '../support/server.ts';

// A first start applies every migration: on a busy machine, well over the usual 20 s.
const setup = hallWithStaff('two-stations', [], {}, 120_000);

const MAIN = '城管执法服务站';
const WENSAN = { slug: 'wensan', name: '西湖区文三路执法服务站', address: '杭州市西湖区文三路 1 号' };
const PHONE = { width: 412, height: 915 };

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const link = (slug: string) => new URL(StationsRoute.page(slug), setup.hall().url).href;

/** `npm run station -- add …` beside the running hall, as a station's administrator adds one. */
function addStation(): void {
  const added = spawnSync(
    process.execPath,
    ['server/cli/station.ts', 'add', '--slug', WENSAN.slug, '--name', WENSAN.name, '--address', WENSAN.address],
    { env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }), encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(`npm run station add failed: ${added.stderr || added.stdout}`);
}

/** A merchant in a station's hall, walked up to the general desk, with a number taken there. */
async function takeNumberAt(page: Page): Promise<string> {
  const services = page.getByRole('region', { name: '办事取号' });
  await page.getByRole('button', { name: /4号窗口 综合咨询/ }).click();
  await expect.poll(() => services.getByText('您在4号窗口前').count(), { timeout: 20_000 }).toBe(1);
  await services.getByRole('button', { name: '取号' }).click();
  const strip = page.getByRole('list', { name: '我的排号' });
  await expect.poll(() => strip.textContent(), { timeout: 20_000 }).toMatch(/[A-Z]-\d{3}/);
  return /([A-Z]-\d{3})/.exec((await strip.textContent()) ?? '')![1]!;
}

describe('two stations, two halls', () => {
  it('each station’s link opens its own hall, with its own name, people and queue', async () => {
    addStation();
    const a = await openPage(setup.browser(), PHONE, true);
    const b = await openPage(setup.browser(), PHONE, true);
    try {
      await signInMerchant(a.page, link('main'), '孙女士', '孙记茶叶');
      await signInMerchant(b.page, link(WENSAN.slug), '周先生', '周记面馆');

      // Each page names its own station.
      await expect.poll(() => a.page.locator('.brand').textContent()).toContain(MAIN);
      await expect.poll(() => b.page.locator('.brand').textContent()).toContain(WENSAN.name);
      expect(await b.page.title()).toContain(WENSAN.name);

      // Each is alone in its hall: neither sees the other.
      const names = (p: Page) => p.evaluate(() => window.__hall!.avatars().map((x) => x.name));
      await expect.poll(() => names(a.page)).toEqual(['孙女士']);
      await expect.poll(() => names(b.page)).toEqual(['周先生']);

      // Each station numbers its own line: both are the first of the day there.
      const first = await takeNumberAt(a.page);
      const second = await takeNumberAt(b.page);
      expect(first).toMatch(/-001$/);
      expect(second).toMatch(/-001$/);
      await shot(a.page, 'two-stations-main-phone');
      await shot(b.page, 'two-stations-wensan-phone');

      // The start page of a deployment with two stations lists both, each with its link.
      const start = await openPage(setup.browser(), PHONE, true);
      try {
        await start.page.goto(setup.hall().url);
        const list = start.page.getByRole('list', { name: '服务站' });
        await expect.poll(() => list.getByRole('link').count()).toBe(2);
        expect(await list.getByRole('link', { name: new RegExp(WENSAN.name) }).getAttribute('href')).toBe(
          StationsRoute.page(WENSAN.slug),
        );
        await shot(start.page, 'two-stations-start-phone');
      } finally {
        await start.context.close();
      }
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('a merchant’s cases and renovation sheets on a station’s page are that station’s', async () => {
    const m = await openPage(setup.browser(), PHONE, true);
    try {
      await signInMerchant(m.page, link('main'), '郑女士', '郑记粉面');
      // A renovation sheet asked at each station, as that station's page asks it (its header names the station).
      const ask = (station: string) =>
        m.page.evaluate(async (station) => {
          const res = await fetch('/api/guidance', {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${localStorage.getItem('hall.token')}`,
              'Content-Type': 'application/json',
              'x-station': station,
            },
            body: JSON.stringify({
              restaurant: true,
              facadeWork: false,
              kitchenWork: true,
              streetSide: false,
              cookingHeads: 1,
            }),
          });
          return (await res.json()) as { caseNumber: string };
        }, station);
      const atMain = (await ask('main')).caseNumber;
      const atWensan = (await ask(WENSAN.slug)).caseNumber;
      expect(atWensan).not.toBe(atMain);

      // The same merchant walks into the other station's hall: its "My cases" lists its own case only.
      await m.page.goto(link(WENSAN.slug));
      await m.page.waitForFunction(() => window.__hall?.selfId());
      await expect.poll(() => m.page.locator('.brand').textContent()).toContain(WENSAN.name);
      const cases = m.page.locator('details.my-cases');
      await cases.locator('summary').first().click();
      await expect.poll(() => cases.textContent(), { timeout: 20_000 }).toContain(atWensan);
      expect(await cases.textContent()).not.toContain(atMain);
      await cases.scrollIntoViewIfNeeded();
      await shot(m.page, 'two-stations-wensan-my-cases-phone');

      // Back at the default station, the other way round.
      await m.page.goto(link('main'));
      await m.page.waitForFunction(() => window.__hall?.selfId());
      const home = m.page.locator('details.my-cases');
      await home.locator('summary').first().click();
      await expect.poll(() => home.textContent(), { timeout: 20_000 }).toContain(atMain);
      expect(await home.textContent()).not.toContain(atWensan);
    } finally {
      await m.context.close();
    }
  });
});
