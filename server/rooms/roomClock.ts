import type { Client, Room } from '@colyseus/core';

/** The station's clock, in ms since the epoch: the wall clock (`Date.now`) unless a test moves its own. */
export type Now = () => number;

/**
 * How often a room looks at the station's clock for what has come due (a held place, the queue's sweep), ms.
 * A due time is acted on at most this late; a test that moves the clock sees the room act within it.
 */
export const DUE_CHECK_MS = 250;

/**
 * Times a room waits for, read from the station's clock rather than set as timers: a dropped person's held
 * place, the floor and hands kept over a restart. A timer would follow only the wall clock; these follow
 * whatever clock the room was given, so a grace time of a minute can be passed in a test by moving the clock.
 * The room calls {@link DueTimes.check} on a short real-time tick (DUE_CHECK_MS).
 */
export class DueTimes {
  private readonly due = new Map<string, { at: number; fire: () => void }>();
  private readonly now: Now;

  constructor(now: Now) {
    this.now = now;
  }

  /** Run `fire` once `ms` have passed on the clock from now, in place of anything due under the same key. */
  after(key: string, ms: number, fire: () => void): void {
    this.due.set(key, { at: this.now() + ms, fire });
  }

  cancel(key: string): void {
    this.due.delete(key);
  }

  /** Run, in the order they came due, whatever has come due by the clock. */
  check(): void {
    const now = this.now();
    const ready = [...this.due].filter(([, d]) => d.at <= now).sort(([, a], [, b]) => a.at - b.at);
    for (const [key, d] of ready) {
      this.due.delete(key);
      d.fire();
    }
  }
}

/**
 * Hold a dropped connection's place for `seconds` on the room's clock: resolves when the person comes back,
 * rejects when the time runs out (Colyseus then calls onLeave), as `allowReconnection(client, seconds)` does
 * with a timer of its own.
 */
export async function holdForReconnection(room: Room, client: Client, seconds: number, due: DueTimes): Promise<void> {
  const reconnection = room.allowReconnection(client, 'manual');
  // Colyseus answers with a plain rejected promise when it cannot hold the place (the room is going).
  const giveUp = typeof reconnection.reject === 'function' ? reconnection.reject.bind(reconnection) : () => undefined;
  due.after(`hold:${client.sessionId}`, seconds * 1000, () => giveUp(false));
  try {
    await reconnection;
  } finally {
    due.cancel(`hold:${client.sessionId}`);
  }
}
