import { isWalking, stepWalker, type Walker } from '../../shared/movement.ts';
import { HallIntent, MOVE_INTENT_HZ } from '../../shared/protocol.ts';
import type { Pose, Walk } from '../../shared/walk.ts';
import { avatarTracks, lerpAngle, type AvatarTrack } from '../net/avatars.ts';
import { hallClock, hallNow } from '../net/clock.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { pageNavGrid } from '../net/layoutStore.ts';
import { local, pathAhead, walkAsked } from '../net/localWalker.ts';
import { useConnection } from '../net/stores.ts';

/**
 * Beyond this gap (m) between one's prediction and the hall's walk at the same moment, the hall's is taken
 * (blocked, stopped, moved on a reconnect); the hall accepts a steering start this far from its own.
 */
export const DESYNC_M = 0.75;
/** How quickly an idle prediction settles onto the hall's position, per second. */
const SETTLE_RATE = 8;
/** How much earlier than the last ask the hall's answering walk may start (the clock estimate's error), ms. */
const ASK_SLACK_MS = 50;
/** After this long without asking, the hall's walk is weighed whatever its start, ms. */
const ASK_SETTLED_MS = 1500;
/** How quickly a figure turns to a new heading, per second. */
const TURN_RATE = 14;
/** How quickly the gap to a new walk fades, per second (to a twentieth in a quarter second). */
const BLEND_RATE = 12;
/** A new walk further than this from where the figure is drawn (m) is a move, not a turn: no blending. */
const BLEND_MAX_M = 1;

const pose: Pose = { x: 0, z: 0, ry: 0, moving: false };
/** The moment of the hall clock the drawn poses are for (ms), as of the last frame. */
export const drawn = { at: 0 };
const serverPose: Pose = { x: 0, z: 0, ry: 0, moving: false };
const steer = { x: 0, z: 0 };
/** The direction last sent to the hall, and when (page ms). */
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
  // Hundredths, as the hall keeps them; `+ 0` turns a -0 into 0.
  steer.x = Math.round(x * 100) / 100 + 0;
  steer.z = Math.round(z * 100) / 100 + 0;
  return steer;
}

/**
 * Tell the hall about a change of direction as a segment: from where one is now, at this moment of the hall
 * clock, in this direction. Only on a change, no more often than the agreed intent rate; a stop at once.
 */
function sendSteer(w: Walker, dir: { x: number; z: number }, now: number): void {
  if (dir.x === sent.x && dir.z === sent.z) return;
  const stopping = dir.x === 0 && dir.z === 0;
  if (!stopping && now - sent.at < 1000 / MOVE_INTENT_HZ) return;
  sent.x = dir.x;
  sent.z = dir.z;
  sent.at = now;
  sendIntent(HallIntent.steer, { x: w.x, z: w.z, dx: dir.x, dz: dir.z, t: Math.max(0, Math.round(hallNow())) });
  walkAsked();
}

/** Take the hall's walk for oneself: its pose now, and the rest of its path or its direction. */
function adopt(w: Walker, walk: Walk, at: Pose, t: number): void {
  w.x = at.x;
  w.z = at.z;
  w.ry = at.ry;
  w.path = walk.steer ? [] : pathAhead(walk, (Math.max(0, t - walk.t0) / 1000) * walk.speed);
  w.steer = walk.steer ? { ...walk.steer } : null;
}

/** Whether the hall's walk for oneself answers the last ask (or nothing was asked for a while). */
function answers(walk: Walk, now: number): boolean {
  return hallClock.known && (walk.t0 >= local.asked.hall - ASK_SLACK_MS || now - local.asked.page > ASK_SETTLED_MS);
}

function updateSelf(track: AvatarTrack, dt: number, now: number): void {
  const w = local.walker;
  if (!w) return;
  const t = hallNow();
  const walk = track.replay.walk;
  if (local.selfWalkNew) {
    local.selfWalkNew = false;
    // The hall has one standing, or walking another way, than last asked (a dropped connection stopped
    // them): the direction held now goes again, from where the prediction is.
    const hallDir = walk.steer ?? { x: 0, z: 0 };
    if (answers(walk, now) && (hallDir.x !== sent.x || hallDir.z !== sent.z)) {
      sent.x = hallDir.x;
      sent.z = hallDir.z;
      sent.at = 0;
    }
  }

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
  sendSteer(w, dir, now);
  stepWalker(pageNavGrid(), w, dt);

  // Weighed only once the hall's walk answers what was asked (a segment just sent is not in it yet).
  if (answers(walk, now)) {
    track.replay.poseAt(t, serverPose);
    const gap = Math.hypot(serverPose.x - w.x, serverPose.z - w.z);
    if (gap > DESYNC_M && hallClock.settled) {
      adopt(w, walk, serverPose, t);
    } else if (!isWalking(w) && !serverPose.moving && gap > 0.005) {
      const k = 1 - Math.exp(-SETTLE_RATE * dt);
      w.x += (serverPose.x - w.x) * k;
      w.z += (serverPose.z - w.z) * k;
    }
  }
  pose.x = w.x;
  pose.z = w.z;
  pose.ry = w.ry;
  pose.moving = isWalking(w);
}

/**
 * Work out where every avatar is drawn this frame: the local person from the prediction, everyone else where
 * their walk has them now on the hall clock (the same replay the hall itself uses, no delay). Also sets the
 * stride: walking speed while the walk goes on and the figure moves, standing otherwise.
 */
export function updateAvatarPoses(dt: number): void {
  const now = performance.now();
  const t = hallNow();
  drawn.at = t;
  const selfId = useConnection.getState().selfId;
  for (const track of avatarTracks.values()) {
    const self = track.id === selfId && local.walker !== null;
    if (self) updateSelf(track, dt, now);
    else {
      track.replay.poseAt(t, pose);
      if (track.fresh) {
        track.fresh = false;
        track.ox = track.rx - pose.x;
        track.oz = track.rz - pose.z;
        if (Math.hypot(track.ox, track.oz) > BLEND_MAX_M) track.ox = track.oz = 0;
      }
      if (track.ox !== 0 || track.oz !== 0) {
        const k = Math.exp(-BLEND_RATE * dt);
        track.ox = Math.abs(track.ox * k) < 1e-3 ? 0 : track.ox * k;
        track.oz = Math.abs(track.oz * k) < 1e-3 ? 0 : track.oz * k;
        pose.x += track.ox;
        pose.z += track.oz;
      }
    }
    const moved = Math.hypot(pose.x - track.rx, pose.z - track.rz);
    // Walking at the walk's pace, unless pressed against a wall (steering on, going nowhere).
    const target =
      pose.moving && moved > 1e-4 ? (self ? Math.min(moved / Math.max(dt, 1e-3), 2) : track.replay.walk.speed) : 0;
    // Smoothed so the stride does not flicker between uneven frames.
    track.speed += (target - track.speed) * Math.min(1, dt * 10);
    if (track.speed < 0.05) track.speed = 0;
    track.phase = track.speed > 0 ? track.phase + dt * track.speed * 5.5 : 0;
    track.rx = pose.x;
    track.rz = pose.z;
    // A turn at a waypoint shows as a quick turn, not a snap.
    track.rry = self || dt <= 0 ? pose.ry : lerpAngle(track.rry, pose.ry, 1 - Math.exp(-TURN_RATE * dt));
  }
}
