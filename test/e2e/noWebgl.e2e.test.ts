import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutWebgl } from '../support/browser.ts';
import { hallAndBrowser } from '../support/hallAndBrowser.ts';
import { openPage, SHOTS, signInMerchant } from '../support/people.ts';

const { hall, browser } = hallAndBrowser();

describe('a phone that cannot draw the 3D hall', () => {
  it('says so in one line, and the merchant takes a number and follows it from the panels', async () => {
    const { context, page } = await openPage(browser(), { width: 412, height: 915 }, true);
    // A device without WebGL (an old phone, a browser with hardware acceleration off, a lost graphics context).
    await withoutWebgl(page);
    await signInMerchant(page, hall().url, '孙女士', '孙记水果', false);
    const notice = page.getByRole('status').filter({ hasText: '本设备无法显示三维大厅' });
    await notice.waitFor({ timeout: 30_000 });
    // Nothing waits for the scene: the loading overlay is gone once the hall's room is joined.
    await expect.poll(() => page.locator('.loading').count(), { timeout: 30_000 }).toBe(0);
    const services = page.getByRole('region', { name: '办事取号' });
    await services.getByRole('radio', { name: /装修指导/ }).check();
    await services.getByRole('button', { name: '取号' }).click();
    await expect.poll(() => services.getByText(/R-\d{3}/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'no-webgl-phone.png') });
    await context.close();
  });
});
