import { Room, type Client } from '@colyseus/core';
import { hallLayout } from '../../shared/layout.ts';
import { createWalker, isWalking, stepWalker, type Walker } from '../../shared/movement.ts';
import { createNavGrid, findPath, isWalkable, nearestWalkable, type Point } from '../../shared/navgrid.ts';
import { BENCH_MOVE, destinationOf } from './benchMove.ts';
import { NaiveAvatar, NaiveState } from './naiveState.ts';

/** Patch interval, ms (20 Hz, as the hall's). */
const PATCH_MS = 50;

/**
 * The bench's baseline: a full-state room as one would first write it. No sign-in; every client receives
 * every avatar's float x, z, facing and moving flag in one map at 20 Hz; walks are planned on the server with
 * the hall's own path finder and stepped with the hall's own walker right before each patch. The same bots
 * walk here as in the hall, so the difference in bytes, latency, CPU and memory is the hall's design.
 */
export class NaiveRoom extends Room<{ state: NaiveState }> {
  override maxClients = 5000;
  override patchRate = PATCH_MS;
  override autoDispose = false;
  override state = new NaiveState();

  private readonly grid = createNavGrid(hallLayout);
  private readonly walkers = new Map<string, Walker>();
  private readonly targets = new Map<string, Point>();
  private lastStepAt = performance.now();

  override onCreate(): void {
    this.onMessage(BENCH_MOVE, (client: Client, payload: unknown) => {
      const target = destinationOf(payload);
      if (target) this.targets.set(client.sessionId, target);
    });
    this.onMessage('*', () => undefined);
  }

  override onJoin(client: Client): void {
    const { spawn } = hallLayout;
    let spot: Point | null = null;
    for (let attempt = 0; attempt < 20 && !spot; attempt++) {
      const x = spawn.x + (Math.random() - 0.5) * 3;
      const z = spawn.z + (Math.random() - 0.5) * 1.2;
      if (isWalkable(this.grid, x, z)) spot = { x, z };
    }
    spot ??= nearestWalkable(this.grid, spawn.x, spawn.z, 5) ?? spawn;
    const walker = createWalker(spot.x, spot.z);
    this.walkers.set(client.sessionId, walker);
    const avatar = new NaiveAvatar();
    avatar.x = walker.x;
    avatar.z = walker.z;
    avatar.ry = walker.ry;
    avatar.moving = false;
    this.state.avatars.set(client.sessionId, avatar);
  }

  override onLeave(client: Client): void {
    this.walkers.delete(client.sessionId);
    this.targets.delete(client.sessionId);
    this.state.avatars.delete(client.sessionId);
  }

  override onBeforePatch(): void {
    const now = performance.now();
    const dt = Math.min(now - this.lastStepAt, 4 * PATCH_MS) / 1000;
    this.lastStepAt = now;
    for (const [id, target] of this.targets) {
      const w = this.walkers.get(id);
      const path = w && findPath(this.grid, w, target);
      if (w && path) {
        w.path = path;
        w.steer = null;
      }
    }
    this.targets.clear();
    for (const [id, w] of this.walkers) {
      const avatar = this.state.avatars.get(id);
      if (!avatar) continue;
      const moved = isWalking(w) && stepWalker(this.grid, w, dt);
      if (moved) {
        avatar.x = w.x;
        avatar.z = w.z;
        avatar.ry = w.ry;
      }
      if (avatar.moving !== moved) avatar.moving = moved;
    }
  }
}
