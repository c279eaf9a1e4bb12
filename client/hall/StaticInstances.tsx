import { useLayoutEffect, useRef } from 'react';
import { Color, Euler, type InstancedMesh, Matrix4, Quaternion, Vector3, type BufferGeometry } from 'three';

export interface Placement {
  position: [number, number, number];
  rotationY?: number;
  /** Per-item colour; falls back to the mesh colour. */
  color?: string;
}

interface Props {
  geometry: BufferGeometry;
  items: Placement[];
  color?: string;
  roughness?: number;
  metalness?: number;
  flatShading?: boolean;
  castShadow?: boolean;
  receiveShadow?: boolean;
}

const m = new Matrix4();
const q = new Quaternion();
const e = new Euler();
const p = new Vector3();
const one = new Vector3(1, 1, 1);
const c = new Color();

/**
 * Many copies of one piece of furniture (seats, chairs, pots) as one instanced mesh: one draw call for
 * all of them instead of one each. Placed once; static afterwards.
 */
export function StaticInstances({ geometry, items, color = '#ffffff', castShadow, receiveShadow, ...material }: Props) {
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    items.forEach((item, i) => {
      p.set(...item.position);
      q.setFromEuler(e.set(0, item.rotationY ?? 0, 0));
      mesh.setMatrixAt(i, m.compose(p, q, one));
      mesh.setColorAt(i, c.set(item.color ?? color));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [items, color]);
  return (
    <instancedMesh
      ref={ref}
      args={[geometry, undefined, items.length]}
      castShadow={castShadow}
      receiveShadow={receiveShadow}
    >
      <meshStandardMaterial {...material} />
    </instancedMesh>
  );
}
