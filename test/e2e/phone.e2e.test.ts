import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { hallAndBrowser } from '../support/hallAndBrowser.ts';
import { SHOTS } from '../support/people.ts';
import { FORM_JS_BUDGET_GZIP_BYTES, PHONE, SLOW_4G } from '../bench/load.ts';

const { hall, browser } = hallAndBrowser();

/** The hall's chunks as the page lists them (the loading screen's total). */
function hallChunks(html: string): string[] {
  const json = /<script type="application\/json" id="hall-chunks">(.*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('the page lists no hall chunks');
  return Object.keys(JSON.parse(json) as Record<string, number>);
}

/** The bytes the server sends for `url` to a browser that accepts gzip only, as they go over the wire. */
function gzipBytesServed(url: string): Promise<{ encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('a first visit on a phone over slow 4G', () => {
  it('paints the skeleton, then the sign-in form without the 3D code, then the hall with its real progress', async () => {
    const context = await browser().newContext(PHONE);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    // The order the hall's code comes in: the panels' chunk must have arrived before three.js is asked for.
    const order: string[] = [];
    page.on('request', (r) => order.push(`asked ${new URL(r.url()).pathname}`));
    page.on('requestfinished', (r) => order.push(`arrived ${new URL(r.url()).pathname}`));
    // three.js is held back until the panels have been used: they must not need it.
    let releaseThree!: () => void;
    const threeHeld = new Promise<void>((resolve) => (releaseThree = resolve));
    await page.route(/\/assets\/three-[\w-]+\.js$/, async (route) => {
      await threeHeld;
      await route.continue();
    });
    // Walking into the hall is held back too, until the merchant has seen that a number cannot be taken yet.
    let releaseJoin!: () => void;
    const joinHeld = new Promise<void>((resolve) => (releaseJoin = resolve));
    await page.route(/\/matchmake\/\w+\/hall\b/, async (route) => {
      await joinHeld;
      await route.continue();
    });
    // When the form's first field appeared, on the page's own clock (the one resource timings use).
    await page.addInitScript(() => {
      const w = window as Window & { formAt?: number };
      new MutationObserver(() => {
        if (w.formAt === undefined && document.querySelector('input[name="name"]')) w.formAt = performance.now();
      }).observe(document, { subtree: true, childList: true });
    });

    await page.goto(hall().url, { waitUntil: 'commit' });
    const skeleton = page.locator('.boot');
    const nameField = page.getByLabel('您的称呼');
    await skeleton.getByRole('heading', { name: '城管会客厅 · Reception Hall' }).waitFor();
    // The skeleton is on screen while the form's code is still on its way.
    expect(await nameField.count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'phone-skeleton.png') });

    await nameField.waitFor();
    expect(await skeleton.count()).toBe(0);
    const hallCode = hallChunks(await (await fetch(hall().url)).text());
    // Nothing of the hall's code (three.js, the scene, the connection) was asked for before the form showed;
    // fetching it while the person types is allowed.
    const early = await page.evaluate((files) => {
      const formAt = (window as Window & { formAt?: number }).formAt ?? Infinity;
      return performance
        .getEntriesByType('resource')
        .filter((e) => files.includes(new URL(e.name).pathname) && e.startTime < formAt)
        .map((e) => e.name);
    }, hallCode);
    expect(early).toEqual([]);
    // The JavaScript budget before the form, on what this phone truly fetched before the form showed: each
    // script it asked for by then, as the server sends it compressed (the phone got brotli; the budget is the
    // gzip copy's size, the larger of the two, as a browser without brotli would get it).
    const beforeForm = await page.evaluate(() => {
      const formAt = (window as Window & { formAt?: number }).formAt ?? Infinity;
      return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.startTime < formAt && new URL(e.name).pathname.endsWith('.js'))
        .map((e) => ({ url: e.name, received: e.encodedBodySize, size: e.decodedBodySize }));
    });
    expect(beforeForm.length).toBeGreaterThan(0);
    let gzipTotal = 0;
    for (const file of beforeForm) {
      // Sent compressed to the phone, and to a gzip-only browser.
      expect(file.received, file.url).toBeLessThan(file.size);
      const gz = await gzipBytesServed(file.url);
      expect(gz.encoding, file.url).toBe('gzip');
      gzipTotal += gz.bytes;
    }
    const received = beforeForm.reduce((sum, f) => sum + f.received, 0);
    console.log(
      `JavaScript before the sign-in form: ${beforeForm.length} files, gzip ${(gzipTotal / 1024).toFixed(1)} KB ` +
        `(the phone received ${(received / 1024).toFixed(1)} KB, brotli), budget ${FORM_JS_BUDGET_GZIP_BYTES / 1024} KB`,
    );
    expect(gzipTotal).toBeLessThanOrEqual(FORM_JS_BUDGET_GZIP_BYTES);
    await page.screenshot({ path: path.join(SHOTS, 'phone-sign-in.png') });

    await nameField.fill('陈');
    await page.getByLabel('店铺名称').fill('慢网小店');
    await page.getByRole('button', { name: '进入大厅' }).click();
    // The download shows in kilobytes before the first frame, and meanwhile the panels work: with three.js
    // still on its way, the merchant is in the hall (named among the people here) and takes a number.
    const services = page.getByRole('region', { name: '办事取号' });
    const progress = page.getByRole('status').filter({ hasText: /已下载 \d+ \/ \d+ KB/ });
    await services.waitFor({ timeout: 60_000 });
    // Before the hall has let them in, the panel says it is connecting and the button waits: a tap is never
    // lost to a spinner that does not stop.
    await services.getByText('正在连接大厅，连上后即可取号。').waitFor();
    expect(await services.getByRole('button', { name: '取号' }).isDisabled()).toBe(true);
    releaseJoin();
    await page
      .getByRole('region', { name: /附近的人/ })
      .getByText('（您）')
      .waitFor({ timeout: 60_000 });
    await services.getByRole('radio', { name: /装修指导/ }).check();
    await services.getByRole('button', { name: '取号' }).click();
    await services
      .getByText(/R-\d{3}/)
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await progress.count()).toBe(1);
    expect(await page.evaluate(() => window.__hall?.renderInfo().calls ?? 0)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'phone-hall-loading.png') });
    // The scene's code was asked for only once the panels' code had arrived: it never shared the line with it.
    const panelsArrived = order.findIndex((e) => /^arrived \/assets\/HallApp-[\w-]+\.js$/.test(e));
    const threeAsked = order.findIndex((e) => /^asked \/assets\/three-[\w-]+\.js$/.test(e));
    expect(panelsArrived).toBeGreaterThanOrEqual(0);
    expect(threeAsked).toBeGreaterThan(panelsArrived);
    releaseThree();

    await page.waitForFunction(() => (window.__hall?.renderInfo().calls ?? 0) > 0, undefined, { timeout: 90_000 });
    await expect.poll(() => progress.count()).toBe(0);
    // Every chunk the page listed arrived: the progress counted real files.
    expect(hallCode.filter((p) => !p.includes('MeetingScene')).every((p) => requested.includes(p))).toBe(true);
    await cdp.send('Network.emulateNetworkConditions', { ...SLOW_4G, latency: 0, downloadThroughput: -1 });
    const png = PNG.sync.read(await page.locator('canvas').screenshot());
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 7) colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8));
    expect(colours.size).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SHOTS, 'phone-hall.png') });
    await context.close();
  });

  it('sends the code compressed as the browser accepts it, hashed files cached for good and the page revalidated', async () => {
    const page = await fetch(hall().url, { headers: { 'Accept-Encoding': 'br' } });
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('vary')).toMatch(/Accept-Encoding/);
    const html = await page.text();
    expect(html).toContain('城管会客厅 · Reception Hall');
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[\w-]+\.css)"/.exec(html)?.[1];
    expect(script && style).toBeTruthy();
    for (const file of [script!, style!]) {
      const url = new URL(file, hall().url);
      const br = await fetch(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const brBody = await br.text();
      const gz = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(await gz.text()).toBe(brBody);
      const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(brBody);
    }
    expect((await fetch(new URL('/assets/no-such-chunk.js', hall().url))).status).toBe(404);
  });
});
