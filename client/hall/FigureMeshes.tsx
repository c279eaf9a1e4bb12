import { useEffect, useLayoutEffect, useMemo } from 'react';
import {
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  MeshDepthMaterial,
  MeshStandardMaterial,
  type BufferGeometry,
  type InstancedMesh,
  type WebGLProgramParametersWithUniforms,
} from 'three';
import { FigureMeshSet, LIMBS_SHADOWLESS_FROM, makeParts, PER_FIGURE, ROUGHNESS } from './figure.ts';

/** The meshes of one crowd, one object for the component's lifetime; FigureMeshes fills it in. */
export function useFigureSet(): FigureMeshSet {
  return useMemo(() => new FigureMeshSet(), []);
}

const FOLD = /* glsl */ `
#include <begin_vertex>
// Only the pieces of the variant this instance shows: the others' vertices fold into one point, drawing nothing.
if (((int(aPart + 0.5) >> int(aVariant + 0.5)) & 1) == 0 || aVariant > uShadowless - 0.5) transformed = vec3(0.0);
`;

/**
 * Teach a material the variants of a merged part geometry (figure.ts): the instance's `aVariant` picks which
 * vertices stand; `uShadowless` (the shadow pass only) folds away the variants from that one on.
 */
function foldVariants(shader: WebGLProgramParametersWithUniforms, shadowless: number): void {
  shader.uniforms.uShadowless = { value: shadowless };
  shader.vertexShader =
    'attribute float aPart;\nattribute float aVariant;\nuniform float uShadowless;\n' +
    shader.vertexShader.replace('#include <begin_vertex>', FOLD);
}

function variantMaterial(roughness: readonly number[]): MeshStandardMaterial {
  const m = new MeshStandardMaterial({ flatShading: true });
  m.onBeforeCompile = (shader) => {
    foldVariants(shader, 1e6);
    shader.uniforms.uRoughness = { value: Float32Array.from(roughness) };
    shader.vertexShader = shader.vertexShader.replace(
      'void main() {',
      `uniform float uRoughness[${roughness.length}];\nvarying float vRoughness;\nvoid main() {\nvRoughness = uRoughness[int(aVariant + 0.5)];`,
    );
    shader.fragmentShader = shader.fragmentShader
      .replace('void main() {', 'varying float vRoughness;\nvoid main() {')
      .replace('#include <roughnessmap_fragment>', 'float roughnessFactor = vRoughness;');
  };
  m.customProgramCacheKey = () => `figure-variants-${roughness.length}`;
  return m;
}

function variantDepthMaterial(shadowless: number): MeshDepthMaterial {
  const m = new MeshDepthMaterial();
  m.onBeforeCompile = (shader) => foldVariants(shader, shadowless);
  m.customProgramCacheKey = () => 'figure-variants-depth';
  return m;
}

interface PartProps {
  geometry: BufferGeometry;
  capacity: number;
  shadows: boolean;
  material: MeshStandardMaterial;
  depth?: MeshDepthMaterial;
  into: (m: InstancedMesh | null) => void;
}

function Part({ geometry, capacity, shadows, material, depth, into }: PartProps) {
  // Instances move every frame, so the mesh-level bounding sphere would be stale: never cull.
  return (
    <instancedMesh
      ref={into}
      args={[geometry, material, capacity]}
      frustumCulled={false}
      castShadow={shadows}
      customDepthMaterial={depth}
    />
  );
}

/**
 * The instanced meshes that draw any number of figures: torsos (every body shape), heads, hair and caps,
 * and limbs with the staff badge. Four draw calls (four more for shadows) whatever the crowd; a FigureBatch
 * places and dresses the instances every frame.
 */
export function FigureMeshes({ set, capacity, shadows }: { set: FigureMeshSet; capacity: number; shadows: boolean }) {
  const parts = useMemo(() => {
    const p = makeParts();
    for (const [g, per] of [
      [p.torso, PER_FIGURE.torso],
      [p.hair, PER_FIGURE.hair],
      [p.limbs, PER_FIGURE.limbs],
    ] as const) {
      const kinds = new InstancedBufferAttribute(new Float32Array(capacity * per), 1);
      kinds.setUsage(DynamicDrawUsage);
      g.setAttribute('aVariant', kinds);
    }
    return p;
  }, [capacity]);
  const materials = useMemo(
    () => ({
      torso: variantMaterial(ROUGHNESS.torso),
      head: new MeshStandardMaterial({ flatShading: true, roughness: ROUGHNESS.head[0] }),
      hair: variantMaterial(ROUGHNESS.hair),
      limbs: variantMaterial(ROUGHNESS.limbs),
      depth: variantDepthMaterial(1e6),
      limbsDepth: variantDepthMaterial(LIMBS_SHADOWLESS_FROM),
    }),
    [],
  );
  useEffect(
    () => () => {
      for (const g of [parts.torso, parts.head, parts.hair, parts.limbs]) g.dispose();
      for (const m of Object.values(materials)) m.dispose();
    },
    [parts, materials],
  );
  useLayoutEffect(() => {
    for (const m of [set.torso, set.head, set.hair, set.limbs]) {
      if (!m) continue;
      m.instanceMatrix.setUsage(DynamicDrawUsage);
      m.setColorAt(0, new Color('#ffffff')); // allocates the per-instance colour buffer
      m.count = 0;
    }
  }, [set, parts]);
  return (
    <group>
      <Part
        geometry={parts.torso}
        capacity={capacity * PER_FIGURE.torso}
        shadows={shadows}
        material={materials.torso}
        depth={materials.depth}
        into={(m) => void (set.torso = m)}
      />
      <Part
        geometry={parts.head}
        capacity={capacity * PER_FIGURE.head}
        shadows={shadows}
        material={materials.head}
        into={(m) => void (set.head = m)}
      />
      <Part
        geometry={parts.hair}
        capacity={capacity * PER_FIGURE.hair}
        shadows={shadows}
        material={materials.hair}
        depth={materials.depth}
        into={(m) => void (set.hair = m)}
      />
      <Part
        geometry={parts.limbs}
        capacity={capacity * PER_FIGURE.limbs}
        shadows={shadows}
        material={materials.limbs}
        depth={materials.limbsDepth}
        into={(m) => void (set.limbs = m)}
      />
    </group>
  );
}
