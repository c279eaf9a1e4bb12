import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { Color, DynamicDrawUsage, type InstancedMesh } from 'three';
import { makeParts } from './figure.ts';

export interface FigureRefs {
  torso: RefObject<InstancedMesh | null>;
  head: RefObject<InstancedMesh | null>;
  legs: RefObject<InstancedMesh | null>;
  arms: RefObject<InstancedMesh | null>;
}

/** Refs to the four meshes, one object for the component's lifetime. */
export function useFigureRefs(): FigureRefs {
  const torso = useRef<InstancedMesh>(null);
  const head = useRef<InstancedMesh>(null);
  const legs = useRef<InstancedMesh>(null);
  const arms = useRef<InstancedMesh>(null);
  return useMemo(() => ({ torso, head, legs, arms }), []);
}

/**
 * The four instanced meshes that draw any number of figures: torso, head, legs and arms (two per figure).
 * The caller places and colours the instances every frame through the refs.
 */
export function FigureMeshes({
  meshes: { torso, head, legs, arms },
  capacity,
  shadows,
}: {
  meshes: FigureRefs;
  capacity: number;
  shadows: boolean;
}) {
  const parts = useMemo(() => makeParts(), []);
  useLayoutEffect(() => {
    for (const ref of [torso, head, legs, arms]) {
      const m = ref.current;
      if (!m) continue;
      m.instanceMatrix.setUsage(DynamicDrawUsage);
      m.setColorAt(0, new Color('#ffffff')); // allocates the per-instance colour buffer
      m.count = 0;
    }
  }, [torso, head, legs, arms]);
  // Instances move every frame, so the mesh-level bounding sphere would be stale: never cull.
  return (
    <group>
      <instancedMesh ref={torso} args={[parts.torso, undefined, capacity]} frustumCulled={false} castShadow={shadows}>
        <meshStandardMaterial flatShading roughness={0.7} />
      </instancedMesh>
      <instancedMesh ref={head} args={[parts.head, undefined, capacity]} frustumCulled={false} castShadow={shadows}>
        <meshStandardMaterial flatShading roughness={0.8} />
      </instancedMesh>
      <instancedMesh ref={legs} args={[parts.leg, undefined, capacity * 2]} frustumCulled={false} castShadow={shadows}>
        <meshStandardMaterial flatShading roughness={0.8} />
      </instancedMesh>
      <instancedMesh ref={arms} args={[parts.arm, undefined, capacity * 2]} frustumCulled={false} castShadow={shadows}>
        <meshStandardMaterial flatShading roughness={0.7} />
      </instancedMesh>
    </group>
  );
}
