import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import type { Mesh } from 'three';
import { drawingAwake } from './framePacer.ts';
import { selfTrack } from './followTarget.ts';

/** A soft ring under the local avatar, so a person finds themselves in a crowd at a glance. */
export function SelfMarker() {
  const ring = useRef<Mesh>(null);
  useFrame(({ clock }) => {
    const m = ring.current;
    if (!m) return;
    const me = selfTrack();
    m.visible = !!me;
    if (!me) return;
    m.position.set(me.rx, 0.02, me.rz);
    // A still hall is drawn a few times a second: the ring rests rather than jump between sizes.
    const s = drawingAwake() ? 1 + Math.sin(clock.elapsedTime * 3) * 0.06 : 1;
    m.scale.set(s, s, s);
  });
  return (
    <mesh ref={ring} rotation-x={-Math.PI / 2} visible={false}>
      <ringGeometry args={[0.38, 0.5, 32]} />
      <meshBasicMaterial color="#f4b400" transparent opacity={0.85} depthWrite={false} />
    </mesh>
  );
}
