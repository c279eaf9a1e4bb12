import { pageLayout } from '../net/layoutStore.ts';
import { avatarTracks, type AvatarTrack } from '../net/avatars.ts';
import { useConnection } from '../net/stores.ts';

const point = { x: 0, z: 0 };

/** The local person's avatar track, once they are in the hall. */
export function selfTrack(): AvatarTrack | undefined {
  const selfId = useConnection.getState().selfId;
  return selfId ? avatarTracks.get(selfId) : undefined;
}

/** Where the camera looks: the local avatar as drawn, or the entrance before one exists. Reused object. */
export function followTarget(): { readonly x: number; readonly z: number } {
  const me = selfTrack();
  const { spawn } = pageLayout();
  point.x = me ? me.rx : spawn.x;
  point.z = me ? me.rz : spawn.z;
  return point;
}
