import { useMemo } from 'react';
import { CanvasTexture, PlaneGeometry, RepeatWrapping, SRGBColorSpace } from 'three';
import type { ThreeEvent } from '@react-three/fiber';
import type { HallLayout } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { walkTo } from '../net/walk.ts';
import { place, type SolidBatch } from './staticBatch.ts';

/** Pointer travel (px) under which a press on the floor counts as a tap, not a camera drag. */
export const TAP_TOLERANCE_PX = 8;

function tileTexture(): CanvasTexture {
  const c = document.createElement('canvas');
  c.width = c.height = 128;
  const g = c.getContext('2d')!;
  g.fillStyle = '#e9e4da';
  g.fillRect(0, 0, 128, 128);
  g.fillStyle = '#e2dcd0';
  g.fillRect(0, 0, 64, 64);
  g.fillRect(64, 64, 64, 64);
  g.strokeStyle = '#d3ccbe';
  g.lineWidth = 2;
  g.strokeRect(0, 0, 128, 128);
  const t = new CanvasTexture(c);
  t.wrapS = t.wrapT = RepeatWrapping;
  t.colorSpace = SRGBColorSpace;
  t.anisotropy = 4;
  return t;
}

/** The forecourt outside the entrance, so the doorway does not open onto nothing. */
export function addForecourt(solid: SolidBatch, layout: HallLayout): void {
  const { minX, maxX, maxZ } = layout.bounds;
  solid.add(new PlaneGeometry(maxX - minX + 10, 8), place(0, -0.01, maxZ + 4, 0, -Math.PI / 2), {
    color: '#b9c4b0',
    roughness: 1,
    receive: true,
  });
}

/** The hall floor. A tap on it walks the local avatar there, around whatever stands in the way. */
export function Floor() {
  const { minX, maxX, minZ, maxZ } = useHallLayout().bounds;
  const w = maxX - minX;
  const d = maxZ - minZ;
  const map = useMemo(() => {
    const t = tileTexture();
    t.repeat.set(w / 2, d / 2);
    return t;
  }, [w, d]);
  const onClick = (e: ThreeEvent<MouseEvent>) => {
    if (e.delta > TAP_TOLERANCE_PX) return;
    e.stopPropagation();
    walkTo(e.point.x, e.point.z);
  };
  return (
    <mesh
      rotation-x={-Math.PI / 2}
      position={[(minX + maxX) / 2, 0, (minZ + maxZ) / 2]}
      receiveShadow
      onClick={onClick}
    >
      <planeGeometry args={[w, d]} />
      <meshStandardMaterial map={map} roughness={0.85} />
    </mesh>
  );
}
