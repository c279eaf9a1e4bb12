import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axe, blocking, readable } from '../support/axe.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

const setup = hallWithStaff('casefile', [{ role: 'officer', username: 'qian', name: '钱警官' }]);

const FIRST = {
  tick: '施工前设置围挡，围挡外不得堆放材料',
  own: '提交施工图纸和消防审验意见',
  notes: '第一次：已告知围挡要求，待补施工图纸',
  outcome: 'awaitingDocuments',
};
const SECOND = { own: '完工后通知上门验收', notes: '第二次：图纸已收齐，准予施工', outcome: 'resolved' };

async function takeNumber(m: Page) {
  const services = m.getByRole('region', { name: '办事取号' });
  await services.getByRole('radio', { name: /装修指导/ }).check();
  await services.getByRole('button', { name: '取号' }).click();
}

/** The officer calls the next merchant in, serves them and completes the visit with a checklist. */
async function serve(desk: Locator, visit: { tick?: string; own: string; notes: string; outcome: string }) {
  await desk.getByRole('button', { name: '叫下一位' }).click();
  await desk.getByRole('button', { name: '开始办理' }).click();
  if (visit.tick) await desk.getByRole('checkbox', { name: visit.tick }).check();
  await desk.getByLabel('添加告知事项').fill(visit.own);
  await desk.getByRole('button', { name: '添加', exact: true }).click();
  await desk.getByLabel('办理记录').fill(visit.notes);
  await desk.getByLabel('办理结果').selectOption(visit.outcome);
  await desk.getByRole('button', { name: '办结并告知商户' }).click();
  await expect.poll(() => desk.getByText('暂无叫号').count()).toBe(1);
}

/** The outcome each desk visit in a file shows on its folded line, top to bottom. */
const visitLines = (file: Locator) => file.locator('.file-deskVisit > details > summary').allTextContents();

/** No serious or critical axe finding, nor any of the hall's named rules, on this screen. */
async function accessible(page: Page, screen: string) {
  const found = blocking(await axe(page));
  expect(found, readable(screen, found)).toEqual([]);
}

/** The print view as A4 paper: only the sheet, no hall, no buttons; a screenshot and a PDF of it. */
async function onPaper(page: Page, name: string) {
  const sheet = page.locator('section.checklist-sheet');
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('canvas').isVisible()).toBe(false);
  expect(await sheet.locator('.print-actions').isVisible()).toBe(false);
  await page.screenshot({ path: path.join(SHOTS, `${name}-a4.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', path: path.join(SHOTS, `${name}.pdf`) });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(viewport);
}

describe('the case file', () => {
  it('an officer reads a merchant served twice, newest first, from search and from the desk, and prints a checklist', async () => {
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, setup.hall().url, '王女士', '老王面馆');
      await signInStaff(o.page, setup.hall().url, 'qian', STAFF_PASSWORD);
      const desk = o.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();

      // Served twice for the same matter: the first visit leaves it waiting for documents, the second ends it.
      await takeNumber(m.page);
      await serve(desk, FIRST);
      await takeNumber(m.page);
      await serve(desk, SECOND);

      // Back a third time: waiting, they are on the desk's line, and their file opens from it before any call.
      await takeNumber(m.page);
      const line = desk.getByRole('region', { name: /^排队等候本窗口的商户/ });
      await expect.poll(() => line.getByRole('heading').first().textContent()).toBe('排队等候本窗口的商户（1 位）');
      expect(await line.locator('li').first().textContent()).toMatch(/王女士 · 老王面馆 · 装修指导 · 已等 \d+ 分钟/);
      await line.getByRole('button', { name: '查看档案：老王面馆（王女士）' }).click();
      await expect.poll(() => visitLines(line)).toHaveLength(2);
      // While it is open, a concern they raise from the hall appears in it, nothing pressed.
      const raise = m.page.locator('details.concern-raise');
      await raise.locator('summary').click();
      await raise.getByLabel('诉求类别').selectOption({ label: '噪音' });
      await raise.getByLabel('地点（园区内的位置）').fill('A 栋后门');
      await raise.getByLabel('发生了什么').fill('夜里有人在后门装卸货物。');
      await raise.getByRole('button', { name: '提交诉求' }).click();
      await expect.poll(() => line.locator('.file-concern').count()).toBe(1);
      expect(await line.locator('.file-concern summary').textContent()).toMatch(
        /诉求反映 · SQ-\d{8}-\d{4} · 噪音 · 已受理/,
      );
      await o.page.screenshot({ path: path.join(SHOTS, 'casefile-desk-line-laptop.png') });
      await line.getByRole('button', { name: '收起档案' }).click();

      // Called in, the officer reads the whole file from the desk as well.
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await expect.poll(() => line.getByText('目前没有商户在等候本窗口的业务。').count()).toBe(1);
      await desk.getByText('完整档案（全部办理经过）').click();
      const atDesk = desk.locator('.desk-file');
      await expect.poll(() => visitLines(atDesk)).toHaveLength(2);
      const [newest, older] = await visitLines(atDesk);
      expect(newest).toMatch(/窗口办理 · BJ-\d{8}-\d{4} · 装修指导.* · 已办结 · 经办：钱警官/);
      expect(older).toMatch(/窗口办理 · BJ-\d{8}-\d{4} · 装修指导.* · 待补充材料 · 经办：钱警官/);
      // Each unfolds by keyboard to what was done and told.
      const first = atDesk.locator('.file-deskVisit summary').first();
      await first.focus();
      await o.page.keyboard.press('Enter');
      await expect
        .poll(() => atDesk.locator('.file-deskVisit .file-body').first().textContent())
        .toContain(SECOND.notes);
      expect(await atDesk.locator('.file-deskVisit .file-body').first().textContent()).toContain(SECOND.own);
      await o.page.screenshot({ path: path.join(SHOTS, 'casefile-desk-laptop.png') });

      // From the staff search, by shop name.
      const files = o.page.locator('details.case-files');
      await files.locator('summary').click();
      await files.getByLabel('店铺名称、称呼或手机号').fill('老王');
      await files.getByRole('button', { name: '查找' }).click();
      await expect.poll(() => files.getByRole('status').textContent()).toBe('找到的商户：1 位');
      await files.getByRole('button', { name: '查看档案：老王面馆（王女士）' }).click();
      const heading = files.getByRole('heading', { name: '老王面馆（王女士）的档案' });
      await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
      const timeline = files.getByRole('list', { name: '办理经过，最新在前' });
      await expect.poll(() => visitLines(files)).toHaveLength(2);
      expect(await visitLines(files)).toEqual([newest, older]);
      // The case opened with the first visit is the file's oldest line, and that is the whole file.
      await expect.poll(() => timeline.locator(':scope > li').last().textContent()).toMatch(/立案 · BJ-/);
      expect(await files.getByText('以上是全部记录。').count()).toBe(1);

      // The first visit's checklist, told once, as an A4 page.
      const olderVisit = files.locator('.file-deskVisit').nth(1);
      await olderVisit.locator('summary').click();
      expect(await olderVisit.textContent()).toContain(FIRST.notes);
      await o.page.screenshot({ path: path.join(SHOTS, 'casefile-search-laptop.png') });
      await accessible(o.page, 'officer reading a file');
      await o.page.setViewportSize({ width: 390, height: 844 });
      await olderVisit.locator('summary').scrollIntoViewIfNeeded();
      await o.page.screenshot({ path: path.join(SHOTS, 'casefile-search-phone.png') });
      await o.page.setViewportSize({ width: 1280, height: 900 });
      const print = olderVisit.getByRole('button', {
        name: /^打印告知清单：BJ-\d{8}-\d{4}，\d{4}-\d{2}-\d{2}$/,
      });
      await print.click();
      const sheet = o.page.locator('section.checklist-sheet');
      await expect.poll(() => sheet.getByRole('heading', { level: 1 }).textContent()).toBe('一次性告知清单');
      await expect.poll(() => o.page.evaluate(() => document.activeElement?.textContent)).toBe('一次性告知清单');
      expect(await sheet.getByRole('listitem').allTextContents()).toEqual([FIRST.tick, FIRST.own]);
      const header = await sheet.locator('header').textContent();
      expect(header).toMatch(/城管执法服务站.*办件号：BJ-\d{8}-\d{4}.*业务：装修指导/);
      expect(header).toMatch(
        /告知时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（服务站时间）.*经办人员：钱警官 · 办理窗口：1号窗口/,
      );
      expect(header).toContain('商户：王女士（老王面馆）');
      await accessible(o.page, 'checklist sheet');
      await onPaper(o.page, 'casefile-checklist-officer');
      await sheet.getByRole('button', { name: '返回' }).click();
      expect(await sheet.count()).toBe(0);
      await expect.poll(() => print.evaluate((b) => b === document.activeElement)).toBe(true);

      // The merchant prints the same checklist from My cases, in English.
      await m.page.getByRole('button', { name: 'Switch to English' }).click();
      await m.page.locator('details.my-cases summary').click();
      const mine = m.page.locator('details.my-cases');
      // The case just served is opened already, for its rating.
      const served = mine.getByRole('button', { name: /BJ-\d{8}-\d{4} · Renovation.* · Resolved/ });
      if ((await served.getAttribute('aria-expanded')) !== 'true') await served.click();
      const own = mine.getByRole('button', { name: /^Print the checklist: BJ-\d{8}-\d{4}, \d{4}-\d{2}-\d{2}$/ });
      await expect.poll(() => own.count()).toBe(2);
      await own.first().click();
      const merchantSheet = m.page.locator('section.checklist-sheet');
      await expect
        .poll(() => merchantSheet.getByRole('heading', { level: 1 }).textContent())
        .toBe('Checklist, told once');
      // The station's usual item reads in English; what the officer wrote stays as written.
      expect(await merchantSheet.getByRole('listitem').allTextContents()).toEqual([
        'Put up hoarding before work starts; nothing outside it',
        FIRST.own,
      ]);
      expect(await merchantSheet.locator('header').textContent()).toMatch(
        /Officer: 钱警官 · Desk: Desk 1.*Merchant: 王女士 \(老王面馆\)/,
      );
      await m.page.screenshot({ path: path.join(SHOTS, 'casefile-checklist-merchant-phone.png') });
      await onPaper(m.page, 'casefile-checklist-merchant');
      await merchantSheet.getByRole('button', { name: 'Back' }).click();
      expect(await merchantSheet.count()).toBe(0);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
