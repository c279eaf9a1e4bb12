import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AccountsRoute } from '../../shared/accounts.ts';
import { stationClock } from '../../shared/dates.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { STATION_HEADER, StationsRoute } from '../../shared/stations.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { merchantIdOf } from '../support/merchants.ts';
import { childEnv } from '../support/server.ts';

// A first start applies every migration: on a busy machine, well over the usual 20 s.
const setup = hallWithStaff('two-stations', [], {}, 120_000);

const MAIN = '城管执法服务站';
const WENSAN = { slug: 'wensan', name: '西湖区文三路执法服务站', address: '杭州市西湖区文三路 1 号' };
const PHONE = { width: 412, height: 915 };
const PARK = { slug: 'park', name: '文创园执法服务点' };
const DESKTOP = { width: 1280, height: 800 };

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const link = (slug: string) => new URL(StationsRoute.page(slug), setup.hall().url).href;

/** `npm run station -- add …` beside the running hall, as a station's administrator adds one. */
function addStation(): void {
  const added = spawnSync(
    process.execPath,
    ['server/cli/station.ts', 'add', '--slug', WENSAN.slug, '--name', WENSAN.name, '--address', WENSAN.address],
    { env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }), encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(`npm run station add failed: ${added.stderr || added.stdout}`);
}

/** `npm run station -- add <slug> --name … --layout compact` beside the running hall: a smaller park's station. */
function addCompactStation(): void {
  const added = spawnSync(
    process.execPath,
    ['server/cli/station.ts', 'add', PARK.slug, '--name', PARK.name, '--layout', 'compact'],
    { env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }), encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(`npm run station add failed: ${added.stderr || added.stdout}`);
}

/** `npm run staff -- add … --station wensan`: a park manager of the added station. */
function addWensanManager(): void {
  const added = spawnSync(
    process.execPath,
    ['server/cli/staff.ts', 'add', '--role', 'parkManager', '--username', 'feng', '--name', '冯经理'].concat([
      '--station',
      WENSAN.slug,
    ]),
    {
      env: childEnv({ LOG_LEVEL: 'silent', DATA_DIR: setup.hall().dataDir }),
      input: `${STAFF_PASSWORD}\n`,
      encoding: 'utf8',
    },
  );
  if (added.status !== 0) throw new Error(`npm run staff add failed: ${added.stderr || added.stdout}`);
}

/** A request as a station's page makes it: the station in its header. */
async function asStation<T>(token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(route, setup.hall().url), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', [STATION_HEADER]: WENSAN.slug },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A merchant in a station's hall, walked up to the general desk (the 4th, or as given), with a number taken there. */
async function takeNumberAt(page: Page, desk = 4): Promise<string> {
  const services = page.getByRole('region', { name: '办事取号' });
  await page.getByRole('button', { name: new RegExp(`${desk}号窗口 综合咨询`) }).click();
  await expect.poll(() => services.getByText(`您在${desk}号窗口前`).count(), { timeout: 20_000 }).toBe(1);
  await services.getByRole('button', { name: '取号' }).click();
  const strip = page.getByRole('list', { name: '我的排号' });
  await expect.poll(() => strip.textContent(), { timeout: 20_000 }).toMatch(/[A-Z]-\d{3}/);
  return /([A-Z]-\d{3})/.exec((await strip.textContent()) ?? '')![1]!;
}

describe('two stations, two halls', () => {
  it('each station’s link opens its own hall, with its own name, people and queue', async () => {
    addStation();
    const a = await openPage(setup.browser(), PHONE, true);
    const b = await openPage(setup.browser(), PHONE, true);
    try {
      await signInMerchant(a.page, link('main'), '孙女士', '孙记茶叶');
      await signInMerchant(b.page, link(WENSAN.slug), '周先生', '周记面馆');

      // Each page names its own station.
      await expect.poll(() => a.page.locator('.brand').textContent()).toContain(MAIN);
      await expect.poll(() => b.page.locator('.brand').textContent()).toContain(WENSAN.name);
      expect(await b.page.title()).toContain(WENSAN.name);

      // Each is alone in its hall: neither sees the other.
      const names = (p: Page) => p.evaluate(() => window.__hall!.avatars().map((x) => x.name));
      await expect.poll(() => names(a.page)).toEqual(['孙女士']);
      await expect.poll(() => names(b.page)).toEqual(['周先生']);

      // Each station numbers its own line: both are the first of the day there.
      const first = await takeNumberAt(a.page);
      const second = await takeNumberAt(b.page);
      expect(first).toMatch(/-001$/);
      expect(second).toMatch(/-001$/);
      await shot(a.page, 'two-stations-main-phone');
      await shot(b.page, 'two-stations-wensan-phone');

      // The start page of a deployment with two stations lists both, each with its link.
      const start = await openPage(setup.browser(), PHONE, true);
      try {
        await start.page.goto(setup.hall().url);
        const list = start.page.getByRole('list', { name: '服务站' });
        await expect.poll(() => list.getByRole('link').count()).toBe(2);
        expect(await list.getByRole('link', { name: new RegExp(WENSAN.name) }).getAttribute('href')).toBe(
          StationsRoute.page(WENSAN.slug),
        );
        await shot(start.page, 'two-stations-start-phone');
      } finally {
        await start.context.close();
      }

      // A session planned at wensan, both merchants invited: each page shows the sessions of its own station,
      // so wensan's merchant sees it in "My meetings" and main's does not (her invitation waits on wensan's page).
      addWensanManager();
      const login = await fetch(new URL(AccountsRoute.staffLogin, setup.hall().url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'feng', password: STAFF_PASSWORD }),
      });
      const manager = ((await login.json()) as { token: string }).token;
      type People = { people: { id: string; name: string; party: string }[] };
      // 周先生 came into wensan's hall: its list has him. 孙女士 has only been to main: wensan's list does not
      // show her, and its manager finds her by her account id (as by her whole phone number).
      await expect
        .poll(async () => (await asStation<People>(manager, 'GET', MeetingsRoute.people)).people.map((p) => p.name))
        .toContain('周先生');
      const { people } = await asStation<People>(manager, 'GET', MeetingsRoute.people);
      expect(people.map((p) => p.name)).not.toContain('孙女士');
      const sunToken = await a.page.evaluate(() => window.localStorage.getItem('hall.token'));
      const sunId = await merchantIdOf(setup.hall().url, sunToken!);
      const found = await asStation<People>(
        manager,
        'GET',
        `${MeetingsRoute.people}?merchant=${encodeURIComponent(sunId)}`,
      );
      const invitees = [
        ...people.filter((p) => p.name === '周先生'),
        ...found.people.filter((p) => p.name === '孙女士'),
      ];
      expect(invitees).toHaveLength(2);
      const at = stationClock(Date.now() + 86_400_000, 'Asia/Shanghai');
      await asStation(manager, 'POST', MeetingsRoute.list, {
        title: '文三路外摆协调会',
        date: at.date,
        time: at.time,
        minutes: 60,
        agenda: ['外摆区域划定'],
        invitees: invitees.map(({ id, party }) => ({ id, party })),
      });
      await expect
        .poll(() => b.page.locator('.toasts').textContent(), { timeout: 20_000 })
        .toContain('文三路外摆协调会');
      const mineAt = (p: Page) => p.locator('details.meetings');
      await mineAt(b.page).locator('summary').click();
      await expect.poll(() => mineAt(b.page).textContent(), { timeout: 20_000 }).toContain('文三路外摆协调会');
      // Main's page asks for her sessions (naming main) and is given none of wensan's.
      const listed = a.page.waitForResponse(
        (r) => new URL(r.url()).pathname === MeetingsRoute.list && r.request().method() === 'GET',
      );
      await mineAt(a.page).locator('summary').click();
      const answer = await listed;
      expect(answer.request().headers()[STATION_HEADER]).toBe('main');
      expect(((await answer.json()) as { meetings: unknown[] }).meetings).toEqual([]);
      expect(await mineAt(a.page).textContent()).not.toContain('文三路外摆协调会');
      expect(await a.page.locator('.toasts').textContent()).not.toContain('文三路外摆协调会');
      await shot(b.page, 'two-stations-wensan-meetings-phone');
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('a merchant’s cases and renovation sheets on a station’s page are that station’s', async () => {
    const m = await openPage(setup.browser(), PHONE, true);
    try {
      await signInMerchant(m.page, link('main'), '郑女士', '郑记粉面');
      // A renovation sheet asked at each station, as that station's page asks it (its header names the station).
      const ask = (station: string) =>
        m.page.evaluate(async (station) => {
          const res = await fetch('/api/guidance', {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${localStorage.getItem('hall.token')}`,
              'Content-Type': 'application/json',
              'x-station': station,
            },
            body: JSON.stringify({
              restaurant: true,
              facadeWork: false,
              kitchenWork: true,
              streetSide: false,
              cookingHeads: 1,
            }),
          });
          return (await res.json()) as { caseNumber: string };
        }, station);
      const atMain = (await ask('main')).caseNumber;
      const atWensan = (await ask(WENSAN.slug)).caseNumber;
      expect(atWensan).not.toBe(atMain);

      // The same merchant walks into the other station's hall: its "My cases" lists its own case only.
      await m.page.goto(link(WENSAN.slug));
      await m.page.waitForFunction(() => window.__hall?.selfId());
      await expect.poll(() => m.page.locator('.brand').textContent()).toContain(WENSAN.name);
      const cases = m.page.locator('details.my-cases');
      await cases.locator('summary').first().click();
      await expect.poll(() => cases.textContent(), { timeout: 20_000 }).toContain(atWensan);
      expect(await cases.textContent()).not.toContain(atMain);
      await cases.scrollIntoViewIfNeeded();
      await shot(m.page, 'two-stations-wensan-my-cases-phone');

      // Back at the default station, the other way round.
      await m.page.goto(link('main'));
      await m.page.waitForFunction(() => window.__hall?.selfId());
      const home = m.page.locator('details.my-cases');
      await home.locator('summary').first().click();
      await expect.poll(() => home.textContent(), { timeout: 20_000 }).toContain(atMain);
      expect(await home.textContent()).not.toContain(atWensan);
    } finally {
      await m.context.close();
    }
  });

  it('a compact station’s page draws and lists its own hall: three desks, its own services', async () => {
    addCompactStation();
    const { context, page } = await openPage(setup.browser(), DESKTOP);
    try {
      await signInMerchant(page, link(PARK.slug), '郑女士', '郑记文具');
      await expect.poll(() => page.locator('.brand').textContent()).toContain(PARK.name);

      // The "go to" list: its three desks, each with its service, and no fourth.
      const goTo = page.getByRole('navigation', { name: '前往' });
      await expect
        .poll(() => goTo.getByRole('button', { name: /号窗口/ }).allTextContents())
        .toEqual(['1号窗口 招牌备案', '2号窗口 诉求反映', '3号窗口 综合咨询']);

      // The queue screen's table: three desks.
      await page.getByText('叫号屏', { exact: true }).click();
      const board = page.locator('details.board table');
      await expect
        .poll(() => board.getByRole('rowheader').allTextContents())
        .toEqual(['1号窗口', '2号窗口', '3号窗口']);

      // The 3D hall's signs: the three desks' names and services (closed: the band names both, the big word
      // says so), no fourth desk, no renovation sign.
      const signs = () => page.evaluate(() => window.__hall!.signTexts());
      await expect
        .poll(signs)
        .toEqual(
          expect.arrayContaining([
            '1号窗口',
            '2号窗口',
            '3号窗口',
            '1号窗口 · 招牌备案',
            '2号窗口 · 诉求反映',
            '3号窗口 · 综合咨询',
            '未开放',
          ]),
        );
      expect((await signs()).filter((t) => t.includes('4号窗口') || t.includes('装修指导'))).toEqual([]);

      // The services to take a number for: the compact hall's three, not renovation guidance.
      const choice = page.getByRole('region', { name: '办事取号' }).getByRole('group', { name: '办理业务' });
      await expect.poll(() => choice.getByRole('radio').count()).toBe(3);
      for (const name of [/招牌备案/, /诉求反映/, /综合咨询/])
        expect(await choice.getByRole('radio', { name }).count()).toBe(1);
      expect(await choice.getByRole('radio', { name: /装修指导/ }).count()).toBe(0);

      // Walked up to its third desk (a place that is no desk in the standard hall's plan), a number is taken.
      expect(await takeNumberAt(page, 3)).toBe('G-001');
      await page.screenshot({ path: '/tmp/layout-compact.png' });
      await shot(page, 'station-layout-compact-desktop');
      // From its notice board, the hall's west side: the board, the calling screen by the wall, the benches.
      await page.getByRole('navigation', { name: '前往' }).getByRole('button', { name: '公告栏' }).click();
      await expect
        .poll(() => page.evaluate(() => window.__hall!.avatars().find((x) => x.name === '郑女士')?.x ?? 0), {
          timeout: 20_000,
        })
        .toBeLessThan(-5);
      await shot(page, 'station-layout-compact-boards');
    } finally {
      await context.close();
    }
  });
});
