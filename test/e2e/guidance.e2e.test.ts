import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const PASSWORD = STAFF_PASSWORD;
const setup = hallWithStaff('guidance', [{ role: 'officer', username: 'tang', name: '唐警官' }]);

describe('renovation guidance', () => {
  it('a restaurant gets the whole checklist, the officer confirms it at the desk, and it prints on A4', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, setup.hall().url, '韩师傅', '韩记面馆');
      const panel = m.page.locator('details.guidance');
      await panel.locator('summary').click();
      await panel.getByRole('checkbox', { name: '餐饮店铺' }).check();
      await panel.getByRole('checkbox', { name: '改造门头或外立面' }).check();
      await panel.getByRole('checkbox', { name: '临街一侧施工' }).check();
      await panel.getByRole('button', { name: '生成指导清单' }).click();
      await expect.poll(() => panel.getByRole('alert').textContent()).toContain('请填写灶头数量');
      await panel.getByLabel('灶头数量').fill('7');
      await panel.getByRole('button', { name: '生成指导清单' }).click();
      const sheet = panel.locator('.sheet').first();
      await expect.poll(() => sheet.textContent()).toMatch(/施工围挡.*不低于 2\.5 米.*门头与招牌.*招牌备案.*油烟净化/);
      expect(await sheet.textContent()).toMatch(/大型油烟净化器（7 个灶头）.*不低于 85%.*不超过 2\.0 mg\/m³.*GB 18483/);
      expect(await sheet.textContent()).toContain('待执法队员确认');
      await m.page.screenshot({ path: path.join(SHOTS, 'guidance-merchant-checklist-phone.png') });
      // The sign-filing item leads straight to the filing form, first field focused.
      await sheet.getByRole('button', { name: '填写招牌备案表' }).click();
      const filing = m.page.locator('details.signboard');
      await expect.poll(() => filing.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await expect.poll(() => m.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('shopName');

      // The officer serving the merchant's renovation case confirms and amends the checklist at the desk.
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await signInStaff(o.page, setup.hall().url, 'tang', PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await desk.getByRole('button', { name: '开始办理' }).click();
      const review = desk.getByRole('region', { name: '确认指导清单' });
      await expect.poll(() => review.getByRole('listitem').count()).toBe(7);
      const first = review.getByRole('listitem').first();
      await first.getByRole('radio', { name: '修改' }).check();
      await first.getByLabel('修改后的要求').fill('临街围挡高度不低于 2.5 米，夜间设置警示灯');
      await review.getByLabel('新增要求（每行一项）').fill('施工时间为 8:00–12:00、14:00–20:00');
      await review.getByLabel('补充说明').fill('开工前告知园区物业');
      await review.getByRole('button', { name: '保存并告知商户' }).click();
      await expect.poll(() => review.getByRole('status').textContent()).toContain('已保存');
      await o.page.screenshot({ path: path.join(SHOTS, 'guidance-officer-confirm.png') });

      await expect
        .poll(() => m.page.locator('.toasts').textContent())
        .toMatch(/指导单 BJ-\d{8}-\d{4} 已由执法队员确认/);
      await expect.poll(() => sheet.textContent()).toMatch(/唐警官 已于 .* 确认.*夜间设置警示灯.*施工时间为/);

      // The print view: a clean A4 page with only the sheet.
      await sheet.getByRole('button', { name: '打印视图' }).click();
      const printed = m.page.locator('article.print-sheet');
      await expect.poll(() => printed.getByRole('heading', { level: 1 }).textContent()).toContain('装修指导单');
      await m.page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      await m.page.emulateMedia({ media: 'print' });
      expect(await m.page.locator('canvas').isVisible()).toBe(false);
      expect(await printed.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
      await m.page.screenshot({ path: path.join(SHOTS, 'guidance-print-view-a4.png'), fullPage: true });
      const pdf = await m.page.pdf({ format: 'A4', path: path.join(SHOTS, 'guidance-print-view.pdf') });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      await m.page.emulateMedia({ media: 'screen' });
      await printed.getByRole('button', { name: '返回大厅' }).click();
      expect(await printed.count()).toBe(0);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
