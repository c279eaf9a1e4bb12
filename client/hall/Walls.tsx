import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { BoxGeometry, PlaneGeometry } from 'three';
import type { HallLayout, WallDef, WindowDef } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { followTarget } from './followTarget.ts';
import { segmentCrossesRect } from './occlusion.ts';
import { groupScale, place, within, type SolidBatch } from './staticBatch.ts';

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
function hidesView(
  wall: WallDef,
  bounds: HallLayout['bounds'],
  cx: number,
  cz: number,
  tx: number,
  tz: number,
): boolean {
  const { minX, maxX, minZ, maxZ } = bounds;
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

/** Shader groups (staticBatch.ts) of each wall, each window and the entrance lintel. */
export const wallGroup = (i: number) => 1 + i;
export const windowGroup = (layout: HallLayout, k: number) => 1 + layout.walls.length + k;
export const lintelGroup = (layout: HallLayout) => 1 + layout.walls.length + layout.windows.length;

/** Outer walls, the meeting-room partitions and the windows, baked into the hall's solid scenery. */
export function addWalls(solid: SolidBatch, layout: HallLayout): void {
  layout.walls.forEach((wall, i) => {
    solid.add(new BoxGeometry(wall.w, wall.h, wall.d), place(wall.x, wall.h / 2, wall.z), {
      color: wall.h < layout.wallHeight ? '#dfe7ea' : '#f3efe8',
      roughness: 0.9,
      cast: true,
      receive: true,
      group: wallGroup(i),
    });
  });
  layout.windows.forEach((w, k) => {
    const pose = windowPose(w);
    const at = place(...pose.position, pose.rotationY);
    solid.add(new PlaneGeometry(w.w, WINDOW_H), at, {
      color: '#bfe3f5',
      emissive: '#9fd4f0',
      emissiveIntensity: 0.6,
      roughness: 0.2,
      group: windowGroup(layout, k),
    });
    solid.add(new PlaneGeometry(0.06, WINDOW_H), within(at, place(0, 0, 0.005)), {
      color: '#8b8f94',
      group: windowGroup(layout, k),
    });
  });
}

/**
 * A wall between the camera and the person it follows drops to a low kerb, as in a dollhouse view, so
 * nobody is ever hidden behind one; its windows go with it. Draws nothing itself: it sets the heights the
 * solid scenery's shader draws the walls at.
 */
export function Walls() {
  const layout = useHallLayout();
  const walls = layout.walls;
  const windowWall = useMemo(() => layout.windows.map((w) => wallOf(w, walls)), [layout, walls]);
  const cut = useRef<boolean[]>(walls.map(() => false));

  useFrame(({ camera }) => {
    const target = followTarget();
    const scale = groupScale.value;
    walls.forEach((wall, i) => {
      const hidden = hidesView(wall, layout.bounds, camera.position.x, camera.position.z, target.x, target.z);
      cut.current[i] = hidden;
      scale[wallGroup(i)] = hidden ? CUT_H / wall.h : 1;
    });
    windowWall.forEach((wi, k) => {
      scale[windowGroup(layout, k)] = wi < 0 || !cut.current[wi] ? 1 : 0;
    });
  });
  return null;
}
