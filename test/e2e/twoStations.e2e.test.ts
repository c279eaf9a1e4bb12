import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AccountsRoute } from '../../shared/accounts.ts';
import { stationClock } from '../../shared/dates.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { STATION_HEADER, StationsRoute } from '../../shared/stations.ts';
import { hallWithStaff, openPage, SHOTS, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { childEnv } from '../support/server.ts';

// A first start applies every migration: on a busy machine, well over the usual 20 s.
const setup = hallWithStaff('two-stations', [], {}, 120_000);

const MAIN = '城管执法服务站';
const WENSAN = { slug: 'wensan', name: '西湖区文三路执法服务站', address: '杭州市西湖区文三路 1 号' };
const PHONE = { width: 412, height: 915 };

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

/** A merchant in a station's hall, walked up to the general desk, with a number taken there. */
async function takeNumberAt(page: Page): Promise<string> {
  const services = page.getByRole('region', { name: '办事取号' });
  await page.getByRole('button', { name: /4号窗口 综合咨询/ }).click();
  await expect.poll(() => services.getByText('您在4号窗口前').count(), { timeout: 20_000 }).toBe(1);
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
      const { people } = await asStation<{ people: { id: string; name: string; party: string }[] }>(
        manager,
        'GET',
        MeetingsRoute.people,
      );
      const invitees = people.filter((p) => p.name === '孙女士' || p.name === '周先生');
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
});
