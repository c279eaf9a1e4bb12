import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationClock } from '../../shared/dates.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, SHOTS, signInMerchant, signInStaff, STAFF_PASSWORD } from '../support/people.ts';
import { startHallWithStaff, type HallProcess } from '../support/server.ts';
import { halosSeen } from '../support/voiceCall.ts';

/**
 * A session's voice among four people in four browser contexts of one Chromium, with fake microphones (a
 * beep): who hears whom is read from each page's own WebRTC counters (window.__voice), the energy of the
 * audio that arrives on each link over a two-second window.
 */

const TITLE = '夜市摊位噪声三方会谈';
const PEOPLE = ['周经理', '李警官', '王老板', '赵女士'] as const;
type Who = (typeof PEOPLE)[number];
/** Energy (sum of level² × seconds) arriving in a window above which a voice counts as heard. */
const HEARD = 1e-4;
/** …and below which as not heard (a muted or refused voice brings nothing, or comfort-noise silence). */
const SILENT = 1e-5;
const WINDOW_MS = 2000;
/** How long the links get to settle after a change (renegotiation on a busy two-core machine). */
const SETTLE = { timeout: 90_000, interval: 500 };

let hall: HallProcess;
let hallLog = '';
let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-voice-meeting-'));
  hall = await startHallWithStaff({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, [
    { role: 'parkManager', username: 'zhou', name: '周经理', password: STAFF_PASSWORD },
    { role: 'officer', username: 'li', name: '李警官', password: STAFF_PASSWORD },
  ]);
  // The hall's log, shown if the test fails: it tells a refused voice from a slow machine.
  for (const out of [hall.child.stdout, hall.child.stderr]) out?.on('data', (c: Buffer) => (hallLog += c.toString()));
  browser = await launchChromium({ voice: true });
});
afterAll(async () => {
  await browser?.close();
  await hall?.stop();
});

type Counters = Record<string, { energy: number; bytes: number }>;

async function counters(page: Page): Promise<Counters> {
  const links = await page.evaluate(() => window.__voice?.links() ?? Promise.resolve([]));
  return Object.fromEntries(links.map((l) => [l.peerId, { energy: l.totalInboundEnergy, bytes: l.bytesReceived }]));
}

/** Each page's link peers: a person's id is the one every other page links to and their own does not. */
async function personIds(pages: Record<Who, Page>): Promise<Record<Who, string>> {
  const peers = Object.fromEntries(
    await Promise.all(PEOPLE.map(async (w) => [w, Object.keys(await counters(pages[w]))] as const)),
  ) as Record<Who, string[]>;
  const all = new Set(Object.values(peers).flat());
  return Object.fromEntries(PEOPLE.map((w) => [w, [...all].find((id) => !peers[w].includes(id)) ?? ''])) as Record<
    Who,
    string
  >;
}

/** Energy each listener received from each speaker over one window: heard[listener][speaker]. */
async function window2s(pages: Record<Who, Page>, ids: Record<Who, string>): Promise<Record<Who, Record<Who, number>>> {
  const before = await Promise.all(PEOPLE.map((w) => counters(pages[w])));
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const after = await Promise.all(PEOPLE.map((w) => counters(pages[w])));
  const out = {} as Record<Who, Record<Who, number>>;
  PEOPLE.forEach((listener, i) => {
    out[listener] = {} as Record<Who, number>;
    for (const speaker of PEOPLE) {
      if (speaker === listener) continue;
      const id = ids[speaker];
      const a = after[i]![id]?.energy ?? 0;
      const b = before[i]![id]?.energy ?? 0;
      out[listener][speaker] = Math.max(0, a - b);
    }
  });
  return out;
}

/** Whether a window shows exactly these speakers heard by everyone else, and nobody else heard at all. */
function shows(heard: Record<Who, Record<Who, number>>, speakers: readonly Who[]): boolean {
  return PEOPLE.every((listener) =>
    PEOPLE.every((speaker) => {
      if (speaker === listener) return true;
      const e = heard[listener][speaker];
      return speakers.includes(speaker) ? e > HEARD : e < SILENT;
    }),
  );
}

function table(heard: Record<Who, Record<Who, number>>): string {
  return PEOPLE.map(
    (l) =>
      `${l} hears ` +
      PEOPLE.filter((s) => s !== l)
        .map((s) => `${s} ${heard[l][s].toExponential(1)}`)
        .join(', '),
  ).join('\n');
}

/** Measure windows until one shows exactly `speakers` heard; log its figures (the test's report). */
async function expectHeard(
  phase: string,
  pages: Record<Who, Page>,
  ids: Record<Who, string>,
  speakers: readonly Who[],
): Promise<void> {
  let last: Record<Who, Record<Who, number>> | null = null;
  await expect
    .poll(async () => {
      last = await window2s(pages, ids);
      return shows(last, speakers);
    }, SETTLE)
    .toBe(true)
    .catch((err: unknown) => {
      if (last) console.log(`[voice] ${phase} (last window, not as expected):\n${table(last)}`);
      throw err;
    });
  console.log(`[voice] ${phase}:\n${table(last!)}`);
}

const started = Date.now();
/** Where the run is, with the seconds since the file started (four 3D pages on two cores are slow). */
const step = (what: string) => console.log(`[voice] ${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`);

/** The page draws halos over exactly `on` (each seen in a window) and never over `off`. */
async function expectHalos(page: Page, on: readonly string[], off: readonly string[]): Promise<void> {
  let seen = new Set<string>();
  await expect
    .poll(async () => {
      seen = await halosSeen(page, '__meeting');
      return on.every((id) => seen.has(id)) && off.every((id) => !seen.has(id));
    }, SETTLE)
    .toBe(true)
    .catch((err: unknown) => {
      console.log(`[voice] halos seen: ${[...seen].join(', ')}; expected ${on.join(', ')}, not ${off.join(', ')}`);
      throw err;
    });
}

/** A desktop-sized look at the room, cut round the halos drawn now (if any), then the small window again. */
async function lookAtHalos(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const halos = await page.evaluate(() => window.__meeting?.halos() ?? []);
  const box = await page.locator('.scene canvas').boundingBox();
  if (box && halos.length > 0) {
    const xs = halos.map((h) => h.x + box.x);
    const ys = halos.map((h) => h.y + box.y);
    const x = Math.max(0, Math.min(...xs) - 160);
    const y = Math.max(0, Math.min(...ys) - 120);
    const clip = { x, y, width: Math.min(1280 - x, Math.max(...xs) + 160 - x), height: Math.min(800 - y, 300) };
    await page.screenshot({ path: path.join(SHOTS, `${name}-close.png`), clip });
  }
  await page.setViewportSize({ width: 640, height: 480 });
}

const panel = (page: Page) => page.locator('.meeting-panel');
const voice = (page: Page) => page.locator('.meeting-voice');

/** The person may speak: allow the microphone when the page explains it first, and see it on. */
async function micOn(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const allow = voice(page).getByRole('button', { name: '允许使用麦克风' });
      if (await allow.count()) await allow.click();
      return voice(page).locator('.voice-state').textContent();
    }, SETTLE)
    .toContain('您可以发言 — 麦克风已打开');
}

describe("a session's voice", () => {
  it('moderated: the chair is heard; the floor, a mute and open discussion decide who else is', async () => {
    // Small windows: four 3D pages drawn in software on a shared two-core machine.
    const opened = await Promise.all(PEOPLE.map(() => openPage(browser, { width: 640, height: 480 })));
    const pages = Object.fromEntries(PEOPLE.map((w, i) => [w, opened[i]!.page])) as Record<Who, Page>;
    const warnings: string[] = [];
    for (const who of PEOPLE) {
      pages[who].on('console', (msg) => {
        if (msg.type() === 'warning' || msg.type() === 'error') warnings.push(`${who}: ${msg.text()}`);
      });
    }
    try {
      await signInMerchant(pages.王老板, hall.url, '王老板', '王记烧烤');
      await signInMerchant(pages.赵女士, hall.url, '赵女士', '赵家凉皮');
      await signInStaff(pages.李警官, hall.url, 'li', STAFF_PASSWORD);
      await signInStaff(pages.周经理, hall.url, 'zhou', STAFF_PASSWORD);

      // The park manager schedules the session a few minutes ahead: its door is already open.
      step('signed in');
      const when = stationClock(Date.now() + 5 * 60_000, 'Asia/Shanghai');
      const plan = pages.周经理.locator('details.meetings');
      await plan.locator('summary').click();
      await plan.getByRole('button', { name: '安排会谈' }).click();
      await plan.getByLabel('会谈主题').fill(TITLE);
      await plan.getByLabel('日期').fill(when.date);
      await plan.getByLabel('开始时间').fill(when.time);
      await plan.getByLabel('议程（每行一项）').fill('夜间收摊时间');
      await plan.getByRole('checkbox', { name: '李警官' }).check();
      await plan.getByRole('checkbox', { name: /王老板/ }).check();
      await plan.getByRole('checkbox', { name: /赵女士/ }).check();
      await plan.getByRole('button', { name: '保存并通知参会方' }).click();
      await expect.poll(() => plan.locator('.meeting').first().textContent()).toContain(TITLE);

      for (const who of PEOPLE) {
        const page = pages[who];
        const mine = page.locator('details.meetings');
        if ((await mine.getAttribute('open')) === null) await mine.locator('summary').click();
        await mine.locator('.meeting', { hasText: TITLE }).getByRole('button', { name: '前往会议室' }).click();
        await expect.poll(() => panel(page).textContent(), { timeout: 30_000 }).toContain('参会人员');
      }
      step('in the room');
      // The others listen without a microphone; the host chairs, so may speak at once (the fake microphone's
      // permission is granted, so it opens without the explanation). Nothing is recorded: the page says so.
      await micOn(pages.周经理);
      for (const who of PEOPLE) {
        if (who !== '周经理') await expect.poll(() => voice(pages[who]).textContent(), SETTLE).toContain('正在收听');
        expect(await voice(pages[who]).textContent()).toContain('通话不录音');
      }
      await panel(pages.周经理).getByRole('button', { name: '开始会谈' }).click();
      for (const who of PEOPLE) {
        await expect
          .poll(() => pages[who].evaluate(async () => (await window.__voice?.links())?.length ?? 0), SETTLE)
          .toBe(3);
      }
      step('links up');
      const ids = await personIds(pages);
      expect(new Set(Object.values(ids)).size).toBe(4);

      await expectHeard('moderated, the chair speaks', pages, ids, ['周经理']);

      // A merchant raises a hand and is given the floor: now the others hear her too.
      await panel(pages.王老板).getByRole('button', { name: '举手发言' }).click();
      await panel(pages.周经理).getByRole('button', { name: '请 王老板 发言' }).click();
      await micOn(pages.王老板);
      await expectHeard('the floor given to 王老板', pages, ids, ['周经理', '王老板']);

      // Speaking shows on the wall board, over the figures and in the people list; look at it.
      await expect.poll(() => panel(pages.李警官).locator('.speaking-now').count(), SETTLE).toBeGreaterThan(0);
      await pages.李警官.screenshot({ path: path.join(SHOTS, 'voice-meeting-speaking.png') });

      step('floor given and heard');
      // The halos over the two who are heard, as a listener's page draws them, and over nobody else.
      await expectHalos(pages.李警官, [ids.周经理, ids.王老板], [ids.李警官, ids.赵女士]);
      await lookAtHalos(pages.李警官, 'voice-meeting-halos');

      // A listener and the floor holder reload their pages: each walks back to the table and takes the
      // session's voice up again; the listener hears the chair and the floor holder, who is heard by all again.
      await Promise.all([pages.李警官.reload(), pages.王老板.reload()]);
      for (const who of ['李警官', '王老板'] as const) {
        await expect.poll(() => panel(pages[who]).textContent(), { timeout: 60_000 }).toContain('参会人员');
      }
      await micOn(pages.王老板);
      await expect.poll(() => voice(pages.李警官).textContent(), SETTLE).toContain('正在收听');
      for (const who of PEOPLE) {
        await expect
          .poll(() => pages[who].evaluate(async () => (await window.__voice?.links())?.length ?? 0), SETTLE)
          .toBe(3);
      }
      await expectHeard('after 李警官 and 王老板 reloaded', pages, ids, ['周经理', '王老板']);
      step('reloaded and heard again');

      // The chair takes the floor back: her microphone closes and nobody hears her any more.
      await panel(pages.周经理).getByRole('button', { name: '结束当前发言' }).click();
      await expect.poll(() => voice(pages.王老板).locator('.voice-state').textContent(), SETTLE).toContain('正在收听');
      await expectHeard('the floor taken back from 王老板', pages, ids, ['周经理']);
      step('floor taken back and silent');
      // She asks again and is given the floor again, for what follows.
      await panel(pages.王老板).getByRole('button', { name: '举手发言' }).click();
      await panel(pages.周经理).getByRole('button', { name: '请 王老板 发言' }).click();
      await micOn(pages.王老板);
      await expectHeard('the floor given to 王老板 again', pages, ids, ['周经理', '王老板']);

      // The chair mutes 王老板: her voice stops reaching anyone, and her page says why.
      await panel(pages.周经理).getByRole('button', { name: '禁言王老板（语音和文字）' }).click();
      await expect
        .poll(() => voice(pages.王老板).locator('.voice-state').textContent(), SETTLE)
        .toContain('主持人已将您禁言');
      await expectHeard('王老板 muted by the chair', pages, ids, ['周经理']);
      await expectHalos(pages.李警官, [ids.周经理], [ids.王老板, ids.李警官, ids.赵女士]);

      step('muted and silent');
      // Unmuted, and open discussion: everyone may speak, and everyone hears everyone.
      await panel(pages.周经理).getByRole('button', { name: '解除王老板的禁言（语音和文字）' }).click();
      await voice(pages.周经理).getByRole('button', { name: '自由发言' }).click();
      await expect
        .poll(() => voice(pages.周经理).getByRole('button', { name: '自由发言' }).getAttribute('aria-pressed'))
        .toBe('true');
      for (const who of PEOPLE) await micOn(pages[who]);
      await expectHeard('open discussion', pages, ids, PEOPLE);
      await expectHalos(
        pages.周经理,
        PEOPLE.map((w) => ids[w]),
        [],
      );
      // A desktop-sized look at the room with everyone speaking: halos, seat rings, tags and the wall board.
      await pages.周经理.setViewportSize({ width: 1280, height: 800 });
      await pages.周经理.waitForTimeout(3000);
      await pages.周经理.screenshot({ path: path.join(SHOTS, 'voice-meeting-open.png') });
    } catch (err) {
      // What each page showed when it failed, to tell a slow machine from a wrong voice.
      for (const who of PEOPLE) {
        const text = await panel(pages[who])
          .textContent({ timeout: 2000 })
          .catch(() => '(no meeting panel)');
        console.log(`[voice] ${who}: ${text}`);
        const links = await pages[who].evaluate(() => window.__voice?.links() ?? Promise.resolve([])).catch(() => []);
        const players = await pages[who]
          .evaluate(() =>
            [...document.querySelectorAll<HTMLAudioElement>('audio[data-voice-peer]')].map(
              (a) =>
                `${a.dataset.voicePeer}: src ${a.srcObject ? 'set' : 'none'}, paused ${a.paused}, muted ${a.muted}`,
            ),
          )
          .catch(() => []);
        console.log(`[voice] ${who} players: ${players.join('; ')}`);
        for (const l of links) {
          console.log(
            `[voice] ${who} → ${l.peerId}: ${l.status}, sent ${l.bytesSent} B, received ${l.bytesReceived} B, ${l.candidateType}`,
          );
        }
        await pages[who]
          .screenshot({ path: path.join(SHOTS, `voice-meeting-failed-${PEOPLE.indexOf(who)}.png`), timeout: 10_000 })
          .catch(() => console.log(`[voice] ${who}: no screenshot (the page does not answer)`));
      }
      console.log(`[voice] the pages' warnings:\n${warnings.slice(-40).join('\n')}`);
      console.log(`[voice] the hall's log, last lines:\n${hallLog.slice(-6000)}`);
      throw err;
    } finally {
      for (const o of opened) await o.context.close();
    }
  }, 900_000);
});
