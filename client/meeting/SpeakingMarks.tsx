import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Matrix4, Quaternion, RingGeometry, TorusGeometry, Vector3, type InstancedMesh } from 'three';
import type { MeetingView } from '../net/meetingConnection.ts';
import { useVoice } from '../voice/voiceStore.ts';
import { seatPose } from './seating.ts';

/** Most people marked speaking at once (open discussion at the largest table stays well under it). */
const MAX_MARKS = 32;
/** Height of the halo over a seated head, m (the head's top is about 1.6 m). */
const HALO_Y = 1.8;
const SPEAKING_GREEN = '#2fbf71';

const ringGeo = new RingGeometry(0.66, 0.82, 40).rotateX(-Math.PI / 2);
const haloGeo = new TorusGeometry(0.24, 0.045, 8, 32).rotateX(Math.PI / 2);
const m = new Matrix4();
const q = new Quaternion();
const at = new Vector3();
const scale = new Vector3();

/**
 * Who speaks now, by voice: a green ring on the floor round their seat and a green halo over their head,
 * pulsing with time. Two instanced meshes (two draw calls) for the whole table; read from the voice store
 * every frame, so a voice starting or stopping re-renders nothing.
 */
export function SpeakingMarks({ view }: { view: MeetingView }) {
  const rings = useRef<InstancedMesh>(null);
  const halos = useRef<InstancedMesh>(null);
  useFrame(({ clock }) => {
    const ring = rings.current;
    const halo = halos.current;
    if (!ring || !halo) return;
    const speaking = useVoice.getState().speaking;
    const count = view.seats.length;
    const pulse = 1 + Math.sin(clock.elapsedTime * 6) * 0.08;
    let n = 0;
    for (const p of view.participants) {
      if (n >= MAX_MARKS) break;
      if (!p.present || !speaking[p.id]) continue;
      const s = seatPose(p.seat, count);
      ring.setMatrixAt(n, m.compose(at.set(s.x, 0.03, s.z), q, scale.setScalar(pulse)));
      halo.setMatrixAt(n, m.compose(at.set(s.x, HALO_Y, s.z), q, scale.setScalar(pulse)));
      n++;
    }
    ring.count = n;
    halo.count = n;
    ring.instanceMatrix.needsUpdate = true;
    halo.instanceMatrix.needsUpdate = true;
  });
  return (
    <>
      <instancedMesh ref={rings} args={[ringGeo, undefined, MAX_MARKS]} frustumCulled={false}>
        <meshBasicMaterial color={SPEAKING_GREEN} transparent opacity={0.9} depthWrite={false} />
      </instancedMesh>
      <instancedMesh ref={halos} args={[haloGeo, undefined, MAX_MARKS]} frustumCulled={false}>
        <meshBasicMaterial color={SPEAKING_GREEN} toneMapped={false} />
      </instancedMesh>
    </>
  );
}
