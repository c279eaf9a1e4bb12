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
