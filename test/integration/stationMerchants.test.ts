import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import type { RunningHall } from '../../server/app.ts';
import { runStationCommand } from '../../server/stations/service.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { CaseFileRoute, type FileSearchAnswer } from '../../shared/caseFile.ts';
import { ConcernsRoute } from '../../shared/concerns.ts';
import { stationClock } from '../../shared/dates.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { STATION_HEADER } from '../../shared/stations.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken, type Visitor } from './helpers.ts';

/**
 * Staff find the merchants known at their station — those with any record there, or who came into its hall —
 * and a merchant it never dealt with only by their whole phone number or account id: the officers' case-file
 * search and the park manager's invite list alike. Merchants and strangers are refused as before.
 */

const TZ = 'Asia/Shanghai';
const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station merchant tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-stmerch')))(
  'merchants staff may find, per station, on $name',
  (target) => {
    let hall: RunningHall;
    let url: string;
    /** Known at main only (a concern raised there), then invited to a xihu session. */
    let jia: { token: string; id: string };
    /** Known at main only, and stays so. */
    let yi: { token: string; id: string };
    let mainOfficer: string;
    let mainManager: string;
    let xihuOfficer: string;
    let xihuManager: string;
    const visitors: Visitor[] = [];

    async function call<T>(token: string | undefined, method: string, path: string, station?: string, body?: unknown) {
      const res = await fetch(new URL(path, url), {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          'Content-Type': 'application/json',
          ...(station ? { [STATION_HEADER]: station } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    }

    async function merchant(name: string, shop: string, phone: string) {
      const res = await fetch(new URL(AccountsRoute.merchants, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, shop, phone }),
      });
      const { token } = (await res.json()) as { token: string };
      const { me } = (await call<{ me: { id: string } }>(token, 'GET', AccountsRoute.me)).body;
      return { token, id: me.id };
    }

    async function xihuStaff(role: 'officer' | 'parkManager', username: string, name: string) {
      const password = `pw-${username}-0123456789`;
      await runStaffCommand(
        hall.db,
        { op: 'add', role, username, name, passwordHash: await hashPassword(password), station: 'xihu' },
        'test',
      );
      const login = await call<{ token: string }>(undefined, 'POST', AccountsRoute.staffLogin, undefined, {
        username,
        password,
      });
      return login.body.token;
    }

    /** The ids a case-file search by `q` finds, as the officer's page asks it at a station. */
    const found = async (token: string, q: string, station?: string) =>
      (
        await call<FileSearchAnswer>(token, 'GET', `${CaseFileRoute.search}?q=${encodeURIComponent(q)}`, station)
      ).body.hits.map((h) => h.id);
    /** The merchants' ids on a station's invite list (or the lookup of one by `merchant`). */
    const invitable = async (token: string, station?: string, lookup?: string) =>
      (
        await call<{ people: { id: string; party: string }[] }>(
          token,
          'GET',
          lookup === undefined
            ? MeetingsRoute.people
            : `${MeetingsRoute.people}?merchant=${encodeURIComponent(lookup)}`,
          station,
        )
      ).body.people
        .filter((p) => p.party === 'merchant')
        .map((p) => p.id);

    async function raiseConcern(token: string, station?: string) {
      const categories = (
        await call<{ id: string }[] | { categories: { id: string }[] }>(token, 'GET', ConcernsRoute.categories, station)
      ).body;
      const category = (Array.isArray(categories) ? categories : categories.categories)[0]!.id;
      const r = await call(token, 'POST', ConcernsRoute.concerns, station, {
        category,
        place: '门口',
        what: '路灯坏了',
      });
      expect(r.status).toBe(201);
    }

    beforeAll(async () => {
      hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ });
      url = hallUrl(hall);
      await runStationCommand(hall.db, { op: 'add', slug: 'xihu', name: '西湖区文三路执法服务站' }, 'test');
      jia = await merchant('甲老板', '甲记茶饮', '+86 138-0013-8000');
      yi = await merchant('乙老板', '乙记茶饮', '139 0000 1111');
      await raiseConcern(jia.token);
      await raiseConcern(yi.token);
      mainOfficer = await staffToken(hall, 'officer', 'sun', '孙警官');
      mainManager = await staffToken(hall, 'parkManager', 'qian', '钱经理');
      xihuOfficer = await xihuStaff('officer', 'zhao', '赵警官');
      xihuManager = await xihuStaff('parkManager', 'feng', '冯经理');
    }, 120_000);

    afterAll(async () => {
      for (const v of visitors) await v.room.leave().catch(() => undefined);
      await hall?.close();
      await target.cleanup();
    });

    it('shows staff of another station no merchant known only at this one, by name, shop or part of a phone', async () => {
      expect((await found(mainOfficer, '茶饮')).sort()).toEqual([jia.id, yi.id].sort());
      expect(await invitable(mainManager)).toEqual(expect.arrayContaining([jia.id, yi.id]));
      for (const q of ['茶饮', '甲老板', '甲记', '0013', '13800138000'.slice(0, 7)])
        expect(await found(xihuOfficer, q, 'xihu'), q).toEqual([]);
      expect(await invitable(xihuManager, 'xihu')).toEqual([]);
    });

    it('finds a merchant the station never dealt with by their whole phone number or account id, and only so', async () => {
      expect(await found(xihuOfficer, '+86 138-0013-8000', 'xihu')).toEqual([jia.id]);
      expect(await found(xihuOfficer, '8613800138000', 'xihu')).toEqual([jia.id]);
      // The id as a person reads it out: any case, in groups.
      const spoken = jia.id.toLowerCase().replace(/(.{4})(?!$)/g, '$1-');
      expect(await found(xihuOfficer, spoken, 'xihu')).toEqual([jia.id]);
      expect(await found(xihuOfficer, '13800138000', 'xihu')).toEqual([]);
      expect(await invitable(xihuManager, 'xihu', '139 0000 1111')).toEqual([yi.id]);
      expect(await invitable(xihuManager, 'xihu', jia.id)).toEqual([jia.id]);
      expect(await invitable(xihuManager, 'xihu', '1390000')).toEqual([]);
      expect(await invitable(xihuManager, 'xihu', '乙老板')).toEqual([]);
    });

    it('lists a merchant at a station once they have a record there, and keeps the others out', async () => {
      // Invited to a xihu session by their phone number: known at xihu from then on.
      const at = stationClock(Date.now() + 24 * 3_600_000, TZ);
      const session = { title: '外摆协调', date: at.date, time: at.time, minutes: 60, agenda: ['外摆'] };
      const scheduled = await call(xihuManager, 'POST', MeetingsRoute.list, 'xihu', {
        ...session,
        invitees: [{ id: jia.id, party: 'merchant' }],
      });
      expect(scheduled.status).toBe(201);
      expect(await found(xihuOfficer, '茶饮', 'xihu')).toEqual([jia.id]);
      expect(await invitable(xihuManager, 'xihu')).toEqual([jia.id]);

      // A concern raised on xihu's page, and a merchant who only walks into xihu's hall.
      const bing = await merchant('丙老板', '丙记茶饮', '137 0000 2222');
      const ding = await merchant('丁老板', '丁记茶饮', '136 0000 3333');
      await raiseConcern(bing.token, 'xihu');
      visitors.push(await visitWithToken(hall, ding.token, { station: 'xihu' }));
      await until(async () => (await found(xihuOfficer, '丁记', 'xihu')).length === 1, '丁 known at xihu');
      expect((await found(xihuOfficer, '茶饮', 'xihu')).sort()).toEqual([jia.id, bing.id, ding.id].sort());
      expect((await invitable(xihuManager, 'xihu')).sort()).toEqual([jia.id, bing.id, ding.id].sort());
      // Main has dealt with neither of the newcomers.
      expect((await found(mainOfficer, '茶饮')).sort()).toEqual([jia.id, yi.id].sort());
      expect(await invitable(mainManager)).not.toContain(bing.id);
    });

    it('refuses merchants, strangers and staff of another station as before', async () => {
      const search = `${CaseFileRoute.search}?q=${encodeURIComponent('茶饮')}`;
      const lookup = `${MeetingsRoute.people}?merchant=${encodeURIComponent('139 0000 1111')}`;
      for (const path of [search, lookup, MeetingsRoute.people]) {
        expect(await call(jia.token, 'GET', path, 'xihu'), path).toMatchObject({
          status: 403,
          body: { error: 'not_permitted' },
        });
        expect((await call(undefined, 'GET', path, 'xihu')).status, path).toBe(401);
        expect(await call(xihuOfficer, 'GET', path), path).toMatchObject({
          status: 403,
          body: { error: 'station_not_member' },
        });
      }
      // An officer schedules no sessions: the invite list is the park manager's.
      expect((await call(xihuOfficer, 'GET', lookup, 'xihu')).status).toBe(403);
    });
  },
);
