import path from 'node:path';
import { Client } from '@colyseus/sdk';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

// Two places in the hall (a merchant and the officer take them) and one more kept for staff: the second
// merchant finds the hall full.
const setup = hallWithStaff(
  'line',
  [{ role: 'officer', username: 'liu', name: '刘警官' }],
  { HALL_MAX_CLIENTS: '2', HALL_STAFF_SEATS: '1' },
  60_000, // a first start migrates the embedded database: slow on a busy machine
);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

describe('a full hall', () => {
  it('lets a merchant take a number, be called and served from the 2D panels, then walk in when there is room', async () => {
    // The merchant already in the hall comes in with the SDK, as a page does: one browser page fewer to draw.
    const url = setup.hall().url.replace(/\/$/, '');
    const first = new Client(url);
    first.auth.token = await roomPassFor(url, await signUpMerchant(url, '赵先生', '赵家便利店'));
    const firstRoom = await first.join(RoomName.hall, {}, HallState);
    const o = await openPage(setup.browser(), { width: 1280, height: 860 });
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    try {
      // The officer has a place kept for staff, though merchants fill the hall.
      await signInStaff(o.page, setup.hall().url, 'liu', STAFF_PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-2');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 2号窗口').count()).toBe(1);

      // The next merchant is told the hall is full and follows the queue from the panels instead.
      await signInMerchant(m.page, setup.hall().url, '钱女士', '钱记水果', false);
      const banner = m.page.locator('.banner-line');
      await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/大厅已满，您在线上排队/);
      expect(await m.page.evaluate(() => window.__hall?.selfId() ?? null)).toBeNull();
      // Nobody to walk from the line: a phone shows no walking stick (it comes with the walk into the hall).
      expect(await m.page.getByTestId('joystick').count()).toBe(0);
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /招牌备案/ }).check();
      await services.getByLabel(/简要说明您的事项/).fill('新店门头招牌想先问问尺寸');
      await services.getByRole('button', { name: '取号' }).click();
      const ticket = services.getByRole('listitem').filter({ hasText: /S-001/ });
      await expect.poll(() => ticket.textContent(), { timeout: 20_000 }).toMatch(/S-001.*等候中.*下一位就是您/);
      await shot(m.page, 'line-merchant-ticket-phone');

      // Called: the same banner and title, but served in the desk conversation, with nothing to walk to.
      await desk.getByRole('button', { name: '叫下一位' }).click();
      const alert = m.page.getByRole('alert').filter({ hasText: '叫号：S-001' });
      await expect.poll(() => alert.textContent()).toMatch(/2号窗口 叫到您了.*办理对话/);
      expect(await alert.getByRole('button', { name: '带我去窗口' }).count()).toBe(0);
      expect(await services.getByRole('button', { name: '带我去窗口' }).count()).toBe(0);
      await expect.poll(() => desk.textContent()).toMatch(/钱女士 · 钱记水果.*在线上排队/);
      await shot(m.page, 'line-merchant-called-phone');
      await shot(o.page, 'line-officer-called');

      await desk.getByRole('button', { name: '开始办理' }).click();
      const mChat = m.page.getByRole('region', { name: '窗口对话' });
      const oChat = o.page.getByRole('region', { name: '窗口对话' });
      await mChat.getByLabel('输入消息').fill('招牌最大能做多宽？');
      await mChat.getByRole('button', { name: '发送' }).click();
      await expect.poll(() => oChat.textContent()).toContain('招牌最大能做多宽？');
      await oChat.getByLabel('输入消息').fill('不超过门面宽度，先提交备案表。');
      await oChat.getByLabel('输入消息').press('Enter');
      await expect.poll(() => mChat.textContent()).toContain('先提交备案表');
      await shot(m.page, 'line-merchant-chat-phone');
      await desk.getByLabel('办理记录').fill('线上说明了招牌尺寸要求');
      await desk.getByLabel('办理结果').selectOption('resolved');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      await expect.poll(() => m.page.getByRole('button', { name: '去评价' }).count()).toBe(1);

      // A new number taken in the line comes along into the hall once a place is free.
      await services.getByRole('radio', { name: /综合咨询/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByRole('listitem').filter({ hasText: /G-001/ }).count()).toBe(1);
      // The first merchant leaves (on purpose: a closed tab would keep their place for the reconnection time).
      await firstRoom.leave(true);
      await banner.getByRole('button', { name: '再试进入大厅' }).click();
      await m.page.waitForFunction(() => window.__hall?.selfId(), undefined, { timeout: 20_000 });
      expect(await m.page.locator('.banner-line').count()).toBe(0);
      await expect.poll(() => m.page.getByTestId('joystick').count()).toBe(1);
      await expect.poll(() => services.getByRole('listitem').filter({ hasText: /G-001/ }).count()).toBe(1);
      await shot(m.page, 'line-merchant-walked-in-phone');
    } finally {
      if (firstRoom.connection.isOpen) await firstRoom.leave(true).catch(() => undefined);
      await m.context.close();
      await o.context.close();
    }
  });
});
