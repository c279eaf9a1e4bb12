import type { HallLayout } from '../../shared/layout.ts';
import { WALK_SPEED } from '../../shared/movement.ts';
import { findPath, isWalkable, nearestWalkable, navGridOf, type NavGrid, type Point } from '../../shared/navgrid.ts';
import { Reason, STEER_LATE_MS, STEER_TOLERANCE_M, type SteerIntent } from '../../shared/protocol.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import type { Avatar } from '../../shared/state.ts';
import { roundWalk, standingWalk, STEER_STEP_MS, WalkReplay, type Pose, type Walk } from '../../shared/walk.ts';

/** How far from a blocked click the hall looks for floor to walk to instead, in metres. */
export const SNAP_DISTANCE = 1.5;

/**
 * A steered walk older than this is started afresh from where it has got to (same direction), so someone
 * who comes into view late replays a few seconds of steps, never minutes of them.
 */
export const REANCHOR_MS = 30_000;

/** Where a walk is headed (the floor nearest the click), or why nobody can walk there. */
export type MoveResult = Result<Point, Reason>;

/** One person's walk and its replay (the replay remembers its steps, so asking every patch is cheap). */
interface Kept {
  walk: Walk;
  replay: WalkReplay;
}

/**
 * Everyone's walk on the hall floor, kept by the server. Intents only say where a person wants to go or which
 * way; the hall plans the walk over free floor at walking speed, and where anyone is at any moment is the
 * replay of their walk (shared/walk.ts) — the very code every page runs on the same numbers, so nobody walks
 * through a desk or jumps across the hall whatever a client sends, and nothing needs stepping here.
 * Every method that starts or changes a walk returns it (rounded to the wire's precision): the room writes it
 * into the person's avatar.
 */
export class HallFloor {
  readonly grid: NavGrid;
  readonly layout: HallLayout;
  readonly speed: number;
  private readonly random: () => number;
  private readonly walks = new Map<string, Kept>();

  constructor(layout: HallLayout, random: () => number = Math.random, speed = WALK_SPEED) {
    this.layout = layout;
    this.random = random;
    this.speed = speed;
    this.grid = navGridOf(layout);
  }

  /** Place a newcomer standing on free floor just inside the entrance, spread out so people do not stack. */
  enter(id: string, now: number): Walk {
    const { spawn } = this.layout;
    let spot: Point | null = null;
    for (let attempt = 0; attempt < 20 && !spot; attempt++) {
      const x = Math.round((spawn.x + (this.random() - 0.5) * 3) * 100) / 100;
      const z = Math.round((spawn.z + (this.random() - 0.5) * 1.2) * 100) / 100;
      if (isWalkable(this.grid, x, z)) spot = { x, z };
    }
    spot ??= nearestWalkable(this.grid, spawn.x, spawn.z, 5) ?? spawn;
    return this.keep(id, standingWalk(spot.x, spot.z, Math.PI, now, this.speed));
  }

  leave(id: string): void {
    this.walks.delete(id);
  }

  has(id: string): boolean {
    return this.walks.has(id);
  }

  /** The person's walk as last started or changed. */
  walkOf(id: string): Walk | undefined {
    return this.walks.get(id)?.walk;
  }

  /** Where the person is at `now` (hall clock ms). */
  poseAt(id: string, now: number, out?: Pose): Pose | undefined {
    return this.walks.get(id)?.replay.poseAt(now, out);
  }

  /** Everyone kept, with their replay, for the room's look at where people are. */
  entries(): IterableIterator<[string, Kept]> {
    return this.walks.entries();
  }

  /** Plan a walk from where the person is now to a floor point; a point on furniture snaps to the floor beside it. */
  moveTo(id: string, x: number, z: number, now: number): Result<{ target: Point; walk: Walk }, Reason> {
    const kept = this.walks.get(id);
    if (!kept) return refused(Reason.noPath);
    const snapped = nearestWalkable(this.grid, x, z, SNAP_DISTANCE);
    if (!snapped) return refused(Reason.targetBlocked);
    const target = { x: Math.round(snapped.x * 100) / 100, z: Math.round(snapped.z * 100) / 100 };
    const from = kept.replay.poseAt(now);
    const start = { x: from.x, z: from.z };
    const path = findPath(this.grid, start, isWalkable(this.grid, target.x, target.z) ? target : snapped);
    if (!path) return refused(Reason.noPath);
    const walk = { x: start.x, z: start.z, ry: from.ry, t0: now, speed: this.speed, path, steer: null };
    return ok({ target, walk: this.keep(id, walk) });
  }

  /**
   * Walk in a direction from a point and moment the page says (or stop, for a zero direction). The page's
   * start is taken when it is free floor within STEER_TOLERANCE_M of where the hall has the person at that
   * moment (no earlier than STEER_LATE_MS ago, no later than now); otherwise the walk starts where the hall
   * has them now.
   */
  steer(id: string, seg: SteerIntent, now: number): Walk | undefined {
    const kept = this.walks.get(id);
    if (!kept) return undefined;
    const t = Math.round(Math.min(now, Math.max(now - STEER_LATE_MS, seg.t)));
    const then = kept.replay.poseAt(t);
    const x = Math.round(seg.x * 100) / 100;
    const z = Math.round(seg.z * 100) / 100;
    const agrees = isWalkable(this.grid, x, z) && Math.hypot(x - then.x, z - then.z) <= STEER_TOLERANCE_M;
    const start = agrees ? { x, z, t0: t, ry: then.ry } : { ...this.here(kept, now), t0: now };
    const moving = seg.dx !== 0 || seg.dz !== 0;
    return this.keep(id, {
      x: start.x,
      z: start.z,
      ry: moving ? Math.atan2(seg.dx, seg.dz) : start.ry,
      t0: start.t0,
      speed: this.speed,
      path: [],
      steer: moving ? { x: seg.dx, z: seg.dz } : null,
    });
  }

  /** Stand where the person is now (a stop, a dropped connection, a return). */
  stop(id: string, now: number): Walk | undefined {
    const kept = this.walks.get(id);
    if (!kept) return undefined;
    const here = this.here(kept, now);
    return this.keep(id, { ...here, t0: now, speed: this.speed, path: [], steer: null });
  }

  /**
   * Steered walks older than REANCHOR_MS start afresh where they have got to, at the last whole step, in the
   * same direction: the replay goes on exactly as before. Returns who got a new walk.
   */
  reanchor(now: number): [string, Walk][] {
    const changed: [string, Walk][] = [];
    for (const [id, kept] of this.walks) {
      const { walk } = kept;
      if (!walk.steer || now - walk.t0 <= REANCHOR_MS) continue;
      const at = walk.t0 + Math.floor((now - walk.t0) / STEER_STEP_MS) * STEER_STEP_MS;
      const pose = kept.replay.poseAt(at);
      changed.push([id, this.keep(id, { ...walk, x: pose.x, z: pose.z, ry: pose.ry, t0: at })]);
    }
    return changed;
  }

  private here(kept: Kept, now: number): { x: number; z: number; ry: number } {
    const { x, z, ry } = kept.replay.poseAt(now);
    return { x, z, ry };
  }

  private keep(id: string, walk: Walk): Walk {
    const rounded = roundWalk(walk);
    // Rounding to the centimetre must not put someone hugging a wall inside it (stuck when sliding along it).
    Object.assign(rounded, onFloor(this.grid, walk, rounded));
    const last = walk.path.at(-1);
    if (last) rounded.path[rounded.path.length - 1] = onFloor(this.grid, last, rounded.path.at(-1)!);
    this.walks.set(id, { walk: rounded, replay: new WalkReplay(this.grid, rounded) });
    return rounded;
  }
}

/**
 * A point at centimetre precision on the same free floor as `exact`: `rounded` when it is free, else the
 * centimetre towards the cell's lower corner (cells start on whole centimetres, so that one is in the same cell).
 */
function onFloor(grid: NavGrid, exact: Point, rounded: Point): Point {
  if (isWalkable(grid, rounded.x, rounded.z) || !isWalkable(grid, exact.x, exact.z))
    return { x: rounded.x, z: rounded.z };
  const candidates = [Math.floor, Math.ceil].flatMap((fx) =>
    [Math.floor, Math.ceil].map((fz) => ({ x: fx(exact.x * 100) / 100, z: fz(exact.z * 100) / 100 })),
  );
  const free = candidates.filter((c) => isWalkable(grid, c.x, c.z));
  free.sort((a, b) => Math.hypot(a.x - exact.x, a.z - exact.z) - Math.hypot(b.x - exact.x, b.z - exact.z));
  return free[0] ?? { x: rounded.x, z: rounded.z };
}

/** Write a walk into an avatar's fields, all at once; the waypoints only when they changed. */
export function writeWalk(avatar: Avatar, walk: Walk): void {
  avatar.x = Math.round(walk.x * 100);
  avatar.z = Math.round(walk.z * 100);
  avatar.ry = walk.ry;
  avatar.t0 = walk.t0;
  avatar.speed = Math.round(walk.speed * 100);
  avatar.sx = walk.steer ? Math.round(walk.steer.x * 100) : 0;
  avatar.sz = walk.steer ? Math.round(walk.steer.z * 100) : 0;
  const flat = walk.path.flatMap((p) => [Math.round(p.x * 100), Math.round(p.z * 100)]);
  // Changed in place: a fresh array would not be in the views that already hold the avatar.
  const path = avatar.path;
  if (path.length === flat.length && flat.every((v, i) => path.at(i) === v)) return;
  path.clear();
  path.push(...flat);
}
