import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axe, blocking, readable } from '../support/axe.ts';
import { bandedImage } from '../support/images.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { openDesk, serveNext } from '../support/voiceCall.ts';

const setup = hallWithStaff('concerns', [{ role: 'officer', username: 'wang', name: '王警官' }]);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Tomorrow in the browser's calendar (the date input's own format). */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What a page's own signed-in person gets from the hall's API for a path: the status and the body. */
function apiAs(page: Page, route: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (route) => {
    const res = await fetch(route, { headers: { Authorization: `Bearer ${localStorage.getItem('hall.token')}` } });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, route);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const toasts = (page: Page) => page.locator('.toasts').textContent();

/** No serious or critical violation on the screen as it is, and none of the rules the hall holds to at all. */
async function readsWell(page: Page, screen: string): Promise<void> {
  expect(readable(screen, blocking(await axe(page)))).toBe('');
}

/** Open a folded card by its title, as a tap on it does. */
async function unfold(card: Locator): Promise<void> {
  if (!(await card.evaluate((d) => (d as HTMLDetailsElement).open))) await card.locator('summary').first().click();
}

describe('concerns (诉求反映)', () => {
  it('a merchant on a phone raises one with a photo; an officer books a visit and replies; the merchant settles it; nobody else sees it', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    const other = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    try {
      await signInMerchant(m.page, setup.hall().url, '林女士', '林记烘焙');
      const raise = m.page.locator('details.concern-raise');
      await raise.locator('summary').click();
      // The station's deadlines are said before anything is asked.
      await expect.poll(() => raise.textContent()).toContain('1 个工作日内与您联系，5 个工作日内答复');

      // Sent empty: every field that needs something is named at once, in a summary that takes the focus.
      await raise.getByRole('button', { name: '提交诉求' }).click();
      const summary = raise.locator('.error-summary');
      await expect.poll(() => summary.textContent()).toContain('有 3 项需要修改');
      expect(await m.page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      expect(await summary.textContent()).toContain('诉求类别：请从列表中选择一项');
      expect(await summary.textContent()).toContain('地点：请填写此项');
      expect(await summary.textContent()).toContain('发生了什么：请填写此项');
      await summary.getByRole('button', { name: '地点：请填写此项' }).click();
      expect(await m.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('place');
      const place = raise.getByLabel('地点（园区内的位置）');
      expect(await place.getAttribute('aria-invalid')).toBe('true');
      expect(await place.getAttribute('maxlength')).toBe('80');
      await shot(m.page, 'concerns-merchant-errors-phone');
      await readsWell(m.page, 'the refused form');

      await raise.getByLabel('诉求类别').selectOption({ label: '占道经营' });
      await place.fill('B 栋东侧通道');
      await raise.getByLabel('发生了什么').fill('隔壁水果摊把货架摆到通道中间，推车过不去。');
      // Not a picture, whatever its name: refused by its content, in words naming the field.
      const photos = raise.getByLabel('照片（选填）');
      await photos.setInputFiles({ name: 'stall.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
      await expect
        .poll(() => raise.locator('.field-error').textContent())
        .toContain('照片：只接受 PNG、JPEG 或 WebP 图片');
      await photos.setInputFiles({
        name: 'stall.png',
        mimeType: 'image/png',
        buffer: bandedImage(320, 200, [220, 120, 30]),
      });
      await expect.poll(() => raise.getByRole('img', { name: '诉求照片 1' }).count()).toBe(1);
      expect(await raise.locator('.field-error').count()).toBe(0);
      await raise.getByRole('button', { name: '提交诉求' }).click();

      // Sent: the number, who will get in touch by when, and where to follow it, in place of the form.
      const raised = raise.getByRole('region', { name: '诉求已提交' });
      await expect.poll(() => raised.count()).toBe(1);
      const text = (await raised.textContent()) ?? '';
      const number = /SQ-\d{8}-\d{4}/.exec(text)?.[0];
      expect(number).toBeDefined();
      // Deadlines as people say them: a day and its weekday (the end of the day before, at the station's midnight).
      expect(text).toMatch(
        /将在\d{1,2}月\d{1,2}日（周.）(\d{2}:\d{2})?前与您联系，\d{1,2}月\d{1,2}日（周.）(\d{2}:\d{2})?前答复您/,
      );
      expect(await m.page.evaluate(() => document.activeElement?.className)).toBe('concern-raised');
      expect(await raise.getByRole('button', { name: '提交诉求' }).count()).toBe(0);
      await shot(m.page, 'concerns-merchant-raised-phone');

      // The officer sees it due, counted on the folded card's title, and opens its record with the photo.
      const desk = await openDesk(o.page, setup.hall().url, 'wang', STAFF_PASSWORD);
      const due = o.page.locator('details.concerns-due');
      await expect.poll(() => due.locator('summary').textContent()).toContain('诉求办理（1）');
      await unfold(due);
      const row = due.getByRole('button', { name: new RegExp(`^${number} · 占道经营 · 林记烘焙 · 已受理`) });
      await expect.poll(() => row.count()).toBe(1);
      expect(await due.locator('li.concern').first().textContent()).toMatch(
        /联系期限：\d{1,2}月\d{1,2}日（周.）(\d{2}:\d{2})?前/,
      );
      await row.click();
      await expect.poll(() => due.textContent()).toContain('隔壁水果摊把货架摆到通道中间');
      await expect.poll(() => due.getByRole('button', { name: '诉求照片 1 查看大图' }).count()).toBe(1);

      await due.getByRole('button', { name: '分派给我' }).click();
      await expect.poll(() => focusedText(o.page)).toContain('已分派');
      await expect.poll(() => due.textContent()).toContain('负责：王警官');
      await expect.poll(() => toasts(m.page)).toContain(`诉求 ${number} 已有执法队员负责`);

      // A visit booked: the merchant hears of it at once.
      await due.getByRole('tab', { name: '预约上门' }).click();
      await due.getByLabel('上门日期').fill(tomorrow());
      await due.getByLabel('开始时间').fill('11:00');
      await due.getByLabel('结束时间').fill('10:00');
      await due.getByRole('button', { name: '预约上门', exact: true }).click();
      await expect
        .poll(() => due.locator('.field-error').textContent())
        .toContain('结束时间：请填写有效的日期和时间，结束须晚于开始');
      await due.getByLabel('结束时间').fill('12:00');
      await due.getByRole('button', { name: '预约上门', exact: true }).click();
      await expect.poll(() => focusedText(o.page)).toContain('已预约上门');
      await expect.poll(() => due.textContent()).toContain(`预约上门：${tomorrow()} 11:00–12:00`);
      await expect.poll(() => toasts(m.page)).toContain(`诉求 ${number}：执法队员已预约上门`);
      await due.locator('.concern-timeline').scrollIntoViewIfNeeded();
      await shot(o.page, 'concerns-officer-visit-booked');
      await readsWell(o.page, "the officer's concern with its actions");

      // Nothing is closed without a reply: the button says so and takes the officer to the reply.
      await due.getByRole('tab', { name: '答复' }).click();
      const close = due.getByRole('button', { name: '答复并办结' });
      expect(await close.getAttribute('aria-disabled')).toBe('true');
      expect(
        await close.evaluate((b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent),
      ).toContain('没有答复不能办结');
      // Unavailable yet reachable by keyboard: pressed, it takes the officer to what is missing.
      await close.focus();
      await o.page.keyboard.press('Enter');
      expect(await o.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('text');
      await due
        .getByRole('textbox', { name: '答复', exact: true })
        .fill('已约谈水果摊经营者，货架退回店内，通道已清空。');
      await close.click();
      await expect.poll(() => focusedText(o.page)).toContain('已答复。现在：已答复，待确认');
      // Answered, it leaves the count of open concerns, but stays open here with its result.
      await expect.poll(() => due.locator('summary').textContent()).toContain('诉求办理（0）');
      await shot(o.page, 'concerns-officer-replied');

      // The merchant is told, reads the reply in My cases, and says it is settled.
      await expect.poll(() => toasts(m.page)).toContain(`诉求 ${number} 已答复`);
      const cases = m.page.locator('details.my-cases');
      await unfold(cases);
      const mine = cases.locator('li.concern');
      await mine.getByRole('button', { name: new RegExp(`^${number} · 占道经营 · 已答复，待确认`) }).click();
      await expect.poll(() => mine.locator('.concern-reply').textContent()).toContain('货架退回店内，通道已清空');
      const record = await mine.locator('.concern-timeline').textContent();
      expect(record).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 提交诉求 · 商户 林女士/);
      expect(record).toMatch(/分派给 王警官 · 执法队员 王警官/);
      expect(record).toMatch(/答复 · 执法队员 王警官/);
      await mine.locator('.concern-reply').scrollIntoViewIfNeeded();
      await shot(m.page, 'concerns-merchant-reply-phone');
      await readsWell(m.page, 'the reply to settle');
      await mine.getByRole('button', { name: '满意，已解决' }).click();
      await expect.poll(() => focusedText(m.page)).toBe('感谢确认，这件诉求已解决。');
      await expect
        .poll(() => mine.getByRole('button', { name: new RegExp(`^${number} · 占道经营 · 已解决`) }).count())
        .toBe(1);
      expect(await mine.getByRole('button', { name: '仍未解决' }).count()).toBe(0);
      await expect.poll(() => due.textContent()).toContain('商户确认已解决 · 商户 林女士');
      await shot(m.page, 'concerns-merchant-settled-phone');

      // At the desk: served for renovation guidance, the merchant tells of another concern; the officer records it.
      await serveNext(m.page, desk, 'R-001');
      const atDesk = desk.locator('details.desk-concerns');
      await atDesk.locator('summary').click();
      await expect.poll(() => atDesk.textContent()).toContain(`${number} · 占道经营 · 已解决`);
      expect(await atDesk.getByLabel('照片（选填）').count()).toBe(0);
      await atDesk.getByLabel('诉求类别').selectOption({ label: '噪音' });
      await atDesk.getByLabel('地点（园区内的位置）').fill('C 栋二楼');
      await atDesk.getByLabel('发生了什么').fill('楼上装修每天早上七点开始电钻。');
      await atDesk.locator('form').getByRole('button', { name: '记录诉求' }).click();
      await expect
        .poll(() => focusedText(o.page))
        .toMatch(/^已记录诉求 SQ-\d{8}-\d{4}，\d{1,2}月\d{1,2}日（周.）(\d{2}:\d{2})?前答复/);
      const deskNumber = /SQ-\d{8}-\d{4}/.exec(await focusedText(o.page))?.[0];
      await expect.poll(() => toasts(m.page)).toContain(`您的诉求 ${deskNumber} 已受理`);
      await shot(o.page, 'concerns-officer-recorded-at-desk');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      await expect.poll(() => mine.filter({ hasText: '噪音' }).count()).toBe(1);
      await mine.filter({ hasText: '噪音' }).getByRole('button').first().click();
      await expect
        .poll(() => mine.filter({ hasText: '噪音' }).textContent())
        .toContain('在窗口记录诉求 · 执法队员 王警官');

      // Answered, the merchant says it is not settled, with the reason: once, and it is back on the officer's list.
      await expect.poll(() => due.locator('summary').textContent()).toContain('诉求办理（1）');
      await due.getByRole('button', { name: /· 噪音 · 林记烘焙 · 已受理$/ }).click();
      await due.getByRole('textbox', { name: '答复', exact: true }).fill('已联系施工方，改为上午九点后施工。');
      await due.getByRole('button', { name: '答复并办结' }).click();
      await expect.poll(() => focusedText(o.page)).toContain('已答复');
      const noise = mine.filter({ hasText: '噪音' });
      await expect.poll(() => noise.getByRole('button', { name: '仍未解决' }).count()).toBe(1);
      await noise.getByRole('button', { name: '仍未解决' }).click();
      expect(await m.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reason');
      await noise.getByRole('button', { name: '提交，重新办理' }).click();
      await expect.poll(() => noise.locator('.error-summary').textContent()).toContain('原因：请填写此项');
      await noise.getByLabel('仍未解决的原因').fill('今天早上七点还在打钻。');
      await noise.getByRole('button', { name: '提交，重新办理' }).click();
      await expect
        .poll(() => focusedText(m.page))
        .toMatch(/^已重新办理，执法队员将在\d{1,2}月\d{1,2}日（周.）(\d{2}:\d{2})?前再次答复。$/);
      await expect.poll(() => noise.getByRole('button', { name: /· 噪音 · 办理中$/ }).count()).toBe(1);
      expect(await noise.getByRole('button', { name: '满意，已解决' }).count()).toBe(0);
      await expect.poll(() => toasts(o.page)).toContain('商户表示仍未解决，请重新办理');
      await expect.poll(() => due.locator('summary').textContent()).toContain('诉求办理（1）');
      await expect.poll(() => due.textContent()).toContain('商户表示仍未解决，重新办理 · 商户 林女士');
      await noise.getByRole('status').scrollIntoViewIfNeeded();
      await shot(m.page, 'concerns-merchant-reopened-phone');

      // The officer's file of the merchant holds both concerns with their replies beside the desk visit, newest first.
      const files = o.page.locator('details.case-files');
      await unfold(files);
      await files.getByLabel('店铺名称、称呼或手机号').fill('林记烘焙');
      await files.getByRole('button', { name: '查找' }).click();
      await files.getByRole('button', { name: '查看档案：林记烘焙（林女士）' }).click();
      const file = () => files.textContent().then((text) => text ?? '');
      await expect.poll(file).toContain('货架退回店内，通道已清空');
      const whole = await file();
      expect(whole).toContain('改为上午九点后施工');
      expect(whole).toContain('今天早上七点还在打钻');
      // The noise concern was reopened after the desk visit ended, which came after the stall concern was settled.
      const at = (marker: string) => whole.indexOf(marker);
      expect(at('窗口办理')).toBeGreaterThan(-1);
      expect(at('楼上装修每天早上七点开始电钻')).toBeLessThan(at('窗口办理'));
      expect(at('窗口办理')).toBeLessThan(at('隔壁水果摊把货架摆到通道中间'));
      await files.getByRole('heading', { name: '林记烘焙（林女士）的档案' }).scrollIntoViewIfNeeded();
      await shot(o.page, 'concerns-officer-case-file');

      // Another merchant sees none of it, in the page or from the API.
      await signInMerchant(other.page, setup.hall().url, '赵先生', '赵记五金');
      const theirs = other.page.locator('details.my-cases');
      await unfold(theirs);
      await expect.poll(() => theirs.locator('.my-concerns').textContent()).toContain('还没有诉求');
      const list = await apiAs(m.page, '/api/concerns');
      const id = (list.body as { concerns: { id: string; number: string }[] }).concerns.find(
        (c) => c.number === number,
      )?.id;
      expect(id).toBeDefined();
      expect((await apiAs(other.page, `/api/concerns/${id}`)).status).toBe(404);
      expect((await apiAs(other.page, '/api/concerns')).body).toMatchObject({ concerns: [] });
      expect(await toasts(other.page)).not.toContain(number);

      // In English, one click away: the card, the form's choices and the empty list in the reader's language.
      await other.page.getByRole('button', { name: 'Switch to English' }).click();
      await expect.poll(() => theirs.locator('.my-concerns').textContent()).toContain('No concerns yet');
      const english = other.page.locator('details.concern-raise');
      await english.locator('summary').click();
      await expect.poll(() => english.getByLabel('Category').textContent()).toContain('Trading on the street');
      await english.getByRole('button', { name: 'Send the concern' }).click();
      await expect.poll(() => english.locator('.error-summary').textContent()).toContain('3 fields need changing');
      expect(await english.locator('.error-summary').textContent()).toContain('Where: please fill this in');
      await shot(other.page, 'concerns-english-errors-phone');
      await readsWell(other.page, 'the refused form in English');
    } finally {
      await m.context.close();
      await o.context.close();
      await other.context.close();
    }
  });
});
