import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hallLayout, type BoardDef } from '../../shared/layout.ts';
import { hallWithStaff, SHOTS, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

/**
 * The calling screen and the notice board as a merchant on a phone sees them from the waiting area, without
 * zooming: the screen straight ahead, the board after turning the view towards it. The screenshots (the
 * whole phone screen, and each board cut out at the phone's own pixels) are for a person to look at; the test
 * checks that each board is on screen, what it paints, and prints how big it shows, in CSS pixels.
 */
// A first start applies every migration: on a busy shared machine it takes longer than the usual 20 s.
const setup = hallWithStaff('hall-boards', [{ role: 'officer', username: 'xu', name: '徐警官' }], {}, 120_000);

/** Pixel 7, as the phone: portrait, dense, touch. */
const PIXEL_7 = { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };

const painted = (page: Page) => page.evaluate(() => window.__hall?.signTexts() ?? []);

/** Where a board shows on the page, CSS pixels: the box around its four corners as the camera projects them. */
async function onScreen(page: Page, board: BoardDef): Promise<{ x: number; y: number; width: number; height: number }> {
  const corners = [-1, 1].flatMap((sx) =>
    [-1, 1].map((sy) => ({
      x: board.x + (sx * board.w * Math.cos(board.ry)) / 2,
      z: board.z - (sx * board.w * Math.sin(board.ry)) / 2,
      y: board.y + (sy * board.h) / 2,
    })),
  );
  const points = await page.evaluate(
    (cs) => cs.map((c) => window.__hall!.project(c.x, c.z, c.y)),
    corners.map((c) => ({ x: c.x, z: c.z, y: c.y })),
  );
  const canvas = (await page.locator('canvas').boundingBox())!;
  const xs = points.map((p) => p.x + canvas.x);
  const ys = points.map((p) => p.y + canvas.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The board's box lies on the phone's screen, above the panels' sheet. */
async function visible(page: Page, box: { x: number; y: number; width: number; height: number }): Promise<boolean> {
  const sheetTop = await page.evaluate(
    () => document.querySelector('.panels:not(.panels-centre)')?.getBoundingClientRect().top ?? innerHeight,
  );
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= PIXEL_7.viewport.width && box.y + box.height <= sheetTop;
}

async function shoot(page: Page, name: string, box: { x: number; y: number; width: number; height: number }) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const pad = 8;
  await page.screenshot({
    path: path.join(SHOTS, `${name}-close.png`),
    clip: {
      x: Math.max(0, box.x - pad),
      y: Math.max(0, box.y - pad),
      width: box.width + 2 * pad,
      height: box.height + 2 * pad,
    },
  });
}

describe('the boards of the hall on a phone', () => {
  it('shows the calling screen and the notice board from the waiting area, screenshots to look at', async () => {
    const browser = setup.browser();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const phone = await browser.newContext({ ...PIXEL_7, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const o = await desktop.newPage();
      const m = await phone.newPage();
      m.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));

      // The officer posts a notice and opens desk 1.
      await signInStaff(o, setup.hall().url, 'xu', STAFF_PASSWORD);
      const notices = o.locator('details.notice-board');
      await notices.locator('summary').click();
      await notices.getByRole('button', { name: '发布公告' }).click();
      const form = notices.locator('form.notice-form');
      await form.getByLabel('标题', { exact: true }).fill('外摆经营须知');
      await form.getByLabel('类别').selectOption({ label: '招牌备案' });
      await form.getByLabel('正文', { exact: true }).fill('店外摆放不得占用盲道。\n每日 22 点前收回。');
      await form.getByRole('button', { name: '发布公告' }).click();
      await expect.poll(() => notices.locator('li.notice').first().textContent()).toContain('外摆经营须知');
      const desk = o.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);

      // A merchant on the phone takes a number and is called: the calling screen has a call to show.
      await m.goto(setup.hall().url);
      await m.getByLabel('您的称呼').fill('朱女士');
      await m.getByLabel('店铺名称').fill('朱记糕点');
      await m.getByRole('button', { name: '进入大厅' }).click();
      await m.waitForFunction(() => window.__hall?.selfId());
      const services = m.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByText('R-001').count()).toBeGreaterThan(0);
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.getByRole('alert').filter({ hasText: '叫号：R-001' }).getByRole('button', { name: '知道了' }).click();
      await expect.poll(async () => (await painted(m)).join(' | '), { timeout: 20_000 }).toMatch(/R-001/);
      await expect.poll(() => painted(m)).toEqual(expect.arrayContaining([expect.stringContaining('外摆经营须知')]));

      // To the waiting area, the view as it comes (no zoom).
      const waiting = hallLayout.places.find((p) => p.id === 'waiting')!;
      await m.getByRole('navigation', { name: '前往' }).getByRole('button', { name: '等候区' }).click();
      await expect
        .poll(
          () =>
            m.evaluate(
              ([x, z]) => {
                const me = window.__hall!.avatars().find((a) => a.id === window.__hall!.selfId());
                return me ? Math.hypot(me.x - x!, me.z - z!) : 99;
              },
              [waiting.x, waiting.z],
            ),
          { timeout: 30_000 },
        )
        .toBeLessThan(0.8);
      await m.waitForTimeout(1500); // the camera's follow settles
      const screen = await onScreen(m, hallLayout.queueBoard);
      console.log(
        `calling screen from the waiting area: ${screen.width.toFixed(0)}×${screen.height.toFixed(0)} CSS px`,
      );
      expect(await visible(m, screen)).toBe(true);
      await shoot(m, 'hall-boards-calling-screen-phone', screen);

      // Turning the view (Q, as a drag does on the screen) until the notice board is in the middle.
      await m.locator('div.scene').focus();
      const centre = async () => {
        const b = await onScreen(m, hallLayout.noticeBoard);
        return b.x + b.width / 2;
      };
      for (let i = 0; i < 60 && Math.abs((await centre()) - PIXEL_7.viewport.width / 2) > 60; i++) {
        await m.keyboard.down('KeyQ');
        await m.waitForTimeout(120);
        await m.keyboard.up('KeyQ');
        await m.waitForTimeout(250);
      }
      await m.waitForTimeout(1500);
      const board = await onScreen(m, hallLayout.noticeBoard);
      console.log(`notice board from the waiting area: ${board.width.toFixed(0)}×${board.height.toFixed(0)} CSS px`);
      expect(await visible(m, board)).toBe(true);
      await shoot(m, 'hall-boards-notice-board-phone', board);
    } finally {
      await phone.close();
      await desktop.close();
    }
  });
});
