import type { Role } from '../../shared/roles.ts';

/**
 * Per-frame avatar data, kept outside React: network callbacks write snapshots, the 3D layer reads and
 * interpolates them in `useFrame`. Nothing here causes a re-render.
 */

/** How far behind the newest server state remote avatars are drawn, in ms (two patches at 20 Hz). */
export const INTERP_DELAY_MS = 100;
const MAX_SNAPSHOTS = 8;

export interface Snapshot {
  t: number;
  x: number;
  z: number;
  ry: number;
}

export interface AvatarTrack {
  id: string;
  role: Role;
  name: string;
  shop: string;
  /** How the figure looks, as the state carries it (shared/appearance.ts `decodeLook`). */
  look: number;
  online: boolean;
  snaps: Snapshot[];
  /** Whether the server last said this person is walking. */
  serverMoving: boolean;
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

export function addTrack(
  id: string,
  info: { role: Role; name: string; shop: string; look: number; online: boolean },
  snap: Snapshot,
): AvatarTrack {
  const track: AvatarTrack = {
    id,
    ...info,
    snaps: [snap],
    serverMoving: false,
    rx: snap.x,
    rz: snap.z,
    rry: snap.ry,
    speed: 0,
    phase: 0,
  };
  avatarTracks.set(id, track);
  trackVersion.value++;
  return track;
}

export function removeTrack(id: string): void {
  if (avatarTracks.delete(id)) trackVersion.value++;
}

export function clearTracks(): void {
  avatarTracks.clear();
  trackVersion.value++;
}

export function pushSnapshot(track: AvatarTrack, snap: Snapshot): void {
  track.snaps.push(snap);
  if (track.snaps.length > MAX_SNAPSHOTS) track.snaps.shift();
}

function lerpAngle(a: number, b: number, t: number): number {
  let d = (b - a) % (Math.PI * 2);
  if (d > Math.PI) d -= Math.PI * 2;
  if (d < -Math.PI) d += Math.PI * 2;
  return a + d * t;
}

/**
 * Where the avatar stands at `renderTime`: linear between the two snapshots around it, holding the newest
 * when the buffer runs dry (never extrapolating through a wall).
 */
export function sampleTrack(track: AvatarTrack, renderTime: number, out: { x: number; z: number; ry: number }): void {
  const s = track.snaps;
  const last = s[s.length - 1]!;
  if (renderTime >= last.t || s.length === 1) {
    out.x = last.x;
    out.z = last.z;
    out.ry = last.ry;
    return;
  }
  for (let i = s.length - 2; i >= 0; i--) {
    const a = s[i]!;
    if (a.t <= renderTime) {
      const b = s[i + 1]!;
      const t = (renderTime - a.t) / Math.max(1, b.t - a.t);
      out.x = a.x + (b.x - a.x) * t;
      out.z = a.z + (b.z - a.z) * t;
      out.ry = lerpAngle(a.ry, b.ry, t);
      return;
    }
  }
  const first = s[0]!;
  out.x = first.x;
  out.z = first.z;
  out.ry = first.ry;
}

export { lerpAngle };
