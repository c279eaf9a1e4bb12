/**
 * One of the bench's own rooms as a server of its own, so the bench measures its CPU and memory alone:
 * `node test/bench/roomServer.ts naive` (naiveRoom.ts, the full-state baseline) or `… messages`
 * (messagesRoom.ts, the hall's views as per-client messages) listens on PORT (0: any free port) at HOST
 * (127.0.0.1), opens the one room and prints "<room> room open at <url>". SIGTERM or SIGINT ends it.
 */
import type { AddressInfo } from 'node:net';
import { matchMaker, Server } from '@colyseus/core';
import { Encoder } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { NAIVE_ROOM } from './naiveState.ts';
import { NaiveRoom } from './naiveRoom.ts';
import { MESSAGES_ROOM } from './messagesWire.ts';
import { MessagesRoom } from './messagesRoom.ts';

const rooms = { [NAIVE_ROOM]: NaiveRoom, [MESSAGES_ROOM]: MessagesRoom };
const name = process.argv[2] ?? '';
if (!Object.hasOwn(rooms, name)) throw new Error(`usage: roomServer.ts ${Object.keys(rooms).join('|')}`);

// As the hall does: a full state of a thousand avatars outgrows the encoder's default 8 KB buffer.
Encoder.BUFFER_SIZE = 256 * 1024;

const quiet = () => undefined;
const transport = new WebSocketTransport({});
const server = new Server({
  transport,
  greet: false,
  gracefullyShutdown: false,
  logger: { debug: quiet, trace: quiet, info: quiet, warn: quiet, error: (...a: unknown[]) => console.error(...a) },
});
server.define(name, rooms[name as keyof typeof rooms]);
await server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
await matchMaker.createRoom(name, {});
const port = (transport.server!.address() as AddressInfo).port;
console.log(`${name} room open at http://127.0.0.1:${port}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.gracefullyShutdown(false).finally(() => process.exit(0));
  });
}
