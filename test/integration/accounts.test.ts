import { Client } from '@colyseus/sdk';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PNG } from 'pngjs';
import { AccountsRoute } from '../../shared/accounts.ts';
import { defaultAppearance } from '../../shared/appearance.ts';
import { FilingsRoute } from '../../shared/filing.ts';
import { GuidanceRoute } from '../../shared/guidance.ts';
import { MeetingsRoute } from '../../shared/meetings.ts';
import { VisitsRoute } from '../../shared/visits.ts';
import { CLOSE_ACCOUNT_CHANGED, HallNotice, RoomName } from '../../shared/protocol.ts';
import type { MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import { roleFromCode } from '../../shared/roles.ts';
import { startHall, type RunningHall } from '../../server/app.ts';
import { loadSessionSecret } from '../../server/accounts/secret.ts';
import { LOGIN_THROTTLE, throttleKeys } from '../../server/accounts/throttle.ts';
import {
  issueRoomPass,
  issueToken,
  ROOM_PASS_TTL_S,
  STAFF_TOKEN_TTL_S,
  tokenExpiresAt,
} from '../../server/accounts/tokens.ts';
import { loadConfig } from '../../server/config.ts';
import { listAudit } from '../../server/store/auditRepo.ts';
import { findStaffByUsername } from '../../server/accounts/staffStore.ts';
import { hallTarget, testDatabases, type HallTarget } from '../support/databases.ts';
import { childEnv, startHallProcess } from '../support/server.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { avatarOf, hallUrl, until, visitWithToken } from './helpers.ts';

const { available, skipped } = await testDatabases();
for (const s of skipped) console.warn(`accounts tests skip ${s.name}: ${s.reason}`);

type Target = HallTarget;

const targets = available.map((d) => hallTarget(d.name, 'hall-acc'));
const demoTargets = available.map((d) => hallTarget(d.name, 'hall-demo'));
afterAll(async () => {
  for (const t of [...targets, ...demoTargets]) await t.cleanup();
});

/**
 * Run a command-line tool as an administrator would, with the password on standard input. Asynchronous:
 * the tool may talk to the hall running in this very process.
 */
function cli(t: Target, script: string, args: string[], password = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(script), ...args], {
      env: childEnv({ LOG_LEVEL: 'silent', ...t.env }),
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(`${password}\n`);
  });
}

/**
 * Run `fn` as if the shell running the tests had exported another database and a weak secret: the test's
 * child processes must still use only what the test gives them.
 */
async function withShellEnv<T>(fn: () => Promise<T>): Promise<T> {
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_SCHEMA: process.env.DATABASE_SCHEMA,
    SESSION_SECRET: process.env.SESSION_SECRET,
  };
  Object.assign(process.env, {
    DATABASE_URL: 'postgres://nobody@127.0.0.1:9/not_this_database',
    DATABASE_SCHEMA: 'not_this_schema',
    SESSION_SECRET: 'too short to sign with',
  });
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const staffCli = (t: Target, args: string[], password = '') => cli(t, 'server/cli/staff.ts', args, password);

async function boot(t: Target): Promise<RunningHall> {
  return startHall(loadConfig({ PORT: '0', CLIENT_DIR: path.join(t.env.DATA_DIR!, 'none'), ...t.env }));
}

/** A JSON answer, loosely typed: the tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = Record<string, any>;

async function api(hall: { port: number }, method: string, route: string, body?: unknown, token?: string) {
  const res = await fetch(`http://localhost:${hall.port}${route}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a new password for the day shift';

/**
 * A staff sign-in sent from a given loopback address (Linux answers on all of 127.0.0.0/8), so the hall
 * sees several different machines.
 */
function loginFrom(
  hall: RunningHall,
  from: string,
  username: string,
  password: string,
): Promise<{ status: number; retryAfter: string | undefined; body: Json }> {
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: hall.port,
        path: AccountsRoute.staffLogin,
        method: 'POST',
        localAddress: from,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter, body: JSON.parse(text) as Json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe.each(targets)('accounts on $name', (t) => {
  let hall: RunningHall;

  it('the command line adds, lists and refuses bad accounts; no account exists before', async () => {
    expect((await staffCli(t, ['list'])).out).toMatch(/No staff accounts yet/);
    expect(
      (await staffCli(t, ['add', '--role', 'officer', '--username', 'li', '--name', '李警官'], PASSWORD)).code,
    ).toBe(0);
    expect(
      (await staffCli(t, ['add', '--role', 'parkManager', '--username', 'zhou', '--name', '周经理'], PASSWORD)).code,
    ).toBe(0);
    expect(
      (await staffCli(t, ['add', '--role', 'admin', '--username', 'root', '--name', '管理员'], PASSWORD)).code,
    ).toBe(0);
    const short = await staffCli(t, ['add', '--role', 'officer', '--username', 'wang', '--name', '王'], 'short');
    expect([short.code, short.out]).toEqual([1, expect.stringMatching(/too short/)]);
    const taken = await staffCli(t, ['add', '--role', 'officer', '--username', 'LI', '--name', 'x'], PASSWORD);
    expect([taken.code, taken.out]).toEqual([1, expect.stringMatching(/taken/)]);
    const role = await staffCli(t, ['add', '--role', 'chief', '--username', 'x', '--name', 'x'], PASSWORD);
    expect([role.code, role.out]).toEqual([1, expect.stringMatching(/--role must be one of/)]);
    expect((await staffCli(t, ['list'])).out).toMatch(/li\s+officer\s+active\s+李警官/);
    hall = await boot(t);
  }, 240_000); // seven runs of the command line, each a Node start opening the database (and, once, migrating it)

  it('the command line manages accounts while the hall runs; other tools will not open a busy database', async () => {
    const listed = await staffCli(t, ['list']);
    expect([listed.code, listed.out]).toEqual([0, expect.stringMatching(/zhou\s+parkManager\s+active/)]);
    // The station lead: only an officer is marked, and the mark is cleared the same way.
    expect((await staffCli(t, ['lead', '--username', 'li'])).code).toBe(0);
    expect((await staffCli(t, ['list'])).out).toMatch(/li\s+officer\+lead\s+active\s+李警官/);
    const notOfficer = await staffCli(t, ['lead', '--username', 'zhou']);
    expect([notOfficer.code, notOfficer.out]).toEqual([1, expect.stringMatching(/only an officer/)]);
    expect((await findStaffByUsername(hall.db, 'li'))?.lead).toBe(true);
    expect((await staffCli(t, ['unlead', '--username', 'li'])).code).toBe(0);
    expect((await findStaffByUsername(hall.db, 'li'))?.lead).toBe(false);
    if (t.name === 'pglite') {
      // Through the running hall, which alone may open the embedded database; only with its key.
      const forged = await fetch(`http://127.0.0.1:${hall.port}/api/admin/staff`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Admin-Key': 'guess' },
        body: JSON.stringify({ actor: 'x', command: { op: 'list' } }),
      });
      expect(forged.status).toBe(403);
      const demo = await cli(t, 'server/cli/demo.ts', []);
      expect([demo.code, demo.out]).toEqual([1, expect.stringMatching(/The hall is running on this data folder/)]);
    }
  });

  it('an officer signs in, walks in as an officer, and the sign-in is audited', async () => {
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'LI', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.me).toMatchObject({ kind: 'staff', role: 'officer', name: '李警官' });
    const officer = await visitWithToken(hall, login.body.token);
    const seen = avatarOf(officer.room, officer.room.sessionId)!;
    expect([roleFromCode(seen.role), seen.name]).toEqual(['officer', '李警官']);
    const staff = await findStaffByUsername(hall.db, 'li');
    const log = await listAudit(hall.db, { targetKind: 'staff', targetId: staff!.id });
    expect(log.map((e) => e.action)).toContain('staff.add');
    expect((await listAudit(hall.db)).some((e) => e.action === 'staff.login' && e.actorId === staff!.id)).toBe(true);
    await officer.room.leave(true);
  });

  it('an administrator cannot walk into the hall', async () => {
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'root', password: PASSWORD });
    await expect(visitWithToken(hall, login.body.token)).rejects.toThrow(/not_permitted/);
  });

  it('refuses wrong and unknown sign-ins alike, then slows the guesser with a clear answer', async () => {
    const wrong = await loginFrom(hall, '127.0.0.6', 'zhou', 'wrong password');
    const unknown = await loginFrom(hall, '127.0.0.6', 'nobody', PASSWORD);
    expect([wrong.status, wrong.body]).toEqual([401, { error: 'invalid_credentials' }]);
    expect([unknown.status, unknown.body]).toEqual([401, { error: 'invalid_credentials' }]);
    let last = wrong;
    // Past the free tries each wait doubles, so however slow this machine, a try soon falls inside one.
    for (let i = 1; i <= LOGIN_THROTTLE.pair.freeAttempts + 5 && last.status !== 429; i++) {
      last = await loginFrom(hall, '127.0.0.6', 'zhou', 'wrong password');
    }
    expect(last.status).toBe(429);
    expect(last.body).toEqual({
      error: 'throttled',
      retryAfter: Number(last.retryAfter),
      message: expect.stringMatching(/请 1 分钟后再试/),
    });
    // While the guesser waits, even the right password from there waits: the answer tells nothing.
    const pair = (
      await hall.db.query<{ locked_until: string }>('SELECT locked_until FROM login_throttle WHERE key = $1', [
        throttleKeys('zhou', '127.0.0.6').pair,
      ])
    )[0]!;
    const during = await hall.accounts.staffLogin('zhou', PASSWORD, '127.0.0.6', Date.parse(pair.locked_until) - 1);
    expect(during).toMatchObject({ ok: false, error: 'throttled' });
    const malformed = await api(hall, 'POST', AccountsRoute.staffLogin, '{"username": ');
    expect([malformed.status, malformed.body.error]).toEqual([400, 'invalid_input']);
  });

  it('each further guess waits twice as long, and a quiet hour starts the count again', async () => {
    const at = Date.now() + 86_400_000; // a clock of its own, a day ahead: no other test's counts apply
    const tryAt = (ms: number) => hall.accounts.staffLogin('zhou', 'wrong password', '127.0.0.7', at + ms);
    const { freeAttempts, quietMs } = LOGIN_THROTTLE.pair;
    for (let i = 0; i < freeAttempts; i++) expect(await tryAt(0)).toMatchObject({ error: 'invalid_credentials' });
    expect(await tryAt(0)).toEqual({ ok: false, error: 'throttled', retryAfter: 1 });
    expect(await tryAt(1000)).toMatchObject({ error: 'invalid_credentials' });
    // The refused try above was counted too: two over the free tries, so four seconds now.
    expect(await tryAt(1000)).toEqual({ ok: false, error: 'throttled', retryAfter: 4 });
    expect(await tryAt(4999)).toEqual({ ok: false, error: 'throttled', retryAfter: 1 });
    expect(await tryAt(5000)).toMatchObject({ error: 'invalid_credentials' });
    expect(await tryAt(5000 + quietMs)).toMatchObject({ error: 'invalid_credentials' });
    expect(await tryAt(5000 + quietMs)).toMatchObject({ error: 'invalid_credentials' });
  });

  it('throttles an address that tries many usernames, and only that address', async () => {
    // Fewer tries per username than any per-username count allows, so only the address counter can lock.
    const perName = LOGIN_THROTTLE.pair.freeAttempts - 1;
    let last = await loginFrom(hall, '127.0.0.2', 'guess-0', 'wrong password');
    for (let i = 1; i <= LOGIN_THROTTLE.address.freeAttempts && last.status === 401; i++) {
      last = await loginFrom(hall, '127.0.0.2', `guess-${Math.floor(i / perName)}`, 'wrong password');
    }
    expect(last.status).toBe(429);
    const fresh = await loginFrom(hall, '127.0.0.2', 'never-tried', 'wrong password');
    expect([fresh.status, fresh.body.error]).toEqual([429, 'throttled']);
    expect(fresh.body.retryAfter).toBeGreaterThan(0);
    expect(Number(fresh.retryAfter)).toBe(fresh.body.retryAfter);
    // A real officer at that address waits too; the same officer from another machine is let in.
    expect((await loginFrom(hall, '127.0.0.2', 'li', PASSWORD)).status).toBe(429);
    const elsewhere = await loginFrom(hall, '127.0.0.3', 'li', PASSWORD);
    expect([elsewhere.status, elsewhere.body.me?.name]).toEqual([200, '李警官']);
  });

  it('a username spelt like an address does not lock out that address', async () => {
    // All at one moment, so no wait lapses between the tries, however slowly passwords are checked here.
    const now = Date.now();
    let last = await hall.accounts.staffLogin('127.0.0.5', 'wrong password', '127.0.0.4', now);
    for (let i = 0; i < LOGIN_THROTTLE.pair.freeAttempts + 1; i++) {
      for (const name of ['127.0.0.5', '::ffff:127.0.0.5', 'addr:127.0.0.5']) {
        last = await hall.accounts.staffLogin(name, 'wrong password', '127.0.0.4', now);
      }
    }
    expect(last).toMatchObject({ ok: false, error: 'throttled' }); // those usernames are slowed…
    // …but the machine at 127.0.0.5 is not.
    const there = await loginFrom(hall, '127.0.0.5', 'someone-else', 'wrong password');
    expect([there.status, there.body.error]).toEqual([401, 'invalid_credentials']);
    expect((await loginFrom(hall, '127.0.0.5', 'li', PASSWORD)).status).toBe(200);
  });

  it('fifty guesses sent at once are all counted; the attacked officer still signs in at their desk', async () => {
    expect((await loginFrom(hall, '127.0.0.10', 'li', PASSWORD)).status).toBe(200); // the officer's desk
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => loginFrom(hall, '127.0.0.11', 'li', 'a wrong guess')),
    );
    const counted = async (key: string) =>
      (
        await hall.db.query<{ failures: number; locked_until: string }>(
          'SELECT failures, locked_until FROM login_throttle WHERE key = $1',
          [key],
        )
      )[0]!;
    const keys = throttleKeys('li', '127.0.0.11');
    expect((await counted(keys.pair)).failures).toBe(50);
    expect((await counted(keys.address)).failures).toBe(50);
    // Only the free tries (and any whose wait had passed) had their password checked at all.
    const checked = burst.filter((a) => a.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(LOGIN_THROTTLE.pair.freeAttempts);
    expect(checked).toBeLessThan(10);
    expect(burst.filter((a) => a.status === 429).length).toBe(50 - checked);
    // The guesser's machine is shut out, the officer's desk is not.
    expect((await loginFrom(hall, '127.0.0.11', 'li', PASSWORD)).status).toBe(429);
    const atDesk = await loginFrom(hall, '127.0.0.10', 'li', PASSWORD);
    expect([atDesk.status, atDesk.body.me?.name]).toEqual([200, '李警官']);
    // From a machine the officer never used, the account's own delay applies: minutes at most, never a lock.
    const account = await counted(keys.account);
    const elsewhere = await hall.accounts.staffLogin(
      'li',
      PASSWORD,
      '127.0.0.12',
      Date.parse(account.locked_until) - 1,
    );
    expect(elsewhere).toMatchObject({ ok: false, error: 'throttled' });
    expect(elsewhere.ok ? 0 : elsewhere.retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.account.maxDelayMs / 1000);
  });

  let merchantToken = '';
  let recoveryCode = '';
  let merchantId = '';

  it('a merchant signs up, is recognised by the token, and walks in as that merchant', async () => {
    const hostile = { name: "'); DROP TABLE x;--", shop: '<b>店</b>😀'.repeat(4), phone: '+86 138 0000 0000' };
    const up = await api(hall, 'POST', AccountsRoute.merchants, hostile);
    expect(up.status).toBe(201);
    merchantToken = up.body.token;
    recoveryCode = up.body.recoveryCode;
    merchantId = up.body.me.id;
    expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const me = await api(hall, 'GET', AccountsRoute.me, undefined, merchantToken);
    // Who never chose a look is drawn with the default their id gives.
    expect(me.body.me).toEqual({
      kind: 'merchant',
      id: merchantId,
      ...hostile,
      appearance: defaultAppearance(merchantId),
    });
    const a = await visitWithToken(hall, merchantToken);
    expect(avatarOf(a.room, a.room.sessionId)?.name).toBe(hostile.name);
    await a.room.leave(true);
    // The same browser comes back another day: same token, same merchant.
    const again = await visitWithToken(hall, merchantToken);
    expect(avatarOf(again.room, again.room.sessionId)?.shop).toBe(hostile.shop);
    await again.room.leave(true);
  });

  it('refuses bad sign-ups field by field, and oversized bodies', async () => {
    const bad = await api(hall, 'POST', AccountsRoute.merchants, { name: '王'.repeat(21), shop: '', phone: 'call me' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ name: 'too_long', shop: 'required', phone: 'invalid_phone' });
    const big = await api(hall, 'POST', AccountsRoute.merchants, { name: 'x', shop: 'y', pad: 'z'.repeat(20_000) });
    expect([big.status, big.body.detail]).toEqual([413, 'body_too_large']);
  });

  it('a recovery code signs the merchant in elsewhere; a new code replaces it; a wrong one is refused', async () => {
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    const rec = await api(hall, 'POST', AccountsRoute.recover, { code: typed });
    expect([rec.status, rec.body.me.id]).toEqual([200, merchantId]);
    const renewed = await api(hall, 'POST', AccountsRoute.recoveryCode, undefined, rec.body.token);
    expect(renewed.body.recoveryCode).not.toBe(recoveryCode);
    // A new code is what a merchant takes when a phone is lost: every earlier token ends, this one goes on.
    for (const ended of [merchantToken, rec.body.token as string]) {
      expect((await api(hall, 'GET', AccountsRoute.me, undefined, ended)).status).toBe(401);
    }
    merchantToken = renewed.body.token;
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, merchantToken)).body.me.id).toBe(merchantId);
    const old = await api(hall, 'POST', AccountsRoute.recover, { code: recoveryCode });
    expect([old.status, old.body.error]).toEqual([401, 'invalid_recovery_code']);
    recoveryCode = renewed.body.recoveryCode;
    const wrong = await api(hall, 'POST', AccountsRoute.recover, { code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' });
    expect(wrong.status).toBe(401);
  });

  it('a merchant edits their profile and others see it at once; staff cannot; a forged token is refused', async () => {
    const inHall = await visitWithToken(hall, merchantToken);
    const edit = await api(
      hall,
      'PATCH',
      AccountsRoute.me,
      { name: '王女士', shop: '老王面馆', phone: '' },
      merchantToken,
    );
    expect(edit.body.me).toMatchObject({ name: '王女士', shop: '老王面馆', phone: null });
    await until(() => avatarOf(inHall.room, inHall.room.sessionId)?.shop === '老王面馆', 'the new shop over the head');
    await inHall.room.leave(true);
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: PASSWORD });
    const staffEdit = await api(hall, 'PATCH', AccountsRoute.me, { name: 'a', shop: 'b' }, login.body.token);
    expect([staffEdit.status, staffEdit.body.error]).toEqual([403, 'not_permitted']);
    const staffCode = await api(hall, 'POST', AccountsRoute.recoveryCode, undefined, login.body.token);
    expect([staffCode.status, staffCode.body.error]).toEqual([403, 'not_permitted']);
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, login.body.token)).body.me.name).toBe('李警官');
    const [h, , s] = merchantToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ k: 'staff', r: 'admin', v: 0, sub: 'x' })).toString('base64url')}.${s}`;
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, forged)).status).toBe(401);
  });

  it('an uploaded image on no filing yet is shown to its merchant only, not to staff, others or the admin', async () => {
    const img = new PNG({ width: 4, height: 4 });
    img.data.fill(200);
    const uploaded = await fetch(`http://localhost:${hall.port}${FilingsRoute.uploads}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${merchantToken}` },
      body: new Uint8Array(PNG.sync.write(img)),
    });
    const { id } = (await uploaded.json()) as { id: string };
    const route = FilingsRoute.upload.replace(':id', id);
    const read = async (token: string) =>
      (
        await fetch(`http://localhost:${hall.port}${route}`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).status;
    const other = await api(hall, 'POST', AccountsRoute.merchants, { name: '路人', shop: '隔壁' });
    const officer = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: PASSWORD });
    const admin = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'root', password: PASSWORD });
    expect(await read(merchantToken)).toBe(200);
    // Staff see an image once a filing or concern of their station uses it (filings and stationFilings tests).
    expect(await read(officer.body.token)).toBe(404);
    expect(await read(other.body.token)).toBe(404); // not theirs: as if it did not exist
    expect(await read(admin.body.token)).toBe(403);
  });

  it('a merchant who signs out is refused by the API and by the hall, and shown out of it at once', async () => {
    const up = await api(hall, 'POST', AccountsRoute.merchants, { name: '赵老板', shop: '赵记' });
    const token = up.body.token as string;
    const inHall = await visitWithToken(hall, token);
    const spare = await roomPassFor(hallUrl(hall), token); // fetched before the sign-out
    expect((await api(hall, 'POST', AccountsRoute.signOut, undefined, token)).status).toBe(200);
    await until(() => inHall.left.length > 0, 'the merchant to be shown out');
    expect(inHall.left[0]).toBe(CLOSE_ACCOUNT_CHANGED);
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, token)).status).toBe(401);
    expect((await api(hall, 'POST', AccountsRoute.roomPass, undefined, token)).status).toBe(401);
    const late = new Client(hallUrl(hall));
    late.auth.token = spare;
    await expect(late.join(RoomName.hall, {}, HallState)).rejects.toThrow(/invalid_token/);
  });

  it("a new recovery code shows the merchant's other devices out; the device that asked stays", async () => {
    const up = await api(hall, 'POST', AccountsRoute.merchants, { name: '钱女士', shop: '钱记' });
    const lostPhone = await visitWithToken(hall, up.body.token);
    const rec = await api(hall, 'POST', AccountsRoute.recover, { code: up.body.recoveryCode });
    const newPhone = await visitWithToken(hall, rec.body.token);
    const renewed = await api(
      hall,
      'POST',
      AccountsRoute.recoveryCode,
      { keep: [newPhone.room.sessionId] },
      rec.body.token,
    );
    expect(renewed.status).toBe(200);
    await until(() => lostPhone.left.length > 0, 'the lost phone to be shown out');
    expect(lostPhone.left[0]).toBe(CLOSE_ACCOUNT_CHANGED);
    for (const ended of [up.body.token as string, rec.body.token as string]) {
      expect((await api(hall, 'GET', AccountsRoute.me, undefined, ended)).status).toBe(401);
    }
    // The new phone is still in, and its new token makes passes.
    expect(newPhone.left).toEqual([]);
    expect(newPhone.room.connection.isOpen).toBe(true);
    const again = await visitWithToken(hall, renewed.body.token);
    await again.room.leave(true);
    await newPhone.room.leave(true);
  });

  it('the long-lived token cannot enter a room; a pass can, until it expires', async () => {
    const up = await api(hall, 'POST', AccountsRoute.merchants, { name: '孙先生', shop: '孙记' });
    const token = up.body.token as string;
    const withToken = new Client(hallUrl(hall));
    withToken.auth.token = token;
    await expect(withToken.join(RoomName.hall, {}, HallState)).rejects.toThrow(/invalid_token/);
    const pass = await api(hall, 'POST', AccountsRoute.roomPass, undefined, token);
    expect(pass.status).toBe(200);
    expect(pass.body.expiresAt).toBeLessThanOrEqual(Date.now() + ROOM_PASS_TTL_S * 1000);
    // A pass is no sign-in token either: the API refuses it.
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, pass.body.pass)).status).toBe(401);
    const withPass = new Client(hallUrl(hall));
    withPass.auth.token = pass.body.pass;
    const warned = vi.spyOn(console, 'warn');
    try {
      const room = await withPass.join(RoomName.hall, {}, HallState);
      // The hall tells the person at once what is theirs (no number yet): listened for as soon as the room is
      // there, before the notice can arrive, so nothing the hall says goes unheard (or warned about).
      const own = new Promise<MyTicketsNotice>((resolve) => room.onMessage(HallNotice.myTickets, resolve));
      expect((await own).tickets).toEqual([]);
      await room.leave(true);
      expect(warned.mock.calls.map((call) => call.join(' '))).not.toContainEqual(
        expect.stringMatching(/not registered/),
      );
    } finally {
      warned.mockRestore();
    }
    // A pass made a minute and a second ago has expired.
    const secret = loadSessionSecret(t.env.DATA_DIR!, {});
    const subject = { kind: 'merchant', id: up.body.me.id, version: 0 } as const;
    const old = await issueRoomPass(
      secret,
      subject,
      tokenExpiresAt('merchant'),
      Date.now() - (ROOM_PASS_TTL_S + 1) * 1000,
    );
    const late = new Client(hallUrl(hall));
    late.auth.token = old.pass;
    await expect(late.join(RoomName.hall, {}, HallState)).rejects.toThrow(/expired_token/);
  });

  it('an officer who signs out ends that session everywhere', async () => {
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: PASSWORD });
    const out = await api(hall, 'POST', AccountsRoute.signOut, undefined, login.body.token);
    expect(out.status).toBe(200);
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, login.body.token)).status).toBe(401);
    expect((await api(hall, 'POST', AccountsRoute.roomPass, undefined, login.body.token)).status).toBe(401);
  });

  it('a reset password ends the old one and every session at once; the new one signs in', async () => {
    const before = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: PASSWORD });
    const officer = await visitWithToken(hall, before.body.token);
    const reset = await staffCli(t, ['reset', '--username', 'li'], NEW_PASSWORD);
    expect([reset.code, reset.out]).toEqual([0, expect.stringMatching(/New password set for li/)]);
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, before.body.token)).status).toBe(401);
    expect((await api(hall, 'POST', AccountsRoute.roomPass, undefined, before.body.token)).status).toBe(401);
    const old = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: PASSWORD });
    expect([old.status, old.body.error]).toEqual([401, 'invalid_credentials']);
    const fresh = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    expect([fresh.status, fresh.body.me?.name]).toEqual([200, '李警官']);
    await until(() => officer.left.length > 0, 'the officer to be sent out', 15_000);
    expect(officer.left[0]).toBe(CLOSE_ACCOUNT_CHANGED);
    const short = await staffCli(t, ['reset', '--username', 'li'], 'short');
    expect([short.code, short.out]).toEqual([1, expect.stringMatching(/too short/)]);
    const nobody = await staffCli(t, ['reset', '--username', 'nobody'], NEW_PASSWORD);
    expect([nobody.code, nobody.out]).toEqual([1, expect.stringMatching(/No staff account "nobody"/)]);
    const still = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    expect(still.status).toBe(200);
  });

  it("an officer's sign-in that expires ends their live connection too", async () => {
    const staff = (await findStaffByUsername(hall.db, 'li'))!;
    // A token signed by this hall, issued a shift ago less a few seconds: it expires while the officer is in.
    const secret = loadSessionSecret(t.env.DATA_DIR!, {});
    const issuedAt = Date.now() - STAFF_TOKEN_TTL_S * 1000 + 3000;
    const subject = { kind: 'staff', id: staff.id, role: 'officer', version: staff.tokenVersion } as const;
    const token = await issueToken(secret, subject, issuedAt);
    const expiresAt = tokenExpiresAt('staff', issuedAt);
    const officer = await visitWithToken(hall, token);
    expect(roleFromCode(avatarOf(officer.room, officer.room.sessionId)!.role)).toBe('officer');
    await until(() => officer.left.length > 0, 'the officer to be sent out', 15_000);
    expect(officer.left[0]).toBe(CLOSE_ACCOUNT_CHANGED);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    await expect(visitWithToken(hall, token)).rejects.toThrow(/expired_token/);
    // The account itself is fine: a fresh sign-in walks in again.
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    const again = await visitWithToken(hall, login.body.token);
    await again.room.leave(true);
  });

  it('a disabled officer is refused at once, also on a live connection; enabled, signs in again', async () => {
    const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    const officer = await visitWithToken(hall, login.body.token);
    const disabled = await staffCli(t, ['disable', '--username', 'li']);
    expect([disabled.code, disabled.out]).toEqual([0, expect.stringMatching(/Disabled li/)]);
    // Refused as soon as the command has answered, before anything else happens.
    const again = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    expect([again.status, again.body.error]).toEqual([403, 'account_disabled']);
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, login.body.token)).status).toBe(401);
    await expect(visitWithToken(hall, login.body.token)).rejects.toThrow(/account_disabled|invalid_token/);
    await until(() => officer.left.length > 0, 'the officer to be sent out', 15_000);
    expect(officer.left[0]).toBe(CLOSE_ACCOUNT_CHANGED);
    expect((await staffCli(t, ['list'])).out).toMatch(/li\s+officer\s+disabled/);
    const enabled = await staffCli(t, ['enable', '--username', 'li']);
    expect([enabled.code, enabled.out]).toEqual([0, expect.stringMatching(/Enabled li/)]);
    const back = await api(hall, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
    expect([back.status, back.body.me?.role]).toEqual([200, 'officer']);
    // The earlier session stays ended: enabling lets the officer sign in, it does not revive old tokens.
    expect((await api(hall, 'GET', AccountsRoute.me, undefined, login.body.token)).status).toBe(401);
    const nobody = await staffCli(t, ['disable', '--username', 'nobody']);
    expect([nobody.code, nobody.out]).toEqual([1, expect.stringMatching(/No staff account "nobody"/)]);
    // Disabled again, to see that it stays so across a restart.
    expect((await staffCli(t, ['disable', '--username', 'li'])).code).toBe(0);
  });

  it('keeps everything when the hall process is stopped and started again on the same data', async () => {
    await hall.close();
    const env = { ...t.env, CLIENT_DIR: path.join(t.env.DATA_DIR!, 'none') };
    const first = await withShellEnv(() => startHallProcess(env));
    try {
      expect(first.pid).not.toBe(process.pid);
      const me = await api(first, 'GET', AccountsRoute.me, undefined, merchantToken);
      expect(me.body.me).toMatchObject({ id: merchantId, name: '王女士', shop: '老王面馆' });
      expect((await api(first, 'POST', AccountsRoute.recover, { code: recoveryCode })).status).toBe(200);
      const refused = await api(first, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
      expect([refused.status, refused.body.error]).toEqual([403, 'account_disabled']);
      // Changes made while this process runs: the command line goes through it, the merchant edits.
      expect((await staffCli(t, ['enable', '--username', 'li'])).out).toMatch(/Enabled li/);
      const edit = { name: '王女士', shop: '王家面馆', phone: '13800000009' };
      expect((await api(first, 'PATCH', AccountsRoute.me, edit, merchantToken)).status).toBe(200);
    } finally {
      await first.stop();
    }
    expect(first.child.exitCode).toBe(0); // a clean stop, as an operator's would be
    const second = await startHallProcess(env);
    try {
      const me = await api(second, 'GET', AccountsRoute.me, undefined, merchantToken);
      expect(me.body.me).toEqual({
        kind: 'merchant',
        id: merchantId,
        name: '王女士',
        shop: '王家面馆',
        phone: '13800000009',
        appearance: defaultAppearance(merchantId),
      });
      const login = await api(second, 'POST', AccountsRoute.staffLogin, { username: 'li', password: NEW_PASSWORD });
      expect([login.status, login.body.me?.name]).toEqual([200, '李警官']);
      const admin = await api(second, 'POST', AccountsRoute.staffLogin, { username: 'root', password: PASSWORD });
      expect(admin.body.me?.role).toBe('admin');
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe.each(demoTargets)('npm run demo on $name', (t) => {
  it('prints each password and recovery code once, and they sign in', async () => {
    const demo = await withShellEnv(() => cli(t, 'server/cli/demo.ts', []));
    expect([demo.code, demo.out]).toEqual([0, expect.stringMatching(/shown only now/)]);
    const staff = [...demo.out.matchAll(/^ {2}(\S+) +(officer|parkManager) +\S+ +password: (\S+)$/gm)].map(
      ([, username, role, password]) => ({ username: username!, role: role!, password: password! }),
    );
    expect(staff.filter((s) => s.role === 'officer').length).toBeGreaterThanOrEqual(2);
    expect(staff.filter((s) => s.role === 'parkManager').length).toBeGreaterThanOrEqual(2);
    const codes = [...demo.out.matchAll(/recovery code: (\S+)$/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThanOrEqual(3);
    // Every password is a different one, generated on this run.
    expect(new Set(staff.map((s) => s.password)).size).toBe(staff.length);

    const again = await cli(t, 'server/cli/demo.ts', []);
    expect([again.code, again.out]).toEqual([0, expect.stringMatching(/prepared before/)]);
    for (const secret of [...staff.map((s) => s.password), ...codes]) expect(again.out).not.toContain(secret);

    const hall = await boot(t);
    try {
      for (const s of staff) {
        const login = await api(hall, 'POST', AccountsRoute.staffLogin, { username: s.username, password: s.password });
        expect([login.status, login.body.me?.role]).toEqual([200, s.role]);
      }
      const wrong = await api(hall, 'POST', AccountsRoute.staffLogin, { username: staff[0]!.username, password: 'x' });
      expect(wrong.status).toBe(401);
      const merchants = new Map<string, string>(); // shop → token
      for (const code of codes) {
        const rec = await api(hall, 'POST', AccountsRoute.recover, { code });
        expect(rec.status).toBe(200);
        merchants.set(rec.body.me.shop, rec.body.token);
      }
      expect(merchants.size).toBe(codes.length);

      // The sample data, as the people it concerns see it.
      const token = async (username: string) =>
        (
          await api(hall, 'POST', AccountsRoute.staffLogin, {
            username,
            password: staff.find((s) => s.username === username)!.password,
          })
        ).body.token as string;
      const noodles = merchants.get('科教园区老王面馆')!;
      const hardware = merchants.get('李记五金')!;
      const windows = (await api(hall, 'GET', VisitsRoute.slots, undefined, noodles)).body.free as Json[];
      expect(windows.length).toBeGreaterThanOrEqual(3);
      expect(new Set(windows.map((w) => w.officer.name))).toEqual(new Set(['李警官', '张警官']));
      for (const w of windows) expect(Date.parse(w.startsAt)).toBeGreaterThan(Date.now());

      const officer = await token('officer-zhang');
      const review = (await api(hall, 'GET', FilingsRoute.filings, undefined, officer)).body.filings as Json[];
      expect(review.map((f) => [f.form.shopName, f.state])).toEqual([['李记五金', 'underReview']]);
      const drawing = FilingsRoute.upload.replace(':id', review[0]!.form.designImage);
      const image = await fetch(`http://localhost:${hall.port}${drawing}`, {
        headers: { Authorization: `Bearer ${hardware}` },
      });
      expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);

      const sheets = (await api(hall, 'GET', GuidanceRoute.list, undefined, noodles)).body.guidance as Json[];
      expect(sheets).toHaveLength(1);
      expect(sheets[0]!.answers).toMatchObject({ restaurant: true, kitchenWork: true });
      expect(sheets[0]!.items.length).toBeGreaterThan(0);

      const hosted = (await api(hall, 'GET', MeetingsRoute.list, undefined, await token('park-zhou'))).body;
      expect(hosted.meetings).toHaveLength(1);
      const session = hosted.meetings[0] as Json;
      expect(session).toMatchObject({ hostName: '周经理', status: 'scheduled' });
      expect(session.agenda.length).toBeGreaterThanOrEqual(2);
      expect(Date.parse(session.startsAt)).toBeGreaterThan(Date.now());
      expect(new Set(session.invitees.map((i: Json) => i.party))).toEqual(new Set(['officer', 'property', 'merchant']));
      const invited = (await api(hall, 'GET', MeetingsRoute.list, undefined, hardware)).body.meetings as Json[];
      expect(invited.map((m) => m.id)).toEqual([session.id]);
    } finally {
      await hall.close();
    }
  }, 120_000);
});
