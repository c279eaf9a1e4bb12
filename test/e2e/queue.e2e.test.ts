import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hallLayout } from '../../shared/layout.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const PASSWORD = STAFF_PASSWORD;
const setup = hallWithStaff('queue', [{ role: 'officer', username: 'zhang', name: '张警官' }]);

const open = (viewport: { width: number; height: number }, phone = false) => openPage(setup.browser(), viewport, phone);

/** How far the page's own avatar stands from a floor point, as the hall has it, metres. */
async function distanceTo(page: Page, p: { x: number; z: number }): Promise<number> {
  const me = await page.evaluate(() => {
    const id = window.__hall!.selfId();
    return window.__hall!.avatars().find((a) => a.id === id);
  });
  return me ? Math.hypot(me.x - p.x, me.z - p.z) : Infinity;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

describe('take a number, be called, be served', () => {
  it('merchant and officer go through the whole desk visit, and the merchant rates it', async () => {
    const m = await open({ width: 390, height: 844 }, true);
    const o = await open({ width: 1280, height: 860 });
    try {
      // The merchant signs in on a phone and walks up to the renovation desk.
      await signInMerchant(m.page, setup.hall().url, '陈女士', '陈记川菜馆');
      const services = m.page.getByRole('region', { name: '办事取号' });
      await m.page.getByRole('button', { name: /1号窗口 装修指导/ }).click();
      await expect.poll(() => services.getByText('您在1号窗口前').count(), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => services.getByRole('radio', { name: /装修指导/ }).isChecked()).toBe(true);

      // A booking time in the past is refused in words before anything is sent.
      await services.getByRole('radio', { name: '预约今天稍后' }).check();
      await services.getByLabel('预约时间').fill('00:01');
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByText('预约时间需在今天').count()).toBe(1);
      await services.getByRole('radio', { name: '现在排队' }).check();

      await services.getByLabel(/简要说明您的事项/).fill('餐馆后厨改造，需要安装油烟净化器');
      await services.getByRole('button', { name: '取号' }).click();
      const ticket = services.getByRole('listitem').filter({ hasText: 'R-001' });
      await expect.poll(() => ticket.textContent()).toMatch(/R-001.*装修指导.*等候中.*下一位就是您.*暂无窗口/);
      await shot(m.page, 'queue-merchant-ticket-phone');

      // A reload keeps the number and the place in line; the strip above the hall shows it at once.
      await m.page.reload();
      const strip = m.page.getByRole('list', { name: '我的排号' });
      await expect.poll(() => strip.textContent(), { timeout: 20_000 }).toMatch(/R-001.*下一位就是您/);

      // The officer signs in, opens desk 1 for renovation guidance.
      await signInStaff(o.page, setup.hall().url, 'zhang', PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await expect.poll(() => desk.getByRole('checkbox', { name: '装修指导' }).isChecked()).toBe(true);
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);
      // Opened from the panel, the officer's avatar goes to its place behind the counter.
      const staffSpot = hallLayout.desks[0]!.staffPoint;
      await expect
        .poll(async () => distanceTo(o.page, staffSpot), {
          timeout: 25_000,
          message: (await o.page.locator('.toasts').textContent()) ?? '',
        })
        .toBeLessThan(0.3);
      await expect.poll(() => ticket.textContent()).toMatch(/预计等候约 0 分钟（0–\d+ 分钟）/);
      await shot(m.page, 'queue-merchant-estimate-phone');

      // Call next: the merchant is signalled unmistakably.
      await desk.getByRole('button', { name: '叫下一位' }).click();
      const alert = m.page.getByRole('alert').filter({ hasText: '叫号：R-001' });
      await expect.poll(() => alert.count()).toBe(1);
      expect(await alert.textContent()).toContain('请到 1号窗口 办理');
      // The page title blinks between the call and the hall's own name, so a tab in the background shows it.
      const blink = { timeout: 5_000, interval: 100 };
      await expect.poll(() => m.page.title(), blink).toBe('【请到1号窗口】R-001');
      await expect.poll(() => m.page.title(), blink).toBe('城管执法服务站 · 城管会客厅');
      await expect.poll(() => m.page.title(), blink).toBe('【请到1号窗口】R-001');
      await shot(m.page, 'queue-merchant-called-phone');
      const boardRow = o.page.getByRole('row').filter({ hasText: '1号窗口' });
      await o.page.getByText('叫号屏').click();
      await expect.poll(() => boardRow.textContent()).toMatch(/R-001/);

      // The officer sees who is coming and what for; the merchant taps "walk me to the desk".
      await expect.poll(() => desk.textContent()).toMatch(/陈女士 · 陈记川菜馆.*油烟净化器/);
      await alert.getByRole('button', { name: '带我去窗口' }).click();
      const spot = hallLayout.desks[0]!.servicePoint;
      await expect.poll(async () => distanceTo(m.page, spot), { timeout: 20_000 }).toBeLessThan(0.3);
      await shot(o.page, 'queue-officer-called');

      // The desk conversation, between the two of them only.
      await desk.getByRole('button', { name: '开始办理' }).click();
      const mChat = m.page.getByRole('region', { name: '窗口对话' });
      const oChat = o.page.getByRole('region', { name: '窗口对话' });
      await mChat.getByLabel('输入消息').fill('净化器要多大的？');
      await mChat.getByRole('button', { name: '发送' }).click();
      await expect.poll(() => oChat.textContent()).toContain('净化器要多大的？');
      await oChat.getByLabel('输入消息').fill('灶头 3 到 5 个选中型，去除效率不低于 75%。');
      await oChat.getByLabel('输入消息').press('Enter');
      await expect.poll(() => mChat.textContent()).toContain('去除效率不低于 75%');
      await shot(m.page, 'queue-merchant-chat-phone');

      // Complete with the guidance checklist, all at once.
      await desk.getByRole('checkbox', { name: /施工前设置围挡/ }).check();
      await desk.getByLabel('添加告知事项').fill('油烟净化器（中型）去除效率≥75%，排放≤2.0 mg/m³');
      await desk.getByRole('button', { name: '添加', exact: true }).click();
      await desk.getByLabel('办理记录').fill('已告知全部要求，待商户补充设计图纸');
      await desk.getByLabel('办理结果').selectOption('awaitingDocuments');
      await shot(o.page, 'queue-officer-completing');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      await expect.poll(() => desk.getByText('暂无叫号').count()).toBe(1);

      // The merchant reads the case in "My cases" and rates it, once.
      await m.page.getByRole('button', { name: '去评价' }).click();
      const cases = m.page.locator('.my-cases');
      await expect.poll(() => cases.textContent()).toMatch(/BJ-\d{8}-0001.*装修指导.*待补充材料/);
      await expect.poll(() => cases.textContent()).toMatch(/施工前设置围挡.*油烟净化器（中型）/);
      expect(await cases.textContent()).toContain('已告知全部要求');
      await cases.getByRole('radio', { name: '非常满意' }).check();
      await cases.getByLabel('意见建议（选填）').fill('一次讲清楚了，很好');
      await cases.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(() => cases.textContent()).toContain('您的评价：非常满意');
      expect(await cases.getByRole('button', { name: '提交评价' }).count()).toBe(0);
      await cases.scrollIntoViewIfNeeded();
      await shot(m.page, 'queue-merchant-case-rated-phone');

      // The same case reads in English one click away.
      await m.page.getByRole('button', { name: 'Switch to English' }).click();
      await expect
        .poll(() => cases.textContent())
        .toMatch(/Renovation guidance.*Waiting for documents.*Very satisfied/);
      await shot(m.page, 'queue-merchant-case-english-phone');

      // The officer sees ratings in aggregate only, and with one rating in, no figure at all.
      await desk.getByText('我的服务评价').click();
      await expect.poll(() => desk.textContent()).toContain('评价满 5 条后才显示汇总');
      expect(await desk.textContent()).not.toMatch(/共 \d+ 条|平均|非常满意: /);
      expect(await o.page.content()).not.toContain('一次讲清楚了');
      await shot(o.page, 'queue-officer-ratings');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
