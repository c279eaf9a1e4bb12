import type { Room } from '@colyseus/sdk';

/** The notice map of a room typed by a contract from shared/ (HallRoomContract, MeetingRoomContract…). */
type NoticesOf<R> = R extends Room<infer C> ? (C extends { '~client': { '~messages': infer N } } ? N : never) : never;

/**
 * Receive one notice of a room, its payload typed by the room's notice map in shared/: a name the room
 * never sends, or a handler expecting another shape, does not compile. Returns the way to stop listening.
 */
export function onNotice<R extends Room, K extends keyof NoticesOf<R> & string>(
  room: R,
  type: K,
  handler: (payload: NoticesOf<R>[K]) => void,
): () => void {
  return room.onMessage(type, handler);
}

/**
 * All sending needs of a room: a message by name. The typed entry points (sendIntent, sendMeeting) take the
 * name and payload from the shared intent maps and hand them to the hall, the line or a meeting room here.
 */
export interface Sends {
  send(type: string, payload?: unknown): void;
}
