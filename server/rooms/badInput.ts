import type { EventEmitter } from 'node:events';
import {
  CLOSE_BAD_INPUT,
  CLOSE_FLOOD,
  INVALID_WINDOW_MS,
  MAX_INVALID_PER_WINDOW,
  MAX_MESSAGES_PER_SECOND,
  Reason,
} from '../../shared/protocol.ts';
import { log } from '../log.ts';

/**
 * Counts refused messages per client in a sliding window. One malformed message is answered and
 * forgotten (a client bug should not cost a merchant their place); a stream of them is an attack or a
 * broken client, and its sender is dropped.
 */
export class BadInputMeter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(limit = MAX_INVALID_PER_WINDOW, windowMs = INVALID_WINDOW_MS) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Record one refusal; true when the sender has now exceeded the limit. */
  record(sessionId: string, now: number): boolean {
    const since = now - this.windowMs;
    const list = (this.hits.get(sessionId) ?? []).filter((t) => t > since);
    list.push(now);
    this.hits.set(sessionId, list);
    return list.length > this.limit;
  }

  forget(sessionId: string): void {
    this.hits.delete(sessionId);
  }
}

/**
 * Messages per client per second, counted in the hall's own handlers so that a flood is logged with its
 * reason and the sender's place is not held (Colyseus' own limit only closes the socket).
 */
export class MessageRate {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limit: number;

  constructor(limit = MAX_MESSAGES_PER_SECOND) {
    this.limit = limit;
  }

  /** Count one message; true when the sender has gone over the limit in the current second. */
  record(sessionId: string, now: number): boolean {
    let w = this.windows.get(sessionId);
    if (!w || now - w.start >= 1000) {
      w = { start: now, count: 0 };
      this.windows.set(sessionId, w);
    }
    w.count++;
    return w.count > this.limit;
  }

  forget(sessionId: string): void {
    this.windows.delete(sessionId);
  }
}

/** The error the WebSocket layer gives a frame over MAX_MESSAGE_BYTES (it then closes the socket). */
const OVERSIZE_ERROR = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** What a room's guard needs of a connection. */
interface Guarded {
  sessionId: string;
  leave(code?: number, reason?: string): void;
}

/**
 * A room's watch over its clients: it counts each one's messages and refused bad input, and drops a sender
 * who floods or keeps sending bad input, logged with the reason. A client dropped on purpose is
 * remembered until it has left, so the room holds no place for it and ignores what it still sends.
 */
export class ClientGuard {
  private readonly rate = new MessageRate();
  private readonly badInput = new BadInputMeter();
  private readonly dropped = new Set<string>();
  private readonly oversize = new Set<string>();
  private readonly room: string;

  /** `room` names the room in the log ("hall", "meeting"). */
  constructor(room: string) {
    this.room = room;
  }

  isDropped(sessionId: string): boolean {
    return this.dropped.has(sessionId);
  }

  /** Show a client out on purpose, with a close code and a reason its page can tell the person. */
  drop(client: Guarded, code: number, reason: string): void {
    this.dropped.add(client.sessionId);
    log.warn(`${this.room}.client.dropped`, { session: client.sessionId, reason });
    client.leave(code, reason);
  }

  /** Count one message; drop the sender once it floods. True when the message must be ignored. */
  overRate(client: Guarded): boolean {
    if (this.dropped.has(client.sessionId)) return true;
    if (!this.rate.record(client.sessionId, Date.now())) return false;
    this.drop(client, CLOSE_FLOOD, Reason.flood);
    return true;
  }

  /** Count one refusal the client brought on itself (not an honest mistake); drop it after too many. */
  badMessage(client: Guarded): void {
    if (this.badInput.record(client.sessionId, Date.now())) this.drop(client, CLOSE_BAD_INPUT, Reason.tooManyInvalid);
  }

  /**
   * Watch a (re)connected client's socket. A frame over the size limit is refused by the WebSocket layer,
   * which closes the socket before the room sees a message; the socket's error says why, and is noted here.
   */
  watch(client: Guarded & { ref: EventEmitter }): void {
    client.ref.on('error', (err: Error & { code?: string }) => {
      if (err.code === OVERSIZE_ERROR) this.oversize.add(client.sessionId);
    });
  }

  /**
   * The socket closed under the room: was it for a frame over the size limit? No valid message is that
   * large, so the sender is treated as dropped on purpose (logged, no place held). True when so.
   */
  closedOversize(client: Guarded): boolean {
    if (!this.oversize.delete(client.sessionId)) return false;
    this.dropped.add(client.sessionId);
    log.warn(`${this.room}.client.dropped`, { session: client.sessionId, reason: Reason.tooLarge });
    return true;
  }

  /** The client has left: nothing more to count. */
  forget(sessionId: string): void {
    this.rate.forget(sessionId);
    this.badInput.forget(sessionId);
    this.dropped.delete(sessionId);
    this.oversize.delete(sessionId);
  }
}
