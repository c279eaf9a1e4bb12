import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

const SECRET = 'a-shared-secret-of-32-characters-or-more';
const PG = 'postgres://hall@db/hall';

describe('several processes: settings', () => {
  it('needs no Redis by default', () => {
    const config = loadConfig({});
    expect(config.redisUrl).toBeUndefined();
    expect(config.publicAddress).toBeUndefined();
    expect(config.hallLeaseSeconds).toBe(5);
  });

  it('refuses REDIS_URL on the embedded database, saying why', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://r:6379', SESSION_SECRET: SECRET })).toThrow(
      /DATABASE_URL is not: several processes on the embedded database would each keep data of their own/,
    );
  });

  it('refuses REDIS_URL without a shared SESSION_SECRET, saying why', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://r:6379', DATABASE_URL: PG })).toThrow(
      /SESSION_SECRET is not: each process would sign sign-ins with a key of its own/,
    );
  });

  it('takes REDIS_URL with both, and refuses what is not a Redis URL', () => {
    const env = { DATABASE_URL: PG, SESSION_SECRET: SECRET };
    expect(loadConfig({ ...env, REDIS_URL: 'redis://r:6379/3' }).redisUrl).toBe('redis://r:6379/3');
    expect(() => loadConfig({ ...env, REDIS_URL: 'http://r:6379' })).toThrow(/REDIS_URL must be a redis:\/\//);
  });

  it('reads PUBLIC_ADDRESS as a host, port and path without a scheme', () => {
    expect(loadConfig({ PUBLIC_ADDRESS: 'hall.example.org/p1/' }).publicAddress).toBe('hall.example.org/p1');
    expect(loadConfig({ PUBLIC_ADDRESS: '10.0.0.5:2567' }).publicAddress).toBe('10.0.0.5:2567');
    for (const wrong of ['https://hall.example.org', 'hall.example.org/p1?x=1', 'a b'])
      expect(() => loadConfig({ PUBLIC_ADDRESS: wrong })).toThrow(/PUBLIC_ADDRESS must be a host/);
  });

  it('keeps HALL_LEASE_SECONDS within 2 to 60', () => {
    expect(loadConfig({ HALL_LEASE_SECONDS: '2' }).hallLeaseSeconds).toBe(2);
    expect(() => loadConfig({ HALL_LEASE_SECONDS: '1' })).toThrow(
      /HALL_LEASE_SECONDS must be a whole number from 2 to 60/,
    );
  });

  it('keeps HALL_OPEN_WAIT_SECONDS within 1 to 60, 10 by default', () => {
    expect(loadConfig({}).hallOpenWaitSeconds).toBe(10);
    expect(loadConfig({ HALL_OPEN_WAIT_SECONDS: '1' }).hallOpenWaitSeconds).toBe(1);
    for (const wrong of ['0', '61', 'x', '2.5'])
      expect(() => loadConfig({ HALL_OPEN_WAIT_SECONDS: wrong })).toThrow(
        /HALL_OPEN_WAIT_SECONDS must be a whole number from 1 to 60/,
      );
  });
});
