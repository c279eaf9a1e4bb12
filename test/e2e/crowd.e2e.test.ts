import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import type { Browser } from 'playwright-core';
import { hallLayout } from '../../shared/layout.ts';
import { createNavGrid, nearestWalkable } from '../../shared/navgrid.ts';
import { HallIntent, RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { WALK_SPEED } from '../../shared/movement.ts';
import { launchChromium } from '../support/browser.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { openPage, SHOTS, signInMerchant } from '../support/people.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { startHallProcessWithin, type HallProcess } from '../support/server.ts';

/** People each page is sent and draws (besides itself): small here, so a dozen walkers make a crowd beyond it. */
const NEAREST = 4;
const WALKERS = 10;
const grid = createNavGrid(hallLayout);

let hall: HallProcess;
let browser: Browser;
const walkers: Room[] = [];
let walking: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  hall = await startHallProcessWithin({ HALL_VIEW_NEAREST: String(NEAREST) }, 120_000);
  browser = await launchChromium();
  // Merchants who keep walking about the waiting area, each to a new spot every 2 s or so, as people do.
  for (let i = 0; i < WALKERS; i++) {
    const client = new Client(hall.url);
    client.auth.token = await roomPassFor(hall.url, await signUpMerchant(hall.url, `行人${i}`, `第${i}号店`));
    walkers.push(await client.join(RoomName.hall, {}, HallState));
  }
  let turn = 0;
  walking = setInterval(() => {
    const room = walkers[turn++ % WALKERS]!;
    const to = nearestWalkable(grid, hallLayout.spawn.x + (Math.random() - 0.5) * 10, 5 + Math.random() * 5, 2);
    if (to) room.send(HallIntent.moveTo, to);
  }, 200);
});
afterAll(async () => {
  clearInterval(walking);
  await Promise.all(walkers.map((r) => r.leave(true).catch(() => undefined)));
  await browser?.close();
  await hall?.stop();
});

describe('a crowd in the hall', () => {
  it('the page draws the people nearest, walking smoothly where their walks have them, and counts the rest', async () => {
    const { context, page } = await openPage(browser, { width: 1280, height: 800 });
    try {
      await signInMerchant(page, hall.url, '周女士', '周记布艺');
      await expect.poll(() => page.evaluate(() => window.__hall!.people())).toBe(WALKERS + 1);
      // Oneself and the nearest few (a person leaves the view only beyond a quarter more), never everyone.
      const inView = await page.evaluate(() => window.__hall!.inView());
      expect(inView).toBeGreaterThanOrEqual(NEAREST + 1);
      expect(inView).toBeLessThanOrEqual(NEAREST + 1 + Math.floor(NEAREST / 4));

      // The list names the people near; a polite status line counts the rest, as does the label over the scene.
      const list = page.getByRole('region', { name: /附近的人/ });
      const status = list.getByRole('status');
      const counted = async () => {
        return { said: (await status.textContent())?.trim(), shown: await page.locator('.crowd-count').textContent() };
      };
      await expect
        .poll(async () => {
          const listed = await list.getByRole('listitem').count();
          const { said, shown } = await counted();
          return said === `大厅里还有 ${WALKERS + 1 - listed} 人` && shown === said;
        })
        .toBe(true);
      expect(await status.getAttribute('aria-live')).toBe('polite');

      // Frame by frame, everyone walks at walking pace, at the moment of the hall clock drawn: no jumps from patch to
      // patch or waypoint to waypoint. Beyond the pace only the fading gap to a new walk (the turn the hall made while
      // it travelled, a few cm at a page's frame rate; more on this busy machine, whose frames are 0.1–1 s apart).
      const frames = await page.evaluate(
        () =>
          new Promise<{ t: number; at: Record<string, [number, number]> }[]>((resolve) => {
            const out: { t: number; at: Record<string, [number, number]> }[] = [];
            const self = window.__hall!.selfId();
            const grab = () => {
              const t = window.__hall!.drawnAt();
              const at: Record<string, [number, number]> = {};
              for (const a of window.__hall!.avatars()) if (a.id !== self) at[a.id] = [a.x, a.z];
              out.push({ t, at });
              if (out.length < 40) requestAnimationFrame(grab);
              else resolve(out);
            };
            requestAnimationFrame(grab);
          }),
      );
      let worst = 0;
      let walked = 0;
      for (let i = 1; i < frames.length; i++) {
        const a = frames[i - 1]!;
        const b = frames[i]!;
        const dt = Math.max(1, b.t - a.t) / 1000;
        for (const [id, [x, z]] of Object.entries(b.at)) {
          const before = a.at[id];
          if (!before) continue; // came into view this frame
          const step = Math.hypot(x - before[0], z - before[1]);
          walked += step;
          worst = Math.max(worst, step - WALK_SPEED * dt);
        }
      }
      expect(walked).toBeGreaterThan(0.2); // some of them walked while we watched
      expect(worst).toBeLessThan(0.3);
      console.log(`crowd: ${inView} in view, ${frames.length} frames, at most ${worst.toFixed(3)} m beyond pace`);
      await page.screenshot({ path: path.join(SHOTS, 'hall-crowd-near-and-count.png') });
    } finally {
      await context.close();
    }
  });
});
