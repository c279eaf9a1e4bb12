import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { startHallWithStaff, type HallProcess } from '../support/server.ts';
import { startTurn, type TurnServer } from '../support/turn.ts';
import { openDesk, serveNext, startDeskCall, voiceLinks, type VoiceLinkSample } from '../support/voiceCall.ts';

/*
 * A station behind NAT runs its own TURN server (README, Voice). Here the hall is configured as such a station
 * would be — coturn with its TURN REST secret, ICE_SERVERS naming it, ICE_TRANSPORT_POLICY=relay — and one
 * desk call is made through the pages' buttons: it must connect through coturn alone, with audio arriving on
 * both sides, and coturn must have made the allocations for it. Then the relay the call went through goes away
 * and a fresh one takes its place (what a phone moving from Wi-Fi to 4G meets: every path the call had is gone):
 * both pages say the voice is reconnecting, the officer's page restarts ICE, and audio flows again both ways
 * with nobody tapping anything.
 */

/** Audio energy (getStats totalAudioEnergy) a live tone brings in 2 s; silence brings about 0. */
const LIVE_ENERGY_MIN = 0.05;
const WINDOW_MS = 2000;

let turn: TurnServer;
let hall: HallProcess;
let browser: Browser;

beforeAll(async () => {
  turn = await startTurn();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-voice-relay-'));
  hall = await startHallWithStaff(
    {
      DATA_DIR: dataDir,
      ICE_SERVERS: JSON.stringify([{ urls: turn.urls }]),
      TURN_SECRET: turn.secret,
      ICE_TRANSPORT_POLICY: 'relay',
    },
    [{ role: 'officer', username: 'wang', name: '王警官', password: STAFF_PASSWORD }],
  );
  browser = await launchChromium({ voice: true });
});

afterAll(async () => {
  await browser?.close();
  await hall?.stop();
  await turn?.stop();
});

async function one(page: Page): Promise<VoiceLinkSample> {
  const all = await voiceLinks(page);
  if (all.length !== 1) throw new Error(`expected one voice link, found ${all.length}`);
  return all[0]!;
}

async function received(page: Page): Promise<{ bytes: number; energy: number }> {
  const a = await one(page);
  await page.waitForTimeout(WINDOW_MS);
  const b = await one(page);
  return { bytes: b.bytesReceived - a.bytesReceived, energy: b.totalInboundEnergy - a.totalInboundEnergy };
}

describe('a desk call through the station’s TURN server', () => {
  it('connects by relay only, with audio both ways, on credentials coturn accepts, and comes back when the path changes', async () => {
    const m = await openPage(browser, { width: 390, height: 844 }, true);
    const o = await openPage(browser, { width: 1280, height: 860 });
    try {
      await signInMerchant(m.page, hall.url, '周女士', '周记面馆');
      const desk = await openDesk(o.page, hall.url, 'wang', STAFF_PASSWORD);
      await serveNext(m.page, desk, 'R-001');
      await startDeskCall(o.page, m.page);

      const status = async (p: Page) => (await voiceLinks(p)).map((l) => l.status).join();
      await expect.poll(() => status(o.page), { timeout: 30_000 }).toBe('connected');
      await expect.poll(() => status(m.page), { timeout: 30_000 }).toBe('connected');
      // Relay is all the pages were allowed: the selected pair's local candidate is coturn's.
      expect((await one(o.page)).candidateType).toBe('relay');
      expect((await one(m.page)).candidateType).toBe('relay');

      const [atOfficer, atMerchant] = await Promise.all([received(o.page), received(m.page)]);
      console.log('voice relay: 2 s of audio', { atOfficer, atMerchant });
      expect(atOfficer.bytes).toBeGreaterThan(1000);
      expect(atMerchant.bytes).toBeGreaterThan(1000);
      expect(atOfficer.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
      expect(atMerchant.energy).toBeGreaterThan(LIVE_ENERGY_MIN);

      // coturn allocated a relay for each side, for users named by the hall's TURN REST credentials.
      const allocations = turn
        .log()
        .split('\n')
        .filter((l) => /ALLOCATE processed, success/.test(l));
      const users = new Set(allocations.map((l) => /user <(\d+):([^>]+)>/.exec(l)?.[2]));
      expect(users.size).toBeGreaterThanOrEqual(2);
      expect(turn.log()).toMatch(/CREATE_PERMISSION processed, success/);

      // The path goes away: coturn stops, taking every relay with it, and a new one starts in its place.
      const { port, secret } = turn;
      await turn.stop();
      turn = await startTurn({ port, secret });
      const says = (p: Page, text: RegExp) => async () =>
        text.test((await p.getByRole('region', { name: '语音通话' }).textContent()) ?? '');
      await expect.poll(says(o.page, /语音连接中断，正在重新连接/), { timeout: 30_000 }).toBe(true);
      await expect.poll(says(m.page, /语音连接中断，正在重新连接/), { timeout: 30_000 }).toBe(true);
      // The officer's page restarts ICE: both find the new relay and the call is connected again, by itself.
      await expect.poll(() => status(o.page), { timeout: 45_000 }).toBe('connected');
      await expect.poll(() => status(m.page), { timeout: 45_000 }).toBe('connected');
      expect(await says(o.page, /正在重新连接/)()).toBe(false);
      expect(turn.log()).toMatch(/ALLOCATE processed, success/);
      const [againAtOfficer, againAtMerchant] = await Promise.all([received(o.page), received(m.page)]);
      console.log('voice relay: 2 s of audio after the path changed', { againAtOfficer, againAtMerchant });
      expect(againAtOfficer.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
      expect(againAtMerchant.energy).toBeGreaterThan(LIVE_ENERGY_MIN);
    } finally {
      await m.context.close();
      await o.context.close();
    }
  });
});
