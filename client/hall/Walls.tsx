import { hallLayout, type WindowDef } from '../../shared/layout.ts';

const WINDOW_H = 1.8;
const WINDOW_SILL = 1.0;

function windowPose(w: WindowDef): { position: [number, number, number]; rotationY: number } {
  const y = WINDOW_SILL + WINDOW_H / 2;
  const inset = 0.01;
  switch (w.wall) {
    case 'north':
      return { position: [w.x, y, w.z + inset], rotationY: 0 };
    case 'south':
      return { position: [w.x, y, w.z - inset], rotationY: Math.PI };
    case 'west':
      return { position: [w.x + inset, y, w.z], rotationY: Math.PI / 2 };
    case 'east':
      return { position: [w.x - inset, y, w.z], rotationY: -Math.PI / 2 };
  }
}

/** Outer walls, the meeting-room partitions and the windows that light the hall. */
export function Walls() {
  return (
    <group>
      {hallLayout.walls.map((wall, i) => (
        <mesh key={i} position={[wall.x, wall.h / 2, wall.z]} castShadow receiveShadow>
          <boxGeometry args={[wall.w, wall.h, wall.d]} />
          <meshStandardMaterial color={wall.h < hallLayout.wallHeight ? '#dfe7ea' : '#f3efe8'} roughness={0.9} />
        </mesh>
      ))}
      {hallLayout.windows.map((w, i) => {
        const pose = windowPose(w);
        return (
          <group key={i} position={pose.position} rotation-y={pose.rotationY}>
            <mesh>
              <planeGeometry args={[w.w, WINDOW_H]} />
              <meshStandardMaterial color="#bfe3f5" emissive="#9fd4f0" emissiveIntensity={0.6} roughness={0.2} />
            </mesh>
            <mesh position={[0, 0, 0.005]}>
              <planeGeometry args={[0.06, WINDOW_H]} />
              <meshStandardMaterial color="#8b8f94" />
            </mesh>
          </group>
        );
      })}
    </group>
  );
}
