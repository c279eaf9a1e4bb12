import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import type { RunningHall } from '../../server/app.ts';
import { createCase } from '../../server/cases/store.ts';
import { runStationCommand } from '../../server/stations/service.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { stationDay } from '../../shared/dates.ts';
import { STATION_HEADER } from '../../shared/stations.ts';
import { VisitError, VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const route = (r: string, id: string) => r.replace(':id', id);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station audit tests skip ${s.name}: ${s.reason}`);

/**
 * What a merchant with a free account, or an officer of another station, might try across two stations,
 * 'main' and 'xihu': each attempt must leave the other station's matters as they were.
 */
describe.each(available.map((d) => hallTarget(d.name, 'hall-staudit')))('no way across stations on $name', (target) => {
  let hall: RunningHall;
  let url: string;
  let merchant: string;
  let merchantId: string;
  let mainOfficer: string;
  let xihuOfficer: string;

  /** A request as the page makes it, naming its station by header (or not at all). */
  async function call<T>(token: string, method: string, path: string, station?: string, body?: unknown) {
    const res = await fetch(new URL(path, url), {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(station ? { [STATION_HEADER]: station } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function staffOf(station: string, username: string, name: string): Promise<string> {
    const password = `pw-${username}-0123456789`;
    await runStaffCommand(
      hall.db,
      { op: 'add', role: 'officer', username, name, passwordHash: await hashPassword(password), station },
      'test',
    );
    const login = await fetch(new URL(AccountsRoute.staffLogin, url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return ((await login.json()) as { token: string }).token;
  }

  /** A case of the merchant's at a station, as a desk visit there would open it. */
  async function caseAt(station: string): Promise<string> {
    const id = randomUUID();
    await createCase(hall.db, {
      id,
      number: `BJ-AUDIT-${id.slice(0, 6)}`,
      merchantId,
      service: 'signboard',
      description: '门头招牌核查',
      officerId: null,
      deskId: null,
      station,
    });
    return id;
  }

  /** A window an officer publishes at their station, `days` ahead (hours apart, so none overlap). */
  async function windowAt(token: string, station: string, days: number, from: string, to: string) {
    const date = stationDay(Date.now() + days * DAY_MS, TZ);
    const r = await call<VisitSlot>(token, 'POST', VisitsRoute.slots, station, { date, from, to });
    expect(r.status).toBe(201);
    return r.body;
  }

  const mine = async (station: string) =>
    (await call<{ mine: VisitSlot[] }>(merchant, 'GET', VisitsRoute.slots, station)).body.mine.map((s) => s.id);

  beforeAll(async () => {
    hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
    url = hallUrl(hall);
    await runStationCommand(hall.db, { op: 'add', slug: 'xihu', name: '西湖区文三路执法服务站' }, 'test');
    merchant = await signUpMerchant(url, '周女士', '周记茶饮');
    merchantId = (await call<{ me: { id: string } }>(merchant, 'GET', '/api/me')).body.me.id;
    mainOfficer = await staffToken(hall, 'officer', 'sun', '孙警官');
    xihuOfficer = await staffOf('xihu', 'zhao', '赵警官');
  }, 120_000);

  afterAll(async () => {
    await hall?.close();
    await target.cleanup();
  });

  describe('visits', () => {
    it('a window of one station is never booked for a case of another, and the other’s visit stands', async () => {
      const mainCase = await caseAt('main');
      const mainWindow = await windowAt(mainOfficer, 'main', 2, '09:00', '10:00');
      const booked = await call(merchant, 'POST', route(VisitsRoute.book, mainWindow.id), 'main', {
        caseId: mainCase,
      });
      expect(booked.status).toBe(200);

      // From xihu's page, the merchant books a xihu window for their main case: xihu has no such case.
      const xihuWindow = await windowAt(xihuOfficer, 'xihu', 2, '14:00', '15:00');
      const across = await call(merchant, 'POST', route(VisitsRoute.book, xihuWindow.id), 'xihu', {
        caseId: mainCase,
      });
      expect(across).toMatchObject({ status: 400, body: { error: VisitError.noCase } });
      // Xihu's officer offers one of their windows for main's case: refused too.
      const offered = await call(xihuOfficer, 'POST', route(VisitsRoute.offer, xihuWindow.id), 'xihu', {
        caseId: mainCase,
      });
      expect(offered).toMatchObject({ status: 400, body: { error: VisitError.noCase } });

      // Main's visit is still booked for its case, and xihu's window is still free.
      expect(await mine('main')).toEqual([mainWindow.id]);
      expect(await mine('xihu')).toEqual([]);
      const free = await call<{ free: VisitSlot[] }>(merchant, 'GET', VisitsRoute.slots, 'xihu');
      expect(free.body.free.find((s) => s.id === xihuWindow.id)?.booked).toBe(false);

      // A case of xihu's own is booked there as before.
      const xihuCase = await caseAt('xihu');
      const own = await call(merchant, 'POST', route(VisitsRoute.book, xihuWindow.id), 'xihu', { caseId: xihuCase });
      expect(own.status).toBe(200);
      expect(await mine('xihu')).toEqual([xihuWindow.id]);
      expect(await mine('main')).toEqual([mainWindow.id]);
    });
  });
});
