import { useEffect, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { TorusGeometry, type InstancedMesh, Matrix4, Quaternion, Vector3 } from 'three';
import { avatarTracks, type AvatarTrack } from '../net/avatars.ts';
import { useSession } from '../net/session.ts';
import { useDeskCall } from '../voice/deskCall.ts';
import { useVoice } from '../voice/voiceStore.ts';
import { selfTrack } from './followTarget.ts';
import { keepDrawing } from './framePacer.ts';

/**
 * Height of the halo, m: round a standing figure's shoulders (about 1.38 m), like the meeting room's. Over the
 * head (the head's top is about 1.85 m) it sat just under the name tag (2.12 m, drawn over everything) and was
 * mostly hidden by it.
 */
const HALO_Y = 1.34;
/** Wide enough to go round the broadest build's shoulders and arms (about 0.5 m either side). */
const haloGeo = new TorusGeometry(0.54, 0.05, 8, 48).rotateX(Math.PI / 2);
const m = new Matrix4();
const q = new Quaternion();
const at = new Vector3();
const scale = new Vector3();
/** Person ids with a halo drawn in the last frame (for the page's read-only probe, window.__hall). */
const drawn: string[] = [];

/** Who has a speaking halo over their head in the hall now, by person id. */
export function hallHalos(): string[] {
  return [...drawn];
}

/**
 * During a desk call, a green halo round whichever of the two people speaks now (oneself and the other side),
 * like the meeting room's. One instanced mesh of two at most; read from the stores every frame, so nothing in
 * React re-renders as a voice starts or stops.
 */
export function CallSpeaking() {
  const halos = useRef<InstancedMesh>(null);
  // Someone starts or stops speaking, a call goes live or ends: drawn at once, not at the next idle frame.
  useEffect(() => {
    const offVoice = useVoice.subscribe(() => keepDrawing());
    const offCall = useDeskCall.subscribe(() => keepDrawing());
    return () => {
      offVoice();
      offCall();
    };
  }, []);
  useFrame(({ clock }) => {
    const mesh = halos.current;
    if (!mesh) return;
    const call = useDeskCall.getState().call;
    const speaking = useVoice.getState().speaking;
    let n = 0;
    drawn.length = 0;
    if (call && call.state === 'live') {
      const pulse = 1 + Math.sin(clock.elapsedTime * 6) * 0.08;
      const put = (personId: string, track: AvatarTrack | undefined) => {
        if (!track) return;
        mesh.setMatrixAt(n++, m.compose(at.set(track.rx, HALO_Y, track.rz), q, scale.setScalar(pulse)));
        drawn.push(personId);
      };
      const meId = useSession.getState().me?.id;
      if (meId && speaking[meId]) put(meId, selfTrack());
      if (call.peer.avatar && speaking[call.peer.personId]) put(call.peer.personId, avatarTracks.get(call.peer.avatar));
    }
    mesh.count = n;
    mesh.instanceMatrix.needsUpdate = true;
    if (n > 0) keepDrawing(); // a speaking halo pulses
  });
  return (
    <instancedMesh ref={halos} args={[haloGeo, undefined, 2]} frustumCulled={false}>
      <meshBasicMaterial color="#2fbf71" toneMapped={false} />
    </instancedMesh>
  );
}
