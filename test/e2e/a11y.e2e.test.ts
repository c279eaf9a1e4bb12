import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { stationClock } from '../../shared/dates.ts';
import { checkBothLanguages } from '../support/axe.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const setup = hallWithStaff('a11y', [
  { role: 'officer', username: 'zhao', name: '赵警官' },
  // The keyboard run has an officer of its own: 赵警官's desk from the screens above is still held for him.
  { role: 'officer', username: 'qian', name: '钱警官' },
  // The filing review and the visits have their own officer too, so no desk is held for him when the keyboard run
  // comes.
  { role: 'officer', username: 'li', name: '李警官' },
  { role: 'parkManager', username: 'sun', name: '孙经理' },
]);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

describe('every main screen passes axe, in Chinese and in English', () => {
  it('sign-in, the merchant with a number, called and at the desk, the officer desk, filing and my cases', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 860 });
    try {
      await m.page.goto(setup.hall().url);
      await m.page.getByLabel('您的称呼').waitFor();
      await checkBothLanguages(m.page, 'sign-in');

      await signInMerchant(m.page, setup.hall().url, '吴女士', '吴记面馆');
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByText('R-001').count()).toBeGreaterThan(0);
      await checkBothLanguages(m.page, 'hall, merchant with a number');

      await signInStaff(o.page, setup.hall().url, 'zhao', STAFF_PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await expect.poll(() => m.page.getByRole('alertdialog').or(m.page.getByRole('alert')).count()).toBeGreaterThan(0);
      await shot(m.page, 'a11y-merchant-called-phone');
      await checkBothLanguages(m.page, 'hall, merchant called');
      await checkBothLanguages(o.page, 'officer desk, calling');

      await desk.getByRole('button', { name: '开始办理' }).click();
      await expect.poll(() => m.page.getByRole('region', { name: '窗口对话' }).count()).toBe(1);
      await checkBothLanguages(m.page, 'hall, merchant at the desk');
      await checkBothLanguages(o.page, 'officer desk, serving');

      await desk.getByLabel('办理记录').fill('已告知全部要求');
      await desk.getByLabel('办理结果').selectOption('resolved');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      await expect.poll(() => desk.getByText('暂无叫号').count()).toBe(1);

      const signboard = m.page.locator('details.signboard');
      await signboard.locator('summary').click();
      await checkBothLanguages(m.page, 'signboard filing');
      await signboard.locator('summary').click();

      await m.page.locator('details.my-cases summary').click();
      await expect.poll(() => m.page.locator('.my-cases').textContent()).toMatch(/BJ-\d{8}-0001/);
      await checkBothLanguages(m.page, 'my cases');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });

  it('the meetings panel and the meeting room', async () => {
    const pm = await openPage(setup.browser(), { width: 1280, height: 900 });
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    try {
      await signInMerchant(m.page, setup.hall().url, '郑先生', '郑记水果');
      await signInStaff(pm.page, setup.hall().url, 'sun', STAFF_PASSWORD);
      const plan = pm.page.locator('details.meetings');
      await plan.locator('summary').click();
      await plan.getByRole('button', { name: '安排会谈' }).click();
      await checkBothLanguages(pm.page, 'meetings panel, planning');

      const when = stationClock(Date.now() + 5 * 60_000, 'Asia/Shanghai');
      await plan.getByLabel('会谈主题').fill('水果摊外摆三方会谈');
      await plan.getByLabel('日期').fill(when.date);
      await plan.getByLabel('开始时间').fill(when.time);
      await plan.getByLabel('议程（每行一项）').fill('外摆区域');
      await plan.getByRole('checkbox', { name: /郑先生/ }).check();
      await plan.getByRole('button', { name: '保存并通知参会方' }).click();
      await expect.poll(() => plan.locator('.meeting').first().textContent()).toMatch(/水果摊外摆三方会谈/);
      // Saved: the form goes away and the focus is on the list that now holds the session.
      await expect.poll(() => focused(pm.page)).toMatchObject({ tag: 'h3', text: '我的会议' });
      await checkBothLanguages(pm.page, 'meetings panel, planned');

      const mine = m.page.locator('details.meetings');
      await mine.locator('summary').click();
      await mine.getByRole('button', { name: '前往会议室' }).click();
      const room = m.page.locator('.meeting-panel');
      await expect.poll(() => room.textContent(), { timeout: 45_000 }).toContain('参会人员');
      await shot(m.page, 'a11y-meeting-room-phone');
      await m.page.getByLabel('输入发言内容').fill('我们会按规定摆放', { timeout: 45_000 });
      await room.getByRole('button', { name: '发送' }).click();
      await expect.poll(() => room.locator('.chat-log').textContent()).toContain('我们会按规定摆放');
      await checkBothLanguages(m.page, 'meeting room');
    } finally {
      await pm.context.close();
      await m.context.close();
    }
  });
  it("renovation guidance, my profile, door-to-door visits and the officer's filing review with its large image", async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, setup.hall().url, '周女士', '周记茶铺');
      const guidance = m.page.locator('details.guidance');
      await guidance.locator('summary').click();
      await guidance.getByRole('checkbox', { name: '改造门头或外立面' }).check();
      await guidance.getByRole('button', { name: '生成指导清单' }).click();
      await expect.poll(() => guidance.locator('.sheet').count()).toBeGreaterThan(0);
      await guidance.screenshot({ path: path.join(SHOTS, 'a11y-guidance-phone.png') });
      await checkBothLanguages(m.page, 'renovation guidance');
      await guidance.locator('summary').click();

      const profile = m.page.locator('details.profile');
      await profile.locator('summary').click();
      await expect.poll(() => isOpen(profile)).toBe(true);
      await profile.screenshot({ path: path.join(SHOTS, 'a11y-profile-phone.png') });
      await checkBothLanguages(m.page, 'my profile');
      await profile.locator('summary').click();

      // A filing for the officer to review, with both its images.
      const filing = m.page.locator('details.signboard');
      await filing.locator('summary').click();
      await filing.getByLabel('店铺名称（与营业执照一致）').fill('周记茶铺');
      await filing.getByLabel('地址 / 园区楼栋门牌').fill('科教园区 C 栋 3 号');
      await filing.getByLabel('招牌文字').fill('周记茶铺');
      await filing.getByLabel('宽度（米）').fill('3');
      await filing.getByLabel('高度（米）').fill('0.6');
      await filing.getByLabel('材质').selectOption('acrylic');
      await filing.getByLabel('安装方式').selectOption('flat');
      await filing.getByLabel('亮化方式').selectOption('none');
      await filing.getByLabel('设计效果图').setInputFiles({ name: 'design.png', mimeType: 'image/png', buffer: png() });
      await filing.getByLabel('街景照片').setInputFiles({ name: 'street.png', mimeType: 'image/png', buffer: png() });
      await expect.poll(() => filing.locator('img.filing-preview').count()).toBe(2);
      await filing.getByLabel('场所使用证明').selectOption('lease');
      await filing.getByLabel('合同或证书编号').fill('ZL-2026-101');
      await filing.getByRole('checkbox', { name: /我承诺/ }).check();
      await filing.getByRole('button', { name: '提交备案' }).click();
      await expect.poll(() => filing.getByRole('region', { name: '招牌备案已提交' }).count()).toBe(1);
      await filing.locator('summary').click();

      // The officer publishes a visit window, then reviews the filing and books the visit for it.
      await signInStaff(o.page, setup.hall().url, 'li', STAFF_PASSWORD);
      const visits = o.page.locator('details.visits');
      await visits.locator('summary').click();
      await visits.getByLabel('日期', { exact: true }).fill(tomorrow());
      await visits.getByLabel('开始').fill('10:00');
      await visits.getByLabel('结束').fill('11:00');
      await visits.getByRole('button', { name: '发布时段' }).click();
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · 空闲/);

      const review = o.page.locator('details.filing-review');
      await review.locator('summary').click();
      await review.getByRole('button', { name: /^周记茶铺 · / }).click();
      await expect.poll(() => review.locator('img.filing-preview').count()).toBe(2);
      await shot(o.page, 'a11y-filing-review');
      await checkBothLanguages(o.page, 'filing review');

      const large = o.page.getByRole('dialog');
      await checkBothLanguages(o.page, 'filing review, large image', {
        open: async () => {
          await review.locator('.image-thumbs button').first().click();
          await expect.poll(() => large.count()).toBe(1);
          await shot(o.page, 'a11y-filing-large-image');
        },
        close: async () => {
          await o.page.keyboard.press('Escape');
          await expect.poll(() => large.count()).toBe(0);
        },
      });

      await review.getByRole('button', { name: '开始审核' }).click();
      await review.getByRole('button', { name: '预约上门核查' }).click();
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · 周记茶铺（周女士）/);
      await shot(o.page, 'a11y-officer-visits');
      await checkBothLanguages(o.page, 'officer visits, a window published and booked');

      const mine = m.page.locator('details.visits');
      await mine.locator('summary').click();
      await expect.poll(() => isOpen(mine)).toBe(true);
      await expect.poll(() => mine.textContent()).toMatch(/我的预约.*10:00–11:00/);
      await mine.screenshot({ path: path.join(SHOTS, 'a11y-merchant-visits-phone.png') });
      await checkBothLanguages(m.page, 'merchant visits, booked');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});

/** Whether a folded card is unfolded. */
function isOpen(card: Locator): Promise<boolean> {
  return card.evaluate((d) => (d as HTMLDetailsElement).open);
}

/** A small plain picture, enough for a filing's two images. */
function png(): Buffer {
  const image = new PNG({ width: 64, height: 40 });
  image.data.fill(200);
  return PNG.sync.write(image);
}

/** Tomorrow in the browser's calendar (the date input's own format). */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What has the focus: its tag, its name (an input's label or a button's text) and its id. */
async function focused(page: Page): Promise<{ tag: string; text: string; id: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const labelled = el && 'labels' in el ? (el as HTMLInputElement).labels?.[0]?.textContent : null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.getAttribute('aria-label') ?? labelled ?? el?.textContent ?? '').trim(),
      id: el?.id ?? '',
    };
  });
}

/**
 * Press Tab until the focus is on what `wanted` accepts, as a keyboard user would, and say how many presses
 * it took; fails past `most` presses, naming every stop on the way.
 */
async function tabTo(
  page: Page,
  wanted: (f: { tag: string; text: string; id: string }) => boolean,
  most: number,
): Promise<number> {
  const stops: string[] = [];
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (wanted(f)) return presses;
    stops.push(`${f.tag} "${f.text.slice(0, 30)}"`);
  }
  throw new Error(`not reached within ${most} Tab presses; the focus went: ${stops.join(' → ')}`);
}

describe('the queue by keyboard alone', () => {
  it('sign up, take a number, be called, go to the desk and talk, within a budget of Tab presses', async () => {
    const m = await openPage(setup.browser(), { width: 1280, height: 860 });
    const o = await openPage(setup.browser(), { width: 1280, height: 860 });
    try {
      let tabs = 0;
      await m.page.goto(setup.hall().url);
      await m.page.getByLabel('您的称呼').waitFor();
      tabs += await tabTo(m.page, (f) => f.text === '您的称呼', 5);
      await m.page.keyboard.type('冯女士');
      tabs += await tabTo(m.page, (f) => f.text === '店铺名称', 1);
      await m.page.keyboard.type('冯记包子');
      await m.page.keyboard.press('Enter');

      // Signed up: the recovery code is read first, then the way on to taking a number.
      await expect.poll(() => focused(m.page)).toMatchObject({ text: '请保存您的恢复码' });
      tabs += await tabTo(m.page, (f) => f.text === '我已保存', 2);
      await m.page.keyboard.press('Enter');
      await expect.poll(() => focused(m.page)).toMatchObject({ id: 'services-heading' });

      // The first service is chosen already; a few stops to the button that takes the number.
      tabs += await tabTo(m.page, (f) => f.text === '取号', 5);
      await m.page.keyboard.press('Enter');
      await expect.poll(() => focused(m.page)).toMatchObject({ tag: 'li', text: expect.stringMatching(/R-\d{3}/) });

      await signInStaff(o.page, setup.hall().url, 'qian', STAFF_PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      // The officer's next step takes the focus at each turn: call next, then begin, then the case.
      await expect.poll(() => focused(o.page)).toMatchObject({ text: '叫下一位' });
      await o.page.keyboard.press('Enter');
      await expect.poll(() => focused(o.page)).toMatchObject({ text: '开始办理' });

      // Called: the way to the desk has the focus at once, whatever the merchant was doing (no Tab at all).
      await expect.poll(() => focused(m.page)).toMatchObject({ text: '带我去窗口' });
      await m.page.keyboard.press('Enter');
      await expect.poll(() => focused(m.page)).toMatchObject({ tag: 'li', text: expect.stringMatching(/R-\d{3}/) });

      await o.page.keyboard.press('Enter');
      await expect.poll(() => focused(o.page)).toMatchObject({ tag: 'p', text: expect.stringMatching(/R-\d{3}/) });
      // At the desk: the conversation opens where the merchant types.
      await expect.poll(() => focused(m.page)).toMatchObject({ text: '输入消息' });
      await m.page.keyboard.type('您好，我来咨询装修');
      await m.page.keyboard.press('Enter');
      await expect
        .poll(() => o.page.getByRole('region', { name: '窗口对话' }).textContent())
        .toContain('您好，我来咨询装修');
      await m.page.screenshot({ path: path.join(SHOTS, 'a11y-keyboard-at-desk.png') });

      // The budget for the whole visit, from the page's first load to talking at the desk.
      console.log(`Tab presses from first load to the desk conversation: ${tabs}`);
      expect(tabs).toBeLessThanOrEqual(12);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
