import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Color } from 'three';
import { avatarTracks, trackVersion } from '../net/avatars.ts';
import { base, compose, one, q, v, yAxis } from './figure.ts';
import { FigureMeshes, useFigureRefs } from './FigureMeshes.tsx';
import { updateAvatarPoses } from './avatarMotion.ts';
import { OFFLINE, ROLE_COLOURS, SKIN } from './palette.ts';

/** Most avatars drawn at once; the hall's `maxClients` is below this. */
export const MAX_AVATARS = 512;

const colour = new Color();

/**
 * Everyone in the hall as friendly low-poly figures, drawn with four instanced meshes whatever the number
 * of people: torso, head, legs and arms. Uniform colour says the role; a lost connection greys it out.
 */
export function Avatars({ shadows }: { shadows: boolean }) {
  const meshes = useFigureRefs();
  const { torso, head, legs, arms } = meshes;

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

  return <FigureMeshes meshes={meshes} capacity={MAX_AVATARS} shadows={shadows} />;
}
