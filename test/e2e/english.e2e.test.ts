import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { stationClock } from '../../shared/dates.ts';
import { bandedImage as image } from '../support/images.ts';
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

/** Han characters, and the Chinese punctuation (full-width colons, brackets, semicolons) that comes with them. */
const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/** The one control an English page names in Chinese on purpose: the switch back to Chinese (longest first). */
const LANGUAGE_SWITCH = ['切换到中文', '中文'];

const open = (phone = false) =>
  openPage(setup.browser(), phone ? { width: 390, height: 844 } : { width: 1280, height: 860 }, phone);

/** A folded panel unfolded as a person does, by its summary (so the panel loads what it shows). */
async function open_(panel: Locator): Promise<void> {
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').first().click();
}

/** A small picture of colour bands, as a file to upload. */
function png(name: string, rgb: [number, number, number]) {
  return { name, mimeType: 'image/png', buffer: image(320, 160, rgb) };
}

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
  // The stations' names are the deployment's own, as people's names are theirs: shown as they were given.
  const { stations } = await page.evaluate(() =>
    fetch('/api/stations').then((r) => r.json() as Promise<{ stations: { name: string }[] }>),
  );
  const ours = [...LANGUAGE_SWITCH, ...stations.map((s) => s.name)];
  const lines = [title, ...body.split('\n'), ...labels, ...painted].map((l) => l.trim());
  return lines.filter((l) => HAN.test(ours.reduce((rest, w) => rest.replaceAll(w, ''), l)));
}

async function expectEnglish(page: Page, name: string): Promise<void> {
  await unfold(page);
  await page.screenshot({ path: path.join(SHOTS, `english-${name}.png`) });
  expect(await chineseOn(page), name).toEqual([]);
}

/** The station's date and HH:MM this many minutes from now, as the scheduling form takes them. */
function inStation(minutes: number): { date: string; time: string } {
  return stationClock(Date.now() + minutes * 60_000, 'Asia/Shanghai');
}

/**
 * The park manager fills the open scheduling form for a session starting in five minutes (its door already
 * open), with Officer Lee and, when given, the merchant invited, and saves it.
 */
async function planSession(plans: Locator, title: string, agenda: string, withMerchant = false): Promise<void> {
  const when = inStation(5);
  await plans.getByLabel('Subject').fill(title);
  await plans.getByLabel('Date', { exact: true }).fill(when.date);
  await plans.getByLabel('Start time').fill(when.time);
  await plans.getByLabel('Agenda (one item per line)').fill(agenda);
  await plans.getByRole('checkbox', { name: 'Officer Lee' }).check();
  if (withMerchant) await plans.getByRole('checkbox', { name: /Ms Grey/ }).check();
  await plans.getByRole('button', { name: 'Save and tell those invited' }).click();
  await expect.poll(() => plans.locator('.meeting', { hasText: title }).count()).toBeGreaterThan(0);
}

/** Through the meeting room's door from "My meetings", until the meeting panel shows the table. */
async function enterSession(page: Page, title: string): Promise<void> {
  const mine = page.locator('details.meetings');
  if ((await mine.getAttribute('open')) === null) await mine.locator('summary').click();
  await mine.getByRole('button', { name: `Go to the meeting room: ${title}`, exact: true }).click();
  await expect.poll(() => page.locator('.meeting-panel').textContent(), { timeout: 45_000 }).toContain('Participants');
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
        .toMatch(/Now serving.*R-001.*Desk 1/);
      // Staff name tags carry their titles in English.
      await expect
        .poll(() => m.page.evaluate(() => window.__hall!.signTexts()), { timeout: 15_000 })
        .toEqual(expect.arrayContaining(['Officer Lee', 'Officer', 'Ms Park', 'Property manager']));

      await expectEnglish(m.page, 'merchant-called-phone');
      await expectEnglish(o.page, 'officer-calling');

      // The merchant's filing form and renovation guidance.
      await services.getByRole('radio', { name: /Signboard filing/ }).check();
      await services.getByRole('button', { name: 'Fill in the signboard filing form' }).click();
      await expectEnglish(m.page, 'merchant-filing-form-phone');
      await m.page.keyboard.press('Escape');

      // The merchant files the sign, in English, with its two pictures.
      const filing = m.page.locator('details.signboard');
      await open_(filing);
      await filing.getByLabel('Shop name (as on the business licence)').fill('Grey Noodles');
      await filing.getByLabel('Address / unit in the park').fill('Unit 12, Block B');
      await filing.getByLabel('Text on the sign').fill('Grey Noodles');
      await filing.getByLabel('Width (m)').fill('3.6');
      await filing.getByLabel('Height (m)').fill('0.8');
      await filing.getByLabel('Material', { exact: true }).selectOption('acrylic');
      await filing.getByLabel('Mounting', { exact: true }).selectOption('flat');
      await filing.getByLabel('Lighting', { exact: true }).selectOption('internal');
      await filing.getByLabel('Light source').selectOption('led');
      await filing.getByLabel('Design drawing').setInputFiles(png('design.png', [200, 60, 40]));
      await filing.getByLabel('Street photo').setInputFiles(png('street.png', [60, 120, 200]));
      await expect.poll(() => filing.locator('img.filing-preview').count()).toBe(2);
      await filing.getByLabel('Right to use the premises').selectOption('lease');
      await filing.getByLabel('Contract or certificate number').fill('ZL-2026-088');
      await filing.getByRole('checkbox', { name: /I undertake/ }).check();
      await filing.getByRole('button', { name: 'Submit the filing' }).click();
      await expect.poll(() => filing.getByRole('status').textContent()).toMatch(/Submitted as case BJ-\d{8}-\d{4}/);
      await expectEnglish(m.page, 'merchant-filing-submitted-phone');

      // The merchant asks for the renovation checklist while the officer is calling her.
      const guidance = m.page.locator('details.guidance');
      await open_(guidance);
      await guidance.getByRole('checkbox', { name: 'A restaurant or food shop' }).check();
      await guidance.getByRole('checkbox', { name: 'Work on the storefront or façade' }).check();
      await guidance.getByLabel('Number of cooking heads').fill('4');
      await guidance.getByRole('button', { name: 'Make my checklist' }).click();
      const sheet = guidance.locator('.sheet').first();
      await expect.poll(() => sheet.textContent()).toContain('Waiting for an officer to confirm');
      await expectEnglish(m.page, 'merchant-guidance-phone');

      // The officer serves her: the case, the merchant's file and the checklist to confirm.
      await desk.getByRole('button', { name: 'Begin service' }).click();
      const review = desk.getByRole('region', { name: 'Confirm the guidance checklist' });
      await expect.poll(() => review.getByRole('listitem').count()).toBeGreaterThan(0);
      await review.getByRole('listitem').first().getByRole('radio', { name: 'Amend' }).check();
      await expectEnglish(o.page, 'officer-serving');
      await review.getByRole('button', { name: 'Save and tell the merchant' }).click();
      await expect.poll(() => review.getByRole('status').textContent()).toContain('Saved');
      await expect.poll(() => sheet.textContent()).toContain('Confirmed by Officer Lee');
      await expectEnglish(m.page, 'merchant-guidance-confirmed-phone');
      // Its print view.
      await sheet.getByRole('button', { name: 'Print view' }).click();
      const printed = m.page.locator('article.print-sheet');
      await expect
        .poll(() => printed.getByRole('heading', { level: 1 }).textContent())
        .toContain('Renovation guidance');
      await expectEnglish(m.page, 'merchant-guidance-print-phone');
      await printed.getByRole('button', { name: 'Back to the hall' }).click();

      // The officer completes the visit; the merchant reads it in "My cases".
      const complete = desk.locator('form.complete-form');
      await complete.getByLabel('Notes').fill('Told every requirement at once');
      await complete.getByLabel('Outcome').selectOption('awaitingDocuments');
      await expectEnglish(o.page, 'officer-completing');
      await complete.getByRole('button', { name: 'Complete and tell the merchant' }).click();
      await expect.poll(() => desk.textContent()).toContain('No one called');
      const cases = m.page.locator('details.my-cases');
      await open_(cases);
      const renovationCase = cases.getByRole('button', { name: /^BJ-\d{8}-\d{4} · Renovation guidance/ }).first();
      await renovationCase.click();
      await expect.poll(() => cases.textContent()).toContain('Told every requirement at once');
      await expectEnglish(m.page, 'merchant-my-cases-phone');

      // She comes back with another number: the officer reads her earlier cases at the desk.
      await services.getByRole('radio', { name: /Renovation guidance/ }).check();
      await services.getByRole('button', { name: 'Take a number' }).click();
      await expect.poll(() => services.textContent()).toMatch(/R-002/);
      await desk.getByRole('button', { name: 'Call next' }).click();
      await expect.poll(() => desk.textContent()).toContain('Earlier cases');
      await expectEnglish(o.page, 'officer-desk-history');
      await desk.getByRole('button', { name: 'Begin service' }).click();
      await complete.getByRole('button', { name: 'Complete and tell the merchant' }).click();
      await expect.poll(() => desk.textContent()).toContain('No one called');

      // The officer offers a visit time and reviews the sign filing, booking the site visit on it.
      const visits = o.page.locator('details.visits');
      await open_(visits);
      await visits.getByLabel('Date', { exact: true }).fill(inStation(24 * 60).date);
      await visits.getByLabel('From').fill('10:00');
      await visits.getByLabel('To', { exact: true }).fill('11:00');
      await visits.getByRole('button', { name: 'Offer this time' }).click();
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · Free/);
      const filings = o.page.locator('details.filing-review');
      await open_(filings);
      await filings.getByRole('button', { name: /^Grey Noodles · / }).click();
      await filings.getByRole('button', { name: 'Start review' }).click();
      await expect.poll(() => filings.textContent()).toContain('Book a site visit');
      await expectEnglish(o.page, 'officer-filing-review');
      await filings.getByRole('button', { name: 'Book a site visit' }).click();
      // The booking's notice, read while it shows, words the time as the lists do (day before month, 24-hour).
      await expect.poll(() => o.page.locator('.toasts').textContent()).toMatch(/Visit booked: \d{2}\/\d{2}, 10:00/);
      await expect.poll(() => visits.textContent()).toMatch(/10:00–11:00 · Grey Noodles \(Ms Grey\)/);
      await expectEnglish(o.page, 'officer-visits');
      const merchantVisits = m.page.locator('details.visits');
      await open_(merchantVisits);
      await expect.poll(() => merchantVisits.textContent()).toMatch(/My bookings.*10:00–11:00 · Officer: Officer Lee/);
      await expectEnglish(m.page, 'merchant-visits-phone');

      // The park manager plans a three-party session: the meeting panel and its form.
      await unfold(pm.page);
      await pm.page.getByRole('button', { name: 'Plan a session' }).click();
      await expectEnglish(pm.page, 'park-manager-meetings');

      // A session of a series leaves an open action item; the next session opens with it as a follow-up,
      // worded in English wherever it is shown: the list, the meeting panel, the minutes editor and sheet.
      const plans = pm.page.locator('details.meetings');
      await planSession(plans, 'Kerb lines', 'Kerb paint');
      await enterSession(pm.page, 'Kerb lines');
      const table = pm.page.locator('.meeting-panel');
      await table.getByRole('button', { name: 'Start the session' }).click();
      await table.getByLabel('What', { exact: true }).fill('Repaint the kerb');
      await table.getByLabel('Owner', { exact: true }).selectOption({ label: 'Officer Lee (Officers)' });
      await table.getByLabel('Due', { exact: true }).fill(inStation(7 * 24 * 60).date);
      await table.getByRole('button', { name: 'Add action item' }).click();
      await expect
        .poll(() => table.locator('.minutes-editor li').allTextContents())
        .toEqual([expect.stringContaining('Repaint the kerb')]);
      await table.getByRole('button', { name: 'End the session' }).click();
      await table.getByRole('button', { name: 'Confirm: end and publish the minutes' }).click();
      await expect.poll(() => table.textContent()).toContain('the minutes are published');
      await table.getByRole('button', { name: 'Leave the meeting room, back to the hall' }).click();

      await unfold(pm.page);
      await plans.getByRole('button', { name: 'Plan the next session after “Kerb lines”' }).click();
      await planSession(plans, 'Kerb lines again', '', true);
      const followUp = /Repaint the kerb \(Officer Lee, due \d{4}-\d{2}-\d{2}\)/;
      await expect
        .poll(() => plans.locator('.meeting', { hasText: 'Kerb lines again' }).textContent())
        .toMatch(followUp);
      await expectEnglish(pm.page, 'park-manager-follow-up');

      // The merchant, on her phone, and the park manager sit at the table of the next session.
      await enterSession(m.page, 'Kerb lines again');
      await enterSession(pm.page, 'Kerb lines again');
      await table.getByRole('button', { name: 'Start the session' }).click();
      const merchantTable = m.page.locator('.meeting-panel');
      await expect.poll(() => merchantTable.locator('[role=status]').first().textContent()).toMatch(followUp);
      await merchantTable.screenshot({ path: path.join(SHOTS, 'english-meeting-panel-phone.png') });
      await expectEnglish(m.page, 'merchant-meeting-follow-up-phone');
      await expectEnglish(pm.page, 'park-manager-meeting-follow-up');

      await table.getByRole('button', { name: 'End the session' }).click();
      await table.getByRole('button', { name: 'Confirm: end and publish the minutes' }).click();
      await table.getByRole('button', { name: 'Read the minutes' }).click();
      await expect.poll(() => pm.page.locator('.minutes-sheet h2').first().textContent()).toMatch(followUp);
      await expectEnglish(pm.page, 'minutes-sheet-follow-up');
    } finally {
      await m.context.close();
      await o.context.close();
      await pm.context.close();
    }
  });
});
