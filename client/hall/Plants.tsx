import { useMemo } from 'react';
import { CylinderGeometry, IcosahedronGeometry } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { StaticInstances } from './StaticInstances.tsx';

/** Potted plants in the corners and beside the doors: three instanced meshes for all of them. */
export function Plants() {
  const { pots, crowns, tops, geo } = useMemo(
    () => ({
      pots: hallLayout.plants.map((p) => ({ position: [p.x, 0.3, p.z] as [number, number, number] })),
      crowns: hallLayout.plants.map((p) => ({ position: [p.x, 1.05, p.z] as [number, number, number] })),
      tops: hallLayout.plants.map((p) => ({ position: [p.x + 0.12, 1.45, p.z + 0.05] as [number, number, number] })),
      geo: {
        pot: new CylinderGeometry(0.28, 0.22, 0.6, 10),
        crown: new IcosahedronGeometry(0.45, 0),
        top: new IcosahedronGeometry(0.3, 0),
      },
    }),
    [],
  );
  return (
    <group>
      <StaticInstances geometry={geo.pot} items={pots} color="#b5653f" roughness={0.8} castShadow />
      <StaticInstances geometry={geo.crown} items={crowns} color="#3f8f4f" roughness={0.8} flatShading castShadow />
      <StaticInstances geometry={geo.top} items={tops} color="#4fa35f" roughness={0.8} flatShading castShadow />
    </group>
  );
}
