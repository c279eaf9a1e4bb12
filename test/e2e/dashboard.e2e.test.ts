import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, blocking, readable } from '../support/axe.ts';
import { openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';
import { launchChromium } from '../support/browser.ts';
import { addStaffAccountBeside, childEnv, startHallProcessWithin, type HallProcess } from '../support/server.ts';
import { readCsv } from '../support/csv.ts';

/**
 * The hall with a lead and a plain officer, as hallWithStaff makes them, but given a minute to open: the first
 * start applies every migration, which a busy machine takes longer than 20 s to do.
 */
const setup = (() => {
  let hall: HallProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-dashboard-')) };
    hall = await startHallProcessWithin(env, 60_000);
    for (const [username, name] of [
      ['sun', '孙站长'],
      ['li', '李警官'],
    ] as const)
      await addStaffAccountBeside(env, { role: 'officer', username, name, password: STAFF_PASSWORD });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hall?.stop();
  });
  return { hall: () => hall!, browser: () => browser! };
})();

const COMMENT = '讲解很清楚，=SUM(A1) 不是公式';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** No serious or critical axe finding, nor any of the hall's named rules, on this screen. */
async function readsWell(page: Page, screen: string): Promise<void> {
  expect(readable(screen, blocking(await axe(page)))).toBe('');
}

/** `npm run staff -- lead --username <name>` beside the running hall, as the station's administrator marks a lead. */
function markLead(username: string): Promise<void> {
  const child = spawn(process.execPath, ['server/cli/staff.ts', 'lead', '--username', username], {
    env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`staff lead failed: ${output}`)))),
  );
}

/** A table as the screen shows it: its headers, then each row's cells ('—' is an empty cell). */
async function screenRows(block: Locator): Promise<string[][]> {
  const header = await block.locator('thead th').allTextContents();
  const rows = await block
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('td'), (td) => (td.textContent === '—' ? '' : (td.textContent ?? ''))),
      ),
    );
  return [header, ...rows];
}

/** How many pixels of a chart's canvas are drawn (not transparent). */
const drawnPixels = (chart: Locator) =>
  chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });

/** Every script the page fetched whose name says it is the chart library's chunk. */
function chartChunks(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/EChart-[^/]*\.js$/.test(new URL(r.url()).pathname)) seen.push(r.url());
  });
  return seen;
}

describe('the station dashboard (站务看板)', () => {
  it('the lead reads today and the period with charts and exports a table; a plain officer sees only today', async () => {
    await markLead('sun');
    const m = await openPage(setup.browser(), { width: 390, height: 844 }, true);
    const lead = await openPage(setup.browser(), { width: 1280, height: 900 });
    const plain = await openPage(setup.browser(), { width: 412, height: 915 }, true);
    const merchantCharts = chartChunks(m.page);
    const plainCharts = chartChunks(plain.page);
    const leadCharts = chartChunks(lead.page);
    try {
      await signInMerchant(m.page, setup.hall().url, '冯女士', '冯记茶铺');
      await signInStaff(lead.page, setup.hall().url, 'sun', STAFF_PASSWORD);
      const desk = lead.page.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await expect.poll(() => desk.getByRole('checkbox', { name: '装修指导' }).isChecked()).toBe(true);
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);

      // The merchant is served once and rates it with a comment, then takes a second number and waits.
      const services = m.page.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByRole('listitem').filter({ hasText: 'R-001' }).count()).toBe(1);
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.page
        .getByRole('alert')
        .filter({ hasText: '叫号：R-001' })
        .getByRole('button', { name: '知道了' })
        .click();
      await desk.getByRole('button', { name: '开始办理' }).click();
      await desk.getByLabel('办理记录').fill('已讲解装修报备要求');
      await desk.getByLabel('办理结果').selectOption('resolved');
      await desk.getByRole('button', { name: '办结并告知商户' }).click();
      const end = m.page.getByRole('region', { name: '服务已完成' });
      await end.getByRole('radio', { name: '非常满意' }).check();
      await end.getByLabel('意见建议（选填）').fill(COMMENT);
      await end.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(() => end.textContent()).toContain('感谢您的评价！');
      await end.getByRole('button', { name: '关闭' }).click();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByRole('listitem').filter({ hasText: 'R-002' }).count()).toBe(1);

      // The lead opens the dashboard from the panels, by keyboard: today first, live.
      const dash = lead.page.locator('details.dashboard');
      await dash.locator('summary').focus();
      await lead.page.keyboard.press('Enter');
      const figure = (name: string) => dash.locator('.dash-figures > div', { hasText: name }).locator('dd');
      await expect.poll(() => figure('今日办结').textContent(), { timeout: 15_000 }).toBe('1');
      expect(await figure('开放窗口').textContent()).toBe('1');
      expect(await figure('正在等候').textContent()).toBe('1');
      expect(await dash.locator('.dash-desks').textContent()).toContain('孙站长');
      // The lead calls the second number from the desk: today follows the hall's board without a press.
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await expect.poll(() => figure('正在等候').textContent(), { timeout: 10_000 }).toBe('0');
      await expect.poll(() => dash.locator('.dash-desks').textContent()).toContain('R-002');

      // The period: this week by default, with its charts drawn on canvases and a summary in words.
      expect(await dash.getByRole('button', { name: '本周' }).getAttribute('aria-pressed')).toBe('true');
      const waits = dash.locator('[data-chart="waitsByService"]');
      await expect.poll(() => waits.locator('canvas').count(), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => drawnPixels(waits), { timeout: 10_000 }).toBeGreaterThan(500);
      const ratings = dash.locator('[data-chart="ratingsByOfficer"]');
      await expect.poll(() => drawnPixels(ratings), { timeout: 10_000 }).toBeGreaterThan(500);
      expect(await ratings.locator('.dash-summary').textContent()).toContain('孙站长');
      expect(await dash.locator('[data-table="ratingComments"]').textContent()).toContain(COMMENT);
      expect(leadCharts.length).toBe(1);
      await dash.scrollIntoViewIfNeeded();
      await shot(lead.page, 'dashboard-lead-desktop');
      // The whole dashboard at once, for the eye: a screen tall enough for the column to hold it all.
      await lead.page.setViewportSize({ width: 1280, height: 3000 });
      await dash.evaluate((d) => d.closest('.panels')?.scrollTo(0, 0));
      await shot(lead.page, 'dashboard-lead-desktop-whole');
      await lead.page.setViewportSize({ width: 1280, height: 900 });

      // The table of waits per service, exported: the file is the table, with the byte order mark first.
      const table = dash.locator('[data-table="byService"]');
      const [download] = await Promise.all([
        lead.page.waitForEvent('download'),
        table.getByRole('button', { name: /^导出 CSV：/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^dashboard-byService-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
      const bytes = fs.readFileSync(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = readCsv(bytes.toString('utf8').slice(1));
      expect(csv).toEqual(await screenRows(table));
      expect(csv.length).toBeGreaterThan(1);
      // The comment, which begins with nothing dangerous, comes back as written in its own table's file.
      const comments = dash.locator('[data-table="ratingComments"]');
      const [commentsFile] = await Promise.all([
        lead.page.waitForEvent('download'),
        comments.getByRole('button', { name: /^导出 CSV：/ }).click(),
      ]);
      const commentRows = readCsv(fs.readFileSync(await commentsFile.path(), 'utf8').replace(/^\uFEFF/, ''));
      expect(commentRows).toEqual(await screenRows(comments));
      expect(commentRows.flat()).toContain(COMMENT);
      await readsWell(lead.page, 'the lead reading a period');

      // On a phone's width the charts follow the card.
      await lead.page.setViewportSize({ width: 412, height: 915 });
      await expect
        .poll(() => waits.locator('canvas').evaluate((c) => c.getBoundingClientRect().width))
        .toBeLessThanOrEqual(412);
      await waits.scrollIntoViewIfNeeded();
      await shot(lead.page, 'dashboard-lead-phone');
      await readsWell(lead.page, 'the lead reading a period on a phone');

      // In English, the charts, their summaries and the tables say it in English.
      await lead.page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => waits.locator('h4').textContent()).toBe('Waits per service');
      await expect.poll(() => waits.locator('.dash-summary').textContent()).toContain('Mean wait (min)');
      expect(await waits.locator('.dash-summary').textContent()).toContain('Renovation guidance');
      expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe('Renovation guidance');
      await expect.poll(() => drawnPixels(waits), { timeout: 10_000 }).toBeGreaterThan(500);
      await shot(lead.page, 'dashboard-lead-english-phone');

      // A plain officer: today, and one sentence instead of the period; the chart library never comes.
      await signInStaff(plain.page, setup.hall().url, 'li', STAFF_PASSWORD);
      const theirs = plain.page.locator('details.dashboard');
      await theirs.locator('summary').click();
      await expect
        .poll(() => theirs.locator('.dash-figures > div', { hasText: '今日办结' }).locator('dd').textContent())
        .toBe('1');
      await expect.poll(() => theirs.locator('.dash-only-lead').count()).toBe(1);
      expect(await theirs.locator('.dash-only-lead').textContent()).toBe(
        '期间统计和按人员的评价只有站长和管理员可以查看。',
      );
      expect(await theirs.getByLabel('开始日期').count()).toBe(0);
      expect(await theirs.locator('canvas').count()).toBe(0);
      await theirs.scrollIntoViewIfNeeded();
      await shot(plain.page, 'dashboard-officer-phone');
      await readsWell(plain.page, 'a plain officer reading today');
      expect(plainCharts).toEqual([]);
      expect(merchantCharts).toEqual([]);
      // The merchant has no dashboard at all.
      expect(await m.page.locator('details.dashboard').count()).toBe(0);
    } finally {
      await m.context.close();
      await lead.context.close();
      await plain.context.close();
    }
  }, 240_000);
});
