import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { IDLE_FPS } from '../../client/hall/framePacer.ts';
import { hallWithStaff, SHOTS, STAFF_PASSWORD } from '../support/people.ts';

/**
 * The hall on a phone, in English: everything the 3D scene paints (desk signs, placards, the calling
 * screen, the notice board, the entrance, name tags) is English but for what people wrote themselves — here
 * a Chinese officer's and merchant's names and shop — and switching to Chinese repaints it in Chinese.
 * The words are read from the strings the textures were drawn from; the screenshots are for looking at.
 */
const setup = hallWithStaff('hall-phone', [{ role: 'officer', username: 'li', name: '李警官' }]);

const HAN = /\p{Script=Han}/u;
/** Pixel 7, as the phone: portrait, dense, touch. */
const PIXEL_7 = { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };

async function painted(page: Page): Promise<{ texts: string[]; names: string[] }> {
  return page.evaluate(() => ({
    texts: window.__hall?.signTexts() ?? [],
    names: (window.__hall?.avatars() ?? []).flatMap((a) => [a.name, a.shop]),
  }));
}

/** The painted texts with Han characters in them that are not somebody's name or shop. */
async function chinesePainted(page: Page): Promise<string[]> {
  const { texts, names } = await painted(page);
  return texts.filter((t) => HAN.test(t) && !names.includes(t));
}

describe('the hall on a phone', () => {
  it('draws a still hall a few times a second, not at the screen’s rate, and a walk at once', async () => {
    const phone = await setup.browser().newContext({ ...PIXEL_7, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const m = await phone.newPage();
      await m.goto(setup.hall().url);
      await m.getByLabel('您的称呼').fill('周女士');
      await m.getByLabel('店铺名称').fill('周记茶铺');
      await m.getByRole('button', { name: '进入大厅' }).click();
      await m.waitForFunction(() => window.__hall?.selfId());
      const frames = () => m.evaluate(() => window.__hall!.renderInfo().frame);
      const me = () => m.evaluate(() => window.__hall!.avatars().find((a) => a.id === window.__hall!.selfId())!);
      // Nobody else here and nothing touched: once the first view has settled (the panels load, the camera glides
      // to frame them), only the idle frames, second after second.
      const inOneSecond = async () => {
        const f0 = await frames();
        await m.waitForTimeout(1000);
        return (await frames()) - f0;
      };
      // (Drawn at the screen's rate, even this busy machine's software renderer draws a phone's hall several
      // times as often.)
      // A second with no frame at all is the first view still loading, not a hall at rest.
      const idle = async () => {
        const n = await inOneSecond();
        return n >= 1 && n <= IDLE_FPS + 1 ? 'a few frames' : `${n} frames`;
      };
      await expect.poll(idle, { timeout: 30_000, interval: 0 }).toBe('a few frames');
      // A tap on a place to go: the figure sets off and arrives, drawn all the way.
      const from = await me();
      await m.locator('nav.go-to').getByRole('button', { name: '等候区' }).click();
      await expect.poll(async () => Math.hypot((await me()).x - from.x, (await me()).z - from.z)).toBeGreaterThan(1);
    } finally {
      await phone.close();
    }
  });

  it('paints no Chinese in English but people’s own names, and repaints in Chinese when switched', async () => {
    const url = `${setup.hall().url}/?lang=en`;
    const browser = setup.browser();
    const phone = await browser.newContext({ ...PIXEL_7, locale: 'en-GB', timezoneId: 'Asia/Shanghai' });
    const desk = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    try {
      const m = await phone.newPage();
      const o = await desk.newPage();
      m.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));
      await m.goto(url);
      await m.getByLabel('Your name').fill('陈女士');
      await m.getByLabel('Shop name').fill('陈记面馆');
      await m.getByRole('button', { name: 'Enter the hall' }).click();
      await m.waitForFunction(() => window.__hall?.selfId());
      const services = m.locator('section.services');
      await services.getByRole('radio', { name: /Renovation guidance/ }).check();
      await services.getByRole('button', { name: 'Take a number' }).click();
      await expect.poll(() => services.textContent()).toMatch(/R-001/);

      await o.goto(url);
      await o.getByRole('tab', { name: 'Staff' }).click();
      await o.getByLabel('Username').fill('li');
      await o.getByLabel('Password').fill(STAFF_PASSWORD);
      await o.getByRole('button', { name: 'Sign in' }).click();
      await o.waitForFunction(() => window.__hall?.selfId());
      const panel = o.locator('section.desk-panel');
      await panel.getByLabel('Desk', { exact: true }).selectOption('desk-1');
      await panel.getByRole('button', { name: 'Open the desk' }).click();
      await panel.getByRole('button', { name: 'Call next' }).click();

      // The calling screen on the phone shows the call; the officer's placard and tag show their name.
      await expect
        .poll(async () => (await painted(m)).texts.join(' | '), { timeout: 20_000 })
        .toMatch(/Now serving.*R-001.*Desk 1/);
      await expect.poll(async () => (await painted(m)).texts).toEqual(expect.arrayContaining(['李警官', 'Officer']));
      const { texts } = await painted(m);
      expect(texts).toEqual(
        expect.arrayContaining(['Reception Hall', 'Renovation', 'Notice board', 'Desk 4', '陈记面馆']),
      );
      expect(await chinesePainted(m)).toEqual([]);
      await m.getByRole('button', { name: 'Got it' }).click();
      await m.screenshot({ path: path.join(SHOTS, 'hall-phone-en.png') });

      // Switching the language repaints the hall's textures in Chinese.
      await m.getByRole('button', { name: /中文/ }).first().click();
      await expect
        .poll(async () => (await painted(m)).texts, { timeout: 15_000 })
        .toEqual(expect.arrayContaining(['叫号屏', '1号窗口', '装修指导', '公告栏', '执法队员']));
      expect((await painted(m)).texts.filter((t) => /Now serving|Desk \d|Renovation|Officer/.test(t))).toEqual([]);
      await m.screenshot({ path: path.join(SHOTS, 'hall-phone-zh.png') });
    } finally {
      await phone.close();
      await desk.close();
    }
  });
});
