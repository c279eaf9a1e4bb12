/**
 * Least time between two writes of one meeting room's live state, in ms. Every change is stored before
 * anyone is shown it; changes that arrive while a write is waiting or under way go into the next write
 * together. So a flood of hands raised and lowered costs a room at most 1000 / 50 = 20 writes a second,
 * and a change waits at most this long plus one write before it is shown (the room's next patch, at the
 * same 50 ms rate, then carries it).
 */
export const LIVE_SAVE_INTERVAL_MS = 50;
/** Wait before a failed write is tried again, in ms; it doubles after each failure in a row, up to the next. */
export const LIVE_RETRY_MS = 250;
/** Longest wait between two tries of a failed write, in ms, however long storage stays away. */
export const LIVE_RETRY_MAX_MS = 5_000;
/** Tries of the last write when a room closes: a shutdown must end even with the database gone. */
export const LIVE_CLOSE_TRIES = 3;

export interface LiveSaverHooks<S, L> {
  /** Store the newest snapshot (null when it did not change since the last write) and the new lines, at once. */
  store(snapshot: S | null, lines: readonly L[]): Promise<void>;
  /** What was just stored, in the order it was stored: now it may be shown. */
  stored(snapshot: S | null, lines: readonly L[]): void;
  /**
   * A write failed (`attempt` in a row; it is tried again and nothing in it is shown meanwhile), or showing
   * what was stored threw (`attempt` 0).
   */
  failed(err: unknown, attempt: number): void;
}

export interface LiveSaverTiming {
  intervalMs: number;
  retryMs: number;
  retryMaxMs: number;
}

const DEFAULT_TIMING: LiveSaverTiming = {
  intervalMs: LIVE_SAVE_INTERVAL_MS,
  retryMs: LIVE_RETRY_MS,
  retryMaxMs: LIVE_RETRY_MAX_MS,
};

/**
 * "Store, then show" for a meeting room, coalesced: the room hands over each state it accepts (a snapshot;
 * only the newest one waiting is written) and each chat line (every line is written, in order), and shows
 * them when `stored` says so. One write at a time per room, at least `intervalMs` apart; a failed write
 * keeps what it held, ahead of anything newer, and is tried again with a growing wait, so storage that
 * comes back after an outage gets everything that was accepted, in order, and nobody was shown a change
 * that a crash could take back.
 */
export class LiveSaver<S, L> {
  private snapshot: S | null = null;
  private lines: L[] = [];
  /** Callbacks of the snapshots waiting to be written, run once one at least as new is stored. */
  private after: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<boolean> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private closed = false;
  private readonly hooks: LiveSaverHooks<S, L>;
  private readonly timing: LiveSaverTiming;

  constructor(hooks: LiveSaverHooks<S, L>, timing: Partial<LiveSaverTiming> = {}) {
    this.hooks = hooks;
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /** The newest accepted state, to be stored (in place of any older one still waiting); `then` runs after. */
  update(snapshot: S, then?: () => void): void {
    this.snapshot = snapshot;
    if (then) this.after.push(then);
    this.schedule();
  }

  /** A line to be stored after every line handed over before it. */
  add(line: L): void {
    this.lines.push(line);
    this.schedule();
  }

  /** Lines accepted and not yet stored: while storage is away they pile up, and the room refuses more. */
  get waitingLines(): number {
    return this.lines.length;
  }

  private get waiting(): boolean {
    return this.snapshot !== null || this.lines.length > 0;
  }

  private schedule(): void {
    if (this.timer || this.writing || this.closed || !this.waiting) return;
    const wait =
      this.failures > 0
        ? Math.min(this.timing.retryMs * 2 ** (this.failures - 1), this.timing.retryMaxMs)
        : Math.max(0, this.lastStart + this.timing.intervalMs - Date.now());
    // Even with no wait, the write starts on a later turn, so changes of this turn go into it together.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
  }

  /** One write of everything waiting; true when it was stored. Never rejects. */
  private async write(): Promise<boolean> {
    const snapshot = this.snapshot;
    const lines = this.lines;
    const after = this.after;
    this.snapshot = null;
    this.lines = [];
    this.after = [];
    this.lastStart = Date.now();
    this.writing = this.hooks.store(snapshot, lines).then(
      () => true,
      (err: unknown) => {
        this.failures++;
        this.hooks.failed(err, this.failures);
        // Back in front of whatever came meanwhile; a newer snapshot wins over this one.
        this.snapshot ??= snapshot;
        this.lines = [...lines, ...this.lines];
        this.after = [...after, ...this.after];
        return false;
      },
    );
    const ok = await this.writing;
    this.writing = null;
    if (ok) {
      this.failures = 0;
      try {
        this.hooks.stored(snapshot, lines);
        for (const fn of after) fn();
      } catch (err) {
        this.hooks.failed(err, 0);
      }
    }
    this.schedule();
    return ok;
  }

  /**
   * The room closes: the write under way ends, then what is still waiting is written at once, tried up to
   * `tries` times. True when nothing accepted is left unstored; what is left was never shown to anyone.
   */
  async close(tries = LIVE_CLOSE_TRIES): Promise<boolean> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) await this.writing;
    for (let i = 0; i < tries && this.waiting; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, this.timing.retryMs * 2 ** (i - 1)));
      await this.write();
    }
    return !this.waiting;
  }
}
