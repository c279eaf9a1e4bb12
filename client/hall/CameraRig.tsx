import { useRef, type ComponentRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { local } from '../net/localWalker.ts';
import { selfTrack } from './followTarget.ts';

/**
 * A third-person camera that follows the local avatar. It can be turned and zoomed, but only within a
 * comfortable band: never under the floor, never straight down, never so close it swims.
 */
export function CameraRig() {
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  useFrame(({ camera }) => {
    const c = controls.current;
    if (!c) return;
    const me = selfTrack();
    if (me) {
      // Move target and camera together so the follow keeps the person's chosen angle and distance.
      const dx = me.rx - c.target.x;
      const dz = me.rz - c.target.z;
      const dy = 1.2 - c.target.y;
      c.target.set(me.rx, 1.2, me.rz);
      camera.position.x += dx;
      camera.position.y += dy;
      camera.position.z += dz;
      c.update();
    }
    local.cameraYaw = Math.atan2(camera.position.x - c.target.x, camera.position.z - c.target.z);
  });
  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enablePan={false}
      enableDamping
      dampingFactor={0.12}
      minDistance={5}
      maxDistance={20}
      minPolarAngle={0.45}
      maxPolarAngle={1.25}
      rotateSpeed={0.6}
      zoomSpeed={0.8}
    />
  );
}
