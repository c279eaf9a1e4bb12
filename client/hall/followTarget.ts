import { hallLayout } from '../../shared/layout.ts';
import { avatarTracks, type AvatarTrack } from '../net/avatars.ts';
import { useConnection } from '../net/stores.ts';

const point = { x: hallLayout.spawn.x, z: hallLayout.spawn.z };

/** The local person's avatar track, once they are in the hall. */
export function selfTrack(): AvatarTrack | undefined {
  const selfId = useConnection.getState().selfId;
  return selfId ? avatarTracks.get(selfId) : undefined;
}

/** Where the camera looks: the local avatar as drawn, or the entrance before one exists. Reused object. */
export function followTarget(): { readonly x: number; readonly z: number } {
  const me = selfTrack();
  point.x = me ? me.rx : hallLayout.spawn.x;
  point.z = me ? me.rz : hallLayout.spawn.z;
  return point;
}
