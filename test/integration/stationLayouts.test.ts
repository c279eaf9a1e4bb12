import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { runStationCommand } from '../../server/stations/service.ts';
import { layoutFor } from '../../shared/layouts/registry.ts';
import { HallNotice, Reason } from '../../shared/protocol.ts';
import type { MyTicketsNotice } from '../../shared/queue.ts';
import { walkOf } from '../../shared/state.ts';
import { STATION_HEADER, StationsRoute, type StationList } from '../../shared/stations.ts';
import { DashboardRoute, type DashboardToday } from '../../shared/dashboard.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl, staffToken, until, visitWithToken, type Visitor } from './helpers.ts';

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`station layout tests skip ${s.name}: ${s.reason}`);

const ticketsOf = (v: Visitor) =>
  [...v.box].reverse().find((m) => m.type === HallNotice.myTickets)?.message as MyTicketsNotice | undefined;

describe.each(available.map((d) => hallTarget(d.name, 'hall-layouts')))(
  'stations with their own layouts on $name',
  (target) => {
    let hall: RunningHall;
    let url: string;
    let inMain: Visitor;
    let inPark: Visitor;
    let parkOfficer: string;
    const visitors: Visitor[] = [];

    async function enter(token: string, station?: string): Promise<Visitor> {
      const v = await visitWithToken(hall, token, station ? { station } : {});
      visitors.push(v);
      return v;
    }

    const command = (cmd: Parameters<typeof runStationCommand>[1]) => runStationCommand(hall.db, cmd, 'test');

    beforeAll(async () => {
      hall = await bootHall(target.env);
      url = hallUrl(hall);
      await command({ op: 'add', slug: 'park', name: '文创园执法服务点', layout: 'compact' });
      parkOfficer = await staffToken(hall, 'officer', 'lin', '林警官', 'park');
      inMain = await enter(await signUpMerchant(url, '周女士', '周记茶饮'));
      inPark = await enter(await signUpMerchant(url, '吴先生', '吴家烧烤'), 'park');
    }, 120_000);

    afterAll(async () => {
      for (const v of visitors) await v.room.leave().catch(() => undefined);
      await hall?.close();
      await target.cleanup();
    });

    it('tells the page each station’s layout', async () => {
      const res = await fetch(new URL(StationsRoute.list, url));
      const { stations } = (await res.json()) as StationList;
      expect(stations.map((s) => [s.slug, s.layout])).toEqual([
        ['main', 'standard'],
        ['park', 'compact'],
      ]);
    });

    it('builds each hall’s desks and lines from its own layout', async () => {
      await until(() => inPark.room.state.desks.size > 0 && inMain.room.state.desks.size > 0, 'both boards');
      expect([...inMain.room.state.desks.keys()].sort()).toEqual(['desk-1', 'desk-2', 'desk-3', 'desk-4']);
      expect([...inPark.room.state.desks.keys()].sort()).toEqual(['desk-1', 'desk-2', 'desk-3']);
      expect([...inPark.room.state.lines.keys()].sort()).toEqual(['concerns', 'consultation', 'signboard']);
      expect(inMain.room.state.lines.has('renovation')).toBe(true);
    });

    it('refuses a number for a service the station’s hall does not offer, and gives one it does', async () => {
      inPark.room.send('takeTicket', { service: 'renovation' });
      const refusal = await until(
        () => inPark.rejected.find((r) => r.intent === 'takeTicket'),
        'the renovation number refused',
      );
      expect(refusal.reason).toBe(Reason.serviceNotOffered);
      inPark.room.send('takeTicket', { service: 'signboard' });
      const mine = await until(() => ticketsOf(inPark)?.tickets[0], 'a signboard number');
      expect(mine).toMatchObject({ service: 'signboard', number: 'S-001' });
      expect(ticketsOf(inPark)!.tickets).toHaveLength(1);
      // The same service is given in the standard hall.
      inMain.room.send('takeTicket', { service: 'renovation' });
      expect(await until(() => ticketsOf(inMain)?.tickets[0], 'a renovation number in main')).toMatchObject({
        service: 'renovation',
      });
    });

    it('opens only the desks and services of the station’s own hall', async () => {
      const officer = await enter(parkOfficer, 'park');
      officer.room.send('openDesk', { deskId: 'desk-4', services: ['signboard'] });
      officer.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
      await until(() => officer.rejected.length >= 2, 'two refusals');
      expect(officer.rejected.map((r) => r.reason)).toEqual([Reason.deskNotInHall, Reason.serviceNotOffered]);
      officer.room.send('openDesk', { deskId: 'desk-1', services: ['signboard'] });
      await until(() => inPark.room.state.desks.get('desk-1')?.open, 'desk 1 open in the park');
      expect(inMain.room.state.desks.get('desk-1')?.open ?? false).toBe(false);
    });

    it('shows the station’s dashboard the lines of its own hall', async () => {
      const res = await fetch(new URL(DashboardRoute.today, url), {
        headers: { Authorization: `Bearer ${parkOfficer}`, [STATION_HEADER]: 'park' },
      });
      const today = (await res.json()) as DashboardToday;
      expect(today.services.map((l) => [l.service, l.waiting])).toEqual([
        ['signboard', 1],
        ['concerns', 0],
        ['consultation', 0],
      ]);
      expect(today.desks.map((d) => d.deskId)).toEqual(['desk-1']);
    });

    it('judges walking by the station’s own floor plan', async () => {
      // Floor in the standard hall (32 m wide); beyond the compact hall's east wall (20 m wide).
      const spot = { x: 13, z: -3 };
      inMain.room.send('moveTo', spot);
      await until(() => {
        const walk = walkOf(inMain.room.state.avatars.get(inMain.room.sessionId)!);
        const end = walk.path.at(-1);
        return end && Math.hypot(end.x - spot.x, end.z - spot.z) < 0.5;
      }, 'a walk to the east side of the standard hall');
      inPark.room.send('moveTo', spot);
      const refusal = await until(() => inPark.rejected.find((r) => r.intent === 'moveTo'), 'the walk refused');
      expect(refusal.reason).toBe(Reason.targetBlocked);
      const compact = layoutFor('compact');
      const desk = compact.desks[2]!.servicePoint;
      inPark.room.send('moveTo', desk);
      await until(() => {
        const end = walkOf(inPark.room.state.avatars.get(inPark.room.sessionId)!).path.at(-1);
        return end && Math.hypot(end.x - desk.x, end.z - desk.z) < 0.5;
      }, 'a walk to the compact hall’s third desk');
    });

    it('changes a layout only while the station’s desks are closed and no number is open, for the next start', async () => {
      await expect(command({ op: 'layout', slug: 'park', layout: 'standard' })).rejects.toThrow(
        /1 desk\(s\) staffed and 1 number\(s\) open/,
      );
      for (const bad of ['huge', '__proto__', 'toString', 'x'.repeat(300)])
        await expect(command({ op: 'layout', slug: 'park', layout: bad }), bad).rejects.toThrow(/no such hall layout/);
      await expect(command({ op: 'layout', slug: 'nowhere', layout: 'compact' })).rejects.toThrow(/No station/);
      await expect(command({ op: 'add', slug: 'tiny', name: '小站', layout: 'constructor' })).rejects.toThrow(
        /no such hall layout/,
      );
      expect(await command({ op: 'layout', slug: 'main', layout: 'standard' })).toMatch(
        /already has the standard hall/,
      );

      // A station with nothing open takes the change: storage has it at once, the running deployment (which has
      // served the station already) at its next start, so that its page and its hall keep agreeing.
      await command({ op: 'add', slug: 'quiet', name: '安静的站', layout: 'compact' });
      const served = async () => {
        const { stations } = (await (await fetch(new URL(StationsRoute.list, url))).json()) as StationList;
        return stations.find((s) => s.slug === 'quiet')?.layout;
      };
      expect(await served()).toBe('compact');
      expect(await command({ op: 'layout', slug: 'quiet', layout: 'standard' })).toMatch(/restart the hall/);
      expect(await command({ op: 'list' })).toMatch(/^quiet\s+standard\s+安静的站/m);
      expect(await served()).toBe('compact');
      const [audit] = await hall.db.query<{ detail: { from: string; to: string } }>(
        "SELECT detail FROM audit_log WHERE action = 'station.layout' AND target_id = 'quiet'",
      );
      expect(audit?.detail).toEqual({ from: 'compact', to: 'standard' });
    });
  },
);
