import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Matrix4, Quaternion, RingGeometry, TorusGeometry, Vector3, type InstancedMesh } from 'three';
import type { MeetingView } from '../net/meetingConnection.ts';
import { useVoice } from '../voice/voiceStore.ts';
import { seatPose } from './seating.ts';
import { keepDrawing } from '../hall/framePacer.ts';

/** Most people marked speaking at once (open discussion at the largest table stays well under it). */
const MAX_MARKS = 32;
/**
 * Height of the halo, m: round a seated figure's shoulders (about 1.16 m; the head's top is about 1.6 m). Over
 * the head it sat just under the name tag, which is drawn over everything and hid most of it from the camera
 * above the table; at the shoulders the tag (from 1.8 m up) is clear of it, and it still reads as the person's.
 */
const HALO_Y = 1.12;
const SPEAKING_GREEN = '#2fbf71';

const ringGeo = new RingGeometry(0.66, 0.82, 40).rotateX(-Math.PI / 2);
/** Wide enough to go round the broadest build's shoulders and arms (about 0.5 m either side). */
const haloGeo = new TorusGeometry(0.54, 0.05, 8, 48).rotateX(Math.PI / 2);
const m = new Matrix4();
const q = new Quaternion();
const at = new Vector3();
const scale = new Vector3();
const v = new Vector3();

/** A read-only window onto the meeting room's speaking marks, for end-to-end tests (like window.__hall). */
export interface MeetingProbe {
  /** Person ids with a speaking halo drawn in the last frame. */
  speaking(): string[];
  /** Where each halo drawn in the last frame is on the screen (CSS px, relative to the canvas). */
  halos(): { id: string; x: number; y: number }[];
}

declare global {
  interface Window {
    __meeting?: MeetingProbe;
  }
}

/** The halos drawn in the last frame: person id and the halo's centre. */
const drawn: { id: string; x: number; y: number; z: number }[] = [];

/**
 * Who speaks now, by voice: a green ring on the floor round their seat and a green halo round their shoulders,
 * pulsing with time. Two instanced meshes (two draw calls) for the whole table; read from the voice store
 * every frame, so a voice starting or stopping re-renders nothing.
 */
export function SpeakingMarks({ view }: { view: MeetingView }) {
  const rings = useRef<InstancedMesh>(null);
  const halos = useRef<InstancedMesh>(null);
  const { camera, size } = useThree();
  useEffect(() => {
    window.__meeting = {
      speaking: () => drawn.map((d) => d.id),
      halos: () =>
        drawn.map((d) => {
          v.set(d.x, d.y, d.z).project(camera);
          return { id: d.id, x: ((v.x + 1) / 2) * size.width, y: ((1 - v.y) / 2) * size.height };
        }),
    };
    return () => {
      delete window.__meeting;
      drawn.length = 0;
    };
  }, [camera, size]);
  // Someone starts or stops speaking: drawn at once, not at the next idle frame.
  useEffect(() => useVoice.subscribe(() => keepDrawing()), []);
  useFrame(({ clock }) => {
    const ring = rings.current;
    const halo = halos.current;
    if (!ring || !halo) return;
    const speaking = useVoice.getState().speaking;
    const count = view.seats.length;
    const pulse = 1 + Math.sin(clock.elapsedTime * 6) * 0.08;
    let n = 0;
    drawn.length = 0;
    for (const p of view.participants) {
      if (n >= MAX_MARKS) break;
      if (!p.present || !speaking[p.id]) continue;
      const s = seatPose(p.seat, count);
      ring.setMatrixAt(n, m.compose(at.set(s.x, 0.03, s.z), q, scale.setScalar(pulse)));
      halo.setMatrixAt(n, m.compose(at.set(s.x, HALO_Y, s.z), q, scale.setScalar(pulse)));
      drawn.push({ id: p.id, x: s.x, y: HALO_Y, z: s.z });
      n++;
    }
    ring.count = n;
    halo.count = n;
    ring.instanceMatrix.needsUpdate = true;
    halo.instanceMatrix.needsUpdate = true;
    if (n > 0) keepDrawing(); // the marks pulse
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
