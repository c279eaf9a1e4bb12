import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { CLOSE_BAD_INPUT, HallIntent, RoomName } from '../../shared/protocol.ts';
import { enterHall } from '../fuzz/people.ts';
import { bootHall, until } from './helpers.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field
  json: Record<string, any>;
}

/**
 * One raw HTTP request, from a chosen loopback address (Linux answers on all of 127.0.0.0/8), so the hall
 * sees several machines; raw, so a malformed path reaches the hall exactly as typed.
 */
function send(
  hall: RunningHall,
  method: string,
  route: string,
  opts: { from?: string; headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: hall.port,
        path: route,
        method,
        localAddress: opts.from ?? '127.0.0.1',
        headers: {
          ...(payload !== undefined
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
            : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: the test reads the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function signUp(hall: RunningHall, from: string, name = '张三', headers: Record<string, string> = {}) {
  return send(hall, 'POST', AccountsRoute.merchants, { from, headers, body: { name, shop: `${name}的店` } });
}

/** The page as a build leaves it: an index and one hashed asset. */
function fakeClient(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-client-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>hall</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  return dir;
}

function expectSecurityHeaders(a: Answer, what: string): void {
  expect(a.headers['content-security-policy'], what).toMatch(/frame-ancestors 'none'/);
  expect(a.headers['content-security-policy'], what).toMatch(/default-src 'self'/);
  expect(a.headers['x-frame-options'], what).toBe('DENY');
  expect(a.headers['x-content-type-options'], what).toBe('nosniff');
  expect(a.headers['referrer-policy'], what).toBe('same-origin');
}

describe('headers and errors, with the default settings', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall({ CLIENT_DIR: fakeClient() });
  }, 120_000); // the embedded database's first start
  afterAll(async () => {
    await hall.close();
  });

  it('every answer carries the security headers: page, API, matchmaking, health, 404s and errors', async () => {
    const answers: [string, Answer][] = [
      ['the page', await send(hall, 'GET', '/')],
      ['an asset', await send(hall, 'GET', '/assets/app-1234.js')],
      ['the API', await send(hall, 'GET', AccountsRoute.me)],
      ['an API write', await signUp(hall, '127.0.0.1')],
      ['an unknown API route', await send(hall, 'DELETE', '/api/nothing-here')],
      ['malformed JSON', await send(hall, 'POST', AccountsRoute.recover, { raw: '{"code": ' })],
      ['matchmaking', await send(hall, 'POST', `/matchmake/joinOrCreate/${RoomName.hall}`, { body: {} })],
      ['the health check', await send(hall, 'GET', '/healthz')],
      ['a 404', await send(hall, 'POST', '/nothing-here')],
      ['a malformed path', await send(hall, 'GET', '/assets/%E0%A4%A')],
      ['a preflight', await send(hall, 'OPTIONS', AccountsRoute.merchants)],
    ];
    for (const [what, a] of answers) expectSecurityHeaders(a, what);
    expect(answers.find(([w]) => w === 'the health check')![1].json).toMatchObject({ ok: true });
  });

  it('a malformed path is answered with a code, without a trace or a file path', async () => {
    const a = await send(hall, 'GET', '/assets/%E0%A4%A');
    expect([a.status, a.text]).toEqual([400, '400 bad_request']);
    expect(a.headers['content-type']).toMatch(/^text\/plain/);
    const missing = await send(hall, 'GET', '/assets/no-such-file.js');
    expect([missing.status, missing.text]).toEqual([404, '404 not_found']);
    for (const text of [a.text, missing.text]) expect(text).not.toMatch(/ at |node_modules|\/tmp\/|Error/);
  });

  it('another site gets no CORS grant, on the API or on matchmaking, not even for a preflight', async () => {
    const evil = { Origin: 'https://evil.example' };
    const answers = [
      await send(hall, 'GET', AccountsRoute.me, { headers: evil }),
      await send(hall, 'OPTIONS', AccountsRoute.merchants, {
        headers: { ...evil, 'Access-Control-Request-Method': 'POST' },
      }),
      await send(hall, 'POST', `/matchmake/joinOrCreate/${RoomName.hall}`, { headers: evil, body: {} }),
      await send(hall, 'OPTIONS', `/matchmake/joinOrCreate/${RoomName.hall}`, {
        headers: { ...evil, 'Access-Control-Request-Method': 'POST' },
      }),
    ];
    for (const a of answers) {
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
      expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('sign-ups from one address are not limited at a park-sized opening', async () => {
    // Forty shops of one park arriving through one address within a minute all get in.
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(hall, '127.0.0.9', `商户${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array<number>(40).fill(201));
  });
});

describe('limits, tightened through their settings', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall({
      LIMIT_SIGNUPS_PER_HOUR: '3',
      LIMIT_RECOVERIES_PER_HOUR: '3',
      LIMIT_WRITES_PER_MINUTE: '4',
      LIMIT_ADDRESS_WRITES_PER_MINUTE: '1000',
      ALLOWED_ORIGINS: 'https://front.example',
    });
  }, 120_000);
  afterAll(async () => {
    await hall.close();
  });

  it('the next sign-up from an address over its allowance is answered 429 with Retry-After and a message', async () => {
    for (let i = 0; i < 3; i++) expect((await signUp(hall, '127.0.0.2')).status).toBe(201);
    const zh = await signUp(hall, '127.0.0.2');
    expect(zh.status).toBe(429);
    const wait = Number(zh.headers['retry-after']);
    // Three an hour: the next one is back in twenty minutes.
    expect(wait).toBeGreaterThan(19 * 60);
    expect(wait).toBeLessThanOrEqual(20 * 60);
    expect(zh.json).toEqual({ error: 'throttled', retryAfter: wait, message: '操作过于频繁，请 20 分钟后再试。' });
    const en = await signUp(hall, '127.0.0.2', 'Lee', { 'Accept-Language': 'en' });
    expect([en.status, en.json.message]).toEqual([429, 'Too many requests. Try again in 20 minutes.']);
    // Another address, another allowance.
    expect((await signUp(hall, '127.0.0.3')).status).toBe(201);
  });

  it('a person over their writes per minute waits; others at the same address do not', async () => {
    const a = (await signUp(hall, '127.0.0.4')).json.token as string;
    const b = (await signUp(hall, '127.0.0.4')).json.token as string;
    const edit = (token: string) =>
      send(hall, 'PATCH', AccountsRoute.me, {
        from: '127.0.0.4',
        headers: { Authorization: `Bearer ${token}` },
        body: { name: '王女士', shop: '老王面馆' },
      });
    for (let i = 0; i < 4; i++) expect((await edit(a)).status).toBe(200);
    const over = await edit(a);
    expect([over.status, over.json.error]).toEqual([429, 'throttled']);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await edit(b)).status).toBe(200);
    // Reading is never limited.
    expect((await send(hall, 'GET', AccountsRoute.me, { headers: { Authorization: `Bearer ${a}` } })).status).toBe(200);
  });

  it('recovery tries from one address are limited; the next address is not', async () => {
    const wrong = { code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' };
    const tries = [];
    for (let i = 0; i < 3; i++)
      tries.push(await send(hall, 'POST', AccountsRoute.recover, { from: '127.0.0.6', body: wrong }));
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401]);
    const over = await send(hall, 'POST', AccountsRoute.recover, { from: '127.0.0.6', body: wrong });
    expect([over.status, over.json.error, Number(over.headers['retry-after'])]).toEqual([429, 'throttled', 1200]);
    // The merchant whose code it might have been recovers from their own phone, elsewhere.
    const up = await signUp(hall, '127.0.0.7');
    const real = await send(hall, 'POST', AccountsRoute.recover, {
      from: '127.0.0.7',
      body: { code: up.json.recoveryCode },
    });
    expect([real.status, real.json.me?.id]).toEqual([200, up.json.me.id]);
  });

  it('an origin named in ALLOWED_ORIGINS gets a grant without credentials; others still get none', async () => {
    const front = await send(hall, 'OPTIONS', AccountsRoute.merchants, {
      headers: { Origin: 'https://front.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(front.status).toBe(204);
    expect(front.headers['access-control-allow-origin']).toBe('https://front.example');
    expect(front.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(front.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await send(hall, 'GET', AccountsRoute.me, { headers: { Origin: 'https://front.example.evil' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the staff sign-in throttle and the rooms’ bad-input allowance, set through their settings', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall({
      LOGIN_ADDRESS_FREE_TRIES: '3',
      LOGIN_ADDRESS_LOCK_SECONDS: '120',
      ROOM_REFUSED_PER_WINDOW: '3',
    });
  }, 120_000);
  afterAll(async () => {
    await hall.close();
  });

  const login = (from: string, username: string) =>
    send(hall, 'POST', AccountsRoute.staffLogin, { from, body: { username, password: 'not the password' } });

  it('an address is shut after LOGIN_ADDRESS_FREE_TRIES guesses, for LOGIN_ADDRESS_LOCK_SECONDS; others are not', async () => {
    const tries = [];
    for (const name of ['a', 'b', 'c']) tries.push(await login('127.0.0.11', `guess-${name}`));
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401]);
    const over = await login('127.0.0.11', 'guess-d');
    expect([over.status, over.json.error]).toEqual([429, 'throttled']);
    const wait = Number(over.headers['retry-after']);
    expect(wait).toBeGreaterThan(100);
    expect(wait).toBeLessThanOrEqual(120);
    expect((await login('127.0.0.12', 'guess-d')).status).toBe(401);
  });

  it('a connection is shown out after ROOM_REFUSED_PER_WINDOW refused intents, not after the default 20', async () => {
    const token = (await signUp(hall, '127.0.0.13')).json.token as string;
    const guest = await enterHall(hall, token);
    for (let i = 0; i < 3; i++) guest.room.send(HallIntent.steer, { x: 'left' });
    await until(() => guest.rejected.length >= 3, 'three refusals');
    expect(guest.left).toEqual([]);
    guest.room.send(HallIntent.steer, { x: 'left' });
    await until(() => guest.left.length > 0, 'the sender shown out');
    expect(guest.left).toEqual([CLOSE_BAD_INPUT]);
  });
});

describe('behind a reverse proxy named in TRUST_PROXY', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall({ LIMIT_SIGNUPS_PER_HOUR: '2', TRUST_PROXY: '127.0.0.9' });
  }, 120_000);
  afterAll(async () => {
    await hall.close();
  });

  const via = (proxy: string, visitor: string) => signUp(hall, proxy, '李四', { 'X-Forwarded-For': visitor });

  it('counts each visitor the proxy names on their own', async () => {
    for (let i = 0; i < 2; i++) expect((await via('127.0.0.9', '203.0.113.5')).status).toBe(201);
    expect((await via('127.0.0.9', '203.0.113.5')).status).toBe(429);
    expect((await via('127.0.0.9', '203.0.113.6')).status).toBe(201);
  });

  it('ignores the header from anyone else, so nobody picks the address they are counted under', async () => {
    expect((await via('127.0.0.10', '198.51.100.1')).status).toBe(201);
    expect((await via('127.0.0.10', '198.51.100.2')).status).toBe(201);
    expect((await via('127.0.0.10', '198.51.100.3')).status).toBe(429);
  });

  it('refuses to start with a proxy setting it cannot read', () => {
    for (const bad of ['not-an-address', '10.0.0.0/33', '10.0.0.1/8/1', 'http://10.0.0.1'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: ' loopback, 10.0.0.0/8 ,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
  });
});
