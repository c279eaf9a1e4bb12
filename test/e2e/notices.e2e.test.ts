import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axe, blocking, readable } from '../support/axe.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const setup = hallWithStaff('notices', [{ role: 'officer', username: 'zhao', name: '赵警官' }]);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
/** No serious or critical violation on the screen as it is, and none of the rules the hall holds to at all. */
async function readsWell(page: Page, screen: string): Promise<void> {
  expect(readable(screen, blocking(await axe(page)))).toBe('');
}
const painted = (page: Page) => page.evaluate(() => window.__hall?.signTexts() ?? []);

describe('the notice board (公告栏)', () => {
  it('an officer posts a notice; a merchant on a phone reads it on the 3D board and in the list', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, setup.hall().url, '郑女士', '郑记鲜花');
      await signInStaff(o.page, setup.hall().url, 'zhao', STAFF_PASSWORD);

      // The officer posts from the plain list; a field left empty is named with its limit first.
      const board = o.page.locator('details.notice-board');
      await board.locator('summary').click();
      await board.getByRole('button', { name: '发布公告' }).click();
      const form = board.locator('form.notice-form');
      await form.getByLabel('标题', { exact: true }).fill('招牌备案新规');
      await form.getByRole('button', { name: '发布公告' }).click();
      await expect.poll(() => form.locator('.error-summary').textContent()).toContain('请填写正文');
      expect(await o.page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      await readsWell(o.page, 'the refused notice form');
      await form.getByLabel('类别').selectOption({ label: '招牌备案' });
      await form.getByLabel('正文', { exact: true }).fill('新设门头招牌须先备案。\n请带齐效果图和店招尺寸。');
      await form.getByLabel('置顶显示').check();
      await form.getByRole('button', { name: '发布公告' }).click();
      await expect.poll(() => board.locator('li.notice').first().textContent()).toContain('招牌备案新规');
      await o.page.screenshot({ path: path.join(SHOTS, 'notices-officer.png'), fullPage: true });

      // The merchant's phone hears of it at once: the 3D board paints it, pinned, and the list counts it unread.
      await expect
        .poll(() => painted(m.page), { timeout: 15_000 })
        .toEqual(expect.arrayContaining(['招牌备案', '★招牌备案新规', '新设门头招牌须先备案。']));
      await m.page.getByRole('navigation', { name: '前往' }).getByRole('button', { name: '公告栏' }).click();
      // Standing at the board's place beside the benches, about two metres from it.
      await expect
        .poll(
          () =>
            m.page.evaluate(() => {
              const me = window.__hall!.avatars().find((a) => a.id === window.__hall!.selfId());
              return me ? Math.hypot(me.x + 5.6, me.z - 2.3) : 99;
            }),
          { timeout: 20_000 },
        )
        .toBeLessThan(0.8);
      await shot(m.page, 'notices-merchant-board-phone');
      // Zoomed in, as a pinch does, the board's lines are read from where the merchant stands.
      await m.page.locator('div.scene').focus();
      await m.page.keyboard.down('Equal');
      await m.page.waitForTimeout(1200); // how far the view zooms: for the screenshot only
      await m.page.keyboard.up('Equal');
      await shot(m.page, 'notices-merchant-board-zoomed-phone');
      const list = m.page.locator('details.notice-board');
      await expect.poll(() => list.locator('summary').textContent()).toContain('1 条未读');
      await list.locator('summary').click();
      const item = list.locator('li.notice').first();
      await expect.poll(() => item.textContent()).toContain('新设门头招牌须先备案。');
      expect(await item.locator('.notice-text').innerText()).toBe('新设门头招牌须先备案。\n请带齐效果图和店招尺寸。');
      expect(await item.textContent()).toContain('新');
      // A merchant keeps nothing on the board: no form, no edit.
      expect(await list.getByRole('button', { name: '发布公告' }).count()).toBe(0);
      expect(await list.getByRole('button', { name: '撤下' }).count()).toBe(0);
      await expect.poll(() => list.locator('summary').textContent()).not.toContain('未读');
      await item.scrollIntoViewIfNeeded();
      await readsWell(m.page, 'the notice list on a phone');
      await shot(m.page, 'notices-merchant-list-phone');

      // Retired, it leaves the merchant's board and list at once.
      await board.getByRole('button', { name: '撤下' }).click();
      await board.getByRole('button', { name: /确认撤下/ }).click();
      await expect
        .poll(() => painted(m.page), { timeout: 15_000 })
        .not.toEqual(expect.arrayContaining(['★招牌备案新规']));
      await expect.poll(() => list.textContent()).toContain('暂无公告');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  }, 60_000);
});
