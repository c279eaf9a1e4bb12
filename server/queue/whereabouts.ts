import { randomUUID } from 'node:crypto';
import type { NewsRelay } from '../events.ts';

/** What a process tells the others of who sits at its meeting tables: all of them, each time. */
interface Sitting {
  from: string;
  sitting: string[];
}

function isSitting(value: unknown): value is Sitting {
  if (typeof value !== 'object' || value === null) return false;
  const { from, sitting } = value as Partial<Sitting>;
  return typeof from === 'string' && Array.isArray(sitting) && sitting.every((id) => typeof id === 'string');
}

/**
 * Which staff sit at a meeting table now, as the meeting rooms see it, told to the hall so an officer's desk
 * pauses while they are in the meeting room and resumes when they are back. One per station; a room notes a
 * person sitting down on their first connection and standing up when their last one is gone.
 *
 * With several processes each one tells the others whom its tables hold, at every change and again every
 * `refreshMs`; what a process said lasts `staleMs`. So when the process holding a meeting room dies (it never
 * says that anyone stood up), its people's desks resume within `staleMs`, instead of staying paused for good.
 */
export class StaffWhereabouts {
  /** Meeting room ids each person sits in now. */
  private readonly tables = new Map<string, Set<string>>();
  private readonly listeners = new Set<(personId: string, inMeeting: boolean) => void>();
  /** Who sits at a table on each other process, as it last said, and when it said so. */
  private readonly elsewhere = new Map<string, { sitting: Set<string>; heardAt: number }>();
  private relay: NewsRelay | null = null;
  private readonly origin = randomUUID();
  private timer: ReturnType<typeof setInterval> | undefined;
  private staleMs = Infinity;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /**
   * Sitting down and standing up in a meeting room on any process reaches the hall, wherever it is. Each
   * process says again every `refreshMs` whom its tables hold; what a process said is forgotten after
   * `staleMs` (more than `refreshMs`) unless said again.
   */
  shareNews(
    relay: NewsRelay,
    timing: { refreshMs: number; staleMs: number } = { refreshMs: 2000, staleMs: 6000 },
  ): void {
    this.relay = relay;
    this.staleMs = timing.staleMs;
    relay.subscribe('whereabouts', (value) => {
      if (!isSitting(value) || value.from === this.origin) return;
      this.heard(value.from, new Set(value.sitting));
    });
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.tell();
      this.forgetSilent();
    }, timing.refreshMs);
    this.timer.unref();
  }

  /** Stop telling the others (the process is closing): its tables are empty by then. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The person sat down at the table of meeting room `roomId`. */
  sat(roomId: string, personId: string): void {
    const rooms = this.tables.get(personId) ?? new Set<string>();
    const before = this.inMeeting(personId);
    rooms.add(roomId);
    this.tables.set(personId, rooms);
    if (rooms.size === 1) this.tell();
    if (!before) this.notify(personId, true);
  }

  /** The person's last connection to meeting room `roomId` is gone. */
  stood(roomId: string, personId: string): void {
    const rooms = this.tables.get(personId);
    if (!rooms?.delete(roomId)) return;
    if (rooms.size > 0) return;
    this.tables.delete(personId);
    this.tell();
    // Still at a table on another process, as far as the hall knows: no change.
    if (!this.inMeeting(personId)) this.notify(personId, false);
  }

  inMeeting(personId: string): boolean {
    if (this.tables.has(personId)) return true;
    for (const other of this.elsewhere.values()) if (other.sitting.has(personId)) return true;
    return false;
  }

  /** Hear of every person who sits down at their first table or stands up from their last. */
  onChange(listener: (personId: string, inMeeting: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Another process said whom its tables hold now. */
  private heard(from: string, sitting: Set<string>): void {
    const before = this.elsewhere.get(from)?.sitting ?? new Set<string>();
    const changed = [...new Set([...before, ...sitting])].filter((id) => before.has(id) !== sitting.has(id));
    const was = new Map(changed.map((id) => [id, this.inMeeting(id)]));
    if (sitting.size > 0) this.elsewhere.set(from, { sitting, heardAt: this.now() });
    else this.elsewhere.delete(from);
    for (const id of changed) if (this.inMeeting(id) !== was.get(id)) this.notify(id, this.inMeeting(id));
  }

  /** A process that has not spoken for `staleMs` is gone (killed, or cut off): its tables are empty. */
  private forgetSilent(): void {
    const now = this.now();
    for (const [from, other] of this.elsewhere) if (now - other.heardAt > this.staleMs) this.heard(from, new Set());
  }

  private tell(): void {
    this.relay?.publish('whereabouts', { from: this.origin, sitting: [...this.tables.keys()] } satisfies Sitting);
  }

  private notify(personId: string, inMeeting: boolean): void {
    for (const listener of this.listeners) listener(personId, inMeeting);
  }
}
