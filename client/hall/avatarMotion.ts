import { isWalking, stepWalker } from '../../shared/movement.ts';
import { HallIntent, MOVE_INTENT_HZ } from '../../shared/protocol.ts';
import { avatarTracks, INTERP_DELAY_MS, sampleTrack, type AvatarTrack } from '../net/avatars.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { local, navGrid } from '../net/localWalker.ts';
import { useConnection } from '../net/stores.ts';

/** Beyond this gap (m) between prediction and server while walking, the prediction is dropped. */
const DESYNC_M = 2;
/** How quickly an idle prediction settles onto the server's position, per second. */
const SETTLE_RATE = 8;

const pose = { x: 0, z: 0, ry: 0 };
const steer = { x: 0, z: 0 };
const sent = { x: 0, z: 0, at: 0 };

/** Keys and joystick combined, turned from camera space into a floor direction no longer than 1. */
function inputDirection(): { x: number; z: number } {
  const ix = Math.max(-1, Math.min(1, local.keys.x + local.stick.x));
  const iy = Math.max(-1, Math.min(1, local.keys.y + local.stick.y));
  // Forward is away from the camera; right is forward turned a quarter to the right.
  const fx = -Math.sin(local.cameraYaw);
  const fz = -Math.cos(local.cameraYaw);
  let x = fx * iy - fz * ix;
  let z = fz * iy + fx * ix;
  const len = Math.hypot(x, z);
  if (len > 1) {
    x /= len;
    z /= len;
  }
  steer.x = Math.round(x * 100) / 100;
  steer.z = Math.round(z * 100) / 100;
  return steer;
}

/** Tell the server about a change of direction, no more often than the agreed intent rate. */
function sendSteer(dir: { x: number; z: number }, now: number): void {
  if (dir.x === sent.x && dir.z === sent.z) return;
  const stopping = dir.x === 0 && dir.z === 0;
  if (!stopping && now - sent.at < 1000 / MOVE_INTENT_HZ) return;
  sent.x = dir.x;
  sent.z = dir.z;
  sent.at = now;
  sendIntent(HallIntent.steer, { x: dir.x, z: dir.z });
}

function updateSelf(track: AvatarTrack, dt: number, now: number): void {
  const w = local.walker;
  if (!w) return;
  const dir = inputDirection();
  const steering = dir.x !== 0 || dir.z !== 0;
  if (steering) {
    w.path = [];
    if (w.steer) {
      w.steer.x = dir.x;
      w.steer.z = dir.z;
    } else {
      w.steer = { x: dir.x, z: dir.z }; // once per key press, not per frame
    }
  } else if (w.steer) {
    w.steer = null;
  }
  sendSteer(dir, now);
  stepWalker(navGrid, w, dt);

  const server = track.snaps[track.snaps.length - 1]!;
  const gap = Math.hypot(server.x - w.x, server.z - w.z);
  if (isWalking(w)) {
    if (gap > DESYNC_M) {
      w.x = server.x;
      w.z = server.z;
      w.path = [];
    }
  } else if (!track.serverMoving && gap > 0.01) {
    const k = 1 - Math.exp(-SETTLE_RATE * dt);
    w.x += (server.x - w.x) * k;
    w.z += (server.z - w.z) * k;
  }
  pose.x = w.x;
  pose.z = w.z;
  pose.ry = w.ry;
}

/**
 * Work out where every avatar is drawn this frame: the local person from the prediction, everyone else
 * interpolated a little in the past between server snapshots. Also derives walking speed for the stride.
 */
export function updateAvatarPoses(dt: number): void {
  const now = performance.now();
  const selfId = useConnection.getState().selfId;
  const renderTime = now - INTERP_DELAY_MS;
  for (const track of avatarTracks.values()) {
    if (track.id === selfId && local.walker) updateSelf(track, dt, now);
    else sampleTrack(track, renderTime, pose);
    const moved = Math.hypot(pose.x - track.rx, pose.z - track.rz);
    const speed = dt > 0 ? moved / dt : 0;
    // Smooth the speed so the stride does not flicker between uneven frames.
    track.speed += (speed - track.speed) * Math.min(1, dt * 10);
    if (track.speed < 0.05) track.speed = 0;
    track.phase = track.speed > 0 ? track.phase + dt * track.speed * 5.5 : 0;
    track.rx = pose.x;
    track.rz = pose.z;
    track.rry = pose.ry;
  }
}
