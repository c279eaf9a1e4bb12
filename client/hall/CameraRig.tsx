import { useRef, type ComponentRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Vector3 } from 'three';
import { OrbitControls } from '@react-three/drei';
import { local } from '../net/localWalker.ts';
import { selfTrack } from './followTarget.ts';

/**
 * A third-person camera that follows the local avatar. It can be turned and zoomed, but only within a
 * comfortable band: never under the floor, never straight down, never so close it swims.
 */
const MIN_DISTANCE = 5;
const MAX_DISTANCE = 20;
/** Keyboard turn speed, radians per second, and zoom speed, share of the distance per second. */
const TURN_SPEED = 1.6;
const ZOOM_SPEED = 0.9;
const offset = new Vector3();

export function CameraRig() {
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  useFrame(({ camera }, delta) => {
    const c = controls.current;
    if (!c) return;
    const dt = Math.min(delta, 0.1);
    if (local.view.turn !== 0) c.setAzimuthalAngle(c.getAzimuthalAngle() - local.view.turn * TURN_SPEED * dt);
    if (local.view.zoom !== 0) {
      offset.subVectors(camera.position, c.target);
      const d = offset.length() * (1 - local.view.zoom * ZOOM_SPEED * dt);
      offset.setLength(Math.min(MAX_DISTANCE, Math.max(MIN_DISTANCE, d)));
      camera.position.copy(c.target).add(offset);
    }
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
      minDistance={MIN_DISTANCE}
      maxDistance={MAX_DISTANCE}
      minPolarAngle={0.45}
      maxPolarAngle={1.25}
      rotateSpeed={0.6}
      zoomSpeed={0.8}
    />
  );
}
