import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'uqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHall, type RunningHall } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { STATION_QR_OPTIONS } from '../../server/stations/qr.ts';
import { StationsRoute, type Station } from '../../shared/stations.ts';
import { runStationCommand } from '../../server/stations/service.ts';

const WENSAN: Station = { slug: 'wensan', name: '西湖区文三路执法服务站', address: '杭州市西湖区文三路 1 号' };
const MAIN: Station = { slug: 'main', name: '城管执法服务站', address: '' };
const PAGE = '<!doctype html><title>hall</title><div id="root"></div>';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A raw GET, so the test chooses the Host header the hall sees. */
function get(hall: RunningHall, route: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: hall.port, path: route, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function boot(env: Record<string, string> = {}): Promise<RunningHall> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-it-'));
  const clientDir = path.join(dataDir, 'client');
  fs.mkdirSync(clientDir);
  fs.writeFileSync(path.join(clientDir, 'index.html'), PAGE);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: clientDir, ...env });
  const hall = await startHall(config);
  await runStationCommand(hall.db, { op: 'add', ...WENSAN }, 'test');
  return hall;
}

/** The dark modules of a QR code as uqr's renderSVG draws them (one `M x,y h… v… h… z` square each, 10 px). */
function modulesOf(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]) / 10;
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)h10v10h-10z/g)) grid[Number(y) / 10]![Number(x) / 10] = true;
  return grid;
}

function expectSecurityHeaders(a: Answer): void {
  expect(a.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(a.headers['x-frame-options']).toBe('DENY');
  expect(a.headers['x-content-type-options']).toBe('nosniff');
}

describe('the stations on the page', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await boot();
  }, 120_000); // the embedded database's first start
  afterAll(async () => {
    await hall.close();
  });

  it('lists the deployment’s stations with their names, addresses and hall layouts', async () => {
    const a = await get(hall, StationsRoute.list);
    expect(a.status).toBe(200);
    // Neither names a layout: each has the standard hall.
    expect(JSON.parse(a.text)).toEqual({
      stations: [
        { ...MAIN, layout: 'standard' },
        { ...WENSAN, layout: 'standard' },
      ],
    });
    expectSecurityHeaders(a);
  });

  it('a station’s link is the page; a link that names no station is the page too, answered 404', async () => {
    const known = await get(hall, StationsRoute.page('wensan'));
    expect([known.status, known.text]).toEqual([200, PAGE]);
    expect(known.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(known);
    for (const slug of ['nowhere', 'Not-A-Slug', '%E4%B8%AD']) {
      const unknown = await get(hall, `/s/${slug}`);
      expect([unknown.status, unknown.text], slug).toEqual([404, PAGE]);
      expectSecurityHeaders(unknown);
    }
  });

  it('the QR code is an SVG of the station’s absolute link, from the address the visitor used', async () => {
    const a = await get(hall, StationsRoute.qr('wensan'), { Host: 'hall.example.org:8443' });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(a.headers['cache-control']).toBe('private, max-age=3600');
    expectSecurityHeaders(a);
    expect(a.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(a.text).toContain('<title>http://hall.example.org:8443/s/wensan</title>');
    const drawn = modulesOf(a.text);
    expect(drawn).toEqual(encode('http://hall.example.org:8443/s/wensan', STATION_QR_OPTIONS).data);
    expect(drawn).not.toEqual(encode('http://hall.example.org:8443/s/main', STATION_QR_OPTIONS).data);
  });

  it('refuses a QR code for a station there is not, and for a host unfit for a link', async () => {
    for (const slug of ['nowhere', 'UPPER', '-x']) {
      const a = await get(hall, StationsRoute.qr(slug));
      expect([a.status, JSON.parse(a.text)], slug).toEqual([404, { error: 'station_unknown' }]);
      expectSecurityHeaders(a);
    }
    const evil = await get(hall, StationsRoute.qr('main'), { Host: 'a.example/"><script>' });
    expect(evil.status).toBe(400);
  });
});

describe('the stations behind a proxy, with PUBLIC_URL', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await boot({ PUBLIC_URL: 'https://hall.example.org/' });
  }, 120_000);
  afterAll(async () => {
    await hall.close();
  });

  it('the QR code carries the public address whatever host the request named, and may be cached by anyone', async () => {
    const a = await get(hall, StationsRoute.qr('main'), { Host: '10.0.0.7:2567' });
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe('public, max-age=3600');
    expect(a.text).toContain('<title>https://hall.example.org/s/main</title>');
    expect(modulesOf(a.text)).toEqual(encode('https://hall.example.org/s/main', STATION_QR_OPTIONS).data);
  });
});
