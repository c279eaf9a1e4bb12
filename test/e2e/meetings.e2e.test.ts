import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const PASSWORD = STAFF_PASSWORD;
const setup = hallWithStaff('meet', [
  { role: 'parkManager', username: 'zhou', name: '周经理' },
  { role: 'officer', username: 'li', name: '李警官' },
]);

describe('planning a three-party session', () => {
  it('a park manager plans a session; the invited merchant is told and sees it, the notice board shows it', async () => {
    const pm = await openPage(setup.browser(), { width: 1280, height: 900 });
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    try {
      await signInMerchant(m.page, setup.hall().url, '许女士', '许记奶茶');
      await signInStaff(pm.page, setup.hall().url, 'zhou', PASSWORD);
      const panel = pm.page.locator('details.meetings');
      await panel.locator('summary').click();
      await panel.getByRole('button', { name: '安排会谈' }).click();
      await panel.getByLabel('会谈主题').fill('科教园区外摆管理三方会谈');
      await panel.getByLabel('议程（每行一项）').fill('外摆区域划定\n夜间噪声');
      await panel.getByRole('checkbox', { name: '李警官' }).check();
      await panel.getByRole('checkbox', { name: /许女士/ }).check();
      await pm.page.screenshot({ path: path.join(SHOTS, 'meeting-schedule-park-manager.png') });
      await panel.getByRole('button', { name: '保存并通知参会方' }).click();
      await expect.poll(() => panel.locator('.meeting').textContent()).toMatch(/科教园区外摆管理三方会谈.*待召开/);

      await expect
        .poll(() => m.page.locator('.toasts').textContent())
        .toContain('三方会谈「科教园区外摆管理三方会谈」已安排或有变更');
      const mine = m.page.locator('details.meetings');
      await mine.locator('summary').click();
      await expect.poll(() => mine.textContent()).toMatch(/外摆区域划定.*夜间噪声.*执法队员：李警官.*商户代表：许女士/);
      expect(await mine.textContent()).toMatch(/会议室于 .* 开放/);
      const board = m.page.locator('details.notice-board');
      await board.locator('summary').click();
      await expect.poll(() => board.textContent()).toContain('科教园区外摆管理三方会谈');
      await mine.scrollIntoViewIfNeeded();
      await m.page.screenshot({ path: path.join(SHOTS, 'meeting-my-meetings-phone.png') });

      // Cancelled: the merchant hears it at once.
      await panel.getByRole('button', { name: '取消会谈' }).click();
      await expect.poll(() => m.page.locator('.toasts').textContent()).toContain('已取消');
      await expect.poll(() => mine.textContent()).toMatch(/已取消/);
    } finally {
      await pm.context.close();
      await m.context.close();
    }
  });
});
