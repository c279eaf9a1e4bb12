import type { NewsRelay } from '../events.ts';

/**
 * Which staff sit at a meeting table now, as the meeting rooms see it, told to the hall so an officer's desk
 * pauses while they are in the meeting room and resumes when they are back. One per station; a room notes a
 * person sitting down on their first connection and standing up when their last one is gone.
 */
export class StaffWhereabouts {
  /** Meeting room ids each person sits in now. */
  private readonly tables = new Map<string, Set<string>>();
  private readonly listeners = new Set<(personId: string, inMeeting: boolean) => void>();
  /** Who sits at a table on another process (several processes): their news arrives by the relay. */
  private readonly elsewhere = new Set<string>();
  private relay: NewsRelay | null = null;

  /** Sitting down and standing up in a meeting room on any process reaches the hall, wherever it is. */
  shareNews(relay: NewsRelay): void {
    this.relay = relay;
    relay.subscribe('whereabouts', (value) => {
      const { personId, inMeeting } = value as { personId: string; inMeeting: boolean };
      const before = this.inMeeting(personId);
      if (inMeeting) this.elsewhere.add(personId);
      else this.elsewhere.delete(personId);
      if (this.inMeeting(personId) !== before) this.notify(personId, this.inMeeting(personId));
    });
  }

  /** The person sat down at the table of meeting room `roomId`. */
  sat(roomId: string, personId: string): void {
    const rooms = this.tables.get(personId) ?? new Set<string>();
    const before = rooms.size > 0;
    rooms.add(roomId);
    this.tables.set(personId, rooms);
    if (!before) this.tell(personId, true);
  }

  /** The person's last connection to meeting room `roomId` is gone. */
  stood(roomId: string, personId: string): void {
    const rooms = this.tables.get(personId);
    if (!rooms?.delete(roomId)) return;
    if (rooms.size > 0) return;
    this.tables.delete(personId);
    this.tell(personId, false);
  }

  inMeeting(personId: string): boolean {
    return this.tables.has(personId) || this.elsewhere.has(personId);
  }

  /** Hear of every person who sits down at their first table or stands up from their last. */
  onChange(listener: (personId: string, inMeeting: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private tell(personId: string, inMeeting: boolean): void {
    this.relay?.publish('whereabouts', { personId, inMeeting });
    if (this.elsewhere.has(personId)) return; // still at a table on another process, as far as the hall knows
    this.notify(personId, inMeeting);
  }

  private notify(personId: string, inMeeting: boolean): void {
    for (const listener of this.listeners) listener(personId, inMeeting);
  }
}
