import type { EventEmitter } from 'node:events';
import { ClientState, Protocol } from '@colyseus/core';
import { unpack } from 'msgpackr';
import {
  CLOSE_BAD_INPUT,
  CLOSE_FLOOD,
  INVALID_WINDOW_MS,
  MAX_INVALID_PER_WINDOW,
  MAX_MESSAGES_PER_SECOND,
  Reason,
} from '../../shared/protocol.ts';
import { VOICE_SIGNALS_PER_SECOND } from '../../shared/voice.ts';
import { log } from '../log.ts';

/**
 * How much a room takes from one connection before showing it out (ROOM_MESSAGES_PER_SECOND,
 * ROOM_VOICE_SIGNALS_PER_SECOND, ROOM_REFUSED_PER_WINDOW, ROOM_REFUSED_WINDOW_SECONDS in server/config.ts).
 */
export interface RoomLimits {
  /** Intents per second, beyond which the sender is dropped as a flood. */
  messagesPerSecond: number;
  /** Voice signalling messages per second, counted apart from the intents. */
  voiceSignalsPerSecond: number;
  /** Refused intents (bad input) tolerated per window before the sender is dropped. */
  refusedPerWindow: number;
  /** The window refused intents are counted in, in seconds. */
  refusedWindowSeconds: number;
}

/** The limits a room keeps unless the station sets its own: the values shared/ gives the page too. */
export const DEFAULT_ROOM_LIMITS: Readonly<RoomLimits> = Object.freeze({
  messagesPerSecond: MAX_MESSAGES_PER_SECOND,
  voiceSignalsPerSecond: VOICE_SIGNALS_PER_SECOND,
  refusedPerWindow: MAX_INVALID_PER_WINDOW,
  refusedWindowSeconds: INVALID_WINDOW_MS / 1000,
});

/**
 * Colyseus' own message limit, a backstop at twice the room's (intents and voice signalling together): the
 * room counts messages itself (MessageRate), so a flood is logged with its reason and handled like other bad input.
 */
export const backstopRate = (limits: RoomLimits) => 2 * (limits.messagesPerSecond + limits.voiceSignalsPerSecond);

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
/** Every error the WebSocket layer raises for a frame that breaks the WebSocket protocol starts so. */
const PROTOCOL_ERROR_PREFIX = 'WS_ERR_';

/** The frames a client of these rooms sends (the SDK's join, leave, message, request and ping). */
const CLIENT_FRAMES: ReadonlySet<number> = new Set([
  Protocol.JOIN_ROOM,
  Protocol.LEAVE_ROOM,
  Protocol.ROOM_DATA,
  Protocol.ROOM_DATA_BYTES,
  Protocol.PING,
  Protocol.ROOM_REQUEST,
]);
/** Colyseus reads a frame's kind from its low five bits (the high three are modifiers). */
const FRAME_KIND_MASK = 0x1f;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes after the prefix of a number as Colyseus' `decode.number` reads it; undefined for no number. */
function numberSize(prefix: number): number | undefined {
  if (prefix < 0x80 || prefix > 0xdf) return 0; // positive or negative fixint
  return ({ 0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8 } as const)[
    prefix as 0xca
  ];
}

/**
 * Skip the message type at `at` exactly as Colyseus reads it (`decode.stringCheck`, then `decode.string` or
 * `decode.number`; its lengths are little-endian, unlike MessagePack's): the offset after it, or -1 where
 * Colyseus would read past the end, read no type at all, or meet bytes that are not UTF-8.
 */
function skipType(b: Uint8Array, at: number): number {
  const prefix = b[at];
  if (prefix === undefined) return -1;
  let length: number;
  let start: number;
  if (prefix > 0xa0 && prefix < 0xc0) [length, start] = [prefix & 0x1f, at + 1];
  else if (prefix === 0xd9 && at + 2 <= b.length) [length, start] = [b[at + 1]!, at + 2];
  else if (prefix === 0xda && at + 3 <= b.length) [length, start] = [b[at + 1]! | (b[at + 2]! << 8), at + 3];
  else if (prefix === 0xdb && at + 5 <= b.length)
    [length, start] = [(b[at + 1]! | (b[at + 2]! << 8) | (b[at + 3]! << 16) | (b[at + 4]! << 24)) >>> 0, at + 5];
  else if (prefix === 0xd9 || prefix === 0xda || prefix === 0xdb) return -1;
  else {
    const size = numberSize(prefix);
    return size === undefined || at + 1 + size > b.length ? -1 : at + 1 + size;
  }
  if (start + length > b.length) return -1;
  try {
    utf8.decode(b.subarray(start, start + length));
  } catch {
    return -1;
  }
  return start + length;
}

/**
 * Whether a frame from a client is something the room cannot read: an empty frame, a kind no client sends,
 * or a message whose type or MessagePack body does not decode. Checked before Colyseus reads the frame, with
 * the same decoder, because Colyseus answers such a frame by printing a stack trace and closing the socket as
 * if the network had failed, which would hold the sender's place for the reconnection time.
 */
export function undecodable(frame: unknown): boolean {
  if (!(frame instanceof Uint8Array) || frame.length === 0) return true;
  const kind = frame[0]! & FRAME_KIND_MASK;
  if (!CLIENT_FRAMES.has(kind)) return true;
  if (kind !== Protocol.ROOM_DATA && kind !== Protocol.ROOM_REQUEST && kind !== Protocol.ROOM_DATA_BYTES) return false;
  let at = 1;
  if (kind === Protocol.ROOM_REQUEST) {
    const size = numberSize(frame[at] ?? -1);
    if (frame[at] === undefined || size === undefined || at + 1 + size > frame.length) return true;
    at += 1 + size;
  }
  at = skipType(frame, at);
  if (at < 0) return true;
  if (kind === Protocol.ROOM_DATA_BYTES || at === frame.length) return false; // raw bytes, or no body
  try {
    unpack(frame.subarray(at));
    return false;
  } catch {
    return true; // cut short, trailing bytes, nested too deep for the stack
  }
}

/**
 * A message type as received, for the log and the sender's notice: Colyseus decodes a type as a string or a
 * number, and hands a catch-all handler the *payload* in its place when the type is "*" itself, so anything
 * else stands for "*". Never calls the value's own methods (a payload may carry `toString: 1`).
 */
export function intentName(type: unknown): string {
  if (typeof type === 'string') return type.slice(0, 40);
  if (typeof type === 'number') return Number.isFinite(type) ? String(type) : 'NaN';
  return '*';
}

/** An unexpected error in one line for the log, without calling anything the error itself carries. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const where = typeof err.stack === 'string' ? (err.stack.split('\n')[1] ?? '').trim() : '';
    return `${err.name}: ${err.message}${where ? ` (${where})` : ''}`.slice(0, 500);
  }
  return typeof err === 'string' ? err.slice(0, 500) : typeof err;
}

/** What a room's guard needs of a connection. */
interface Guarded {
  sessionId: string;
  leave(code?: number, reason?: string): void;
}

/** What the guard needs to read a connection's frames before Colyseus does. */
interface Watched extends Guarded {
  ref: EventEmitter;
  state: ClientState;
}

/**
 * A room's watch over its clients: it counts each one's messages and refused bad input, and drops a sender
 * who floods or keeps sending bad input, logged with the reason. A client dropped on purpose is
 * remembered until it has left, so the room holds no place for it and ignores what it still sends.
 */
export class ClientGuard {
  private readonly rate: MessageRate;
  /** Voice signalling, counted apart: joining a large session's voice sends many at once (shared/voice.ts). */
  private readonly signals: MessageRate;
  private readonly badInput: BadInputMeter;
  private readonly dropped = new Set<string>();
  /** Why the WebSocket layer closed a client's socket under the room (a frame over the limit or malformed). */
  private readonly badFrames = new Map<string, Reason>();
  private readonly room: string;

  /** `room` names the room in the log ("hall", "meeting"); `limits` are the station's (server/config.ts). */
  constructor(room: string, limits: RoomLimits = DEFAULT_ROOM_LIMITS) {
    this.room = room;
    this.rate = new MessageRate(limits.messagesPerSecond);
    this.signals = new MessageRate(limits.voiceSignalsPerSecond);
    this.badInput = new BadInputMeter(limits.refusedPerWindow, limits.refusedWindowSeconds * 1000);
  }

  isDropped(sessionId: string): boolean {
    return this.dropped.has(sessionId);
  }

  /**
   * Show a client out on purpose, with a close code and a reason its page can tell the person. Until its socket
   * has closed, whatever it still sends is ignored by the room and by Colyseus alike: a frame that arrives
   * between the close and the socket's end (a removed person's, a flooder's) is otherwise read by Colyseus,
   * which prints a stack trace for one it cannot decode.
   */
  drop(client: Guarded, code: number, reason: string): void {
    this.dropped.add(client.sessionId);
    log.warn(`${this.room}.client.dropped`, { session: client.sessionId, reason });
    const watched = client as Partial<Watched>;
    watched.ref?.prependListener('message', () => {
      watched.state = ClientState.LEAVING;
    });
    client.leave(code, reason);
  }

  /** Count one message; drop the sender once it floods. True when the message must be ignored. */
  overRate(client: Guarded): boolean {
    if (this.dropped.has(client.sessionId)) return true;
    if (!this.rate.record(client.sessionId, Date.now())) return false;
    this.drop(client, CLOSE_FLOOD, Reason.flood);
    return true;
  }

  /** Count one voice signalling message against its own rate; drop the sender once it floods. */
  overSignalRate(client: Guarded): boolean {
    if (this.dropped.has(client.sessionId)) return true;
    if (!this.signals.record(client.sessionId, Date.now())) return false;
    this.drop(client, CLOSE_FLOOD, Reason.flood);
    return true;
  }

  /** Count one refusal the client brought on itself (not an honest mistake); drop it after too many. */
  badMessage(client: Guarded): void {
    if (this.badInput.record(client.sessionId, Date.now())) this.drop(client, CLOSE_BAD_INPUT, Reason.tooManyInvalid);
  }

  /**
   * Watch a (re)connected client's socket, ahead of Colyseus. A frame the room cannot read drops its sender
   * at once, as one log line, with no place held; Colyseus is told the client is leaving, so it skips the
   * frame instead of printing a stack trace and closing the socket as if the network had failed. A frame
   * over the size limit or breaking the WebSocket protocol is refused by the WebSocket layer, which closes
   * the socket before the room sees a message; its error says why, and is noted here for
   * {@link closedForBadFrame} (in place of Colyseus' own listener, which prints a stack trace per error).
   */
  watch(client: Watched): void {
    client.ref.removeAllListeners('error');
    client.ref.on('error', (err: Error & { code?: string }) => {
      if (err.code === OVERSIZE_ERROR) this.badFrames.set(client.sessionId, Reason.tooLarge);
      else if (err.code?.startsWith(PROTOCOL_ERROR_PREFIX)) this.badFrames.set(client.sessionId, Reason.undecodable);
      else log.warn(`${this.room}.socket.error`, { session: client.sessionId, error: describeError(err) });
    });
    client.ref.prependListener('message', (frame: unknown) => {
      if (this.dropped.has(client.sessionId) || !undecodable(frame)) return;
      client.state = ClientState.LEAVING;
      this.drop(client, CLOSE_BAD_INPUT, Reason.undecodable);
    });
  }

  /**
   * The socket closed under the room: was it for a frame the WebSocket layer refused (over the size limit, or
   * not WebSocket at all)? No honest client sends one, so the sender is treated as dropped on purpose (logged,
   * no place held). True when so.
   */
  closedForBadFrame(client: Guarded): boolean {
    const reason = this.badFrames.get(client.sessionId);
    if (!reason) return false;
    this.badFrames.delete(client.sessionId);
    this.dropped.add(client.sessionId);
    log.warn(`${this.room}.client.dropped`, { session: client.sessionId, reason });
    return true;
  }

  /** The client has left: nothing more to count. */
  forget(sessionId: string): void {
    this.rate.forget(sessionId);
    this.signals.forget(sessionId);
    this.badInput.forget(sessionId);
    this.dropped.delete(sessionId);
    this.badFrames.delete(sessionId);
  }
}
