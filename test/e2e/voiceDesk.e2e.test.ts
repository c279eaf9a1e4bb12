import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';
import { startHallWithStaff, type HallProcess } from '../support/server.ts';
import { halosSeen, pressWithMic, voiceLinks, type VoiceLinkSample } from '../support/voiceCall.ts';

/*
 * A desk call in real Chromium with fake audio devices (a tone as each microphone): the officer asks by the
 * "语音" button, the merchant accepts, and each page's own WebRTC counters (window.__voice, from getStats) show
 * the other's audio arriving; muting one side silences what the other receives; completing the visit ends it.
 */

/** Audio energy (getStats totalAudioEnergy) a live tone brings in a 2 s window; measured ~0.3–1.5, silence ~0. */
const LIVE_ENERGY_MIN = 0.05;
/** Energy that may still arrive in a 2 s window after the other side muted (jitter buffer tail, comfort noise). */
const MUTED_ENERGY_MAX = 0.01;
const WINDOW_MS = 2000;

let hall: HallProcess;
let browser: Browser;
let refusing: Browser;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-voice-desk-'));
  // The second story has its own officer and desk, so it does not depend on how the first one ended.
  hall = await startHallWithStaff({ DATA_DIR: dataDir }, [
    { role: 'officer', username: 'zhang', name: '张警官', password: STAFF_PASSWORD },
    { role: 'officer', username: 'wang', name: '王警官', password: STAFF_PASSWORD },
  ]);
  browser = await launchChromium({ voice: true });
  refusing = await launchChromium({ voice: 'denied' });
});

afterAll(async () => {
  await browser?.close();
  await refusing?.close();
  await hall?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** A close look at where these people stand in the page's hall (their halos at the shoulders), for the eye. */
async function closeShot(page: Page, name: string, who: string[]): Promise<void> {
  const spots = await page.evaluate(
    (names) =>
      (window.__hall?.avatars() ?? [])
        .filter((a) => names.includes(a.name))
        .map((a) => window.__hall!.project(a.x, a.z, 1.4)),
    who,
  );
  const box = await page.locator('.scene canvas').boundingBox();
  if (!box || spots.length === 0) return;
  const view = page.viewportSize()!;
  const cx = box.x + spots.reduce((s, p) => s + p.x, 0) / spots.length;
  const cy = box.y + spots.reduce((s, p) => s + p.y, 0) / spots.length;
  const x = Math.max(0, Math.min(view.width - 360, cx - 180));
  const y = Math.max(0, Math.min(view.height - 260, cy - 130));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), clip: { x, y, width: 360, height: 260 } });
}

async function one(page: Page): Promise<VoiceLinkSample> {
  const all = await voiceLinks(page);
  if (all.length !== 1) throw new Error(`expected one voice link, found ${all.length}`);
  return all[0]!;
}

/** What one page received over a window: bytes and audio energy. */
async function received(page: Page, ms = WINDOW_MS): Promise<{ bytes: number; energy: number }> {
  const a = await one(page);
  await page.waitForTimeout(ms);
  const b = await one(page);
  return { bytes: b.bytesReceived - a.bytesReceived, energy: b.totalInboundEnergy - a.totalInboundEnergy };
}

/** The officer signs in and opens his desk for renovation guidance (desk 1 offers it already; desk 2 adds it). */
async function openDesk(page: Page, username: 'zhang' | 'wang'): Promise<Locator> {
  const [deskId, label] = username === 'zhang' ? ['desk-1', '1号窗口'] : ['desk-2', '2号窗口'];
  await signInStaff(page, hall.url, username, STAFF_PASSWORD);
  const desk = page.getByRole('region', { name: '窗口值守' });
  await desk.getByLabel('选择窗口').selectOption(deskId);
  const renovation = desk.getByRole('checkbox', { name: '装修指导' });
  await expect.poll(() => renovation.count()).toBe(1);
  await renovation.check();
  await desk.getByRole('button', { name: '开启窗口' }).click();
  await expect.poll(() => desk.getByText(`您正在值守 ${label}`).count()).toBe(1);
  return desk;
}

/** What each page knew of the call when a step failed: the voice panels and the pages' links, for the log. */
async function callStateOf(pages: Record<string, Page>): Promise<string> {
  const lines: string[] = [];
  for (const [who, page] of Object.entries(pages)) {
    const panel = await page
      .getByRole('region', { name: '语音通话' })
      .textContent({ timeout: 2000 })
      .catch(() => null);
    const links = await voiceLinks(page).catch(() => []);
    lines.push(`${who}: panel ${JSON.stringify(panel)}, links ${JSON.stringify(links.map((l) => l.status))}`);
  }
  return lines.join('\n');
}

/** The merchant takes a number for renovation guidance; the officer calls it and starts the visit. */
async function serve(m: Page, desk: Locator): Promise<void> {
  const services = m.getByRole('region', { name: '办事取号' });
  await services.getByRole('radio', { name: /装修指导/ }).check();
  await services.getByRole('button', { name: '取号' }).click();
  await expect
    .poll(() =>
      services
        .getByRole('listitem')
        .filter({ hasText: /R-\d{3}.*等候中/ })
        .count(),
    )
    .toBe(1);
  await desk.getByRole('button', { name: '叫下一位' }).click();
  await m.getByRole('alert').filter({ hasText: '叫号：R-' }).getByRole('button', { name: '知道了' }).click();
  await desk.getByRole('button', { name: '开始办理' }).click();
  await expect.poll(() => m.getByRole('region', { name: '窗口对话' }).count()).toBe(1);
}

async function complete(desk: Locator): Promise<void> {
  await desk.getByLabel('办理记录').fill('已电话说明围挡要求');
  await desk.getByLabel('办理结果').selectOption('resolved');
  await desk.getByRole('button', { name: '办结并告知商户' }).click();
}

describe('voice at the desk', () => {
  it('officer and merchant talk; muting silences one side; a reload takes the call up again; completing the visit ends it', async () => {
    const m = await openPage(browser, { width: 390, height: 844 }, true);
    const o = await openPage(browser, { width: 1280, height: 860 });
    try {
      await signInMerchant(m.page, hall.url, '陈女士', '陈记川菜馆');
      const desk = await openDesk(o.page, 'zhang');
      await serve(m.page, desk);

      // The officer asks by voice; the merchant sees who asks and accepts with one tap.
      const oVoice = o.page.getByRole('region', { name: '语音通话' });
      const mVoice = m.page.getByRole('region', { name: '语音通话' });
      expect(await mVoice.textContent()).toContain('通话不录音');
      await pressWithMic(o.page, oVoice, '语音');
      await expect.poll(() => oVoice.textContent()).toContain('正在等待陈女士接听');
      await expect.poll(() => mVoice.textContent()).toContain('张警官请求和您语音通话');
      await shot(m.page, 'voice-desk-asked-phone');
      await pressWithMic(m.page, mVoice, '接听');
      await expect.poll(() => mVoice.textContent()).toContain('正在和张警官语音通话');
      await expect.poll(() => oVoice.textContent()).toContain('正在和陈女士语音通话');

      // Audio flows both ways: bytes and (non-silent) audio energy arrive on each page.
      const connected = async (p: Page) => (await voiceLinks(p)).map((l) => l.status).join();
      await expect.poll(() => connected(o.page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => connected(m.page), { timeout: 30_000 }).toBe('connected');
      const [atOfficer, atMerchant] = await Promise.all([received(o.page), received(m.page)]);
      console.log('voice desk: 2 s before mute', { atOfficer, atMerchant, type: (await one(o.page)).candidateType });
      expect(atOfficer.bytes).toBeGreaterThan(1000);
      expect(atMerchant.bytes).toBeGreaterThan(1000);
      expect(atOfficer.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
      expect(atMerchant.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
      await shot(o.page, 'voice-desk-live');

      // Both speak, so the officer's hall shows a halo over each of them (the merchant's figure and his own).
      const merchantId = (await one(o.page)).peerId;
      const officerId = (await one(m.page)).peerId;
      await expect
        .poll(async () => [...(await halosSeen(o.page, '__hall'))].sort().join(), { timeout: 30_000 })
        .toBe([merchantId, officerId].sort().join());
      await shot(o.page, 'voice-desk-halos');
      await closeShot(o.page, 'voice-desk-halos-close', ['张警官']);
      await shot(m.page, 'voice-desk-halos-phone');

      // The merchant mutes: the officer sees it, and receives silence; the merchant still hears the officer.
      const mute = mVoice.getByRole('button', { name: '静音' });
      await mute.click();
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => oVoice.textContent()).toContain('对方已静音');
      await o.page.waitForTimeout(500); // what was already in flight plays out
      const [mutedAtOfficer, stillAtMerchant] = await Promise.all([received(o.page), received(m.page)]);
      console.log('voice desk: 2 s after the merchant muted', { mutedAtOfficer, stillAtMerchant });
      expect(mutedAtOfficer.energy).toBeLessThan(MUTED_ENERGY_MAX);
      expect(mutedAtOfficer.energy).toBeLessThan(atOfficer.energy / 10);
      expect(stillAtMerchant.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
      await shot(m.page, 'voice-desk-muted-phone');
      // Muted, the merchant has no halo on the officer's page any more (his own stays: he still speaks).
      const afterMute = await halosSeen(o.page, '__hall');
      expect([...afterMute]).toEqual([officerId]);
      await closeShot(o.page, 'voice-desk-muted-halo-close', ['张警官']);

      // The merchant's page reloads: the call is taken up again on a new connection, still muted; unmuted,
      // the officer hears her again.
      const warnings: string[] = [];
      m.page.on('console', (msg) => {
        if (msg.type() === 'warning' || msg.type() === 'error') warnings.push(msg.text().slice(0, 200));
      });
      await m.page.reload();
      await m.page.waitForFunction(() => window.__hall?.selfId());
      try {
        await expect.poll(() => mVoice.textContent(), { timeout: 30_000 }).toContain('正在和张警官语音通话');
      } catch (err) {
        console.log('after the reload:', await callStateOf({ merchant: m.page, officer: o.page }), warnings);
        throw err;
      }
      await expect.poll(() => connected(m.page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => connected(o.page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
      await mute.click();
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => oVoice.textContent()).not.toContain('对方已静音');
      const afterReload = await received(o.page);
      console.log('voice desk: 2 s at the officer after the merchant reloaded and unmuted', afterReload);
      expect(afterReload.energy).toBeGreaterThan(LIVE_ENERGY_MIN);

      // Completing the visit ends the call on both pages and closes the connections.
      await complete(desk);
      await expect.poll(() => oVoice.textContent()).toContain('办理已结束，语音通话随之结束');
      await expect.poll(() => mVoice.textContent()).toContain('办理已结束，语音通话随之结束');
      await expect.poll(async () => (await voiceLinks(o.page)).length).toBe(0);
      await expect.poll(async () => (await voiceLinks(m.page)).length).toBe(0);
      expect(await m.page.locator('audio').count()).toBe(0);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });

  it('a refused microphone is explained, and the desk conversation goes on in text', async () => {
    const m = await openPage(refusing, { width: 390, height: 844 }, true);
    const o = await openPage(browser, { width: 1280, height: 860 });
    try {
      await signInMerchant(m.page, hall.url, '李先生', '李记烟酒');
      const desk = await openDesk(o.page, 'wang');
      await serve(m.page, desk);
      const mVoice = m.page.getByRole('region', { name: '语音通话' });
      await pressWithMic(m.page, mVoice, '语音');
      await expect.poll(() => mVoice.getByRole('alert').textContent()).toContain('麦克风未获允许');
      expect(await mVoice.textContent()).toContain('文字交流照常进行');
      // Nothing was asked of the officer.
      expect(await o.page.getByRole('region', { name: '语音通话' }).textContent()).not.toContain('请求');
      await shot(m.page, 'voice-desk-mic-denied-phone');

      const mChat = m.page.getByRole('region', { name: '窗口对话' });
      await mChat.getByLabel('输入消息').fill('我这边不方便说话，打字吧');
      await mChat.getByRole('button', { name: '发送' }).click();
      await expect
        .poll(() => o.page.getByRole('region', { name: '窗口对话' }).textContent())
        .toContain('我这边不方便说话，打字吧');
      await complete(desk);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
