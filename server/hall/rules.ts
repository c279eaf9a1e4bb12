import type { HallLayout } from '../../shared/layout.ts';
import { createWalker, isWalking, stepWalker, WALK_SPEED, type Walker } from '../../shared/movement.ts';
import {
  createNavGrid,
  findPath,
  isWalkable,
  nearestWalkable,
  type NavGrid,
  type Point,
} from '../../shared/navgrid.ts';
import { Reason } from '../../shared/protocol.ts';
import { ok, refused, type Result } from '../../shared/result.ts';

/** How far from a blocked click the hall looks for floor to walk to instead, in metres. */
export const SNAP_DISTANCE = 1.5;

/** Where a walk is headed (the floor nearest the click), or why nobody can walk there. */
export type MoveResult = Result<Point, Reason>;

/**
 * Everyone's position on the hall floor, stepped by the server. Intents only set where a person wants to
 * go; the simulation moves them at walking speed over free floor, so nobody walks through a desk or
 * jumps across the hall whatever a client sends.
 */
export class HallFloor {
  readonly grid: NavGrid;
  readonly layout: HallLayout;
  readonly speed: number;
  private readonly random: () => number;
  private readonly walkers = new Map<string, Walker>();

  constructor(layout: HallLayout, random: () => number = Math.random, speed = WALK_SPEED) {
    this.layout = layout;
    this.random = random;
    this.speed = speed;
    this.grid = createNavGrid(layout);
  }

  /** Place a newcomer on free floor just inside the entrance, spread out so people do not stack. */
  enter(id: string): Walker {
    const { spawn } = this.layout;
    let spot: Point | null = null;
    for (let attempt = 0; attempt < 20 && !spot; attempt++) {
      const x = spawn.x + (this.random() - 0.5) * 3;
      const z = spawn.z + (this.random() - 0.5) * 1.2;
      if (isWalkable(this.grid, x, z)) spot = { x, z };
    }
    spot ??= nearestWalkable(this.grid, spawn.x, spawn.z, 5) ?? spawn;
    const walker = createWalker(spot.x, spot.z);
    this.walkers.set(id, walker);
    return walker;
  }

  leave(id: string): void {
    this.walkers.delete(id);
  }

  get(id: string): Walker | undefined {
    return this.walkers.get(id);
  }

  /** Plan a walk to a floor point; a point on furniture snaps to the nearest floor beside it. */
  moveTo(id: string, x: number, z: number): MoveResult {
    const w = this.walkers.get(id);
    if (!w) return refused(Reason.noPath);
    const target = nearestWalkable(this.grid, x, z, SNAP_DISTANCE);
    if (!target) return refused(Reason.targetBlocked);
    const path = findPath(this.grid, w, target);
    if (!path) return refused(Reason.noPath);
    w.path = path;
    w.steer = null;
    return ok(target);
  }

  /** Walk in a direction until told otherwise; (0, 0) stops. */
  steer(id: string, dx: number, dz: number): void {
    const w = this.walkers.get(id);
    if (!w) return;
    w.path = [];
    w.steer = dx === 0 && dz === 0 ? null : { x: dx, z: dz };
  }

  stop(id: string): void {
    const w = this.walkers.get(id);
    if (!w) return;
    w.path = [];
    w.steer = null;
  }

  /** Advance everyone by `dt` seconds; calls `onStep` for each person, saying whether they moved. */
  tick(dt: number, onStep: (id: string, w: Walker, moved: boolean) => void): void {
    for (const [id, w] of this.walkers) {
      if (!isWalking(w)) {
        onStep(id, w, false);
        continue;
      }
      onStep(id, w, stepWalker(this.grid, w, dt, this.speed));
    }
  }
}
