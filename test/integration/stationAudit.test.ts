import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../server/cases/store.ts';
import { stationDay } from '../../shared/dates.ts';
import { VisitError, VisitsRoute, type VisitSlot } from '../../shared/visits.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { twoStations, TZ } from '../support/twoStations.ts';

const DAY_MS = 86_400_000;
const route = (r: string, id: string) => r.replace(':id', id);

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station audit tests skip ${s.name}: ${s.reason}`);

/**
 * What a merchant with a free account, or an officer of another station, might try across two stations,
 * 'main' and 'xihu': each attempt must leave the other station's matters as they were.
 */
describe.each(available.map((d) => hallTarget(d.name, 'hall-staudit')))('no way across stations on $name', (target) => {
  const two = twoStations(target);
  const { call } = two;
  let merchantId: string;

  /** A case of the merchant's at a station, as a desk visit there would open it. */
  async function caseAt(station: string): Promise<string> {
    const id = randomUUID();
    await createCase(two.hall.db, {
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
    (await call<{ mine: VisitSlot[] }>(two.merchant, 'GET', VisitsRoute.slots, station)).body.mine.map((s) => s.id);

  beforeAll(async () => {
    merchantId = (await call<{ me: { id: string } }>(two.merchant, 'GET', '/api/me')).body.me.id;
  });

  describe('visits', () => {
    it('a window of one station is never booked for a case of another, and the other’s visit stands', async () => {
      const mainCase = await caseAt('main');
      const mainWindow = await windowAt(two.mainOfficer, 'main', 2, '09:00', '10:00');
      const booked = await call(two.merchant, 'POST', route(VisitsRoute.book, mainWindow.id), 'main', {
        caseId: mainCase,
      });
      expect(booked.status).toBe(200);

      // From xihu's page, the merchant books a xihu window for their main case: xihu has no such case.
      const xihuWindow = await windowAt(two.xihuOfficer, 'xihu', 2, '14:00', '15:00');
      const across = await call(two.merchant, 'POST', route(VisitsRoute.book, xihuWindow.id), 'xihu', {
        caseId: mainCase,
      });
      expect(across).toMatchObject({ status: 400, body: { error: VisitError.noCase } });
      // Xihu's officer offers one of their windows for main's case: refused too.
      const offered = await call(two.xihuOfficer, 'POST', route(VisitsRoute.offer, xihuWindow.id), 'xihu', {
        caseId: mainCase,
      });
      expect(offered).toMatchObject({ status: 400, body: { error: VisitError.noCase } });

      // Main's visit is still booked for its case, and xihu's window is still free.
      expect(await mine('main')).toEqual([mainWindow.id]);
      expect(await mine('xihu')).toEqual([]);
      const free = await call<{ free: VisitSlot[] }>(two.merchant, 'GET', VisitsRoute.slots, 'xihu');
      expect(free.body.free.find((s) => s.id === xihuWindow.id)?.booked).toBe(false);

      // A case of xihu's own is booked there as before.
      const xihuCase = await caseAt('xihu');
      const own = await call(two.merchant, 'POST', route(VisitsRoute.book, xihuWindow.id), 'xihu', {
        caseId: xihuCase,
      });
      expect(own.status).toBe(200);
      expect(await mine('xihu')).toEqual([xihuWindow.id]);
      expect(await mine('main')).toEqual([mainWindow.id]);
    });
  });
});
