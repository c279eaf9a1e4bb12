/** What the bench's main thread and its bot threads say to each other. */

export interface BotThreadData {
  /** Hall URL, e.g. http://localhost:1234/ */
  url: string;
  /** Probe threads measure bytes and latency on their own bots; bulk threads only walk. */
  kind: 'probe' | 'bulk';
  /** Prefix for bot names, to tell threads apart in the hall. */
  label: string;
  /** Bulk bots decode every patch too, instead of skipping patches once they know where they stand. */
  decodeAll: boolean;
  /**
   * The hall, the bench's naive full-state room (naiveRoom.ts) or its per-client messages room
   * (messagesRoom.ts); the bench's rooms have no sign-in.
   */
  target: 'hall' | 'naive' | 'messages';
  /** Probes walk to destinations within probeRadius metres of probeSpot, so they are near each other. */
  probeSpot: { x: number; z: number };
  probeRadius: number;
  /** The station whose hall the bots join (the join's `station` option); none: the default station. */
  station?: string;
}

export type BotRequest =
  | { id: number; op: 'add'; count: number; batch: number; deadlineMs: number }
  | { id: number; op: 'trim'; count: number }
  | { id: number; op: 'measureStart' }
  | { id: number; op: 'measureStop'; graceMs: number }
  | { id: number; op: 'closeAll' };

export interface AddResult {
  joined: number;
  failed: number;
  total: number;
  firstError?: string;
  ms: number;
}

export interface ThreadStats {
  kind: 'probe' | 'bulk';
  /** Bots that skip state patches after finding their own avatar. */
  lean: boolean;
  /** Bots alive in this thread at the end of the window. */
  bots: number;
  /** Avatars in view (the hall's state, or the messages room's) of this thread's first bot at the end of the window (-1: no bot). */
  avatarsSeen: number;
  /** Hall and messages probes: everyone in the room as the first bot was told (HallState.people); else -1. */
  peopleSeen: number;
  windowMs: number;
  /** Event loop utilisation of this thread over the window, 0..1. */
  elu: number;
  /** CPU time of this thread over the window, % of one core. */
  cpuPercent: number;
  /** moveTo intents sent in the window, and how many the hall refused. */
  movesSent: number;
  movesRejected: number;
  /** Bots whose connection closed without the bench asking. */
  unexpectedLeaves: number;
  /** Connections dropped (the SDK then tries to reconnect). */
  drops: number;
  /** WebSocket payload bytes and messages received per bot over the window. */
  bytesPerBot: number[];
  messagesPerBot: number[];
  /** Probe threads only: ms from a probe sending moveTo to another probe seeing that avatar's new walk. */
  latencies: number[];
  /**
   * Probe threads only: moves timed; observations expected (other probes that had the mover in view when it
   * moved) and, of those, never seen.
   */
  probeMoves: number;
  expectedObservations: number;
  missedObservations: number;
  /** Lines the SDK printed in this thread since the last report (drops, reconnections), with counts. */
  sdkNotices: Record<string, number>;
}

export type BotResponse =
  { id: number; ok: true; result?: AddResult | ThreadStats } | { id: number; ok: false; error: string };
