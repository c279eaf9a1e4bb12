import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bandedImage as image } from '../support/images.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const PASSWORD = STAFF_PASSWORD;
const setup = hallWithStaff('filing', [{ role: 'officer', username: 'wang', name: '王警官' }]);

/** Tomorrow in the browser's calendar (the date input's own format). */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

describe('signboard filing', () => {
  it('a merchant files a sign with images, the officer asks for changes, the merchant fixes and resubmits', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, setup.hall().url, '林女士', '林记烘焙');
      const panel = m.page.locator('details.signboard');
      const focused = () => m.page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
      // On a touch screen the walking hint speaks of the stick, not of keys the phone does not have.
      expect(await m.page.locator('.go-to').textContent()).toContain('拖动屏幕左侧的摇杆');
      expect(await m.page.locator('.go-to').textContent()).not.toContain('WASD');
      // A folded card shows a marker that turns when it unfolds (and the browser says whether it is open).
      const marker = () => panel.locator('summary').evaluate((el) => getComputedStyle(el, '::before').transform);
      const folded = await marker();
      expect(folded).not.toBe('none');
      // Choosing the signboard service offers the filing form, which opens with its first field focused.
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /招牌备案/ }).check();
      await services.getByRole('button', { name: '填写招牌备案表' }).click();
      await expect.poll(() => panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await expect.poll(focused).toBe('shopName');
      await expect.poll(marker).not.toBe(folded);

      // Submitting an empty form names every field that needs something, all at once, in a summary that takes
      // the focus and leads to each field.
      await panel.getByRole('button', { name: '提交备案' }).click();
      const summary = panel.locator('.error-summary');
      await expect.poll(() => summary.getByText(/有 \d+ 项需要修改/).count()).toBe(1);
      await expect.poll(() => m.page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      const errors = panel.locator('.field-error');
      expect(await errors.getByText('请上传一张 PNG、JPEG 或 WebP 图片，不超过 5 MB').count()).toBe(2);
      expect(await errors.getByText('承诺书：请阅读后勾选同意').count()).toBe(1);
      await summary.getByRole('button', { name: '街景照片：请上传一张 PNG、JPEG 或 WebP 图片，不超过 5 MB' }).click();
      expect(await focused()).toBe('streetPhoto');
      // Each input is marked invalid and described by its error, which names it; text stops at its limit.
      const shop = panel.getByLabel('店铺名称（与营业执照一致）');
      expect(await shop.getAttribute('aria-invalid')).toBe('true');
      const description = await shop.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      );
      expect(description).toContain('店铺名称：请填写此项');
      expect(description).toContain('最多 40 个字');
      expect(await shop.getAttribute('maxlength')).toBe('40');
      await shot(m.page, 'filing-merchant-error-summary-phone');

      await panel.getByLabel('店铺名称（与营业执照一致）').fill('林记烘焙坊');
      // A field being fixed loses its error at once, here and in the summary; the others keep theirs.
      expect(await shop.getAttribute('aria-invalid')).toBeNull();
      expect(await errors.getByText('店铺名称：请填写此项').count()).toBe(0);
      expect(await summary.getByText('店铺名称：请填写此项').count()).toBe(0);
      expect(await summary.getByText('承诺书：请阅读后勾选同意').count()).toBe(1);
      await panel.getByLabel('地址 / 园区楼栋门牌').fill('科教园区 B 栋 12 号');
      await panel.getByLabel('招牌文字').fill('林记烘焙');
      await panel.getByLabel('宽度（米）').fill('45');
      await panel.getByLabel('高度（米）').fill('0.8');
      await panel.getByLabel('材质').selectOption('acrylic');
      await panel.getByLabel('安装方式').selectOption('flat');
      await panel.getByLabel('亮化方式').selectOption('internal');

      // A text file named like a picture is refused by its content.
      await panel.getByLabel('设计效果图').setInputFiles({
        name: 'design.png',
        mimeType: 'image/png',
        buffer: Buffer.from('this is not a picture'),
      });
      await expect.poll(() => errors.getByText('设计效果图：只接受 PNG、JPEG 或 WebP 图片').count()).toBe(1);
      await panel.getByLabel('设计效果图').setInputFiles({
        name: 'design.png',
        mimeType: 'image/png',
        buffer: image(320, 120, [200, 60, 40]),
      });
      await panel.getByLabel('街景照片').setInputFiles({
        name: 'street.png',
        mimeType: 'image/png',
        buffer: image(320, 200, [60, 120, 200]),
      });
      await expect.poll(() => panel.locator('img.filing-preview').count()).toBe(2);

      // A half-filled form survives a reload, images included.
      await m.page.reload();
      await m.page.waitForFunction(() => window.__hall?.selfId());
      await panel.locator('summary').click();
      await expect.poll(() => panel.getByLabel('招牌文字').inputValue()).toBe('林记烘焙');
      await expect.poll(() => panel.locator('img.filing-preview').count()).toBe(2);

      await panel.getByLabel('场所使用证明').selectOption('lease');
      await panel.getByLabel('合同或证书编号').fill('ZL-2026-088');
      await panel.getByRole('button', { name: '提交备案' }).click();
      // Width 45 m is out of range; lit signs need a light source.
      await expect.poll(() => errors.getByText('宽度：请填写 0.2–30 之间的数字（单位：米）').count()).toBe(1);
      expect(await errors.getByText('光源：有亮化时请选择光源').count()).toBe(1);
      await panel.getByLabel('宽度（米）').fill('3.6');
      await panel.getByLabel('光源').selectOption('led');
      await panel.getByRole('checkbox', { name: /我承诺/ }).check();
      await panel.getByRole('button', { name: '提交备案' }).click();
      await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/已提交，办件号 BJ-\d{8}-\d{4}/);
      await expect.poll(() => panel.locator('.filing').textContent()).toMatch(/林记烘焙.*状态：已提交/);
      // The confirmation stands where the form was, with the focus: no empty form, no live submit button.
      const done = panel.getByRole('region', { name: '招牌备案已提交' });
      await expect.poll(() => done.count()).toBe(1);
      expect(await panel.getByRole('button', { name: '提交备案' }).count()).toBe(0);
      expect(await m.page.evaluate(() => document.activeElement?.className)).toBe('filing-submitted');
      await shot(m.page, 'filing-merchant-submitted-phone');
      await done.getByRole('button', { name: '查看我的招牌备案' }).click();
      expect(await m.page.evaluate(() => document.activeElement?.textContent)).toBe('我的招牌备案');

      // The officer reviews: sees the form and both images, asks for changes all at once.
      await signInStaff(o.page, setup.hall().url, 'wang', PASSWORD);
      const review = o.page.locator('details.filing-review');
      await review.locator('summary').click();
      await review.getByRole('button', { name: /^林记烘焙坊 · / }).click();
      await expect.poll(() => review.locator('img.filing-preview').count()).toBe(2);
      expect(await review.textContent()).toMatch(/3\.6 × 0\.8 米.*亚克力.*内透光 · LED/);
      // Each picture opens large in a dialog, zooms, and closes with Escape back to where it was opened.
      const thumb = review.getByRole('button', { name: '设计效果图 查看大图' });
      await thumb.click();
      const large = o.page.getByRole('dialog', { name: '设计效果图' });
      const big = large.getByRole('img', { name: '设计效果图' });
      await expect.poll(() => big.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(320);
      const fitted = await big.evaluate((img) => img.getBoundingClientRect().width);
      expect(fitted).toBeGreaterThan(600);
      await large.getByRole('button', { name: '放大' }).click();
      expect(await big.evaluate((img) => img.getBoundingClientRect().width)).toBeGreaterThan(fitted * 1.4);
      await shot(o.page, 'filing-officer-image-large');
      await o.page.keyboard.press('Escape');
      await expect.poll(() => large.count()).toBe(0);
      await expect.poll(() => o.page.evaluate(() => document.activeElement?.textContent)).toBe('查看大图');
      await review.getByRole('button', { name: '开始审核' }).click();
      await expect.poll(() => m.page.locator('.filing').textContent()).toMatch(/状态：审核中/);
      await review.getByLabel(/需要修改的内容/).fill('效果图需标注招牌尺寸\n补充夜间亮化效果图');
      await shot(o.page, 'filing-officer-review');
      await review.getByRole('button', { name: '退回修改' }).click();

      // The merchant sees the request at once, with every change listed, and resubmits.
      const mine = m.page.locator('.filing');
      await expect.poll(() => m.page.locator('.toasts').textContent()).toContain('招牌备案「林记烘焙」：需要修改');
      await expect.poll(() => mine.textContent()).toMatch(/需要修改.*效果图需标注招牌尺寸.*补充夜间亮化效果图/);
      await shot(m.page, 'filing-merchant-changes-requested-phone');
      await mine.getByRole('button', { name: '修改并重新提交' }).click();
      await expect.poll(() => panel.getByLabel('招牌文字').inputValue()).toBe('林记烘焙');
      await panel.getByLabel('设计效果图').setInputFiles({
        name: 'design-v2.png',
        mimeType: 'image/png',
        buffer: image(360, 140, [190, 50, 50]),
      });
      await panel.getByRole('checkbox', { name: /我承诺/ }).check();
      await panel.getByRole('button', { name: '修改后重新提交' }).click();
      await expect.poll(() => mine.textContent()).toMatch(/状态：已提交/);
      await expect.poll(() => review.textContent()).toMatch(/林记烘焙坊 · 林记烘焙 · 已提交/);

      // The officer offers a visit window, then books it for this filing; the merchant sees it at once.
      const visits = o.page.locator('details.visits');
      await visits.locator('summary').click();
      await visits.getByLabel('日期', { exact: true }).fill(tomorrow());
      await visits.getByLabel('开始').fill('10:00');
      await visits.getByLabel('结束').fill('09:00');
      await visits.getByRole('button', { name: '发布时段' }).click();
      await expect.poll(() => visits.getByRole('alert').textContent()).toContain('结束须晚于开始');
      await visits.getByLabel('结束').fill('11:00');
      await visits.getByRole('button', { name: '发布时段' }).click();
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · 空闲/);

      await review.getByRole('button', { name: /^林记烘焙坊 · / }).click();
      await review.getByRole('button', { name: /^林记烘焙坊 · / }).click();
      await review.getByRole('button', { name: '开始审核' }).click();
      await review.getByRole('button', { name: '预约上门核查' }).click();
      await expect.poll(() => mine.textContent()).toMatch(/状态：已预约上门核查/);
      await expect.poll(() => m.page.locator('.toasts').textContent()).toMatch(/上门服务已预约/);
      const merchantVisits = m.page.locator('details.visits');
      await merchantVisits.locator('summary').click();
      await expect
        .poll(() => merchantVisits.textContent())
        .toMatch(/我的预约.*10:00–11:00 · 执法队员：王警官.*办件 BJ-/);
      await merchantVisits.scrollIntoViewIfNeeded();
      await shot(m.page, 'filing-merchant-visit-booked-phone');
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · 林记烘焙（林女士）/);
      await shot(o.page, 'filing-officer-visit-list');

      // Not filed before the visit's result is in, and no result before the visit's time: both said in words.
      await review.getByRole('button', { name: '准予备案' }).click();
      await expect.poll(() => review.getByRole('status').textContent()).toContain('请先在“上门服务”里记录上门结果');
      await visits.getByLabel('上门结果').fill('提前写好的结果');
      await visits.getByRole('button', { name: '记录结果' }).click();
      await expect.poll(() => visits.textContent()).toContain('上门时段还没开始');
      // The officer cancels the visit: the filing is back under review on both screens at once.
      await visits.getByRole('button', { name: '取消预约' }).click();
      await expect.poll(() => mine.textContent()).toMatch(/状态：审核中/);
      await expect.poll(() => review.textContent()).toMatch(/林记烘焙坊 · 林记烘焙 · 审核中/);
      await review.getByRole('button', { name: '准予备案' }).click();
      await expect.poll(() => mine.textContent()).toMatch(/状态：已备案/);
      await shot(m.page, 'filing-merchant-filed-phone');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
