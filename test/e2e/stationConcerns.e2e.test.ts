import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { StationsRoute } from '../../shared/stations.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { childEnv } from '../support/server.ts';
import { openDesk } from '../support/voiceCall.ts';

// A first start applies every migration: on a busy machine, well over the usual 20 s.
const setup = hallWithStaff('station-concerns', [{ role: 'officer', username: 'wang', name: '王警官' }], {}, 120_000);

const WENSAN = { slug: 'wensan', name: '西湖区文三路执法服务站' };
const PHONE = { width: 390, height: 844 };

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const link = (slug: string) => new URL(StationsRoute.page(slug), setup.hall().url).href;

/** A command line beside the running hall, as the deployment's administrator runs it. */
function run(script: string, args: string[], input?: string): void {
  const done = spawnSync(process.execPath, [script, ...args], {
    env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }),
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  });
  if (done.status !== 0) throw new Error(`${script} ${args[0]} failed: ${done.stderr || done.stdout}`);
}

/**
 * A concern raised by the page's own merchant straight through the API with no station named: the default
 * station's, as a page of a one-station deployment would raise it.
 */
function raiseAtDefault(page: Page, what: string): Promise<{ status: number; number: string }> {
  return page.evaluate(async (what) => {
    const res = await fetch('/api/concerns', {
      method: 'POST',
      headers: { Authorization: `Bearer ${localStorage.getItem('hall.token')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ category: 'parking', place: '湖滨北门', what }),
    });
    return { status: res.status, number: ((await res.json()) as { number: string }).number };
  }, what);
}

async function unfold(card: Locator): Promise<void> {
  if (!(await card.evaluate((d) => (d as HTMLDetailsElement).open))) await card.locator('summary').first().click();
}

describe('concerns of two stations in the browser', () => {
  it('a station’s page shows its own concerns: the merchant’s list and its officers’ due list', async () => {
    run('server/cli/station.ts', ['add', '--slug', WENSAN.slug, '--name', WENSAN.name]);
    run(
      'server/cli/staff.ts',
      ['add', '--role', 'officer', '--username', 'zhao', '--name', '赵警官', '--station', WENSAN.slug],
      `${STAFF_PASSWORD}\n`,
    );
    const m = await openPage(setup.browser(), PHONE, true);
    const o = await openPage(setup.browser(), { width: 1280, height: 900 });
    const home = await openPage(setup.browser(), { width: 1280, height: 900 });
    try {
      await signInMerchant(m.page, link(WENSAN.slug), '林女士', '林记烘焙');
      await expect.poll(() => m.page.locator('.brand').textContent()).toContain(WENSAN.name);

      // Raised on wensan's page, through its form.
      const raise = m.page.locator('details.concern-raise');
      await raise.locator('summary').click();
      await raise.getByLabel('诉求类别').selectOption({ label: '占道经营' });
      await raise.getByLabel('地点（园区内的位置）').fill('文三路 B 栋东侧通道');
      await raise.getByLabel('发生了什么').fill('水果摊把货架摆到通道中间，推车过不去。');
      await raise.getByRole('button', { name: '提交诉求' }).click();
      const raised = raise.getByRole('region', { name: '诉求已提交' });
      await expect.poll(() => raised.count()).toBe(1);
      const wensanNumber = /SQ-\d{8}-\d{4}/.exec((await raised.textContent()) ?? '')![0];

      // The same merchant's concern at the default station.
      const atMain = await raiseAtDefault(m.page, '车辆堵门');
      expect(atMain.status).toBe(201);
      expect(atMain.number).not.toBe(wensanNumber);

      // On wensan's page, My cases lists wensan's concern only.
      await m.page.reload();
      await m.page.waitForFunction(() => window.__hall?.selfId());
      const cases = m.page.locator('details.my-cases');
      await unfold(cases);
      const mine = cases.locator('.my-concerns');
      await expect.poll(() => mine.textContent(), { timeout: 20_000 }).toContain(wensanNumber);
      expect(await mine.textContent()).not.toContain(atMain.number);
      await mine.scrollIntoViewIfNeeded();
      await shot(m.page, 'station-concerns-merchant-wensan-phone');

      // Wensan's officer sees wensan's concern due, and not the default station's.
      await openDesk(o.page, link(WENSAN.slug), 'zhao', STAFF_PASSWORD);
      const due = o.page.locator('details.concerns-due');
      await expect.poll(() => due.locator('summary').textContent(), { timeout: 20_000 }).toContain('诉求办理（1）');
      await unfold(due);
      await expect.poll(() => due.textContent()).toContain(wensanNumber);
      expect(await due.textContent()).not.toContain(atMain.number);
      await shot(o.page, 'station-concerns-officer-wensan');

      // The default station's officer sees the default station's only.
      await openDesk(home.page, link('main'), 'wang', STAFF_PASSWORD);
      const homeDue = home.page.locator('details.concerns-due');
      await expect.poll(() => homeDue.locator('summary').textContent(), { timeout: 20_000 }).toContain('诉求办理（1）');
      await unfold(homeDue);
      await expect.poll(() => homeDue.textContent()).toContain(atMain.number);
      expect(await homeDue.textContent()).not.toContain(wensanNumber);
      await shot(home.page, 'station-concerns-officer-main');
    } finally {
      await m.context.close();
      await o.context.close();
      await home.context.close();
    }
  });
});
