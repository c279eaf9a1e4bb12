import { useLayoutEffect, useMemo } from 'react';
import { Color, DynamicDrawUsage, type BufferGeometry, type InstancedMesh } from 'three';
import { FigureMeshSet, makeParts } from './figure.ts';

/** The meshes of one crowd, one object for the component's lifetime; FigureMeshes fills it in. */
export function useFigureSet(): FigureMeshSet {
  return useMemo(() => new FigureMeshSet(), []);
}

function Part({
  geometry,
  capacity,
  shadows,
  roughness,
  into,
}: {
  geometry: BufferGeometry;
  capacity: number;
  shadows: boolean;
  roughness: number;
  into: (m: InstancedMesh | null) => void;
}) {
  // Instances move every frame, so the mesh-level bounding sphere would be stale: never cull.
  return (
    <instancedMesh ref={into} args={[geometry, undefined, capacity]} frustumCulled={false} castShadow={shadows}>
      <meshStandardMaterial flatShading roughness={roughness} />
    </instancedMesh>
  );
}

/**
 * The instanced meshes that draw any number of figures: a torso mesh per body shape, head, legs and arms
 * (two per figure), a hair mesh per style, officers' caps and staff badges. About a dozen draw calls
 * whatever the crowd; a FigureBatch places and dresses the instances every frame.
 */
export function FigureMeshes({ set, capacity, shadows }: { set: FigureMeshSet; capacity: number; shadows: boolean }) {
  const parts = useMemo(() => makeParts(), []);
  useLayoutEffect(() => {
    for (const m of [...set.torsos, ...set.hairs, set.head, set.legs, set.arms, set.cap, set.badge]) {
      if (!m) continue;
      m.instanceMatrix.setUsage(DynamicDrawUsage);
      m.setColorAt(0, new Color('#ffffff')); // allocates the per-instance colour buffer
      m.count = 0;
    }
  }, [set]);
  return (
    <group>
      {parts.torsos.map((g, k) => (
        <Part
          key={`torso${k}`}
          geometry={g}
          capacity={capacity}
          shadows={shadows}
          roughness={0.7}
          into={(m) => void (set.torsos[k] = m)}
        />
      ))}
      {parts.hairs.map((g, k) => (
        <Part
          key={`hair${k}`}
          geometry={g}
          capacity={capacity}
          shadows={shadows}
          roughness={0.9}
          into={(m) => void (set.hairs[k] = m)}
        />
      ))}
      <Part
        geometry={parts.head}
        capacity={capacity}
        shadows={shadows}
        roughness={0.8}
        into={(m) => void (set.head = m)}
      />
      <Part
        geometry={parts.leg}
        capacity={capacity * 2}
        shadows={shadows}
        roughness={0.8}
        into={(m) => void (set.legs = m)}
      />
      <Part
        geometry={parts.arm}
        capacity={capacity * 2}
        shadows={shadows}
        roughness={0.7}
        into={(m) => void (set.arms = m)}
      />
      <Part
        geometry={parts.cap}
        capacity={capacity}
        shadows={shadows}
        roughness={0.6}
        into={(m) => void (set.cap = m)}
      />
      <Part
        geometry={parts.badge}
        capacity={capacity}
        shadows={false}
        roughness={0.3}
        into={(m) => void (set.badge = m)}
      />
    </group>
  );
}
