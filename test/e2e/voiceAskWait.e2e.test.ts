import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOICE_ASK_COOLDOWN_MS } from '../../shared/voice.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, SHOTS, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { startHallWithStaff, type HallProcess } from '../support/server.ts';
import { openDesk, pressWithMic, serveNext } from '../support/voiceCall.ts';

/*
 * Asking to talk again too soon, in real Chromium with fake audio devices: the officer asks by "语音" and
 * withdraws; his Talk button then waits, saying for how many seconds, and asks again once the hall allows it.
 */

let hall: HallProcess;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-voice-wait-'));
  hall = await startHallWithStaff({ DATA_DIR: dataDir }, [
    { role: 'officer', username: 'zhang', name: '张警官', password: STAFF_PASSWORD },
  ]);
  browser = await launchChromium({ voice: true });
});

afterAll(async () => {
  await browser?.close();
  await hall?.stop();
});

describe('asking to talk again', () => {
  it('after withdrawing an ask, the Talk button says how long to wait, then asks again', async () => {
    const m = await openPage(browser, { width: 390, height: 844 }, true);
    const o = await openPage(browser, { width: 1280, height: 860 });
    try {
      await signInMerchant(m.page, hall.url, '陈女士', '陈记川菜馆');
      const desk = await openDesk(o.page, hall.url, 'zhang', STAFF_PASSWORD);
      await serveNext(m.page, desk, 'R-001');
      const oVoice = o.page.getByRole('region', { name: '语音通话' });
      const mVoice = m.page.getByRole('region', { name: '语音通话' });
      const talk = oVoice.getByRole('button', { name: '语音', exact: true });

      await pressWithMic(o.page, oVoice, '语音');
      await expect.poll(() => mVoice.textContent()).toContain('张警官请求和您语音通话');
      const askedAt = Date.now();
      await oVoice.getByRole('button', { name: '取消' }).click();
      // The ask is withdrawn on both pages; the officer's button waits, saying for how long.
      await expect.poll(() => mVoice.textContent()).not.toContain('请求和您语音通话');
      await expect.poll(() => talk.isDisabled()).toBe(true);
      const wait = oVoice.getByText(/\d 秒后可再次发起语音/);
      expect(await wait.count()).toBe(1);
      const seconds = Number(/(\d) 秒/.exec((await wait.textContent()) ?? '')?.[1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(VOICE_ASK_COOLDOWN_MS / 1000);
      expect(await talk.getAttribute('aria-describedby')).toBe(await wait.getAttribute('id'));
      await o.page.screenshot({ path: path.join(SHOTS, 'voice-ask-wait.png') });

      // Once the wait is over the button asks again, and the merchant's page rings.
      await expect.poll(() => talk.isDisabled(), { timeout: VOICE_ASK_COOLDOWN_MS + 5000 }).toBe(false);
      expect(Date.now() - askedAt).toBeGreaterThanOrEqual(VOICE_ASK_COOLDOWN_MS - 1000);
      expect(await wait.count()).toBe(0);
      await talk.click();
      await expect.poll(() => mVoice.textContent()).toContain('张警官请求和您语音通话');
      expect(await o.page.getByRole('status').filter({ hasText: '稍等几秒' }).count()).toBe(0);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
