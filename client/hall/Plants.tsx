import { CylinderGeometry, IcosahedronGeometry } from 'three';
import type { HallLayout } from '../../shared/layout.ts';
import { place, type SolidBatch } from './staticBatch.ts';

/** Potted plants in the corners and beside the doors (flat-shaded crowns: an icosahedron's own normals). */
export function addPlants(solid: SolidBatch, layout: HallLayout): void {
  for (const p of layout.plants) {
    solid.add(new CylinderGeometry(0.28, 0.22, 0.6, 10), place(p.x, 0.3, p.z), {
      color: '#b5653f',
      roughness: 0.8,
      cast: true,
    });
    solid.add(new IcosahedronGeometry(0.45, 0), place(p.x, 1.05, p.z), {
      color: '#3f8f4f',
      roughness: 0.8,
      cast: true,
    });
    solid.add(new IcosahedronGeometry(0.3, 0), place(p.x + 0.12, 1.45, p.z + 0.05), {
      color: '#4fa35f',
      roughness: 0.8,
      cast: true,
    });
  }
}
