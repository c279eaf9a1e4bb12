import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { stationClock } from '../../shared/dates.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const PASSWORD = STAFF_PASSWORD;
const setup = hallWithStaff(
  'meet',
  [
    { role: 'parkManager', username: 'zhou', name: '周经理' },
    { role: 'officer', username: 'li', name: '李警官' },
  ],
  {},
  60_000, // a first start migrates the embedded database: slow on a busy machine
);

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
      // Saved empty, with too short a length: each wrong field says what it expects, and nothing is sent.
      await panel.getByLabel('预计时长（分钟）').fill('5');
      await panel.getByRole('button', { name: '保存并通知参会方' }).click();
      await expect.poll(() => panel.getByText('请修改：会谈主题和预计时长').count()).toBe(1);
      expect(await panel.getByText('请填写会谈主题，最多 60 个字').count()).toBe(1);
      expect(await panel.getByLabel('会谈主题').getAttribute('aria-invalid')).toBe('true');
      await panel.getByLabel('预计时长（分钟）').fill('60');
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

      // Cancelled, after a second word: the merchant hears it at once.
      await panel.getByRole('button', { name: '取消会谈「科教园区外摆管理三方会谈」' }).click();
      await panel.getByRole('button', { name: '确认取消「科教园区外摆管理三方会谈」' }).click();
      await expect.poll(() => panel.locator('p[role=status]').first().textContent()).toContain('已取消');
      await expect.poll(() => m.page.locator('.toasts').textContent()).toContain('已取消');
      await expect.poll(() => mine.textContent()).toMatch(/已取消/);
    } finally {
      await pm.context.close();
      await m.context.close();
    }
  });
});

/** What {@link cuttableLinks} keeps on the page. */
interface Links {
  watching: boolean;
  down: boolean;
  watched: WebSocket[];
}
declare global {
  interface Window {
    __links?: Links;
  }
}

/**
 * The WebSockets `page` opens, watched from the page itself. `cut` closes those opened since `watch` as a lost
 * network would (the hall's, opened before, stays), and new ones fail at once, unseen by the hall, until `mend`. Set before the page loads:
 * the SDK keeps the WebSocket class it finds then.
 */
async function cuttableLinks(
  page: Page,
): Promise<{ watch(): Promise<void>; cut(): Promise<void>; mend(): Promise<void> }> {
  await page.addInitScript(() => {
    const links: Links = { watching: false, down: false, watched: [] };
    window.__links = links;
    const Native = window.WebSocket;
    const unreachable = () => {
      const ws = Object.assign(new EventTarget(), {
        readyState: Native.CLOSED,
        onclose: null as ((e: { code: number; reason: string }) => void) | null,
        send: () => undefined,
        close: () => undefined,
      });
      setTimeout(() => ws.onclose?.({ code: 1006, reason: '' }), 0);
      return ws as unknown as WebSocket;
    };
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        // While the network is down a new link fails without reaching the hall, as it would.
        if (links.down) return unreachable();
        super(url, protocols);
        if (links.watching) links.watched.push(this);
      }
    };
  });
  return {
    watch: () => page.evaluate(() => void (window.__links!.watching = true)),
    // Closed with "may try to reconnect": the room keeps the seat, and the page comes back by itself.
    cut: () =>
      page.evaluate(() => {
        window.__links!.down = true;
        for (const ws of window.__links!.watched.splice(0)) ws.close(4010);
      }),
    mend: () => page.evaluate(() => void (window.__links!.down = false)),
  };
}

/** The station's date and HH:MM a few minutes from now, as the scheduling form takes them. */
function soonInStation(minutes: number): { date: string; time: string } {
  return stationClock(Date.now() + minutes * 60_000, 'Asia/Shanghai');
}

describe('holding a three-party session', () => {
  it('park manager, officer and merchant meet at the table: hands, floor, minutes, end, published minutes', async () => {
    const pm = await openPage(setup.browser(), { width: 1280, height: 900 });
    const officer = await openPage(setup.browser(), { width: 1280, height: 800 });
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const mLinks = await cuttableLinks(m.page);
    const officerLinks = await cuttableLinks(officer.page);
    try {
      await signInMerchant(m.page, setup.hall().url, '陈老板', '陈记小炒');
      await signInStaff(officer.page, setup.hall().url, 'li', PASSWORD);
      await signInStaff(pm.page, setup.hall().url, 'zhou', PASSWORD);

      // Scheduled to start in a few minutes: the door is already open.
      const when = soonInStation(5);
      const plan = pm.page.locator('details.meetings');
      await plan.locator('summary').click();
      await plan.getByRole('button', { name: '安排会谈' }).click();
      await plan.getByLabel('会谈主题').fill('美食街油烟治理三方会谈');
      await plan.getByLabel('日期').fill(when.date);
      await plan.getByLabel('开始时间').fill(when.time);
      await plan.getByLabel('议程（每行一项）').fill('油烟净化器安装\n外摆时段');
      await plan.getByRole('checkbox', { name: '李警官' }).check();
      await plan.getByRole('checkbox', { name: /陈老板/ }).check();
      await plan.getByRole('button', { name: '保存并通知参会方' }).click();
      await expect.poll(() => plan.locator('.meeting').first().textContent()).toMatch(/美食街油烟治理三方会谈/);

      // From here on, the links the merchant's phone and the officer's desktop open (the meeting room's) may be cut.
      await Promise.all([mLinks.watch(), officerLinks.watch()]);

      // Everyone walks through the door: the 3D room and the meeting panel replace the hall.
      const enter = async (page: typeof pm.page) => {
        const mine = page.locator('details.meetings');
        if ((await mine.getAttribute('open')) === null) await mine.locator('summary').click();
        await mine
          .locator('.meeting', { hasText: '美食街油烟治理三方会谈' })
          .getByRole('button', { name: '前往会议室' })
          .click();
        await expect
          .poll(() => page.locator('.meeting-panel').textContent(), { timeout: 15_000 })
          .toContain('参会人员');
      };
      await enter(m.page);
      await enter(officer.page);
      await enter(pm.page);
      const panel = (page: typeof pm.page) => page.locator('.meeting-panel');
      await expect
        .poll(() => panel(m.page).locator('.party-property li').first().getAttribute('class'))
        .not.toBe('muted');

      await panel(pm.page).getByRole('button', { name: '开始会谈' }).click();
      await expect.poll(() => panel(m.page).textContent()).toContain('议题 1/2：油烟净化器安装');

      // Hands go up; all three see the same queue, in order.
      await panel(m.page).getByRole('button', { name: '举手发言' }).click();
      await expect.poll(() => panel(officer.page).locator('.speaking-queue').textContent()).toBe('陈老板');
      await panel(officer.page).getByRole('button', { name: '举手发言' }).click();
      for (const page of [pm.page, officer.page, m.page]) {
        await expect
          .poll(() => panel(page).locator('.speaking-queue li').allTextContents())
          .toEqual(['陈老板', '李警官']);
      }
      // A merchant has no chair controls.
      expect(await panel(m.page).getByRole('button', { name: '下一个议题' }).count()).toBe(0);
      await m.page.waitForTimeout(2500); // let the walk to the seats finish for the picture
      await m.page.screenshot({ path: path.join(SHOTS, 'meeting-room-hands-phone.png') });

      // The network drops at the table: on the phone and on the desktop the banner at the top says the room is
      // being reached again (the phone's panels, a sheet along the bottom, would hide a note inside them).
      await Promise.all([mLinks.cut(), officerLinks.cut()]);
      for (const page of [m.page, officer.page]) {
        const banner = page.locator('.banner').filter({ hasText: '与会议室的连接已断开，正在重新连接' });
        await expect.poll(() => banner.isVisible()).toBe(true);
        const box = (await banner.boundingBox())!;
        const screen = page.viewportSize()!;
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(screen.height / 2);
        expect(box.x + box.width).toBeLessThanOrEqual(screen.width);
      }
      await m.page.screenshot({ path: path.join(SHOTS, 'meeting-reconnecting-phone.png') });
      await officer.page.screenshot({ path: path.join(SHOTS, 'meeting-reconnecting-officer.png') });
      // Back: the banner goes; the hands were kept (the host gives 陈老板 the floor next).
      await Promise.all([mLinks.mend(), officerLinks.mend()]);
      for (const page of [m.page, officer.page]) {
        await expect.poll(() => page.locator('.banner').count(), { timeout: 30_000 }).toBe(0);
      }

      await panel(pm.page).getByRole('button', { name: '请 陈老板 发言' }).click();
      await expect.poll(() => panel(m.page).textContent()).toContain('正在发言：陈老板');
      await expect.poll(() => panel(m.page).locator('.speaking-queue li').allTextContents()).toEqual(['李警官']);
      await pm.page.screenshot({ path: path.join(SHOTS, 'meeting-room-floor-park-manager.png') });

      // Chat reaches everyone.
      await panel(m.page).getByLabel('输入发言内容').fill('我们下周就装净化器');
      await panel(m.page).getByRole('button', { name: '发送' }).click();
      await expect.poll(() => panel(officer.page).locator('.chat-log').textContent()).toContain('我们下周就装净化器');

      // The host writes the minutes with a decision and an action item; they are saved as typed.
      await panel(pm.page).getByLabel('讨论记录').fill('商户同意安装中型油烟净化器。');
      await panel(pm.page).getByLabel('决定事项（每行一条）').fill('一周内完成安装');
      await expect.poll(() => panel(pm.page).locator('.minutes-item [role=status]').textContent()).toBe('已自动保存');
      await panel(pm.page).getByLabel('待办内容').fill('安装油烟净化器并提交检测报告');
      await panel(pm.page).getByLabel('负责人').selectOption({ label: '陈老板（商户代表）' });
      await panel(pm.page)
        .getByLabel('完成期限')
        .fill(soonInStation(7 * 24 * 60).date);
      await panel(pm.page).getByRole('button', { name: '添加待办' }).click();
      await expect
        .poll(() => panel(pm.page).locator('.minutes-editor').textContent())
        .toContain('安装油烟净化器并提交检测报告');

      // A reload puts the host back at the table with the minutes as written.
      await pm.page.reload();
      await expect.poll(() => panel(pm.page).textContent(), { timeout: 20_000 }).toContain('正在发言：陈老板');
      await expect.poll(() => panel(pm.page).getByLabel('讨论记录').inputValue()).toBe('商户同意安装中型油烟净化器。');

      await panel(pm.page).getByRole('button', { name: '下一个议题' }).click();
      await expect.poll(() => panel(m.page).textContent()).toContain('议题 2/2：外摆时段');
      await panel(pm.page).getByRole('button', { name: '结束会谈' }).click();
      await panel(pm.page).getByRole('button', { name: '确认结束并发布纪要' }).click();
      await expect.poll(() => panel(m.page).textContent()).toContain('纪要已发布');

      // The merchant reads the published minutes, prints them and takes them away as Markdown.
      await panel(m.page).getByRole('button', { name: '查看会议纪要' }).click();
      const sheet = m.page.locator('.minutes-sheet');
      await expect.poll(() => sheet.textContent()).toContain('一周内完成安装');
      expect(await sheet.textContent()).toContain('安装油烟净化器并提交检测报告');
      // Who sat at the table, by party, on screen and on paper.
      expect(await sheet.textContent()).toContain('出席：执法队员 李警官；物业负责人 周经理；商户代表 陈老板');
      const download = m.page.waitForEvent('download');
      await sheet.getByRole('button', { name: '导出 Markdown' }).click();
      const file = await (await download).path();
      const fs = await import('node:fs');
      expect(fs.readFileSync(file, 'utf8')).toContain('- 决定：一周内完成安装');
      // The owner marks the action item done.
      await sheet.getByRole('checkbox', { name: /安装油烟净化器并提交检测报告/ }).check();
      await expect.poll(() => sheet.textContent()).toContain('已完成');
      await m.page.emulateMedia({ media: 'print' });
      await m.page.screenshot({ path: path.join(SHOTS, 'meeting-minutes-print.png'), fullPage: true });
      await m.page.emulateMedia({ media: 'screen' });

      // Back in the hall, the session stays among the past ones, its minutes a click away.
      await sheet.getByRole('button', { name: '返回' }).click();
      // "Back to the hall" means the hall: the table everyone has left is gone, and a reload does not bring it back.
      await expect.poll(() => panel(m.page).count()).toBe(0);
      // (A reload on a busy machine may take a while; what matters is where it lands.)
      const slow = { timeout: 90_000 };
      await m.page.reload({ waitUntil: 'domcontentloaded', ...slow });
      await m.page.waitForFunction(() => window.__hall?.selfId(), undefined, slow);
      expect(await panel(m.page).count()).toBe(0);
      // Nor does one for the officer, who stayed at the ended table and reloads there.
      await officer.page.reload({ waitUntil: 'domcontentloaded', ...slow });
      await officer.page.waitForFunction(() => window.__hall?.selfId(), undefined, slow);
      expect(await panel(officer.page).count()).toBe(0);
      const mine = m.page.locator('details.meetings');
      // Closed and opened again: the list is read afresh.
      if ((await mine.getAttribute('open')) !== null) await mine.locator('summary').click();
      await mine.locator('summary').click();
      await expect.poll(() => mine.locator('.meeting-list.past').textContent()).toContain('美食街油烟治理三方会谈');
      await mine.getByRole('button', { name: '查看会议纪要：美食街油烟治理三方会谈' }).click();
      await expect.poll(() => m.page.locator('.minutes-sheet').textContent()).toContain('一周内完成安装');
    } finally {
      await pm.context.close();
      await officer.context.close();
      await m.context.close();
    }
  });
});
