import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { launchChromium } from '../support/browser.ts';
import { childEnv, startHallProcess, type HallProcess } from '../support/server.ts';

const SHOTS = path.resolve('test-results', 'e2e');
let hall: HallProcess;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  hall = await startHallProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hall?.stop();
});

async function newVisitor(
  viewport = { width: 1280, height: 800 },
  phone = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: phone, isMobile: phone });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { context, page };
}

async function signIn(page: Page, name: string, shop: string, url = hall.url): Promise<string> {
  await page.goto(url);
  await page.getByLabel('您的称呼').fill(name);
  await page.getByLabel('店铺名称').fill(shop);
  // An orange jacket, which the 3D checks below look for (the form starts from a look picked at random).
  await page.getByRole('radio', { name: '橙', exact: true }).check();
  await page.getByRole('button', { name: '进入大厅' }).click();
  return page.waitForFunction(() => window.__hall?.selfId()).then((h) => h.jsonValue() as Promise<string>);
}

async function avatars(page: Page) {
  return page.evaluate(() => window.__hall?.avatars() ?? []);
}

/** Count distinct colours in a screenshot of the canvas: a blank or failed WebGL canvas has one or two. */
async function canvasColours(page: Page): Promise<number> {
  const png = PNG.sync.read(await page.locator('canvas').screenshot());
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4 * 7) {
    colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
  }
  return colours.size;
}

/**
 * Whether the screen shows a merchant's orange jacket around where an avatar's torso is projected: proof
 * that the avatar is drawn, not only known to the page.
 */
type Rgb = [number, number, number];
const isMerchantOrange = ([r, g, b]: Rgb) => r > 150 && r - b > 100 && g < r * 0.8 && g > b;
const isOfficerNavy = ([r, g, b]: Rgb) => b > r + 25 && b > g && r < 110 && b > 60;

async function merchantJacketAt(page: Page, id: string): Promise<boolean> {
  return jacketAt(page, id, isMerchantOrange);
}

async function jacketAt(page: Page, id: string, matches: (rgb: Rgb) => boolean): Promise<boolean> {
  const me = (await avatars(page)).find((x) => x.id === id);
  if (!me) return false;
  const at = await page.evaluate(([x, z]) => window.__hall!.project(x!, z!, 1.06), [me.x, me.z]);
  const png = PNG.sync.read(await page.locator('canvas').screenshot());
  const scale = png.width / (await page.locator('canvas').boundingBox())!.width;
  for (let dy = -8; dy <= 8; dy += 2) {
    for (let dx = -8; dx <= 8; dx += 2) {
      const px = Math.round((at.x + dx) * scale);
      const py = Math.round((at.y + dy) * scale);
      if (px < 0 || py < 0 || px >= png.width || py >= png.height) continue;
      const i = (py * png.width + px) * 4;
      if (matches([png.data[i]!, png.data[i + 1]!, png.data[i + 2]!])) return true;
    }
  }
  return false;
}

describe('walking into the hall', () => {
  it('shows the sign-in form in Chinese, explains errors, and switches to English in one click', async () => {
    const { context, page } = await newVisitor({ width: 390, height: 844 });
    await page.goto(hall.url);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('button', { name: '进入大厅' }).click();
    const errors = () => page.getByRole('alert').filter({ hasText: /./ }).allTextContents();
    await expect.poll(errors).toEqual(['请填写此项', '请填写此项']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.getByLabel('您的称呼').fill('王'.repeat(21));
    await expect.poll(async () => (await errors())[0]).toBe('最多 20 个字');
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-errors-phone.png') });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Sign in to the hall');
    await page.goto(`${hall.url}?lang=en`);
    await expect.poll(() => page.getByLabel('Shop name').count()).toBe(1);
    await context.close();
  });

  it('two merchants see each other in the list and in 3D, and a tap on the floor walks there for both', async () => {
    const a = await newVisitor();
    const b = await newVisitor();
    const aId = await signIn(a.page, '王女士', '老王面馆');
    const bId = await signIn(b.page, '李先生', '李记五金');

    // The people list, as a screen reader reads it.
    const people = (page: Page) =>
      page
        .getByRole('region', { name: /附近的人/ })
        .getByRole('listitem')
        .allTextContents();
    await expect.poll(async () => (await people(a.page)).join('|')).toMatch(/李先生.*李记五金/);
    await expect.poll(async () => (await people(b.page)).join('|')).toMatch(/王女士.*老王面馆/);

    // The 3D scene draws both, and is not blank.
    await expect.poll(async () => (await avatars(a.page)).map((x) => x.id).sort()).toEqual([aId, bId].sort());
    await expect.poll(async () => (await avatars(b.page)).map((x) => x.id).sort()).toEqual([aId, bId].sort());
    expect(await canvasColours(a.page)).toBeGreaterThan(50);
    // On B's screen, where A's avatar stands, there are the pixels of a merchant's orange jacket.
    await expect.poll(() => merchantJacketAt(b.page, aId)).toBe(true);
    await a.page.screenshot({ path: path.join(SHOTS, 'hall-two-merchants.png') });

    // A taps the floor in the waiting area; B sees A's avatar arrive there.
    const target = { x: -4, z: 6 };
    const at = await a.page.evaluate(([x, z]) => window.__hall!.project(x!, z!), [target.x, target.z]);
    const box = (await a.page.locator('canvas').boundingBox())!;
    await a.page.mouse.click(box.x + at.x, box.y + at.y);
    await expect
      .poll(
        async () => {
          const seen = (await avatars(b.page)).find((x) => x.id === aId);
          return seen ? Math.hypot(seen.x - target.x, seen.z - target.z) : Infinity;
        },
        { timeout: 20_000 },
      )
      .toBeLessThan(0.4);
    await b.page.screenshot({ path: path.join(SHOTS, 'hall-arrived-seen-by-other.png') });

    // B reloads: still the same person, and A still sees two people, not three.
    await b.page.reload();
    await expect.poll(() => b.page.evaluate(() => window.__hall?.selfId())).toBe(bId);
    await expect.poll(async () => (await people(a.page)).length).toBe(2);
    await expect.poll(async () => (await people(a.page)).join('|')).not.toMatch(/连接中断/);

    // Walking by keyboard moves the avatar too.
    const before = (await avatars(b.page)).find((x) => x.id === bId)!;
    await b.page.locator('body').click({ position: { x: 5, y: 400 } });
    await b.page.keyboard.down('KeyW');
    await expect
      .poll(async () => {
        const now = (await avatars(a.page)).find((x) => x.id === bId)!;
        return Math.hypot(now.x - before.x, now.z - before.z);
      })
      .toBeGreaterThan(0.5);
    await b.page.keyboard.up('KeyW');

    await a.context.close();
    await b.context.close();
  });

  it('the sign-in tabs follow the keyboard: arrows, Home and End move the choice and the focus together', async () => {
    const { context, page } = await newVisitor();
    await page.goto(hall.url);
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('商户登记').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tab('恢复码登录').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await tab('恢复码登录').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter'); // the focused tab stays chosen
    expect(await tab('恢复码登录').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    await expect.poll(() => tab('工作人员登录').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('username');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Home');
    expect(await tab('商户登记').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByLabel('您的称呼').count()).toBe(1);
    await context.close();
  });

  it('on a phone: the stick walks, a return visit skips the form, signing out forgets the merchant', async () => {
    const { context, page } = await newVisitor({ width: 390, height: 844 }, true);
    const id = await signIn(page, '赵女士', '赵家花店');
    const stick = page.getByTestId('joystick');
    const box = (await stick.boundingBox())!;
    const start = (await avatars(page)).find((x) => x.id === id)!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 5, { steps: 4 });
    await expect
      .poll(async () => {
        const now = (await avatars(page)).find((x) => x.id === id)!;
        return Math.hypot(now.x - start.x, now.z - start.z);
      })
      .toBeGreaterThan(0.5);
    await page.mouse.up();
    await page.screenshot({ path: path.join(SHOTS, 'hall-phone.png') });
    const again = await context.newPage();
    await again.goto(hall.url);
    await again.waitForFunction(() => window.__hall?.selfId());
    await expect.poll(() => again.getByRole('group', { name: '当前登记' }).textContent()).toMatch(/赵女士 · 赵家花店/);
    await again.getByRole('button', { name: '退出登记' }).click();
    await expect.poll(() => again.getByLabel('您的称呼').count()).toBe(1);
    await context.close();
  });

  it('shows a banner while the hall is unreachable and walks back in by itself when it returns', async () => {
    const own = await startHallProcess();
    const { context, page } = await newVisitor();
    await signIn(page, '钱先生', '钱记茶庄', own.url);
    // A number taken first: the banner says the place is kept, and must leave that place in view.
    const services = page.getByRole('region', { name: '办事取号' });
    await services.getByRole('radio', { name: /综合咨询/ }).check();
    await services.getByRole('button', { name: '取号' }).click();
    const strip = page.getByRole('list', { name: '我的排号' });
    await expect.poll(() => strip.textContent(), { timeout: 20_000 }).toMatch(/G-\d{3}/);
    const place = (await strip.boundingBox())!;
    await own.stop();
    const banner = page.locator('.banner').filter({ hasText: /正在重新连接|连接已断开/ });
    await expect.poll(() => banner.count()).toBe(1);
    expect((await banner.boundingBox())!.y).toBeGreaterThanOrEqual(place.y + place.height);
    expect(await strip.textContent()).toMatch(/G-\d{3}/);
    await page.screenshot({ path: path.join(SHOTS, 'hall-connection-lost.png') });
    const again = await startHallProcess({ PORT: String(own.port), DATA_DIR: own.dataDir });
    try {
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 40_000 })
        .not.toMatch(/正在重新连接|连接已断开/);
      await expect.poll(async () => (await avatars(page)).map((a) => a.name)).toEqual(['钱先生']);
    } finally {
      await context.close();
      await again.stop();
    }
  });

  it('an officer signs in with the account made on the command line and appears in uniform for a merchant', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-staff-'));
    const added = spawnSync(
      process.execPath,
      ['server/cli/staff.ts', 'add', '--role', 'officer', '--username', 'li', '--name', '李警官'],
      {
        env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
        input: 'correct horse battery\n',
        encoding: 'utf8',
      },
    );
    expect(added.status, added.stderr).toBe(0);
    const own = await startHallProcess({ DATA_DIR: dataDir });
    const merchant = await newVisitor();
    const officer = await newVisitor();
    try {
      await signIn(merchant.page, '孙女士', '孙记果品', own.url);
      await officer.page.goto(own.url);
      await officer.page.getByRole('tab', { name: '工作人员登录' }).click();
      await officer.page.getByLabel('用户名').fill('li');
      await officer.page.getByLabel('密码').fill('wrong password');
      await officer.page.getByRole('button', { name: '登录' }).click();
      await expect
        .poll(() => officer.page.getByRole('alert').filter({ hasText: /./ }).allTextContents())
        .toContain('用户名或密码不正确');
      await officer.page.getByLabel('密码').fill('correct horse battery');
      await officer.page.getByRole('button', { name: '登录' }).click();
      const officerId = await officer.page
        .waitForFunction(() => window.__hall?.selfId())
        .then((h) => h.jsonValue() as Promise<string>);

      const officers = merchant.page.getByRole('region', { name: /附近的人/ }).locator('.role-officer li');
      await expect.poll(() => officers.allTextContents()).toEqual([expect.stringMatching(/李警官.*执法队员/)]);
      await expect.poll(() => jacketAt(merchant.page, officerId, isOfficerNavy)).toBe(true);
      await merchant.page.screenshot({ path: path.join(SHOTS, 'hall-officer-seen-by-merchant.png') });

      // The merchant reloads and is still the same merchant, with the officer still there.
      const merchantId = await merchant.page.evaluate(() => window.__hall!.selfId());
      await merchant.page.reload();
      await expect.poll(() => merchant.page.evaluate(() => window.__hall?.selfId())).toBe(merchantId);
      await expect.poll(() => officers.count()).toBe(1);
    } finally {
      await merchant.context.close();
      await officer.context.close();
      await own.stop();
    }
  });
});
