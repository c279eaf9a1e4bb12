import type { Locator, Page } from 'playwright-core';
import { signInStaff } from './people.ts';

/**
 * A desk call as people make it, through the page's own buttons, for the voice tests and the benchmark: an
 * officer opens a desk, calls the merchant's number and starts the visit, asks by "语音", the merchant accepts.
 * Every wait has a deadline.
 */

/** One voice link as the page's test hook (window.__voice) reports it, from the browser's getStats(). */
export interface VoiceLinkSample {
  peerId: string;
  status: string;
  bytesSent: number;
  bytesReceived: number;
  totalInboundEnergy: number;
  candidateType: string | null;
  /** performance.now() of that page when audio first arrived, or null. */
  firstAudioAt: number | null;
}

export async function voiceLinks(page: Page): Promise<VoiceLinkSample[]> {
  return page.evaluate(() => window.__voice?.links() ?? Promise.resolve([]));
}

/**
 * Whom a page draws a speaking halo over (window.__hall in the hall, window.__meeting in the meeting room),
 * sampled every 100 ms for `ms`: every person id seen at least once (the fake microphone beeps, so a voice
 * comes and goes between samples).
 */
export async function halosSeen(page: Page, probe: '__hall' | '__meeting', ms = 3000): Promise<Set<string>> {
  const seen = new Set<string>();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (const id of await page.evaluate((p) => window[p]?.speaking() ?? [], probe)) seen.add(id);
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

/** The page's clock as wall time (ms since the epoch), to compare moments across pages of one machine. */
export async function pageEpochMs(page: Page, performanceNow?: number): Promise<number> {
  return page.evaluate((t) => performance.timeOrigin + (t ?? performance.now()), performanceNow ?? null);
}

/** Poll until `check` holds or `ms` pass; false when it never did. */
export async function waitFor(check: () => Promise<boolean>, ms: number, stepMs = 200): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

async function mustSee(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  if (!(await waitFor(check, ms))) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
}

/**
 * Press a voice button, and "继续" when the page first explains the microphone (the browser has not allowed
 * it yet). Returns the page's epoch ms of the last tap: when the person's choice was made.
 */
export async function pressWithMic(page: Page, voice: Locator, name: string, ms = 20_000): Promise<number> {
  let at = await pageEpochMs(page);
  await voice.getByRole('button', { name, exact: true }).click();
  const next = voice.getByRole('button', { name: '继续' });
  const gone = async () => (await voice.getByRole('button', { name, exact: true }).count()) === 0;
  await mustSee(`the "${name}" step to pass`, async () => (await next.count()) > 0 || (await gone()), ms);
  if ((await next.count()) > 0) {
    at = await pageEpochMs(page);
    await next.click();
  }
  return at;
}

/** The officer signs in and opens a desk for renovation guidance (1号窗口 by default). */
export async function openDesk(
  page: Page,
  url: string,
  username: string,
  password: string,
  deskId = 'desk-1',
  ms = 60_000,
): Promise<Locator> {
  await signInStaff(page, url, username, password);
  const desk = page.getByRole('region', { name: '窗口值守' });
  await desk.getByLabel('选择窗口').selectOption(deskId);
  await mustSee('the desk form', () => desk.getByRole('checkbox', { name: '装修指导' }).isChecked(), ms);
  await desk.getByRole('button', { name: '开启窗口' }).click();
  await mustSee('the desk open', async () => (await desk.getByText(/您正在值守/).count()) === 1, ms);
  return desk;
}

/** The merchant takes a number for renovation guidance; the officer calls it and starts the visit. */
export async function serveNext(m: Page, desk: Locator, number: string, ms = 60_000): Promise<void> {
  const services = m.getByRole('region', { name: '办事取号' });
  await services.getByRole('radio', { name: /装修指导/ }).check();
  await services.getByRole('button', { name: '取号' }).click();
  await mustSee(
    `ticket ${number}`,
    async () => (await services.getByRole('listitem').filter({ hasText: number }).count()) === 1,
    ms,
  );
  await desk.getByRole('button', { name: '叫下一位' }).click();
  await m
    .getByRole('alert')
    .filter({ hasText: `叫号：${number}` })
    .getByRole('button', { name: '知道了' })
    .click();
  await desk.getByRole('button', { name: '开始办理' }).click();
  await mustSee(
    'the desk conversation',
    async () => (await m.getByRole('region', { name: '窗口对话' }).count()) === 1,
    ms,
  );
}

export interface LiveDeskCall {
  officerVoice: Locator;
  merchantVoice: Locator;
  /** Epoch ms of the merchant's accepting tap. */
  acceptedAt: number;
}

/** The officer asks by voice, the merchant accepts; resolves once both pages say the call is live. */
export async function startDeskCall(o: Page, m: Page, ms = 60_000): Promise<LiveDeskCall> {
  const officerVoice = o.getByRole('region', { name: '语音通话' });
  const merchantVoice = m.getByRole('region', { name: '语音通话' });
  await pressWithMic(o, officerVoice, '语音', ms);
  await mustSee(
    'the ask at the merchant',
    async () => /请求和您语音通话/.test((await merchantVoice.textContent()) ?? ''),
    ms,
  );
  const acceptedAt = await pressWithMic(m, merchantVoice, '接听', ms);
  for (const v of [officerVoice, merchantVoice])
    await mustSee('the call live', async () => /正在和.+语音通话/.test((await v.textContent()) ?? ''), ms);
  return { officerVoice, merchantVoice, acceptedAt };
}
