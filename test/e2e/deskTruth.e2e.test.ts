import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AccountsRoute } from '../../shared/accounts.ts';
import { stationClock } from '../../shared/dates.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const setup = hallWithStaff('desk-truth', [
  { role: 'officer', username: 'zhang', name: '张警官' },
  { role: 'parkManager', username: 'zhou', name: '周经理' },
]);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** A JSON request to the hall's API as a signed-in person. */
async function call<T>(route: string, method: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(new URL(route, setup.hall().url), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The park manager plans a session starting in a few minutes (its door already open) with the officer invited. */
async function sessionWithOfficer(title: string): Promise<void> {
  const { token } = await call<{ token: string }>(AccountsRoute.staffLogin, 'POST', null, {
    username: 'zhou',
    password: STAFF_PASSWORD,
  });
  const { people } = await call<{ people: { id: string; name: string }[] }>(MeetingsRoute.people, 'GET', token);
  const officer = people.find((p) => p.name === '张警官')!;
  await call(MeetingsRoute.list, 'POST', token, {
    title,
    ...stationClock(Date.now() + 5 * 60_000, 'Asia/Shanghai'),
    minutes: 30,
    agenda: ['外摆'],
    invitees: [{ id: officer.id, party: 'officer' }],
  });
}

async function openDeskOne(page: Page): Promise<void> {
  await signInStaff(page, setup.hall().url, 'zhang', STAFF_PASSWORD);
  const desk = page.getByRole('region', { name: '窗口值守' });
  await desk.getByLabel('选择窗口').selectOption('desk-1');
  await expect.poll(() => desk.getByRole('checkbox', { name: '装修指导' }).isChecked()).toBe(true);
  await desk.getByRole('button', { name: '开启窗口' }).click();
  await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);
}

describe('a desk that tells the truth, on a phone', () => {
  it('leaving asks first; a desk whose officer is in a meeting pauses; the end of a visit and a dropped officer are said', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    let o = await openPage(setup.browser(), { width: 1280, height: 860 });
    try {
      await signInMerchant(m.page, setup.hall().url, '陈女士', '陈记川菜馆');
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      const ticket = services.getByRole('listitem').filter({ hasText: 'R-001' });
      await expect.poll(() => ticket.textContent()).toMatch(/R-001.*等候中/);

      // Leaving asks first, in a dialog; the way back is where the focus lands, and keeps the number.
      await ticket.getByRole('button', { name: '取消排号 R-001' }).click();
      const ask = m.page.getByRole('dialog', { name: '取消排号 R-001？' });
      await expect.poll(() => ask.count()).toBe(1);
      expect(await ask.textContent()).toContain('位置不保留');
      await expect.poll(() => m.page.evaluate(() => document.activeElement?.textContent)).toBe('继续排队');
      await shot(m.page, 'desk-truth-leave-asks-phone');
      await ask.getByRole('button', { name: '继续排队' }).click();
      await expect.poll(() => ask.count()).toBe(0);
      await expect.poll(() => ticket.textContent()).toMatch(/R-001.*等候中/);

      // The officer opens desk 1: an estimate appears.
      await openDeskOne(o.page);
      await expect.poll(() => ticket.textContent()).toMatch(/预计等候约 \d+ 分钟（\d+–\d+ 分钟）/);

      // The officer walks into the meeting room: the desk pauses, the estimate says so instead of a range.
      await sessionWithOfficer('外摆协调会');
      const meetings = o.page.locator('details.meetings');
      await meetings.locator('summary').click();
      await meetings.locator('.meeting', { hasText: '外摆协调会' }).getByRole('button', { name: '前往会议室' }).click();
      await expect
        .poll(() => ticket.textContent(), { timeout: 15_000 })
        .toContain('办理该业务的窗口都暂停了，暂无预计时间');
      expect(await ticket.textContent()).not.toMatch(/预计等候约/);
      const board = m.page.locator('details.board');
      await board.locator('summary').click();
      await expect
        .poll(() => board.getByRole('row').filter({ hasText: '1号窗口' }).textContent())
        .toContain('暂停（会议中）');
      await board.scrollIntoViewIfNeeded();
      await shot(m.page, 'desk-truth-officer-in-meeting-phone');
      await expect.poll(() => o.page.getByText('您在会议室，本窗口暂停叫号').count()).toBe(1);
      await shot(o.page, 'desk-truth-officer-desk-in-meeting');

      // Back in the hall: the desk calls again and the estimate returns.
      await o.page.getByRole('button', { name: '离开会议室，回到大厅' }).click();
      await expect.poll(() => ticket.textContent(), { timeout: 15_000 }).toMatch(/预计等候约 \d+ 分钟（\d+–\d+ 分钟）/);
      await expect.poll(() => board.getByRole('row').filter({ hasText: '1号窗口' }).textContent()).toContain('办理中');

      // Called, served, completed: the end of the visit takes the conversation's place, with the rating first.
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.page
        .getByRole('alert')
        .filter({ hasText: '叫号：R-001' })
        .getByRole('button', { name: '知道了' })
        .click();
      await desk.getByRole('button', { name: '开始办理' }).click();
      await expect.poll(() => m.page.getByRole('region', { name: '窗口对话' }).count()).toBe(1);
      await desk.getByLabel('办理记录').fill('已告知围挡要求');
      await desk.getByLabel('办理结果').selectOption('resolved');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      const end = m.page.getByRole('region', { name: '服务已完成' });
      await expect.poll(() => end.count()).toBe(1);
      expect(await end.textContent()).toContain('1号窗口（张警官）已为您办结');
      expect(await m.page.getByRole('region', { name: '窗口对话' }).count()).toBe(0);
      await expect.poll(() => m.page.evaluate(() => document.activeElement?.textContent)).toBe('服务已完成');
      await shot(m.page, 'desk-truth-visit-complete-phone');
      await end.getByRole('radio', { name: '非常满意' }).check();
      await end.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(() => end.textContent()).toContain('感谢您的评价！');
      await shot(m.page, 'desk-truth-rated-phone');
      await end.getByRole('button', { name: '关闭' }).click();
      await expect.poll(() => end.count()).toBe(0);

      // A second number, called; the officer's tab closes: the merchant is told at once and keeps the place.
      await services.getByRole('button', { name: '取号' }).click();
      const second = services.getByRole('listitem').filter({ hasText: 'R-002' });
      await expect.poll(() => second.textContent()).toMatch(/R-002.*等候中/);
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.page
        .getByRole('alert')
        .filter({ hasText: '叫号：R-002' })
        .getByRole('button', { name: '知道了' })
        .click();
      await o.context.close();
      const news = m.page.getByRole('alert').filter({ hasText: '窗口工作人员的连接中断了，您的位置保留' });
      await expect.poll(() => news.count(), { timeout: 10_000 }).toBe(1);
      expect(await news.textContent()).toMatch(/如果 \d{2}:\d{2} 前仍未恢复/);
      await expect.poll(() => second.textContent()).toMatch(/已叫号.*工作人员连接中断，窗口暂停/);
      await shot(m.page, 'desk-truth-officer-dropped-phone');

      // The officer comes back: the merchant hears that too.
      o = await openPage(setup.browser(), { width: 1280, height: 860 });
      await signInStaff(o.page, setup.hall().url, 'zhang', STAFF_PASSWORD);
      await expect
        .poll(() => m.page.getByRole('status').filter({ hasText: '窗口工作人员已回到窗口' }).count(), {
          timeout: 10_000,
        })
        .toBe(1);
      await expect.poll(() => second.textContent()).not.toContain('窗口暂停');

      // Leaving while called is asked too, and then really leaves.
      await second.getByRole('button', { name: '取消排号 R-002' }).click();
      await m.page.getByRole('dialog').getByRole('button', { name: '确认取消排号' }).click();
      await expect.poll(() => services.getByText('您目前没有排号。').count()).toBe(1);
    } finally {
      await m.context.close();
      await o.context.close().catch(() => undefined);
    }
  });
});
