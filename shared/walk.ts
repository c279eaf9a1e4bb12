import { stepWalker, WALK_SPEED, type Walker } from './movement.ts';
import type { NavGrid, Point } from './navgrid.ts';

/**
 * A walk as the hall replicates it. The server plans every walk; when one starts or changes, the people who
 * can see the walker receive it once — where it starts, when, how fast, and either the waypoints of a planned
 * walk or the direction of a steered one — and every page replays it with {@link WalkReplay}, the same code
 * the server uses to know where anyone stands. Nothing is sent while a walk goes as planned, and nothing at
 * all for someone standing still.
 *
 * Everything in a walk is at the wire's precision (centimetres, hundredths of a direction, whole
 * milliseconds): the server rounds a walk with {@link roundWalk} before it uses or sends it, so the page and
 * the server replay the very same numbers and agree to the float.
 */
export interface Walk {
  /** Where the walk starts, metres (centimetre precision). */
  x: number;
  z: number;
  /** Facing when the walk starts, radians about y (0 looks towards +z); kept while standing. */
  ry: number;
  /** When it starts, on the hall clock (ms, see {@link HallClock}). */
  t0: number;
  /** Metres per second (centimetre-per-second precision). */
  speed: number;
  /** A planned walk's waypoints after the start; empty when steering or standing. */
  path: Point[];
  /** A steered walk's direction on the floor (unit or shorter, hundredths), or null. */
  steer: Point | null;
}

/** Where someone is at one moment of a walk. */
export interface Pose {
  x: number;
  z: number;
  ry: number;
  /** Still on the way (a planned walk not yet at its end, or steering). */
  moving: boolean;
}

/**
 * A steered walk advances in fixed steps of this many ms from its start (sliding along walls step by step,
 * as {@link stepWalker} does); between two steps the pose is interpolated. Fixed steps make the slide the
 * same on every page whatever its frame rate.
 */
export const STEER_STEP_MS = 50;

/** The hall clock: ms since the hall opened, on the server; a page estimates it (client/net/clock.ts). */
export type HallClock = () => number;

const cm = (v: number) => Math.round(v * 100) / 100;
const hundredth = (v: number) => Math.round(v * 100) / 100;

/** A walk at the wire's precision: what the server keeps and sends, and what the page rebuilds from it. */
export function roundWalk(w: Walk): Walk {
  const steer = w.steer ? { x: hundredth(w.steer.x), z: hundredth(w.steer.z) } : null;
  return {
    x: cm(w.x),
    z: cm(w.z),
    ry: w.ry,
    t0: Math.round(w.t0),
    speed: cm(w.speed),
    path: w.path.map((p) => ({ x: cm(p.x), z: cm(p.z) })),
    steer: steer && (steer.x !== 0 || steer.z !== 0) ? steer : null,
  };
}

/** Standing at a spot from `t0` on: the walk of someone who just arrived, stopped or came back. */
export function standingWalk(x: number, z: number, ry: number, t0: number, speed = WALK_SPEED): Walk {
  return roundWalk({ x, z, ry, t0, speed, path: [], steer: null });
}

/**
 * Replays one walk: the pose at any moment of the hall clock. A planned walk is followed exactly (distance =
 * speed × time along the waypoints); a steered one in fixed {@link STEER_STEP_MS} steps, remembered as it
 * goes so asking for the pose every frame costs one step at most. Asking for an earlier moment replays from
 * the start.
 */
export class WalkReplay {
  readonly walk: Walk;
  private readonly grid: NavGrid;
  /** Planned walk: cumulative length at each waypoint (index 0 is the start). */
  private readonly lengths: number[] = [0];
  private readonly points: Point[];
  /** Steered walk: the walker after `stepIndex` steps, and where it was one step before. */
  private stepIndex = 0;
  private readonly stepper: Walker;
  private prev = { x: 0, z: 0, ry: 0 };

  constructor(grid: NavGrid, walk: Walk) {
    this.grid = grid;
    this.walk = walk;
    this.points = [{ x: walk.x, z: walk.z }, ...walk.path];
    for (let i = 1; i < this.points.length; i++) {
      const a = this.points[i - 1]!;
      const b = this.points[i]!;
      this.lengths.push(this.lengths[i - 1]! + Math.hypot(b.x - a.x, b.z - a.z));
    }
    this.stepper = { x: walk.x, z: walk.z, ry: walk.ry, path: [], steer: walk.steer && { ...walk.steer } };
    this.prev = { x: walk.x, z: walk.z, ry: walk.ry };
  }

  /** Total length of a planned walk, metres (0 for a steered or standing one). */
  get length(): number {
    return this.lengths[this.lengths.length - 1]!;
  }

  /** When a planned walk arrives (hall clock ms); Infinity while steering, t0 when standing. */
  get endsAt(): number {
    if (this.walk.steer) return Infinity;
    return this.walk.speed > 0 ? this.walk.t0 + (1000 * this.length) / this.walk.speed : this.walk.t0;
  }

  poseAt(t: number, out: Pose = { x: 0, z: 0, ry: 0, moving: false }): Pose {
    return this.walk.steer ? this.steeredAt(t, out) : this.plannedAt(t, out);
  }

  private plannedAt(t: number, out: Pose): Pose {
    const { walk, points, lengths } = this;
    const d = (Math.max(0, t - walk.t0) / 1000) * walk.speed;
    out.ry = walk.ry;
    if (points.length === 1 || d <= 0) {
      out.x = walk.x;
      out.z = walk.z;
      out.moving = points.length > 1;
      if (points.length > 1) out.ry = this.heading(1);
      return out;
    }
    const total = this.length;
    if (d >= total) {
      const last = points[points.length - 1]!;
      out.x = last.x;
      out.z = last.z;
      out.ry = this.heading(points.length - 1);
      out.moving = false;
      return out;
    }
    let i = 1;
    while (lengths[i]! < d) i++;
    const a = points[i - 1]!;
    const b = points[i]!;
    const seg = lengths[i]! - lengths[i - 1]!;
    const k = seg > 0 ? (d - lengths[i - 1]!) / seg : 1;
    out.x = a.x + (b.x - a.x) * k;
    out.z = a.z + (b.z - a.z) * k;
    out.ry = this.heading(i);
    out.moving = true;
    return out;
  }

  /** Facing along the segment ending at waypoint `i`, or the last one before it that has a length. */
  private heading(i: number): number {
    for (let j = i; j >= 1; j--) {
      const a = this.points[j - 1]!;
      const b = this.points[j]!;
      if (Math.hypot(b.x - a.x, b.z - a.z) > 1e-6) return Math.atan2(b.x - a.x, b.z - a.z);
    }
    return this.walk.ry;
  }

  private steeredAt(t: number, out: Pose): Pose {
    const elapsed = Math.max(0, t - this.walk.t0);
    const target = Math.floor(elapsed / STEER_STEP_MS);
    if (target < this.stepIndex - 1) this.rewind();
    // Keep the walker one step ahead of `target`, and the pose at `target` in `prev`.
    while (this.stepIndex <= target) {
      this.prev.x = this.stepper.x;
      this.prev.z = this.stepper.z;
      this.prev.ry = this.stepper.ry;
      stepWalker(this.grid, this.stepper, STEER_STEP_MS / 1000, this.walk.speed);
      this.stepIndex++;
    }
    const k = (elapsed - target * STEER_STEP_MS) / STEER_STEP_MS;
    out.x = this.prev.x + (this.stepper.x - this.prev.x) * k;
    out.z = this.prev.z + (this.stepper.z - this.prev.z) * k;
    out.ry = this.stepper.ry;
    out.moving = true;
    return out;
  }

  private rewind(): void {
    const { walk } = this;
    this.stepper.x = walk.x;
    this.stepper.z = walk.z;
    this.stepper.ry = walk.ry;
    this.stepIndex = 0;
    this.prev = { x: walk.x, z: walk.z, ry: walk.ry };
  }
}

/** The same walk (as sent): the server leaves an unchanged walk alone instead of sending it again. */
export function sameWalk(a: Walk, b: Walk): boolean {
  if (a.x !== b.x || a.z !== b.z || a.t0 !== b.t0 || a.speed !== b.speed) return false;
  if ((a.steer === null) !== (b.steer === null)) return false;
  if (a.steer && b.steer && (a.steer.x !== b.steer.x || a.steer.z !== b.steer.z)) return false;
  return a.path.length === b.path.length && a.path.every((p, i) => p.x === b.path[i]!.x && p.z === b.path[i]!.z);
}
