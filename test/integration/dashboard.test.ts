import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import {
  CSV_BOM,
  DASHBOARD_PERIOD_DAYS_MAX,
  DashboardRoute,
  PERIOD_TABLES,
  tableCsv,
  type DashboardPeriod,
  type DashboardTable,
  type DashboardToday,
} from '../../shared/dashboard.ts';
import { stationDay } from '../../shared/dates.ts';
import { HallNotice } from '../../shared/protocol.ts';
import { CasesRoute, type CaseCompletedNotice, type DeskViewNotice, type MyTicketsNotice } from '../../shared/queue.ts';
import { MovableClock } from '../support/clock.ts';
import { hallTarget, testDatabases } from '../support/databases.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { api, bootHall, hallUrl, staffToken, until, visitWithToken, type Inbox, type Visitor } from './helpers.ts';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;

function last<T>(box: Inbox, type: string, match: (m: T) => boolean = () => true): T | undefined {
  for (let i = box.length - 1; i >= 0; i--) {
    const m = box[i]!;
    if (m.type === type && match(m.message as T)) return m.message as T;
  }
  return undefined;
}

interface Person extends Visitor {
  token: string;
}

/** A GET with or without a token, its body as JSON when it is JSON, else as text. */
async function get(hall: RunningHall, route: string, token?: string) {
  const res = await fetch(new URL(route, hallUrl(hall)), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  // Decoded keeping a byte order mark, to see the file as a spreadsheet receives it.
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let body: unknown = text;
  if (res.headers.get('content-type')?.includes('json')) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown>, text };
}

const cell = (t: DashboardTable, match: (row: DashboardTable['rows'][number]) => boolean, key: string) => {
  const row = t.rows.find(match);
  return row?.[t.columns.findIndex((c) => c.key === key)];
};

/** A figure in minutes, to 0.1, from a moved clock plus the few real seconds the steps take. */
function near(v: unknown, minutes: number): void {
  expect(typeof v).toBe('number');
  expect(v as number).toBeGreaterThanOrEqual(minutes);
  expect(v as number).toBeLessThanOrEqual(minutes + 0.3);
}

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`dashboard tests skip ${s.name}: ${s.reason}`);

describe.each(available.map((d) => hallTarget(d.name, 'hall-dashboard')))(
  'the station dashboard on $name',
  (target) => {
    let hall: RunningHall;
    const clock = new MovableClock();
    let lead: Person;
    let plainOfficer: string;
    let admin: string;
    let a: Person;
    let b: Person;
    let c: Person;
    let today = '';

    beforeAll(async () => {
      hall = await bootHall({ ...target.env, STATION_TIMEZONE: TZ, NO_SHOW_GRACE_SECONDS: '0' }, clock);
      const url = hallUrl(hall);
      const leadToken = await staffToken(hall, 'officer', 'li', '李警官');
      await runStaffCommand(hall.db, { op: 'lead', username: 'li' }, 'test');
      plainOfficer = await staffToken(hall, 'officer', 'wang', '王警官');
      admin = await staffToken(hall, 'admin', 'root', '管理员');
      lead = { ...(await visitWithToken(hall, leadToken)), token: leadToken };
      const enter = async (name: string, shop: string): Promise<Person> => {
        const token = await signUpMerchant(url, name, shop);
        return { ...(await visitWithToken(hall, token)), token };
      };
      a = await enter('甲女士', '甲记面馆');
      b = await enter('乙先生', '乙家超市');
      c = await enter('丙先生', '丙记烧烤');
      lead.room.send('openDesk', { deskId: 'desk-1', services: ['renovation'] });
      await until(() => a.room.state.desks.get('desk-1')?.open, 'desk open');
      today = stationDay(clock.now(), TZ);
    }, 120_000); // opening and migrating an embedded database is slow on a busy machine
    afterAll(async () => {
      for (const v of [lead, a, b, c]) await v?.room.leave().catch(() => undefined);
      await hall.close();
      await target.cleanup();
    });

    const period = (from = today, to = today) => `${DashboardRoute.period}?from=${from}&to=${to}`;
    const csv = (table: string, from = today, to = today) =>
      `${DashboardRoute.csv}?table=${table}&from=${from}&to=${to}`;

    async function take(m: Person, description: string) {
      m.room.send('takeTicket', { service: 'renovation', description });
      return until(
        () => last<MyTicketsNotice>(m.box, HallNotice.myTickets)?.tickets.find((t) => t.status === 'waiting'),
        'a ticket',
      );
    }

    async function callNext(ticketId: string) {
      lead.room.send('callNext');
      await until(
        () => last<DeskViewNotice>(lead.box, HallNotice.deskView, (v) => v.current?.ticketId === ticketId),
        'called',
      );
    }

    it('serves two merchants at the desk and misses one; today shows it at once', async () => {
      const ta = await take(a, '门头改造');
      clock.advance(2 * MIN);
      const tb = await take(b, '店招备案');
      await callNext(ta.id); // A waited two minutes
      lead.room.send('startService');
      await until(
        () => last<DeskViewNotice>(lead.box, HallNotice.deskView, (v) => v.current?.status === 'serving'),
        'serving',
      );
      clock.advance(6 * MIN);
      lead.room.send('complete', { notes: '已告知要求', checklist: [], outcome: 'resolved' });
      const done = await until(() => last<CaseCompletedNotice>(a.box, HallNotice.caseCompleted), 'completed');
      const rated = await api(hall, a.token, 'POST', CasesRoute.rate.replace(':id', done.caseId), {
        level: 2,
        comment: '=HYPERLINK("http://evil.example","点我")',
      });
      expect(rated.status).toBeLessThan(300);

      await callNext(tb.id); // B waited six minutes since A was called, then did not come
      clock.advance(1 * MIN);
      lead.room.send('noShow');
      await until(
        () => last<MyTicketsNotice>(b.box, HallNotice.myTickets)?.tickets.every((t) => t.id !== tb.id),
        'no-show',
      );
      await take(c, '咨询');
      clock.advance(3 * MIN);

      for (const [token, mayReadPeriod] of [
        [plainOfficer, false],
        [lead.token, true],
        [admin, true],
      ] as const) {
        const r = await get(hall, DashboardRoute.today, token);
        expect(r.status).toBe(200);
        const t = r.body as unknown as DashboardToday;
        expect(t).toMatchObject({ day: today, timeZone: TZ, servedToday: 1, noShowsToday: 1, mayReadPeriod });
        expect(t.desks).toEqual([
          { deskId: 'desk-1', officerName: '李警官', services: ['renovation'], paused: false, ticket: null },
        ]);
        const reno = t.services.find((s) => s.service === 'renovation')!;
        expect(reno.waiting).toBe(1);
        near(reno.longestWaitMinutes, 3);
        expect(t.longestWaitMinutes).toBe(reno.longestWaitMinutes);
        expect(t.services.map((s) => s.service)).toEqual(['renovation', 'signboard', 'concerns', 'consultation']);
      }
    });

    it("gives the lead the period's figures as served, the comment without its writer, and audits the read", async () => {
      const r = await get(hall, period(), lead.token);
      expect(r.status).toBe(200);
      const p = r.body as unknown as DashboardPeriod;
      expect(p.tables.map((t) => t.name)).toEqual(PERIOD_TABLES);
      const table = (name: string) => p.tables.find((t) => t.name === name)!;
      const reno = (row: DashboardTable['rows'][number]) => row[0] === 'renovation';
      expect(cell(table('byService'), reno, 'served')).toBe(1);
      expect(cell(table('byService'), reno, 'noShows')).toBe(1);
      // Waits of 2 and 6 minutes; one service of 6 minutes.
      near(cell(table('byService'), reno, 'waitMean'), 4);
      near(cell(table('byService'), reno, 'waitP90'), 5.6);
      near(cell(table('byService'), reno, 'serviceMedian'), 6);
      expect(table('byDay').rows).toEqual([[today, 1, 1, cell(table('byService'), reno, 'waitMean')]]);
      expect(table('byHour').rows.reduce((n, row) => n + (row[1] as number), 0)).toBe(1);
      expect(cell(table('ratingsByService'), reno, 'levelMean')).toBe(2);
      expect(table('ratingsByOfficer').rows).toEqual([['李警官', 1, 2, 0, 1, 0, 0, 0]]);
      expect(table('ratingComments').rows).toEqual([
        [today, 'renovation', '李警官', 2, '=HYPERLINK("http://evil.example","点我")'],
      ]);
      // Nothing names the merchants who were served or who rated.
      for (const who of ['甲女士', '甲记面馆', '乙先生', '丙先生']) expect(r.text).not.toContain(who);

      const audit = await listAudit(hall.db);
      expect(audit.find((e) => e.action === 'dashboard.period')).toMatchObject({
        actorKind: 'staff',
        detail: { from: today, to: today },
      });
    });

    it('exports each table as a CSV that opens in Excel and parses back to the same rows', async () => {
      const p = (await get(hall, period(), lead.token)).body as unknown as DashboardPeriod;
      for (const table of p.tables) {
        const r = await get(hall, csv(table.name), lead.token);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(r.headers.get('content-disposition')).toBe(
          `attachment; filename="dashboard-${table.name}-${today}-${today}.csv"`,
        );
        expect(r.text).toBe(tableCsv(table));
      }
      const comments = (await get(hall, csv('ratingComments'), lead.token)).text;
      expect([...Buffer.from(comments, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(comments.startsWith(`${CSV_BOM}日期,服务,工作人员,评分,评价内容\r\n`)).toBe(true);
      expect(comments).toContain(`${today},装修指导,李警官,2,"'=HYPERLINK(""http://evil.example"",""点我"")"\r\n`);
      expect((await listAudit(hall.db)).some((e) => e.action === 'dashboard.csv' && e.detail.table === 'byHour')).toBe(
        true,
      );
    });

    it('audits a table the page exports from the rows it shows: who, which period, which table', async () => {
      // The page writes the file itself (the table on screen), and tells the hall first, which writes the line.
      const exported = (table: string, token?: string) =>
        fetch(new URL(`${DashboardRoute.exported}?table=${table}&from=${today}&to=${today}`, hallUrl(hall)), {
          method: 'POST',
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        });
      const exports = async () =>
        (await listAudit(hall.db, { targetKind: 'dashboard' })).filter((e) => e.action === 'dashboard.csv');
      // The lead reads the period (audited), as the page does before it shows a table to export.
      expect((await get(hall, period(), lead.token)).status).toBe(200);
      const leadRead = (await listAudit(hall.db)).find((e) => e.action === 'dashboard.period');
      const before = (await exports()).length;
      const r = await exported('ratingsByOfficer', lead.token);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ fileName: `dashboard-ratingsByOfficer-${today}-${today}.csv` });
      const lines = await exports();
      expect(lines.length).toBe(before + 1);
      expect(lines[0]).toMatchObject({
        actorKind: 'staff',
        actorId: leadRead!.actorId,
        targetKind: 'dashboard',
        detail: { from: today, to: today, table: 'ratingsByOfficer' },
      });

      // Nobody else's export is taken down, nor a table that does not exist.
      expect((await exported('ratingsByOfficer', plainOfficer)).status).toBe(403);
      expect((await exported('ratingsByOfficer', a.token)).status).toBe(403);
      expect((await exported('ratingsByOfficer')).status).toBe(401);
      expect((await exported('everything', lead.token)).status).toBe(400);
      expect((await exports()).length).toBe(before + 1);
    });

    it('refuses the period to a plain officer and a merchant, and anyone without a token', async () => {
      for (const route of [period(), csv('byDay')]) {
        expect((await get(hall, route, plainOfficer)).status).toBe(403);
        expect((await get(hall, route, a.token)).status).toBe(403);
        expect((await get(hall, route)).status).toBe(401);
        expect((await get(hall, route, admin)).status).toBe(200);
      }
      expect((await get(hall, DashboardRoute.today, a.token)).status).toBe(403);
      expect((await get(hall, DashboardRoute.today)).status).toBe(401);
      // A bad query from someone not allowed is still 403: who asks is checked first.
      expect((await get(hall, `${DashboardRoute.period}?from=x`, plainOfficer)).status).toBe(403);
    });

    it('names each bad field with 400', async () => {
      const bad = async (route: string) => {
        const r = await get(hall, route, lead.token);
        expect(r.status).toBe(400);
        return r.body;
      };
      expect(await bad(DashboardRoute.period)).toEqual({
        error: 'invalid_input',
        fields: { from: 'required', to: 'required' },
      });
      expect(await bad(period('2026-02-30', '2026-13-01'))).toEqual({
        error: 'invalid_input',
        fields: { from: 'invalid_day', to: 'invalid_day' },
      });
      expect(await bad(period('2026-03-02', '2026-03-01'))).toEqual({
        error: 'invalid_input',
        fields: { to: 'before_from' },
      });
      expect(await bad(period('2024-01-01', '2025-01-01'))).toEqual({
        error: 'invalid_input',
        fields: { to: 'too_long' },
        limit: DASHBOARD_PERIOD_DAYS_MAX,
      });
      expect(await bad(csv('everything'))).toEqual({ error: 'invalid_input', fields: { table: 'unknown_table' } });
      expect(await bad(`${period()}&officer=wang`)).toEqual({
        error: 'invalid_input',
        fields: { officer: 'unknown_field' },
      });
    });

    it('takes the period away at once when the lead mark is cleared, with the same token', async () => {
      await runStaffCommand(hall.db, { op: 'unlead', username: 'li' }, 'test');
      expect((await get(hall, period(), lead.token)).status).toBe(403);
      const stillToday = await get(hall, DashboardRoute.today, lead.token);
      expect([stillToday.status, (stillToday.body as unknown as DashboardToday).mayReadPeriod]).toEqual([200, false]);
      await runStaffCommand(hall.db, { op: 'lead', username: 'li' }, 'test');
      expect((await get(hall, period(), lead.token)).status).toBe(200);
      await expect(runStaffCommand(hall.db, { op: 'lead', username: 'root' }, 'test')).rejects.toThrow(
        /only an officer/,
      );
    });
  },
);
