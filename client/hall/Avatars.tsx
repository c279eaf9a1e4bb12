import { useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  DynamicDrawUsage,
  IcosahedronGeometry,
  type InstancedMesh,
  Matrix4,
  Quaternion,
  Vector3,
  type BufferGeometry,
} from 'three';
import { avatarTracks, trackVersion } from '../net/avatars.ts';
import { updateAvatarPoses } from './avatarMotion.ts';
import { OFFLINE, ROLE_COLOURS, SKIN } from './palette.ts';

/** Most avatars drawn at once; the hall's `maxClients` is below this. */
export const MAX_AVATARS = 512;

// Scratch objects reused every frame: no allocation in the render loop.
const base = new Matrix4();
const part = new Matrix4();
const out = new Matrix4();
const q = new Quaternion();
const v = new Vector3();
const one = new Vector3(1, 1, 1);
const yAxis = new Vector3(0, 1, 0);
const xAxis = new Vector3(1, 0, 0);
const colour = new Color();

function compose(target: InstancedMesh, index: number, x: number, y: number, z: number, swing: number): void {
  q.setFromAxisAngle(xAxis, swing);
  v.set(x, y, z);
  part.compose(v, q, one);
  out.multiplyMatrices(base, part);
  target.setMatrixAt(index, out);
}

interface Parts {
  torso: BufferGeometry;
  head: BufferGeometry;
  leg: BufferGeometry;
  arm: BufferGeometry;
}

function makeParts(): Parts {
  const torso = new CylinderGeometry(0.2, 0.27, 0.72, 8);
  const head = new IcosahedronGeometry(0.2, 1);
  // Limbs hang from their joint, so rotating them swings about the hip or shoulder.
  const leg = new BoxGeometry(0.13, 0.66, 0.15).translate(0, -0.33, 0);
  const arm = new BoxGeometry(0.09, 0.56, 0.1).translate(0, -0.28, 0);
  return { torso, head, leg, arm };
}

/**
 * Everyone in the hall as friendly low-poly figures, drawn with four instanced meshes whatever the number
 * of people: torso, head, legs and arms. Uniform colour says the role; a lost connection greys it out.
 */
export function Avatars({ shadows }: { shadows: boolean }) {
  const parts = useMemo(() => makeParts(), []);
  const torso = useRef<InstancedMesh>(null);
  const head = useRef<InstancedMesh>(null);
  const legs = useRef<InstancedMesh>(null);
  const arms = useRef<InstancedMesh>(null);

  useLayoutEffect(() => {
    for (const m of [torso.current, head.current, legs.current, arms.current]) {
      if (!m) continue;
      m.instanceMatrix.setUsage(DynamicDrawUsage);
      m.setColorAt(0, colour.set('#ffffff')); // allocates the per-instance colour buffer
      m.count = 0;
    }
  }, []);

  const coloured = useRef(-1);
  useFrame((_, delta) => {
    const t = torso.current;
    const h = head.current;
    const l = legs.current;
    const a = arms.current;
    if (!t || !h || !l || !a) return;
    updateAvatarPoses(Math.min(delta, 0.1));
    // Colours change only when someone arrives, leaves or loses their connection.
    const recolour = coloured.current !== trackVersion.value;
    coloured.current = trackVersion.value;
    let i = 0;
    for (const track of avatarTracks.values()) {
      if (i >= MAX_AVATARS) break;
      const stride = Math.min(1, track.speed / 1.2);
      const swing = Math.sin(track.phase) * 0.6 * stride;
      const bob = Math.abs(Math.cos(track.phase)) * 0.04 * stride;
      q.setFromAxisAngle(yAxis, track.rry);
      v.set(track.rx, bob, track.rz);
      base.compose(v, q, one);

      compose(t, i, 0, 1.06, 0, 0);
      compose(h, i, 0, 1.64, 0, 0);
      compose(l, 2 * i, -0.1, 0.7, 0, swing);
      compose(l, 2 * i + 1, 0.1, 0.7, 0, -swing);
      compose(a, 2 * i, -0.3, 1.38, 0, -swing * 0.8);
      compose(a, 2 * i + 1, 0.3, 1.38, 0, swing * 0.8);

      i++;
      if (!recolour) continue;
      const j = i - 1;
      const palette = ROLE_COLOURS[track.role];
      t.setColorAt(j, colour.set(track.online ? palette.body : OFFLINE));
      h.setColorAt(j, colour.set(SKIN));
      colour.set(track.online ? palette.legs : OFFLINE);
      l.setColorAt(2 * j, colour);
      l.setColorAt(2 * j + 1, colour);
      colour.set(track.online ? palette.body : OFFLINE);
      a.setColorAt(2 * j, colour);
      a.setColorAt(2 * j + 1, colour);
    }
    t.count = h.count = i;
    l.count = a.count = 2 * i;
    for (const m of [t, h, l, a]) {
      m.instanceMatrix.needsUpdate = true;
      if (recolour && m.instanceColor) m.instanceColor.needsUpdate = true;
    }
  });

  // Instances move every frame, so the mesh-level bounding sphere would be stale: never cull.
  return (
    <group>
      <instancedMesh
        ref={torso}
        args={[parts.torso, undefined, MAX_AVATARS]}
        frustumCulled={false}
        castShadow={shadows}
      >
        <meshStandardMaterial flatShading roughness={0.7} />
      </instancedMesh>
      <instancedMesh ref={head} args={[parts.head, undefined, MAX_AVATARS]} frustumCulled={false} castShadow={shadows}>
        <meshStandardMaterial flatShading roughness={0.8} />
      </instancedMesh>
      <instancedMesh
        ref={legs}
        args={[parts.leg, undefined, MAX_AVATARS * 2]}
        frustumCulled={false}
        castShadow={shadows}
      >
        <meshStandardMaterial flatShading roughness={0.8} />
      </instancedMesh>
      <instancedMesh
        ref={arms}
        args={[parts.arm, undefined, MAX_AVATARS * 2]}
        frustumCulled={false}
        castShadow={shadows}
      >
        <meshStandardMaterial flatShading roughness={0.7} />
      </instancedMesh>
    </group>
  );
}
