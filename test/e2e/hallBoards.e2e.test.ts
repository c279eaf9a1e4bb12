import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hallLayout, type BoardDef } from '../../shared/layout.ts';
import {
  DESK_PX,
  HEADER_PX,
  HEADER_TEXT_PX,
  NUMBER_PX,
  rowMiddle,
  SCREEN_H,
  SCREEN_W,
} from '../../client/hall/callingScreen.ts';
import { BOARD_H_PX, BOARD_W_PX, pageRows } from '../../client/hall/noticeBoardLines.ts';
import { DESK_SIGN, deskSignAt } from '../../client/hall/Desk.tsx';
import { hallWithStaff, SHOTS, signInStaff, STAFF_PASSWORD } from '../support/people.ts';

/**
 * The calling screen and the notice board as a merchant on a phone sees them from the waiting area, without
 * zooming: the screen straight ahead, the board after turning the view towards it. The screenshots (the
 * whole phone screen, and each board cut out at the phone's own pixels) are for a person to look at; the test
 * checks that each board is on screen and what it paints, and measures how tall its words show, in CSS
 * pixels, from where the camera projects them: the calls on the screen, the notice's title and the big word of
 * each desk's sign (its service, or its state) must show at least {@link READABLE_PX}, in Chinese and in
 * English. A tap on the board opens its plain list.
 */
// A first start applies every migration: on a busy shared machine it takes longer than the usual 20 s.
const setup = hallWithStaff('hall-boards', [{ role: 'officer', username: 'xu', name: '徐警官' }], {}, 120_000);

/** Pixel 7, as the phone: portrait, dense, touch. */
const PIXEL_7 = { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };

/** The height of words, CSS px, that a phone's reader takes in without zooming (a small caption's). */
const READABLE_PX = 12;

const painted = (page: Page) => page.evaluate(() => window.__hall?.signTexts() ?? []);

/**
 * A point on a board's face, metres from its middle: `u` across (to the right as one faces it), `v` up along
 * the face, which leans with the board's tilt (its top back).
 */
function onBoard(board: BoardDef, u: number, v: number): { x: number; z: number; y: number } {
  const tilt = board.tilt ?? 0;
  const out = -v * Math.sin(tilt); // towards the side the board faces
  return {
    x: board.x + u * Math.cos(board.ry) + out * Math.sin(board.ry),
    z: board.z - u * Math.sin(board.ry) + out * Math.cos(board.ry),
    y: board.y + v * Math.cos(tilt),
  };
}

/**
 * How tall words of `size` canvas px show on the page, CSS px, with their middle at (`x`, `y`) of a board's
 * canvas of `canvasW`×`canvasH` px: the span between the projections of their top and bottom.
 */
async function wordsPx(
  page: Page,
  board: BoardDef,
  canvasW: number,
  canvasH: number,
  at: { x: number; y: number },
  size: number,
): Promise<number> {
  const metres = board.w / canvasW;
  const u = (at.x - canvasW / 2) * metres;
  const v = (canvasH / 2 - at.y) * metres;
  const ends = [onBoard(board, u, v + (size * metres) / 2), onBoard(board, u, v - (size * metres) / 2)];
  const [a, b] = await page.evaluate((cs) => cs.map((c) => window.__hall!.project(c.x, c.z, c.y)), ends);
  return Math.hypot(a!.x - b!.x, a!.y - b!.y);
}

/** Where a board shows on the page, CSS pixels: the box around its four corners as the camera projects them. */
async function onScreen(page: Page, board: BoardDef): Promise<{ x: number; y: number; width: number; height: number }> {
  const corners = [-1, 1].flatMap((sx) => [-1, 1].map((sy) => onBoard(board, (sx * board.w) / 2, (sy * board.h) / 2)));
  const points = await page.evaluate((cs) => cs.map((c) => window.__hall!.project(c.x, c.z, c.y)), corners);
  const canvas = (await page.locator('canvas').boundingBox())!;
  const xs = points.map((p) => p.x + canvas.x);
  const ys = points.map((p) => p.y + canvas.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Until the board stands still on the page (the camera's follow and turn have settled). */
async function steady(page: Page, board: BoardDef): Promise<void> {
  let last = { x: NaN, y: NaN, width: NaN, height: NaN };
  await expect
    .poll(
      async () => {
        const now = await onScreen(page, board);
        const moved = Math.max(
          Math.abs(now.x - last.x),
          Math.abs(now.y - last.y),
          Math.abs(now.width - last.width),
          Math.abs(now.height - last.height),
        );
        last = now;
        return moved < 0.5;
      },
      { timeout: 15_000, interval: 300 },
    )
    .toBe(true);
}

/** The board's box lies on the phone's screen, above the panels' sheet. */
async function visible(page: Page, box: { x: number; y: number; width: number; height: number }): Promise<boolean> {
  const sheetTop = await page.evaluate(
    () => document.querySelector('.panels:not(.panels-centre)')?.getBoundingClientRect().top ?? innerHeight,
  );
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= PIXEL_7.viewport.width && box.y + box.height <= sheetTop;
}

/** A desk's sign on the wall as a board: upright, facing the hall. */
function deskSign(i: number): BoardDef {
  const at = deskSignAt(hallLayout, hallLayout.desks[i]!);
  return { ...at, w: DESK_SIGN.w, h: DESK_SIGN.h, ry: 0 };
}

/** How tall a desk sign's big word (its service, or its state) shows on the page, CSS px. */
function signWordPx(page: Page, i: number): Promise<number> {
  const { px, band, word } = DESK_SIGN;
  return wordsPx(page, deskSign(i), px.w, px.h, { x: px.w / 2, y: band + (px.h - band) / 2 }, word);
}

/** Turn the view (Q or E, as a drag does) until `board` stands in the middle of the phone's screen. */
async function turnTo(page: Page, board: BoardDef, key: 'KeyQ' | 'KeyE'): Promise<void> {
  await page.locator('div.scene').focus();
  const off = async () => {
    const b = await onScreen(page, board);
    return b.x + b.width / 2 - PIXEL_7.viewport.width / 2;
  };
  for (let i = 0; i < 60 && Math.abs(await off()) > 60; i++) {
    await page.keyboard.down(key);
    await page.waitForTimeout(120);
    await page.keyboard.up(key);
    await page.waitForTimeout(250);
  }
  await steady(page, board);
}

/** Walk to the waiting area by the "Go to" list, and wait until there. */
async function toWaitingArea(page: Page, go: string, label: string): Promise<void> {
  const waiting = hallLayout.places.find((p) => p.id === 'waiting')!;
  await page.getByRole('navigation', { name: go }).getByRole('button', { name: label }).click();
  await expect
    .poll(
      () =>
        page.evaluate(
          ([x, z]) => {
            const me = window.__hall!.avatars().find((a) => a.id === window.__hall!.selfId());
            return me ? Math.hypot(me.x - x!, me.z - z!) : 99;
          },
          [waiting.x, waiting.z],
        ),
      { timeout: 30_000 },
    )
    .toBeLessThan(0.8);
}

async function shoot(page: Page, name: string, box: { x: number; y: number; width: number; height: number }) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const pad = 8;
  await page.screenshot({
    path: path.join(SHOTS, `${name}-close.png`),
    clip: {
      x: Math.max(0, box.x - pad),
      y: Math.max(0, box.y - pad),
      width: box.width + 2 * pad,
      height: box.height + 2 * pad,
    },
  });
}

describe('the boards of the hall on a phone', () => {
  it('shows the calls and the notice’s title readable from the waiting area, screenshots to look at', async () => {
    const browser = setup.browser();
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const phone = await browser.newContext({ ...PIXEL_7, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const o = await desktop.newPage();
      const m = await phone.newPage();
      m.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));

      // The officer posts a notice and opens desk 1.
      await signInStaff(o, setup.hall().url, 'xu', STAFF_PASSWORD);
      const notices = o.locator('details.notice-board');
      await notices.locator('summary').click();
      await notices.getByRole('button', { name: '发布公告' }).click();
      const form = notices.locator('form.notice-form');
      await form.getByLabel('标题', { exact: true }).fill('外摆经营须知');
      await form.getByLabel('类别').selectOption({ label: '招牌备案' });
      await form.getByLabel('正文', { exact: true }).fill('店外摆放不得占用盲道。\n每日 22 点前收回。');
      await form.getByRole('button', { name: '发布公告' }).click();
      await expect.poll(() => notices.locator('li.notice').first().textContent()).toContain('外摆经营须知');
      const desk = o.getByRole('region', { name: '窗口值守' });
      await desk.getByLabel('选择窗口').selectOption('desk-1');
      await desk.getByRole('button', { name: '开启窗口' }).click();
      await expect.poll(() => desk.getByText('您正在值守 1号窗口').count()).toBe(1);

      // A merchant on the phone takes a number and is called: the calling screen has a call to show.
      await m.goto(setup.hall().url);
      await m.getByLabel('您的称呼').fill('朱女士');
      await m.getByLabel('店铺名称').fill('朱记糕点');
      await m.getByRole('button', { name: '进入大厅' }).click();
      // The 3D hall's code comes after the form: on a busy shared machine it can take a while.
      await m.waitForFunction(() => window.__hall?.selfId(), undefined, { timeout: 90_000 });
      const services = m.getByRole('region', { name: '办事取号' });
      await services.getByRole('radio', { name: /装修指导/ }).check();
      await services.getByRole('button', { name: '取号' }).click();
      await expect.poll(() => services.getByText('R-001').count()).toBeGreaterThan(0);
      await desk.getByRole('button', { name: '叫下一位' }).click();
      await m.getByRole('alert').filter({ hasText: '叫号：R-001' }).getByRole('button', { name: '知道了' }).click();
      await expect
        .poll(async () => (await painted(m)).join(' | '), { timeout: 20_000 })
        .toMatch(/叫号屏.*R-001.*1号窗口/);
      // One notice, one page: its title on a line of its own, the first lines of its text under it.
      await expect
        .poll(() => painted(m))
        .toEqual(expect.arrayContaining(['公告栏', '招牌备案', '外摆经营须知', '店外摆放不得占用盲道。']));
      // What the screen cannot show large is not painted small: no waiting counts (the closed desks say so
      // on their own signs and placards, three of them here).
      expect((await painted(m)).filter((t) => /^等候/.test(t))).toEqual([]);
      expect((await painted(m)).filter((t) => t === '未开放')).toHaveLength(2 * (hallLayout.desks.length - 1));
      // The open desk's sign says its service in one big word, the closed ones their state.
      expect(await painted(m)).toEqual(expect.arrayContaining(['1号窗口', '装修指导', '2号窗口 · 招牌备案']));

      // To the waiting area, the view as it comes (no zoom).
      await toWaitingArea(m, '前往', '等候区');
      await steady(m, hallLayout.queueBoard);
      const screen = await onScreen(m, hallLayout.queueBoard);
      expect(await visible(m, screen)).toBe(true);
      await shoot(m, 'hall-boards-calling-screen-phone', screen);
      // The title band, and the first call's number (left) and desk (right), where they are painted.
      const q = hallLayout.queueBoard;
      const title = await wordsPx(m, q, SCREEN_W, SCREEN_H, { x: SCREEN_W * 0.2, y: HEADER_PX / 2 }, HEADER_TEXT_PX);
      const number = await wordsPx(m, q, SCREEN_W, SCREEN_H, { x: SCREEN_W * 0.2, y: rowMiddle(0) }, NUMBER_PX);
      const desk1 = await wordsPx(m, q, SCREEN_W, SCREEN_H, { x: SCREEN_W * 0.8, y: rowMiddle(0) }, DESK_PX);
      const lastRow = await wordsPx(m, q, SCREEN_W, SCREEN_H, { x: SCREEN_W * 0.8, y: rowMiddle(2) }, DESK_PX);
      console.log(
        `calling screen from the waiting area: ${screen.width.toFixed(0)}×${screen.height.toFixed(0)} CSS px; ` +
          `words: title ${title.toFixed(1)}, number ${number.toFixed(1)}, desk ${desk1.toFixed(1)}, ` +
          `a third row's desk ${lastRow.toFixed(1)} CSS px`,
      );
      for (const px of [title, number, desk1, lastRow]) expect(px).toBeGreaterThanOrEqual(READABLE_PX);

      // The desks' signs from the same place: desks 2 and 3 (closed) straight ahead, either side of the screen.
      await m.screenshot({ path: path.join(SHOTS, 'hall-boards-desk-signs-phone.png') });
      const ahead = [await signWordPx(m, 1), await signWordPx(m, 2)];
      // Desk 1 (open: its service) after turning the view to it; desk 4 stands as far on the other side.
      await turnTo(m, deskSign(0), 'KeyQ');
      const open = await signWordPx(m, 0);
      await m.screenshot({ path: path.join(SHOTS, 'hall-boards-desk-1-phone.png') });
      console.log(
        `desk signs from the waiting area: the big word of desk 2 ${ahead[0]!.toFixed(1)}, desk 3 ` +
          `${ahead[1]!.toFixed(1)} (未开放), desk 1 turned to ${open.toFixed(1)} (装修指导) CSS px`,
      );
      for (const px of [...ahead, open]) expect(px).toBeGreaterThanOrEqual(READABLE_PX);

      // Turning the view (Q, as a drag does on the screen) until the notice board is in the middle.
      await m.locator('div.scene').focus();
      const centre = async () => {
        const b = await onScreen(m, hallLayout.noticeBoard);
        return b.x + b.width / 2;
      };
      for (let i = 0; i < 60 && Math.abs((await centre()) - PIXEL_7.viewport.width / 2) > 60; i++) {
        await m.keyboard.down('KeyQ');
        await m.waitForTimeout(120);
        await m.keyboard.up('KeyQ');
        await m.waitForTimeout(250);
      }
      await steady(m, hallLayout.noticeBoard);
      const board = await onScreen(m, hallLayout.noticeBoard);
      await shoot(m, 'hall-boards-notice-board-phone', board);
      expect(await visible(m, board)).toBe(true);
      const n = hallLayout.noticeBoard;
      const rows = pageRows({ title: '外摆经营须知', text: '店外摆放不得占用盲道。\n每日 22 点前收回。' });
      const row = (part: string) => rows.find((r) => r.part === part)!;
      // Measured across the middle of the board: the lines start at its left edge and run most of its width.
      const mid = (r: { middle: number }) => ({ x: BOARD_W_PX / 2, y: r.middle });
      const heading = await wordsPx(m, n, BOARD_W_PX, BOARD_H_PX, mid(row('title')), row('title').size);
      const body = await wordsPx(m, n, BOARD_W_PX, BOARD_H_PX, mid(row('text')), row('text').size);
      console.log(
        `notice board from the waiting area: ${board.width.toFixed(0)}×${board.height.toFixed(0)} CSS px; ` +
          `words: title ${heading.toFixed(1)}, text ${body.toFixed(1)} CSS px`,
      );
      expect(heading).toBeGreaterThanOrEqual(READABLE_PX);

      // A tap on the board opens its plain list, with the notice in full, and takes the focus there.
      await m.touchscreen.tap(board.x + board.width / 2, board.y + board.height / 2);
      const list = m.locator('details.notice-board');
      await expect.poll(() => list.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await expect.poll(() => list.locator('li.notice').first().textContent()).toContain('每日 22 点前收回。');
      expect(await m.evaluate(() => document.activeElement?.closest('details.notice-board') !== null)).toBe(true);
      await m.screenshot({ path: path.join(SHOTS, 'hall-boards-notice-list-phone.png') });
    } finally {
      await phone.close();
      await desktop.close();
    }
  });

  it('shows the desks’ signs in English as large, from the waiting area', async () => {
    const english = await setup.browser().newContext({ ...PIXEL_7, locale: 'en-GB', timezoneId: 'Asia/Shanghai' });
    try {
      const e = await english.newPage();
      e.on('pageerror', (err) => console.error('page error:', err.stack ?? err.message));
      await e.goto(`${setup.hall().url}/?lang=en`);
      await e.getByLabel('Your name').fill('Ms Grey');
      await e.getByLabel('Shop name').fill('Grey Noodles');
      await e.getByRole('button', { name: 'Enter the hall' }).click();
      await e.waitForFunction(() => window.__hall?.selfId(), undefined, { timeout: 90_000 });
      // Desks 2 and 3 were never opened: their signs say so, naming desk and service in the band.
      await expect
        .poll(() => painted(e), { timeout: 30_000 })
        .toEqual(expect.arrayContaining(['Desk 2 · Signboards', 'Desk 3 · Concerns', 'Closed']));
      await toWaitingArea(e, 'Go to', 'Waiting area');
      await steady(e, deskSign(1));
      await e.screenshot({ path: path.join(SHOTS, 'hall-boards-desk-signs-phone-en.png') });
      const closed = [await signWordPx(e, 1), await signWordPx(e, 2)];
      console.log(
        `desk signs in English from the waiting area: Closed ${closed.map((px) => px.toFixed(1)).join(', ')} CSS px`,
      );
      for (const px of closed) expect(px).toBeGreaterThanOrEqual(READABLE_PX);
    } finally {
      await english.close();
    }
  }, 180_000);
});
