import type { Role } from '../../shared/roles.ts';
import { sameWalk, WalkReplay, type Walk } from '../../shared/walk.ts';
import { pageNavGrid } from './layoutStore.ts';

/**
 * Per-frame avatar data, kept outside React: the network writes each person's walk as the hall sends it, the
 * 3D layer replays it at the hall clock in `useFrame` (client/hall/avatarMotion.ts). Nothing here causes a
 * re-render.
 */

export interface AvatarTrack {
  id: string;
  role: Role;
  name: string;
  shop: string;
  /** How the figure looks, as the state carries it (shared/appearance.ts `decodeLook`). */
  look: number;
  online: boolean;
  /** The walk the hall last sent for this person, ready to replay at any moment of the hall clock. */
  replay: WalkReplay;
  /** Set when a new walk came: the render loop blends from where the figure was drawn (see `ox`). */
  fresh: boolean;
  /**
   * Drawn minus replayed, m: a new walk starts where the hall had the person when it planned it, so by the time
   * it arrives the figure is a little off it (the turn the hall made while the walk travelled). The gap fades
   * over a fraction of a second instead of showing as a jump.
   */
  ox: number;
  oz: number;
  /** Drawn pose, written by the render loop. */
  rx: number;
  rz: number;
  rry: number;
  /** Walking speed as drawn (m/s), drives the stride animation. */
  speed: number;
  /** Stride phase in radians. */
  phase: number;
}

export const avatarTracks = new Map<string, AvatarTrack>();

/** Bumped whenever someone arrives, leaves or changes how they look, so instanced meshes re-slot. */
export const trackVersion = { value: 0 };

/**
 * Told whenever someone arrives, leaves or sets off on a new walk, between frames: the 3D hall, which draws
 * slowly while nothing moves (client/hall/framePacer.ts), draws at the screen's rate again at once.
 */
export const tracksChanged = { notify: (): void => {} };

export function addTrack(
  id: string,
  info: { role: Role; name: string; shop: string; look: number; online: boolean },
  walk: Walk,
): AvatarTrack {
  const track: AvatarTrack = {
    id,
    ...info,
    replay: new WalkReplay(pageNavGrid(), walk),
    fresh: false,
    ox: 0,
    oz: 0,
    rx: walk.x,
    rz: walk.z,
    rry: walk.ry,
    speed: 0,
    phase: 0,
  };
  avatarTracks.set(id, track);
  trackVersion.value++;
  tracksChanged.notify();
  return track;
}

/** The hall sent this person's walk again: replay the new one (an unchanged walk is left alone). */
export function setWalk(track: AvatarTrack, walk: Walk): boolean {
  if (sameWalk(track.replay.walk, walk)) return false;
  track.replay = new WalkReplay(pageNavGrid(), walk);
  track.fresh = true;
  tracksChanged.notify();
  return true;
}

export function removeTrack(id: string): void {
  if (!avatarTracks.delete(id)) return;
  trackVersion.value++;
  tracksChanged.notify();
}

export function clearTracks(): void {
  avatarTracks.clear();
  trackVersion.value++;
  tracksChanged.notify();
}

/** `a` turned towards `b` by the fraction `t`, the short way round. */
export function lerpAngle(a: number, b: number, t: number): number {
  let d = (b - a) % (Math.PI * 2);
  if (d > Math.PI) d -= Math.PI * 2;
  if (d < -Math.PI) d += Math.PI * 2;
  return a + d * t;
}
