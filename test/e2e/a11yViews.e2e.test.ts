import path from 'node:path';
import { Client } from '@colyseus/sdk';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { checkBothLanguages } from '../support/axe.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { hallWithStaff, openPage, SHOTS, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

/**
 * axe on the views a11y.e2e.test.ts does not reach, in Chinese and in English: the look chooser at sign-up, the
 * leave-the-queue confirmation, the end of a visit with its rating, and the panels of the line a merchant
 * follows when the hall is full.
 */

/** A first start applies every migration: on a busy shared machine it takes longer than the usual 20 s. */
const START_MS = 120_000;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** The officer opens desk `desk` and waits until it is on duty. */
async function openDesk(page: Page, url: string, username: string, desk: string, label: string): Promise<void> {
  await signInStaff(page, url, username, STAFF_PASSWORD);
  const panel = page.getByRole('region', { name: '窗口值守' });
  await panel.getByLabel('选择窗口').selectOption(desk);
  await panel.getByRole('button', { name: '开启窗口' }).click();
  await expect.poll(() => panel.getByText(`您正在值守 ${label}`).count()).toBe(1);
}

/** The officer completes the visit in hand, as resolved, with a note. */
async function complete(page: Page): Promise<void> {
  const desk = page.getByRole('region', { name: '窗口值守' });
  await desk.getByLabel('办理记录').fill('已告知要求');
  await desk.getByLabel('办理结果').selectOption('resolved');
  await desk.getByRole('button', { name: '办结并告知商户' }).click();
}

describe('in the hall, on a phone', () => {
  const setup = hallWithStaff('a11y-views', [{ role: 'officer', username: 'wang', name: '王警官' }], {}, START_MS);

  it('the look chooser at sign-up, the leave-the-queue confirmation, and the end of a visit with its rating', async () => {
    const m = await openPage(setup.browser(), { width: 412, height: 915 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 860 });
    try {
      await m.page.goto(setup.hall().url);
      await m.page.getByLabel('您的称呼').fill('何女士');
      await m.page.getByLabel('店铺名称').fill('何记花店');
      await m.page.getByRole('group', { name: '体型' }).getByRole('radio', { name: '宽肩' }).check();
      await m.page.getByRole('group', { name: '发型' }).getByRole('radio', { name: '盘发' }).check();
      await m.page.getByRole('group', { name: '发色' }).getByRole('radio', { name: '灰白' }).check();
      await m.page.getByRole('group', { name: '衣服颜色' }).getByRole('radio', { name: '紫' }).check();
      await m.page.getByRole('group', { name: '您在大厅里的样子' }).scrollIntoViewIfNeeded();
      await shot(m.page, 'a11y-look-chooser-phone');
      await checkBothLanguages(m.page, 'look chooser at sign-up');
      await m.page.getByRole('button', { name: '进入大厅' }).click();
      await m.page.waitForFunction(() => window.__hall?.selfId());

      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      // Found by its class, the region's name changes with the language.
      const ticket = m.page.locator('section.services').getByRole('listitem').filter({ hasText: 'R-001' });
      await expect.poll(() => ticket.textContent()).toMatch(/R-001.*等候中/);

      // Named, in either language: the recovery code's dialog from the sign-up is a dialog too.
      const ask = m.page.getByRole('dialog', { name: /R-001/ });
      await checkBothLanguages(m.page, 'leave-the-queue confirmation', {
        open: async () => {
          await ticket.getByRole('button', { name: /R-001/ }).click();
          await expect.poll(() => ask.count()).toBe(1);
          await shot(m.page, 'a11y-leave-asks-phone');
        },
        close: async () => {
          await ask.getByRole('button', { name: /继续排队|Keep my place/ }).click();
          await expect.poll(() => ask.count()).toBe(0);
        },
      });
      // Escape closes it too, keeping the number.
      await ticket.getByRole('button', { name: /R-001/ }).click();
      await expect.poll(() => ask.count()).toBe(1);
      await m.page.keyboard.press('Escape');
      await expect.poll(() => ask.count()).toBe(0);
      await expect.poll(() => ticket.textContent()).toMatch(/R-001.*等候中/);

      await openDesk(o.page, setup.hall().url, 'wang', 'desk-1', '1号窗口');
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.page
        .getByRole('alert')
        .filter({ hasText: '叫号：R-001' })
        .getByRole('button', { name: '知道了' })
        .click();
      await desk.getByRole('button', { name: '开始办理' }).click();
      await expect.poll(() => m.page.getByRole('region', { name: '窗口对话' }).count()).toBe(1);
      await complete(o.page);
      const end = m.page.getByRole('region', { name: '服务已完成' });
      await expect.poll(() => end.count()).toBe(1);
      await end.getByRole('radio', { name: '满意', exact: true }).check();
      await shot(m.page, 'a11y-visit-complete-phone');
      await checkBothLanguages(m.page, 'end of a visit, rating');
      await end.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(() => end.textContent()).toContain('感谢您的评价！');
      await checkBothLanguages(m.page, 'end of a visit, rated');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});

describe('in the line, when the hall is full', () => {
  // Two places in the hall (a merchant and the officer take them) and one kept for staff: the next merchant
  // follows the queue from the panels.
  const setup = hallWithStaff(
    'a11y-line',
    [{ role: 'officer', username: 'lin', name: '林警官' }],
    {
      HALL_MAX_CLIENTS: '2',
      HALL_STAFF_SEATS: '1',
    },
    START_MS,
  );

  it('the line with a number, called, at the desk conversation and at the end of the visit', async () => {
    const url = setup.hall().url.replace(/\/$/, '');
    const first = new Client(url);
    first.auth.token = await roomPassFor(url, await signUpMerchant(url, '许先生', '许家便利店'));
    const firstRoom = await first.join(RoomName.hall, {}, HallState);
    const o = await openPage(setup.browser(), { width: 1280, height: 860 });
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    try {
      await openDesk(o.page, setup.hall().url, 'lin', 'desk-2', '2号窗口');
      await m.page.goto(setup.hall().url);
      await m.page.getByLabel('您的称呼').fill('马女士');
      await m.page.getByLabel('店铺名称').fill('马记干货');
      await m.page.getByRole('button', { name: '进入大厅' }).click();
      await expect
        .poll(() => m.page.locator('.banner-line').textContent(), { timeout: 20_000 })
        .toMatch(/大厅已满，您在线上排队/);
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /招牌备案/ }).check();
      await services.getByLabel(/简要说明您的事项/).fill('门头招牌的尺寸');
      await services.getByRole('button', { name: '取号' }).click();
      const ticket = services.getByRole('listitem').filter({ hasText: /S-001/ });
      await expect.poll(() => ticket.textContent(), { timeout: 20_000 }).toMatch(/S-001.*等候中/);
      await checkBothLanguages(m.page, 'line, with a number');

      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await expect.poll(() => m.page.getByRole('alert').filter({ hasText: '叫号：S-001' }).count()).toBe(1);
      await shot(m.page, 'a11y-line-called-phone');
      await checkBothLanguages(m.page, 'line, called');

      await desk.getByRole('button', { name: '开始办理' }).click();
      const chat = m.page.getByRole('region', { name: '窗口对话' });
      await chat.getByLabel('输入消息').fill('招牌能做多宽？');
      await chat.getByRole('button', { name: '发送' }).click();
      await expect.poll(() => o.page.getByRole('region', { name: '窗口对话' }).textContent()).toContain('招牌能做多宽');
      await shot(m.page, 'a11y-line-chat-phone');
      await checkBothLanguages(m.page, 'line, at the desk conversation');

      await complete(o.page);
      await expect.poll(() => m.page.getByRole('region', { name: '服务已完成' }).count()).toBe(1);
      await checkBothLanguages(m.page, 'line, end of the visit');
    } finally {
      await firstRoom.leave(true).catch(() => undefined);
      await m.context.close();
      await o.context.close();
    }
  });
});
