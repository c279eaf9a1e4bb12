import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hallWithStaff, openPage, SHOTS, STAFF_PASSWORD } from '../support/people.ts';

/**
 * In English, a person reads no Chinese but what people wrote themselves: the panels, the page title and
 * every text painted on the 3D hall (signs, calling screen, desk placards, name tags, read from the strings
 * they were drawn from). The people here have Latin names and shops, so any Han character is the hall's own.
 */
const setup = hallWithStaff(
  'english',
  [
    { role: 'officer', username: 'lee', name: 'Officer Lee' },
    { role: 'parkManager', username: 'park', name: 'Ms Park' },
  ],
  { PORT: '2851' },
);

const HAN = /\p{Script=Han}/u;
/** The one control an English page names in Chinese on purpose: the switch back to Chinese (longest first). */
const LANGUAGE_SWITCH = ['切换到中文', '中文'];

const open = (phone = false) =>
  openPage(setup.browser(), phone ? { width: 390, height: 844 } : { width: 1280, height: 860 }, phone);

/** Every details element opened, so what the panels fold away is read too. */
async function unfold(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

/** The texts of the page and of the hall's textures that contain Han characters, as a list to report. */
async function chineseOn(page: Page): Promise<string[]> {
  const { body, title, labels, painted } = await page.evaluate(() => ({
    body: document.body.innerText,
    title: document.title,
    labels: [...document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')].flatMap((e) =>
      ['aria-label', 'placeholder', 'title', 'alt'].map((a) => e.getAttribute(a) ?? ''),
    ),
    painted: window.__hall?.signTexts() ?? [],
  }));
  const lines = [title, ...body.split('\n'), ...labels, ...painted].map((l) => l.trim());
  return lines.filter((l) => HAN.test(LANGUAGE_SWITCH.reduce((rest, w) => rest.replaceAll(w, ''), l)));
}

async function expectEnglish(page: Page, name: string): Promise<void> {
  await unfold(page);
  await page.screenshot({ path: path.join(SHOTS, `english-${name}.png`) });
  expect(await chineseOn(page), name).toEqual([]);
}

describe('everything a person reads, in English', () => {
  it('merchant, officer and park manager screens, the calling screen and the signs hold no Chinese', async () => {
    const url = `${setup.hall().url}/?lang=en`;
    const m = await open(true);
    const o = await open();
    const pm = await open();
    try {
      // The merchant signs in and takes a number for renovation guidance.
      await m.page.goto(url);
      await expectEnglish(m.page, 'sign-in');
      await m.page.getByLabel('Your name').fill('Ms Grey');
      await m.page.getByLabel('Shop name').fill('Grey Noodles');
      await m.page.getByRole('button', { name: 'Enter the hall' }).click();
      await m.page.waitForFunction(() => window.__hall?.selfId());
      const services = m.page.locator('section.services');
      await services.getByRole('radio', { name: /Renovation guidance/ }).check();
      await services.getByLabel(/Your matter in a few words/).fill('New kitchen extractor');
      await services.getByRole('button', { name: 'Take a number' }).click();
      await expect.poll(() => services.textContent()).toMatch(/R-001/);

      // The officer opens desk 1 and calls the number.
      for (const [page, user] of [
        [o.page, 'lee'],
        [pm.page, 'park'],
      ] as const) {
        await page.goto(url);
        await page.getByRole('tab', { name: 'Staff' }).click();
        await page.getByLabel('Username').fill(user);
        await page.getByLabel('Password').fill(STAFF_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForFunction(() => window.__hall?.selfId());
      }
      const desk = o.page.locator('section.desk-panel');
      await desk.getByLabel('Desk', { exact: true }).selectOption('desk-1');
      await desk.getByRole('button', { name: 'Open the desk' }).click();
      await expect.poll(() => desk.textContent()).toContain('You staff Desk 1');
      await desk.getByRole('button', { name: 'Call next' }).click();
      await expect.poll(() => m.page.getByRole('alert').filter({ hasText: 'Called: R-001' }).count()).toBe(1);
      await expect.poll(() => desk.textContent()).toMatch(/Ms Grey · Grey Noodles/);

      // The calling screen shows the call, in English, as drawn.
      await expect
        .poll(() => o.page.evaluate(() => window.__hall!.signTexts().join(' | ')), { timeout: 15_000 })
        .toMatch(/Now serving.*Desk 1 {2}Renovation guidance.*R-001.*Please come/);
      // Staff name tags carry their titles in English.
      await expect
        .poll(() => m.page.evaluate(() => window.__hall!.signTexts()), { timeout: 15_000 })
        .toEqual(expect.arrayContaining(['Officer Lee', 'Officer', 'Ms Park', 'Park manager']));

      await expectEnglish(m.page, 'merchant-called-phone');
      await expectEnglish(o.page, 'officer-calling');

      // The merchant's filing form and renovation guidance.
      await services.getByRole('radio', { name: /Signboard filing/ }).check();
      await services.getByRole('button', { name: 'Fill in the signboard filing form' }).click();
      await expectEnglish(m.page, 'merchant-filing-form-phone');
      await m.page.keyboard.press('Escape');

      // The park manager plans a three-party session: the meeting panel and its form.
      await unfold(pm.page);
      await pm.page.getByRole('button', { name: 'Plan a session' }).click();
      await expectEnglish(pm.page, 'park-manager-meetings');
    } finally {
      await m.context.close();
      await o.context.close();
      await pm.context.close();
    }
  });
});
