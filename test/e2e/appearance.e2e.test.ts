import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { AccountsRoute } from '../../shared/accounts.ts';
import { CLOTHING_COLOURS, type Appearance } from '../../shared/appearance.ts';
import { RoomName } from '../../shared/protocol.ts';
import { HallState } from '../../shared/state.ts';
import { launchChromium } from '../support/browser.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { childEnv, startHallProcess, type HallProcess } from '../support/server.ts';

const SHOTS = path.resolve('test-results', 'e2e');
/** Pixel 7, as the issue tried it. */
const PIXEL_7 = { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };

let hall: HallProcess;
let browser: Browser;
const rooms: Room<unknown, HallState>[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-looks-'));
  const added = spawnSync(
    process.execPath,
    ['server/cli/staff.ts', 'add', '--role', 'officer', '--username', 'zhou', '--name', '周警官'],
    { env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), input: 'correct horse battery\n', encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(added.stderr);
  hall = await startHallProcess({ DATA_DIR: dataDir });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const r of rooms) await r.leave(true).catch(() => undefined);
  await browser?.close();
  await hall?.stop();
});

async function post(route: string, body: unknown): Promise<{ token: string }> {
  const res = await fetch(new URL(route, hall.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { token?: string };
  if (!json.token) throw new Error(`refused: ${res.status}`);
  return { token: json.token };
}

/** Someone else in the hall, joined as a page would, who can be told where to stand. */
async function person(token: string): Promise<Room<unknown, HallState>> {
  const client = new Client(hall.url);
  client.auth.token = await roomPassFor(hall.url, token);
  const room = await client.join<HallState>(RoomName.hall, {}, HallState);
  rooms.push(room);
  return room;
}

type Rgb = [number, number, number];
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;

const cosine = (a: Rgb, b: Rgb) =>
  (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (Math.hypot(...a) * Math.hypot(...b) || 1);
/** Every colour a body may be drawn in: the clothes and the two uniforms. */
const BODY_COLOURS: Rgb[] = [...Object.values(CLOTHING_COLOURS), '#1f4e8c', '#2f8a5b'].map(hex);

/**
 * Whether, around where a person's lower torso is drawn (below the name tag), some pixel shows the colour:
 * of all the colours a body may wear it is the nearest in hue (light and shade change the brightness and
 * shift the hue a little, never to another of them).
 */
/** Whether `rgb` shows within `reach` CSS pixels of the person's torso (a little further up and down). */
async function colourAt(page: Page, id: string, rgb: Rgb, reach = 8): Promise<boolean> {
  const me = await page.evaluate((who) => window.__hall!.avatars().find((a) => a.id === who), id);
  if (!me) return false;
  const at = await page.evaluate(([x, z]) => window.__hall!.project(x!, z!, 0.85), [me.x, me.z]);
  const canvas = page.locator('canvas');
  const png = PNG.sync.read(await canvas.screenshot());
  const scale = png.width / (await canvas.boundingBox())!.width;
  for (let dy = -reach - 2; dy <= reach + 2; dy += 2) {
    for (let dx = -reach; dx <= reach; dx += 2) {
      const px = Math.round((at.x + dx) * scale);
      const py = Math.round((at.y + dy) * scale);
      if (px < 0 || py < 0 || px >= png.width || py >= png.height) continue;
      const i = (py * png.width + px) * 4;
      const p: Rgb = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      const fit = cosine(p, rgb);
      if (fit > 0.95 && Math.hypot(...p) > 40 && BODY_COLOURS.every((c) => cosine(p, c) <= fit)) return true;
    }
  }
  return false;
}

describe('people you can tell apart', () => {
  it('a merchant chooses a look at sign-up on a phone, and sees neighbours and an officer each drawn as they are', async () => {
    const context = await browser.newContext({ ...PIXEL_7, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(hall.url);
    await page.getByLabel('您的称呼').fill('孙女士');
    await page.getByLabel('店铺名称').fill('孙记果品');
    // The chooser: radio groups a screen reader names, worked with the keyboard as any radio group.
    const build = page.getByRole('group', { name: '体型' });
    await build.getByRole('radio', { name: '适中' }).check();
    await build.getByRole('radio', { name: '适中' }).press('ArrowRight');
    await expect.poll(() => build.getByRole('radio', { name: '瘦高' }).isChecked()).toBe(true);
    await page.getByRole('group', { name: '发型' }).getByRole('radio', { name: '长发' }).check();
    await page.getByRole('group', { name: '衣服颜色' }).getByRole('radio', { name: '天蓝' }).check();
    await page.screenshot({ path: path.join(SHOTS, 'appearance-sign-up-phone.png'), fullPage: true });
    await page.getByRole('button', { name: '进入大厅' }).click();
    const selfId = await page
      .waitForFunction(() => window.__hall?.selfId())
      .then((h) => h.jsonValue() as Promise<string>);

    const looks: Appearance[] = [
      { body: 'broad', hair: 'short', hairColour: 'black', clothing: 'red' },
      { body: 'short', hair: 'bun', hairColour: 'grey', clothing: 'yellow' },
      { body: 'average', hair: 'bald', hairColour: 'black', clothing: 'purple' },
    ];
    const neighbours: Room<unknown, HallState>[] = [];
    for (const [k, appearance] of looks.entries()) {
      const { token } = await post(AccountsRoute.merchants, { name: `邻${k}`, shop: `邻店${k}`, appearance });
      neighbours.push(await person(token));
    }
    const officer = await person(
      (await post(AccountsRoute.staffLogin, { username: 'zhou', password: 'correct horse battery' })).token,
    );

    await page.getByRole('button', { name: '我已保存' }).click();
    // Everyone stands in a row just ahead of the merchant, across the phone's view.
    const me = await page.evaluate((id) => window.__hall!.avatars().find((a) => a.id === id)!, selfId);
    const crowd = [...neighbours, officer];
    // A step further in than the potted plants either side of the entrance mat, which would stand in front of the
    // outer two (a terracotta pot beside the officer's torso reads as red clothes).
    const spot = (k: number) => ({ x: me.x + [-2.6, -1.4, 1.4, 2.6][k]!, z: me.z - 1.8 });
    crowd.forEach((r, k) => r.send('moveTo', spot(k)));
    await expect
      .poll(
        async () => {
          const drawn = await page.evaluate(() => window.__hall!.avatars());
          return crowd.every((r, k) => {
            const a = drawn.find((d) => d.id === r.sessionId);
            return a && Math.hypot(a.x - spot(k).x, a.z - spot(k).z) < 0.3;
          });
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.waitForTimeout(500); // the walk's last step and the stride settling: a picture, not a check
    await page.screenshot({ path: path.join(SHOTS, 'appearance-phone.png') });
    const at = await page.evaluate(([x, z]) => window.__hall!.project(x!, z!, 1), [me.x, me.z]);
    const box = (await page.locator('canvas').boundingBox())!;
    await page.screenshot({
      path: path.join(SHOTS, 'appearance-phone-crowd.png'),
      clip: { x: box.x + Math.max(0, at.x - 150), y: box.y + Math.max(0, at.y - 110), width: 300, height: 170 },
    });

    // Closer, as a person zooms in: the builds, hair and the officer's cap and badge.
    await page.mouse.move(box.x + at.x, box.y + at.y);
    for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -400);
    await page.waitForTimeout(800);
    const near = await page.evaluate(([x, z]) => window.__hall!.project(x!, z!, 1), [me.x, me.z]);
    await page.screenshot({
      path: path.join(SHOTS, 'appearance-phone-close.png'),
      clip: { x: box.x + Math.max(0, near.x - 200), y: box.y + Math.max(0, near.y - 160), width: 400, height: 260 },
    });

    // Each is drawn in their own clothes; the officer in the uniform's navy, which no merchant can wear.
    for (const [k, r] of neighbours.entries()) {
      expect(await colourAt(page, r.sessionId, hex(CLOTHING_COLOURS[looks[k]!.clothing])), looks[k]!.clothing).toBe(
        true,
      );
    }
    expect(await colourAt(page, selfId, hex(CLOTHING_COLOURS.sky))).toBe(true);
    expect(await colourAt(page, officer.sessionId, hex('#1f4e8c'))).toBe(true);
    // The torso alone: a terracotta plant pot or auburn hair next to it is not the officer's clothes.
    expect(await colourAt(page, officer.sessionId, hex(CLOTHING_COLOURS.red), 4)).toBe(false);
    await context.close();
  });
});
