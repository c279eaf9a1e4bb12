import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHall } from '../../server/app.ts';
import { ICE_CONFIG_PATH, type IceConfig } from '../../shared/voice.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { bootHall, hallUrl } from './helpers.ts';

const TURN = 'turn:10.0.0.2:3478?transport=udp';

describe('the ICE servers a page is given', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall({
      ICE_SERVERS: JSON.stringify([{ urls: 'stun:10.0.0.2:3478' }, { urls: TURN }]),
      TURN_SECRET: 'north-gate-secret',
      TURN_TTL_SECONDS: '600',
      ICE_TRANSPORT_POLICY: 'relay',
    });
  });
  afterAll(() => hall?.close());

  it('are for a signed-in person only', async () => {
    const url = new URL(ICE_CONFIG_PATH, hallUrl(hall));
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it('carry a TURN credential of the person who asks, never cached', async () => {
    const token = await signUpMerchant(hallUrl(hall), '王五', '王五的店');
    const before = Math.floor(Date.now() / 1000);
    const res = await fetch(new URL(ICE_CONFIG_PATH, hallUrl(hall)), { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ice = (await res.json()) as IceConfig;
    expect(ice.iceTransportPolicy).toBe('relay');
    expect(ice.iceServers[0]).toEqual({ urls: 'stun:10.0.0.2:3478' });
    const turn = ice.iceServers[1]!;
    expect(turn.urls).toBe(TURN);
    const [expiry, person] = turn.username!.split(':');
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(600);
    expect(Number(expiry) - before).toBeLessThan(620);
    expect(person).toMatch(/\S/);
    expect(turn.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(JSON.stringify(ice)).not.toContain('north-gate-secret');
  });
});

describe('a hall with no ICE settings', () => {
  let hall: RunningHall;
  beforeAll(async () => {
    hall = await bootHall();
  });
  afterAll(() => hall?.close());

  it('gives no servers at all: the pages meet on the station network', async () => {
    const token = await signUpMerchant(hallUrl(hall), '赵六', '赵六的店');
    const res = await fetch(new URL(ICE_CONFIG_PATH, hallUrl(hall)), { headers: { Authorization: `Bearer ${token}` } });
    expect(await res.json()).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
  });
});
