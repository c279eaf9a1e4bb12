import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dayWords } from '../../client/i18n/deadlines.ts';
import { FilingsRoute } from '../../shared/filing.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { hallWithStaff, openPage, SHOTS, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const setup = hallWithStaff('filing-items', [{ role: 'officer', username: 'zhao', name: '赵警官' }]);

/** A small picture with a coloured band, so a preview is visibly an image. */
function image(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    const band = Math.floor(i / 4 / width) > height / 3 && Math.floor(i / 4 / width) < (2 * height) / 3;
    png.data.set(band ? [...rgb, 255] : [245, 245, 240, 255], i);
  }
  return PNG.sync.write(png);
}

/** Tomorrow in the browser's calendar (the date input's own format). */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** A merchant's sign filing sent through the API, as the form sends it: the story here starts at its review. */
async function fileSign(url: string, token: string): Promise<void> {
  const send = async (route: string, body: BodyInit, type: string) => {
    const res = await fetch(new URL(route, url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
      body,
    });
    return (await res.json()) as { id: string };
  };
  const design = await send(FilingsRoute.uploads, new Uint8Array(image(320, 120, [200, 60, 40])), 'image/png');
  const photo = await send(FilingsRoute.uploads, new Uint8Array(image(320, 200, [60, 120, 200])), 'image/png');
  const form = {
    shopName: '陈记粥铺',
    address: '科教园区 D 栋 8 号',
    signText: '陈记粥铺',
    width: 3.2,
    height: 0.8,
    material: 'acrylic',
    mounting: 'flat',
    lighting: 'none',
    designImage: design.id,
    streetPhoto: photo.id,
    tenure: 'lease',
    tenureDoc: 'ZL-2026-105',
    commitment: true,
  };
  await send(FilingsRoute.filings, JSON.stringify(form), 'application/json');
}

describe('items to follow (容缺受理)', () => {
  it('the officer accepts with two items, the merchant on a phone hands them in, one is asked again, the filing completes', async () => {
    const url = setup.hall().url;
    const token = await signUpMerchant(url, '陈女士', '陈记粥铺');
    await fileSign(url, token);
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      // The officer accepts the filing with two items to follow, due tomorrow.
      await signInStaff(o.page, url, 'zhao', STAFF_PASSWORD);
      const review = o.page.locator('details.filing-review');
      await review.locator('summary').click();
      const filing = review.getByRole('button', { name: /^陈记粥铺 · 陈记粥铺 · / });
      await filing.click();
      await review.getByRole('button', { name: '开始审核' }).click();
      await review.getByLabel(/需要修改的内容/).fill('补交租赁合同盖章页照片\n说明招牌安装单位及联系电话');
      await review.getByLabel('补充截止日期').fill(tomorrow());
      await review.getByRole('button', { name: '容缺受理' }).click();
      await expect.poll(() => filing.textContent()).toContain('容缺受理');
      // A returning merchant on a phone: the hall remembers them.
      await m.page.addInitScript((t) => window.localStorage.setItem('hall.token', t), token);
      await m.page.goto(url);
      await m.page.waitForFunction(() => window.__hall?.selfId());

      // The merchant sees exactly what is owed and by when, and hands the first in as a photo.
      const panel = m.page.locator('details.signboard');
      await panel.locator('summary').click();
      const items = panel.getByRole('region', { name: '容缺受理：待补事项 · 陈记粥铺' });
      const contract = items.locator('.follow-item').filter({ hasText: '补交租赁合同盖章页照片' });
      const installer = items.locator('.follow-item').filter({ hasText: '说明招牌安装单位及联系电话' });
      // Due by the end of that day, said with its weekday.
      const owed = `待补交 · ${dayWords(tomorrow(), 'zh')}前交齐`;
      await expect.poll(() => contract.textContent()).toContain(owed);
      expect(await installer.textContent()).toContain(owed);
      await contract.scrollIntoViewIfNeeded();
      await shot(m.page, 'filing-items-merchant-owed-phone');
      // Nothing chosen yet: the field says what it needs, and its limit.
      await contract.getByRole('button', { name: '提交此项' }).click();
      await expect
        .poll(() => contract.locator('.field-error').textContent())
        .toBe('照片：请上传一张 PNG、JPEG 或 WebP 图片，不超过 5 MB');
      await contract.getByLabel('照片', { exact: true }).setInputFiles({
        name: 'contract.png',
        mimeType: 'image/png',
        buffer: image(240, 320, [90, 90, 90]),
      });
      await expect.poll(() => contract.locator('img.filing-preview').count()).toBe(1);
      await contract.getByRole('button', { name: '提交此项' }).click();
      await expect.poll(() => contract.textContent()).toContain('已提交，待审核');
      // The second as a written answer.
      await installer.getByRole('radio', { name: '填写文字说明' }).check();
      await installer.getByLabel('文字说明', { exact: true }).fill('安装单位：园区广告公司');
      await installer.getByRole('button', { name: '提交此项' }).click();
      await expect.poll(() => installer.textContent()).toContain('已提交，待审核');
      await shot(m.page, 'filing-items-merchant-handed-in-phone');

      // The officer's list says two wait for review; the photo opens large; one accepted, one asked again.
      await expect.poll(() => filing.textContent()).toContain('2 项待审核');
      const officerItems = review.getByRole('region', { name: /容缺受理：待补事项/ });
      const theirContract = officerItems.locator('.follow-item').filter({ hasText: '补交租赁合同盖章页照片' });
      const theirInstaller = officerItems.locator('.follow-item').filter({ hasText: '说明招牌安装单位' });
      await expect.poll(() => theirContract.locator('img.filing-preview').count()).toBe(1);
      expect(await theirInstaller.textContent()).toContain('提交的说明：安装单位：园区广告公司');
      expect(await review.getByRole('button', { name: '准予备案' }).count()).toBe(0);
      await shot(o.page, 'filing-items-officer-review');
      await theirContract.getByRole('button', { name: '通过' }).click();
      await expect.poll(() => theirContract.textContent()).toContain('已通过');
      await theirInstaller.getByLabel('需重新提交的原因').fill('请写明联系电话');
      await theirInstaller.getByRole('button', { name: '要求重新提交' }).click();
      await expect.poll(() => theirInstaller.textContent()).toContain('需重新提交：请写明联系电话');

      // The merchant is told both at once, reads the reason and hands the item in again.
      const toasts = m.page.locator('.toasts');
      await expect.poll(() => toasts.textContent()).toContain('补交的「补交租赁合同盖章页照片」已通过');
      await expect
        .poll(() => toasts.textContent())
        .toContain('「说明招牌安装单位及联系电话」需重新提交（请写明联系电话）');
      await expect.poll(() => contract.textContent()).toContain('已通过');
      await expect.poll(() => installer.textContent()).toContain('需重新提交：请写明联系电话');
      await installer.scrollIntoViewIfNeeded();
      await shot(m.page, 'filing-items-merchant-asked-again-phone');

      // The same items stand under the sign's case in My cases; the merchant hands it in again from there.
      const cases = m.page.locator('details.my-cases');
      await cases.locator('summary').first().click();
      await cases.getByRole('button', { name: /^BJ-\d{8}-\d{4} · .*招牌备案/ }).click();
      const inCase = cases
        .getByRole('region', { name: '容缺受理：待补事项 · 陈记粥铺' })
        .locator('.follow-item')
        .filter({ hasText: '说明招牌安装单位及联系电话' });
      await expect.poll(() => inCase.textContent()).toContain('需重新提交：请写明联系电话');
      await inCase.getByRole('radio', { name: '填写文字说明' }).check();
      await inCase.getByLabel('文字说明', { exact: true }).fill('安装单位：园区广告公司，电话 0571-8888 6666');
      await inCase.getByRole('button', { name: '提交此项' }).click();
      await expect.poll(() => inCase.textContent()).toContain('已提交，待审核');
      await inCase.scrollIntoViewIfNeeded();
      await shot(m.page, 'filing-items-merchant-my-cases-phone');
      // …and the signboard panel says so too.
      await expect.poll(() => installer.textContent()).toContain('已提交，待审核');

      // Accepting the last item files the filing; both screens say so.
      await expect.poll(() => filing.textContent()).toContain('1 项待审核');
      await theirInstaller.getByRole('button', { name: '通过' }).click();
      await expect.poll(() => filing.textContent()).toContain('已备案');
      await expect.poll(() => toasts.textContent()).toContain('招牌备案「陈记粥铺」：已备案');
      await expect.poll(() => panel.locator('.filing').textContent()).toMatch(/状态：已备案/);
      // Their own hand-ins were said by the form, not told again as news of the filing.
      expect(await toasts.textContent()).not.toContain('「陈记粥铺」：容缺受理');
      await panel.locator('.filing').scrollIntoViewIfNeeded();
      await shot(m.page, 'filing-items-merchant-filed-phone');
      await shot(o.page, 'filing-items-officer-filed');
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
