/** What tests and benches that start servers of their own ask of this machine: a free port, a live Redis. */
import net from 'node:net';
import { Redis } from 'ioredis';

/** A TCP port on loopback nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Why the Redis at `url` cannot be used, or null when it answers a ping. */
export async function redisUnreachable(url: string): Promise<string | null> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (err) {
    return `Redis at ${url} does not answer (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    probe.disconnect();
  }
}

/**
 * A Redis database (1–15) of its own for one test file, claimed in database 0 so that files running side by side
 * never share (and never empty) each other's keys; `release` gives it back. The claim expires by itself after
 * `ttlSeconds` in case a run is killed.
 */
export async function claimRedisDatabase(
  base: string,
  ttlSeconds = 900,
): Promise<{ url: string; release: () => Promise<void> }> {
  const registry = new Redis(`${base}/0`);
  try {
    const start = Math.floor(Math.random() * 15);
    for (let i = 0; i < 15; i++) {
      const db = 1 + ((start + i) % 15);
      const token = `${process.pid}:${Date.now()}`;
      if ((await registry.set(`test:redis-db:${db}`, token, 'EX', ttlSeconds, 'NX')) === 'OK') {
        return {
          url: `${base}/${db}`,
          release: async () => {
            const again = new Redis(`${base}/0`);
            try {
              if ((await again.get(`test:redis-db:${db}`)) === token) await again.del(`test:redis-db:${db}`);
            } finally {
              again.disconnect();
            }
          },
        };
      }
    }
    throw new Error('every Redis database 1–15 is claimed by another test file');
  } finally {
    registry.disconnect();
  }
}
