import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { TorusGeometry, type InstancedMesh, Matrix4, Quaternion, Vector3 } from 'three';
import { avatarTracks, type AvatarTrack } from '../net/avatars.ts';
import { useSession } from '../net/session.ts';
import { useDeskCall } from '../voice/deskCall.ts';
import { useVoice } from '../voice/voiceStore.ts';
import { selfTrack } from './followTarget.ts';

/** Height of the halo over a standing head, m (the head's top is about 1.85 m). */
const HALO_Y = 2.02;
const haloGeo = new TorusGeometry(0.24, 0.045, 8, 32).rotateX(Math.PI / 2);
const m = new Matrix4();
const q = new Quaternion();
const at = new Vector3();
const scale = new Vector3();

/**
 * During a desk call, a green halo over whichever of the two people speaks now (oneself and the other side),
 * like the meeting room's. One instanced mesh of two at most; read from the stores every frame, so nothing in
 * React re-renders as a voice starts or stops.
 */
export function CallSpeaking() {
  const halos = useRef<InstancedMesh>(null);
  useFrame(({ clock }) => {
    const mesh = halos.current;
    if (!mesh) return;
    const call = useDeskCall.getState().call;
    const speaking = useVoice.getState().speaking;
    let n = 0;
    if (call && call.state === 'live') {
      const pulse = 1 + Math.sin(clock.elapsedTime * 6) * 0.08;
      const put = (track: AvatarTrack | undefined) => {
        if (!track) return;
        mesh.setMatrixAt(n++, m.compose(at.set(track.rx, HALO_Y, track.rz), q, scale.setScalar(pulse)));
      };
      const meId = useSession.getState().me?.id;
      if (meId && speaking[meId]) put(selfTrack());
      if (call.peer.avatar && speaking[call.peer.personId]) put(avatarTracks.get(call.peer.avatar));
    }
    mesh.count = n;
    mesh.instanceMatrix.needsUpdate = true;
  });
  return (
    <instancedMesh ref={halos} args={[haloGeo, undefined, 2]} frustumCulled={false}>
      <meshBasicMaterial color="#2fbf71" toneMapped={false} />
    </instancedMesh>
  );
}
