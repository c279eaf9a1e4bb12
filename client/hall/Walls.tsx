import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import type { Group, Mesh } from 'three';
import { hallLayout, type WallDef, type WindowDef } from '../../shared/layout.ts';
import { followTarget } from './followTarget.ts';
import { segmentCrossesRect } from './occlusion.ts';

const WINDOW_H = 1.8;
const WINDOW_SILL = 1.0;
/** Height a wall drops to while it stands between the camera and you, metres. */
const CUT_H = 0.35;

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

/**
 * Outer walls drop whenever the camera is outside them (a dollhouse cut); inner partitions only when they
 * stand between the camera and the person it follows.
 */
function hidesView(wall: WallDef, cx: number, cz: number, tx: number, tz: number): boolean {
  const { minX, maxX, minZ, maxZ } = hallLayout.bounds;
  if (wall.z > maxZ) return cz > wall.z - 0.5;
  if (wall.z < minZ) return cz < wall.z + 0.5;
  if (wall.x > maxX) return cx > wall.x - 0.5;
  if (wall.x < minX) return cx < wall.x + 0.5;
  return segmentCrossesRect(cx, cz, tx, tz, wall, 0.4);
}

/** Index of the wall a window sits in, so the window drops with its wall. */
function wallOf(w: WindowDef, walls: WallDef[]): number {
  return walls.findIndex((r) => Math.abs(w.x - r.x) <= r.w / 2 + 0.3 && Math.abs(w.z - r.z) <= r.d / 2 + 0.3);
}

/**
 * Outer walls, the meeting-room partitions and the windows. A wall between the camera and the person it
 * follows drops to a low kerb, as in a dollhouse view, so nobody is ever hidden behind one.
 */
export function Walls() {
  const walls = hallLayout.walls;
  const meshes = useRef<(Mesh | null)[]>([]);
  const windows = useRef<(Group | null)[]>([]);
  const windowWall = useMemo(() => hallLayout.windows.map((w) => wallOf(w, walls)), [walls]);
  const cut = useRef<boolean[]>(walls.map(() => false));

  useFrame(({ camera }) => {
    const target = followTarget();
    walls.forEach((wall, i) => {
      const m = meshes.current[i];
      if (!m) return;
      const hidden = hidesView(wall, camera.position.x, camera.position.z, target.x, target.z);
      if (hidden === cut.current[i]) return;
      cut.current[i] = hidden;
      const h = hidden ? CUT_H : wall.h;
      m.scale.y = h / wall.h;
      m.position.y = h / 2;
    });
    windowWall.forEach((wi, i) => {
      const g = windows.current[i];
      if (g) g.visible = wi < 0 || !cut.current[wi];
    });
  });

  return (
    <group>
      {walls.map((wall, i) => (
        <mesh
          key={i}
          ref={(m) => {
            meshes.current[i] = m;
          }}
          position={[wall.x, wall.h / 2, wall.z]}
          castShadow
          receiveShadow
        >
          <boxGeometry args={[wall.w, wall.h, wall.d]} />
          <meshStandardMaterial color={wall.h < hallLayout.wallHeight ? '#dfe7ea' : '#f3efe8'} roughness={0.9} />
        </mesh>
      ))}
      {hallLayout.windows.map((w, i) => {
        const pose = windowPose(w);
        return (
          <group
            key={i}
            ref={(g) => {
              windows.current[i] = g;
            }}
            position={pose.position}
            rotation-y={pose.rotationY}
          >
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
