import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountsRoute } from '../../shared/accounts.ts';
import { NoticesRoute } from '../../shared/boardNotices.ts';
import { CaseFileRoute } from '../../shared/caseFile.ts';
import { ConcernsRoute } from '../../shared/concerns.ts';
import { DashboardRoute } from '../../shared/dashboard.ts';
import { FilingsRoute } from '../../shared/filing.ts';
import { FilingItemsRoute } from '../../shared/filingItems.ts';
import { GuidanceRoute } from '../../shared/guidance.ts';
import { MeetingsRoute, MinutesRoute } from '../../shared/meetings.ts';
import { CasesRoute } from '../../shared/queue.ts';
import { StationsRoute } from '../../shared/stations.ts';
import { VisitsRoute } from '../../shared/visits.ts';
import { ADMIN_STAFF_ROUTE } from '../../server/accounts/adminHttp.ts';
import { ADMIN_STATIONS_ROUTE } from '../../server/stations/adminHttp.ts';
import { runStaffCommand } from '../../server/accounts/staffAdmin.ts';
import type { RunningHall } from '../../server/app.ts';
import { signUpMerchant } from '../support/merchants.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootHall, hallUrl } from './helpers.ts';

/**
 * Every API route that reads an id — from its path, its query or its JSON body — asked with ids no page sends:
 * a NUL (which PostgreSQL refuses in text), prototype names, an oversized id, a path climb, a broken percent
 * escape, an emoji, and in bodies an id of the wrong type. Each is told a 4xx with a JSON `{ error }`, never a
 * 5xx, and the hall logs no error: an odd id is the asker's mistake, not the hall's failure.
 */

/** As they go into a URL: percent escapes stay as written (a NUL, a slash, a broken escape). */
const PATH_VALUES = [
  '%00',
  'a%00b',
  '__proto__',
  'toString',
  'constructor',
  'x'.repeat(5000),
  '..%2F..%2Fetc',
  '%E0%A4%A',
  '😀',
];

/** As they go into a JSON body: the same ids decoded, and ids of the wrong type. */
const BODY_VALUES: unknown[] = [
  '\0',
  'a\0b',
  '__proto__',
  'toString',
  'constructor',
  'x'.repeat(5000),
  '../../etc',
  '%E0%A4%A',
  '😀',
  1,
  { id: 'x' },
  ['x'],
  null,
];

type Who = 'merchant' | 'officer' | 'lead' | 'manager' | 'admin' | 'spare';
const EVERYONE: Who[] = ['merchant', 'officer', 'lead', 'manager', 'admin'];

/** A route, its method, and a body that would pass were the ids real. */
interface Call {
  method: 'GET' | 'POST' | 'PUT';
  route: string;
  body?: unknown;
  /** A filter or a search: naming nothing, it finds nothing (200, empty) instead of being refused. */
  filter?: true;
}

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const NOTICE = { title: '通知', text: '内容', category: 'signFiling', validFrom: day(0), validUntil: day(30) };
const GUIDANCE = { restaurant: false, facadeWork: false, kitchenWork: false, streetSide: false, cookingHeads: 0 };

/** Every route with an id in its path (`:id`, `:item`, `:merchantId`, `:index`, a station's slug). */
const PATH_ROUTES: Call[] = [
  { method: 'PUT', route: NoticesRoute.one, body: NOTICE },
  { method: 'POST', route: NoticesRoute.actions, body: { action: 'pin' } },
  { method: 'POST', route: NoticesRoute.read },
  { method: 'GET', route: CasesRoute.one },
  { method: 'POST', route: CasesRoute.rate, body: { level: 2 } },
  { method: 'GET', route: CasesRoute.atDesk },
  { method: 'GET', route: CaseFileRoute.merchant },
  { method: 'GET', route: FilingsRoute.upload },
  { method: 'GET', route: FilingsRoute.filing },
  { method: 'PUT', route: FilingsRoute.filing, body: {} },
  { method: 'POST', route: FilingsRoute.review, body: { action: 'startReview' } },
  { method: 'POST', route: FilingItemsRoute.handIn, body: { kind: 'text', text: '好' } },
  { method: 'POST', route: FilingItemsRoute.answer, body: { action: 'accept' } },
  { method: 'GET', route: ConcernsRoute.one },
  { method: 'POST', route: ConcernsRoute.steps, body: { kind: 'note', text: '跟进' } },
  { method: 'POST', route: ConcernsRoute.steps, body: { kind: 'confirm' } },
  { method: 'GET', route: GuidanceRoute.one },
  { method: 'PUT', route: GuidanceRoute.one, body: { items: [], added: [], notes: '' } },
  { method: 'GET', route: MeetingsRoute.one },
  {
    method: 'PUT',
    route: MeetingsRoute.one,
    body: { title: '会谈', date: day(3), time: '09:00', minutes: 60, agenda: [], invitees: [] },
  },
  { method: 'POST', route: MeetingsRoute.cancel },
  { method: 'POST', route: MeetingsRoute.end },
  { method: 'GET', route: MinutesRoute.minutes },
  { method: 'GET', route: `${MinutesRoute.minutes}?format=markdown&lang=en` },
  {
    method: 'PUT',
    route: MinutesRoute.item.replace(':index', '0'),
    body: { text: '纪要', decisions: [], version: '' },
  },
  { method: 'PUT', route: MinutesRoute.item, body: { text: '纪要', decisions: [], version: '' } },
  {
    method: 'POST',
    route: MinutesRoute.actions,
    body: { agendaIndex: 0, what: '清理', ownerId: 'x', party: 'merchant', due: day(9) },
  },
  { method: 'PUT', route: MinutesRoute.action, body: { status: 'done' } },
  { method: 'PUT', route: MinutesRoute.roles, body: { coHostIds: [], secretaryIds: [] } },
  { method: 'POST', route: VisitsRoute.book, body: { caseId: 'x' } },
  { method: 'POST', route: VisitsRoute.offer, body: { caseId: 'x' } },
  { method: 'POST', route: VisitsRoute.cancel },
  { method: 'POST', route: VisitsRoute.result, body: { result: '已整改' } },
  { method: 'GET', route: StationsRoute.qr(':slug') },
];

/** Every route with an id (or a value naming a record) in its query; `{v}` is where the odd value goes. */
const QUERY_ROUTES: Call[] = [
  { method: 'GET', route: `${ConcernsRoute.concerns}?merchant={v}`, filter: true },
  { method: 'GET', route: `${GuidanceRoute.list}?caseId={v}`, filter: true },
  { method: 'GET', route: `${CaseFileRoute.merchant.replace(':merchantId', 'm')}?cursor={v}` },
  { method: 'GET', route: `${CaseFileRoute.search}?q={v}`, filter: true },
  // An unreadable day is refused, naming `date`; without one the officer's day is today.
  { method: 'GET', route: `${VisitsRoute.slots}?date={v}`, filter: true },
  { method: 'GET', route: `${DashboardRoute.period}?from={v}&to={v}` },
  { method: 'GET', route: `${DashboardRoute.csv}?table={v}&from=${day(-7)}&to=${day(0)}` },
  { method: 'POST', route: `${DashboardRoute.exported}?table={v}&from={v}&to={v}` },
  // The station every request names, by query (the header is swept below).
  { method: 'GET', route: `${NoticesRoute.notices}?station={v}` },
  { method: 'GET', route: `${CasesRoute.mine}?station={v}` },
  { method: 'POST', route: `${AccountsRoute.roomPass}?station={v}` },
];

/**
 * The routes no id reaches, asked with an odd station header (the id every request carries): listed so the
 * sweep names them all. The stations' own routes name no station and are asked by their slug below.
 */
const PLAIN_ROUTES: Call[] = [
  { method: 'GET', route: NoticesRoute.notices },
  { method: 'GET', route: CasesRoute.mine },
  { method: 'GET', route: CasesRoute.allAtDesk },
  { method: 'GET', route: CasesRoute.myRatings },
  { method: 'GET', route: CaseFileRoute.waiting },
  { method: 'GET', route: FilingsRoute.filings },
  { method: 'GET', route: ConcernsRoute.categories },
  { method: 'GET', route: ConcernsRoute.officers },
  { method: 'GET', route: ConcernsRoute.atDesk },
  { method: 'GET', route: GuidanceRoute.list },
  { method: 'GET', route: MeetingsRoute.board },
  { method: 'GET', route: MeetingsRoute.people },
  { method: 'GET', route: MeetingsRoute.list },
  { method: 'GET', route: DashboardRoute.today },
  { method: 'GET', route: AccountsRoute.me },
  { method: 'GET', route: '/api/voice/ice' },
];
const UNSCOPED_ROUTES = [StationsRoute.list, StationsRoute.page(':slug'), StationsRoute.qr(':slug')];

/**
 * Every list route (and every route reading its query), who may read it, and the parameters it reads with
 * values it does not take. A filter it cannot read is refused 400 `invalid_input` naming the parameter,
 * never taken for one that matched nothing (200, empty) or ignored (200, the whole list).
 */
const LIST_ROUTES: { route: string; who: Who[]; params?: Record<string, string[]> }[] = [
  { route: NoticesRoute.notices, who: ['merchant', 'officer'] },
  { route: CasesRoute.mine, who: ['merchant'] },
  { route: CasesRoute.allAtDesk, who: ['officer'] },
  { route: CasesRoute.myRatings, who: ['officer'] },
  { route: CaseFileRoute.waiting, who: ['officer'] },
  { route: `${CaseFileRoute.search}?q=x`, who: ['officer', 'admin'], params: { q: ['q=b', 'q[x]=1'] } },
  {
    route: CaseFileRoute.merchant.replace(':merchantId', 'm'),
    who: ['officer'],
    params: { cursor: ['cursor=a&cursor=b', 'cursor[x]=1', 'cursor=nope'] },
  },
  { route: FilingsRoute.filings, who: ['merchant', 'officer', 'manager'] },
  {
    route: ConcernsRoute.concerns,
    who: ['merchant', 'officer', 'manager'],
    params: { merchant: ['merchant=a&merchant=b', 'merchant[x]=1'] },
  },
  { route: ConcernsRoute.categories, who: ['merchant', 'officer'] },
  { route: ConcernsRoute.officers, who: ['officer'] },
  { route: ConcernsRoute.atDesk, who: ['officer'] },
  { route: GuidanceRoute.list, who: ['merchant'] },
  { route: `${GuidanceRoute.list}?caseId=x`, who: ['officer'], params: { caseId: ['caseId=b'] } },
  { route: MeetingsRoute.board, who: ['merchant', 'officer', 'manager'] },
  { route: MeetingsRoute.list, who: ['merchant', 'officer', 'manager'] },
  {
    route: MeetingsRoute.people,
    who: ['manager'],
    params: { merchant: ['merchant=a&merchant=b', 'merchant[x]=1', `merchant=${'1'.repeat(41)}`] },
  },
  {
    route: MinutesRoute.minutes,
    who: ['manager', 'merchant'],
    params: { format: ['format=pdf', 'format=markdown&format=markdown'], lang: ['format=markdown&lang=fr'] },
  },
  {
    route: VisitsRoute.slots,
    who: ['merchant', 'officer'],
    params: { date: ['date=nope', 'date=2026-02-30', 'date=a&date=b'] },
  },
  { route: `${DashboardRoute.period}?from=${day(-7)}&to=${day(0)}`, who: ['lead', 'admin'] },
  { route: `${DashboardRoute.csv}?table=byDay&from=${day(-7)}&to=${day(0)}`, who: ['lead'] },
  { route: StationsRoute.list, who: ['merchant'] },
];

/** Parameters no list route reads, as a page with a stale or hand-made link might send them. */
const UNKNOWN_PARAMS = ['status=bogus', 'service=x', 'period=nope', 'status[toString]=1', '__proto__=x', 'toString=1'];

describe('odd ids, on every route that reads one', () => {
  let hall: RunningHall;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<'merchant' | 'officer' | 'manager' | 'slot' | 'meeting' | 'concern' | 'category', string>;
  const logged: string[] = [];
  const level = process.env.LOG_LEVEL;
  let adminKey = '';

  /**
   * Ask, and say what is wrong with the answer, or null: a 5xx always, else anything but a 4xx with a JSON
   * `{ error }` (or, for a filter, a 2xx).
   */
  async function ask(
    who: Who,
    call: Call,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<string | null> {
    const method = call.method;
    const res = await fetch(`${hallUrl(hall)}${route}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let error: unknown;
    try {
      error = (JSON.parse(text) as { error?: unknown }).error;
    } catch {
      error = undefined;
    }
    const refused = res.status >= 400 && res.status < 500 && typeof error === 'string';
    const found = call.filter === true && res.status >= 200 && res.status < 300;
    return refused || found ? null : `${who} ${method} ${route.slice(0, 90)} → ${res.status} ${text.slice(0, 60)}`;
  }

  /** Every answer's fault, none expected. */
  async function sweep(asks: (() => Promise<string | null>)[]): Promise<string[]> {
    const faults: string[] = [];
    for (const a of asks) {
      const fault = await a();
      if (fault) faults.push(fault);
    }
    return faults;
  }

  const post = async (who: Who, route: string, body: unknown) => {
    const res = await fetch(`${hallUrl(hall)}${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    // The sweep asks over a thousand times; the write limits are not what it is about.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-odd-'));
    hall = await bootHall({
      DATA_DIR: dataDir,
      LIMIT_WRITES_PER_MINUTE: '100000',
      LIMIT_ADDRESS_WRITES_PER_MINUTE: '100000',
    });
    // The key the hall wrote for `npm run staff` (server/store/dataDirLock.ts).
    adminKey = fs.readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim();
    expect(adminKey).not.toBe('');
    const staff = async (who: Who, role: 'officer' | 'parkManager' | 'admin') => {
      const username = `odd-${who}`;
      const password = `pw-${username}-0123456789`;
      const { hashPassword } = await import('../../server/accounts/passwords.ts');
      await runStaffCommand(
        hall.db,
        { op: 'add', role, username, name: who, passwordHash: await hashPassword(password) },
        'test',
      );
      if (who === 'lead') await runStaffCommand(hall.db, { op: 'lead', username }, 'test');
      const r = await fetch(`${hallUrl(hall)}${AccountsRoute.staffLogin}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      tokens[who] = ((await r.json()) as { token: string }).token;
    };
    await staff('officer', 'officer');
    await staff('lead', 'officer');
    await staff('manager', 'parkManager');
    await staff('admin', 'admin');
    tokens.merchant = await signUpMerchant(hallUrl(hall), '周老板', '周记茶饮');
    // Asking for a new recovery code ends the asker's other sign-ins: a merchant of its own asks it.
    tokens.spare = await signUpMerchant(hallUrl(hall), '吴老板', '吴记面馆');
    const me = async (who: Who) =>
      (
        (await (
          await fetch(`${hallUrl(hall)}${AccountsRoute.me}`, { headers: { Authorization: `Bearer ${tokens[who]}` } })
        ).json()) as { me: { id: string } }
      ).me.id;
    ids.merchant = await me('merchant');
    ids.officer = await me('officer');
    ids.manager = await me('manager');

    // Real records, so that the ids in a body reach the store behind a record that exists.
    const slot = await post('officer', VisitsRoute.slots, { date: day(2), from: '09:00', to: '10:00' });
    ids.slot = String(slot.id);
    // Park managers schedule the three-party sessions.
    const meeting = await post('manager', MeetingsRoute.list, {
      title: '三方会谈',
      date: day(3),
      time: '09:00',
      minutes: 60,
      agenda: ['外摆管理'],
      invitees: [
        { id: ids.merchant, party: 'merchant' },
        { id: ids.officer, party: 'officer' },
      ],
    });
    ids.meeting = String(meeting.id);
    const categories = (await (
      await fetch(`${hallUrl(hall)}${ConcernsRoute.categories}`, {
        headers: { Authorization: `Bearer ${tokens.merchant}` },
      })
    ).json()) as { id: string }[] | { categories: { id: string }[] };
    ids.category = (Array.isArray(categories) ? categories : categories.categories)[0]!.id;
    const concern = await post('merchant', ConcernsRoute.concerns, {
      category: ids.category,
      place: '门口',
      what: '路灯坏了',
    });
    ids.concern = String(concern.id);
    const UUID = /^[0-9a-f-]{36}$/;
    expect({ slot, meeting, concern }).toMatchObject({
      slot: { id: UUID },
      meeting: { id: UUID },
      concern: { id: UUID },
    });

    // The log is read from here on: an error line is a failure of the hall, whatever the answer said.
    delete process.env.LOG_LEVEL;
    const keep = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    vi.spyOn(console, 'error').mockImplementation(keep);
    vi.spyOn(console, 'warn').mockImplementation(keep);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
    await hall?.close();
  });

  it('answers an odd id in a path with a 4xx and an error code, for everyone', async () => {
    const asks = PATH_ROUTES.flatMap((call) =>
      PATH_VALUES.flatMap((v) =>
        EVERYONE.map((who) => () => ask(who, call, call.route.replace(/:\w+/g, v), call.body)),
      ),
    );
    expect(await sweep(asks)).toEqual([]);
  });

  it('answers an odd id in a query with a 4xx and an error code, or finds nothing by it', async () => {
    const asks = QUERY_ROUTES.flatMap((call) =>
      PATH_VALUES.flatMap((v) =>
        EVERYONE.map((who) => () => ask(who, call, call.route.replaceAll('{v}', v), call.body)),
      ),
    );
    expect(await sweep(asks)).toEqual([]);
  });

  it('answers an odd station header on every scoped route with a 4xx and an error code', async () => {
    // A header cannot carry a NUL or anything but visible ASCII; the query form above carries those.
    const header = PATH_VALUES.filter((v) => !v.includes('%00') && !/[^\x20-\x7e]/.test(v));
    const asks = [...PLAIN_ROUTES, ...PATH_ROUTES.filter((c) => !UNSCOPED_ROUTES.includes(c.route))].flatMap((call) =>
      header.flatMap((v) =>
        (['merchant', 'officer'] as Who[]).map(
          (who) => () => ask(who, call, call.route.replace(/:\w+/g, 'x'), call.body, { 'x-station': v }),
        ),
      ),
    );
    expect(await sweep(asks)).toEqual([]);
  });

  it('refuses a parameter a list route does not read, or a value it does not take, naming the parameter', async () => {
    const faults: string[] = [];
    const route = (r: string) => r.replace(':id', ids.meeting);
    const join = (r: string, q: string) => `${r}${r.includes('?') ? '&' : '?'}${q}`;
    for (const call of LIST_ROUTES) {
      const asks: [query: string, field: string][] = [
        ...UNKNOWN_PARAMS.map((q): [string, string] => [q, q.split('=')[0]!]),
        ...Object.entries(call.params ?? {}).flatMap(([name, bad]) => bad.map((q): [string, string] => [q, name])),
      ];
      for (const who of call.who) {
        for (const [query, field] of asks) {
          const path = join(route(call.route), query);
          const res = await fetch(`${hallUrl(hall)}${path}`, { headers: { Authorization: `Bearer ${tokens[who]}` } });
          const body = (await res.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
          const named = Object.keys(body.fields ?? {}).some((k) => k === field || k.startsWith(`${field}[`));
          if (res.status !== 400 || body.error !== 'invalid_input' || !named)
            faults.push(`${who} ${path.slice(0, 90)} → ${res.status} ${JSON.stringify(body).slice(0, 80)}`);
        }
        // The station every request may name is read by every route: never refused as a query the route cannot
        // read (the route may still refuse for its own reasons: no desk open, minutes not yet published).
        const fine = await fetch(`${hallUrl(hall)}${join(route(call.route), 'station=main')}`, {
          headers: { Authorization: `Bearer ${tokens[who]}` },
        });
        if (fine.status === 400 || fine.status >= 500)
          faults.push(`${who} ${call.route} ?station=main → ${fine.status}`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('gives a station link that names no station a 404 (a malformed one 400), never a 5xx', async () => {
    const answers = [];
    for (const v of PATH_VALUES) {
      const res = await fetch(`${hallUrl(hall)}${StationsRoute.page(v)}`);
      answers.push([v.slice(0, 20), res.status]);
    }
    expect(answers).toEqual(PATH_VALUES.map((v) => [v.slice(0, 20), v === '%E0%A4%A' ? 400 : 404]));
  });

  it('answers an odd id, or an id of the wrong type, in a JSON body with a 4xx and an error code', async () => {
    const meeting = (route: string) => route.replace(':id', ids.meeting);
    const slot = (route: string) => route.replace(':id', ids.slot);
    const plan = { title: '会谈', date: day(4), time: '10:00', minutes: 60, agenda: ['外摆'] };
    const bodies: (Omit<Call, 'body' | 'method'> & {
      who: Who;
      method: 'POST' | 'PUT';
      body: (v: unknown) => unknown;
    })[] = [
      { who: 'merchant', method: 'POST', route: slot(VisitsRoute.book), body: (v) => ({ caseId: v }) },
      { who: 'officer', method: 'POST', route: slot(VisitsRoute.offer), body: (v) => ({ caseId: v }) },
      {
        who: 'manager',
        method: 'POST',
        route: MeetingsRoute.list,
        body: (v) => ({ ...plan, invitees: [{ id: v, party: 'merchant' }] }),
      },
      {
        who: 'manager',
        method: 'POST',
        route: MeetingsRoute.list,
        body: (v) => ({ ...plan, invitees: [], seriesId: v }),
      },
      {
        who: 'manager',
        method: 'PUT',
        route: meeting(MeetingsRoute.one),
        body: (v) => ({ ...plan, invitees: [{ id: v, party: 'property' }] }),
      },
      {
        who: 'manager',
        method: 'PUT',
        route: meeting(MinutesRoute.roles),
        body: (v) => ({ coHostIds: [v], secretaryIds: [] }),
      },
      {
        who: 'manager',
        method: 'PUT',
        route: meeting(MinutesRoute.roles),
        body: (v) => ({ coHostIds: [], secretaryIds: [v] }),
      },
      {
        who: 'manager',
        method: 'POST',
        route: meeting(MinutesRoute.actions),
        body: (v) => ({ agendaIndex: 0, what: '清理', ownerId: v, party: 'merchant', due: day(9) }),
      },
      {
        who: 'merchant',
        method: 'POST',
        route: ConcernsRoute.concerns,
        body: (v) => ({ category: v, place: '门口', what: '灯' }),
      },
      {
        who: 'merchant',
        method: 'POST',
        route: ConcernsRoute.concerns,
        body: (v) => ({ category: ids.category, place: '门口', what: '灯', photos: [v] }),
      },
      {
        who: 'officer',
        method: 'POST',
        route: ConcernsRoute.steps.replace(':id', ids.concern),
        body: (v) => ({ kind: 'assign', officerId: v }),
      },
      {
        who: 'officer',
        method: 'POST',
        route: ConcernsRoute.atDesk,
        body: (v) => ({ category: v, place: '门口', what: '灯' }),
      },
      {
        who: 'merchant',
        method: 'POST',
        route: FilingsRoute.filings,
        body: (v) => ({ designImage: v, streetPhoto: v }),
      },
      {
        who: 'officer',
        method: 'POST',
        route: FilingsRoute.review.replace(':id', 'f'),
        body: (v) => ({ action: 'bookVisit', slotId: v }),
      },
      {
        who: 'merchant',
        method: 'POST',
        route: FilingItemsRoute.handIn.replace(':id', 'f').replace(':item', '0'),
        body: (v) => ({ kind: 'photo', imageId: v }),
      },
      { who: 'officer', method: 'POST', route: NoticesRoute.notices, body: (v) => ({ ...NOTICE, category: v }) },
      { who: 'merchant', method: 'POST', route: GuidanceRoute.list, body: (v) => ({ ...GUIDANCE, caseId: v }) },
      { who: 'merchant', method: 'POST', route: AccountsRoute.recover, body: (v) => ({ code: v }) },
      {
        who: 'merchant',
        method: 'POST',
        route: AccountsRoute.staffLogin,
        body: (v) => ({ username: v, password: 'x'.repeat(12) }),
      },
      {
        who: 'spare',
        method: 'POST',
        route: AccountsRoute.recoveryCode,
        body: (v) => ({ keep: v }),
        // The asker's own connections to keep: one that is not theirs is simply not kept.
        filter: true,
      },
      {
        who: 'admin',
        method: 'POST',
        route: ADMIN_STAFF_ROUTE,
        body: (v) => ({ actor: v, command: { op: 'disable', username: v } }),
      },
      {
        who: 'admin',
        method: 'POST',
        route: ADMIN_STATIONS_ROUTE,
        body: (v) => ({ actor: v, command: { op: 'rename', slug: v } }),
      },
    ];
    // The admin routes are the command line's, asked from this machine with the hall's key.
    const key = (route: string): Record<string, string> =>
      route.startsWith('/api/admin/') ? { 'X-Admin-Key': adminKey } : {};
    // Each value alone, then a body that is itself of the wrong type.
    const asks = bodies.flatMap((b) => [
      ...BODY_VALUES.map((v) => () => ask(b.who, b, b.route, b.body(v), key(b.route))),
      ...[null, 1, 'x', []].map((whole) => () => ask(b.who, b, b.route, whole, key(b.route))),
    ]);
    expect(await sweep(asks)).toEqual([]);
  });

  it('refuses a NUL in any text of a JSON body as malformed, with a 4xx and an error code', async () => {
    const nul = 'a\u0000b';
    const plan = { title: nul, date: day(4), time: '10:00', minutes: 60, agenda: [nul] };
    const texts: (Omit<Call, 'body' | 'method'> & { who: Who; method: 'POST' | 'PUT'; body: unknown })[] = [
      { who: 'manager', method: 'POST', route: MeetingsRoute.list, body: { ...plan, invitees: [] } },
      { who: 'merchant', method: 'POST', route: AccountsRoute.staffLogin, body: { username: 'li', password: nul } },
      {
        who: 'admin',
        method: 'POST',
        route: ADMIN_STATIONS_ROUTE,
        body: { actor: 'root', command: { op: 'add', slug: 'nul', name: nul } },
      },
    ];
    const key = (route: string): Record<string, string> =>
      route.startsWith('/api/admin/') ? { 'X-Admin-Key': adminKey } : {};
    expect(await sweep(texts.map((b) => () => ask(b.who, b, b.route, b.body, key(b.route))))).toEqual([]);
  });

  it('logs no error line through all of it', () => {
    const errors = logged.filter((l) => / error /.test(l) || /\b(api|http)\.error\b/.test(l));
    expect(errors).toEqual([]);
  });

  it('still serves the real records by their ids (the sweep refused nothing real)', async () => {
    const r = await fetch(`${hallUrl(hall)}${MeetingsRoute.one.replace(':id', ids.meeting)}`, {
      headers: { Authorization: `Bearer ${tokens.officer}` },
    });
    expect(r.status).toBe(200);
  });
});
