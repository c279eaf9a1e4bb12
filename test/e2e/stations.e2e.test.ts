import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AccountsRoute } from '../../shared/accountRoutes.ts';
import { STATION_HEADER, StationsRoute } from '../../shared/stations.ts';
import { axe, blocking, readable } from '../support/axe.ts';
import { hallWithStaff, openPage, SHOTS, STAFF_PASSWORD } from '../support/people.ts';

// A first start applies every migration: on a busy machine, well over the usual 20 s.
const setup = hallWithStaff('stations', [{ role: 'officer', username: 'qian', name: '钱警官' }], {}, 120_000);

/** The default station, as a deployment with nothing configured has it. */
const STATION = '城管执法服务站';
const PHONE = { width: 412, height: 915 };
const DESKTOP = { width: 1280, height: 860 };

const origin = () => new URL(setup.hall().url).origin;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
async function readsWell(page: Page, screen: string): Promise<void> {
  expect(readable(screen, blocking(await axe(page)))).toBe('');
}

/** Every request the page makes to the API and to matchmaking, as the browser sent it. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/api/') || p.startsWith('/matchmake/')) seen.push(r);
  });
  return seen;
}

describe('a station’s link, its list and its poster', () => {
  it('a link that names no station says so and lists the stations; the station’s link signs a merchant in to it', async () => {
    const { context, page } = await openPage(setup.browser(), PHONE, true);
    try {
      const requests = recordRequests(page);
      const missing = await page.goto(`${origin()}/s/nowhere`);
      expect(missing?.status()).toBe(404);
      await expect.poll(() => page.getByRole('heading', { name: '没有找到这个服务站' }).count()).toBe(1);
      const list = page.getByRole('list', { name: '服务站' });
      const link = list.getByRole('link', { name: STATION });
      expect(await link.getAttribute('href')).toBe(StationsRoute.page('main'));
      expect(await page.title()).toBe(`没有找到这个服务站 · 城管会客厅 · Reception Hall`);
      await readsWell(page, 'the unknown station');
      await shot(page, 'stations-unknown-phone');

      // From the list, by keyboard: the station's own page, named at the door and in the title.
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/s\/main$/);
      await expect.poll(() => page.locator('.sign-in-station').textContent()).toBe(`${STATION} · 城管会客厅`);
      expect(await page.title()).toBe(`${STATION} · 城管会客厅`);
      await expect.poll(() => page.locator('.brand').textContent()).toContain(STATION);
      await readsWell(page, 'the station’s sign-in');
      await shot(page, 'stations-sign-in-phone');

      await page.getByLabel('您的称呼').fill('孙女士');
      await page.getByLabel('店铺名称').fill('孙记茶叶');
      await page.getByRole('button', { name: '进入大厅' }).click();
      await page.waitForFunction(() => window.__hall?.selfId());
      await shot(page, 'stations-hall-phone');

      // Every API call named the station, but the list, which is for none; the hall's join named it too.
      const api = requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
      const calls = api.filter((r) => new URL(r.url()).pathname !== StationsRoute.list);
      expect(calls.map((r) => new URL(r.url()).pathname)).toEqual(
        expect.arrayContaining([AccountsRoute.merchants, AccountsRoute.roomPass]),
      );
      for (const r of calls) expect(await r.headerValue(STATION_HEADER), r.url()).toBe('main');
      const joins = requests.filter((r) => /\/matchmake\/join\/hall$/.test(new URL(r.url()).pathname));
      expect(joins.length).toBeGreaterThan(0);
      for (const r of joins) expect(r.postDataJSON()).toMatchObject({ station: 'main' });
    } finally {
      await context.close();
    }
  });

  it('an officer opens the station’s poster: its name, link and QR code, printable, and back by keyboard', async () => {
    const { context, page } = await openPage(setup.browser(), DESKTOP);
    try {
      await page.goto(`${origin()}/s/main`);
      await page.getByRole('tab', { name: '工作人员登录' }).click();
      await page.getByLabel('用户名').fill('qian');
      await page.getByLabel('密码').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForFunction(() => window.__hall?.selfId());

      const open = page.getByRole('button', { name: '打开张贴页' });
      await open.click();
      const poster = page.getByRole('region', { name: `${STATION}的二维码海报` });
      const link = `${origin()}/s/main`;
      const qr = poster.getByRole('img', { name: `${STATION}的二维码，链接 ${link}` });
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      expect(await poster.getByRole('heading', { level: 1 }).textContent()).toBe(STATION);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      expect(await poster.textContent()).toContain(link);
      expect(await poster.textContent()).toContain('Scan to enter the Reception Hall');
      await readsWell(page, 'the poster');
      await shot(page, 'stations-poster-desktop');
      // On paper: the poster alone.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(await qr.isVisible()).toBe(true);
      await shot(page, 'stations-poster-print');
      await page.emulateMedia({ media: 'screen' });

      await page.keyboard.press('Escape');
      await expect.poll(() => poster.count()).toBe(0);
      // The focus goes back to the button once the hall is drawn again (the next frame).
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('打开张贴页');
    } finally {
      await context.close();
    }
  });

  it('the poster on a phone', async () => {
    const { context, page } = await openPage(setup.browser(), PHONE, true);
    try {
      await page.goto(`${origin()}/s/main`);
      await page.getByRole('tab', { name: '工作人员登录' }).click();
      await page.getByLabel('用户名').fill('qian');
      await page.getByLabel('密码').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForFunction(() => window.__hall?.selfId());
      await page.getByRole('button', { name: '打开张贴页' }).click();
      const qr = page.locator('.poster-qr img');
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await shot(page, 'stations-poster-phone');
    } finally {
      await context.close();
    }
  });
});
