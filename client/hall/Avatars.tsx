import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { avatarTracks, trackVersion } from '../net/avatars.ts';
import { FigureBatch, type Limbs } from './figure.ts';
import { FigureMeshes, useFigureSet } from './FigureMeshes.tsx';
import { updateAvatarPoses } from './avatarMotion.ts';

/** Most avatars drawn at once; the hall's `maxClients` is below this. */
export const MAX_AVATARS = 512;

const limbs: Limbs = { legL: 0, legR: 0, armL: 0, armR: 0 };

/**
 * Everyone in the hall as friendly low-poly figures, each built and dressed as they chose (staff in their
 * role's uniform), drawn with a dozen instanced meshes whatever the number of people. A lost connection
 * greys the clothes.
 */
export function Avatars({ shadows }: { shadows: boolean }) {
  const set = useFigureSet();
  const batch = useMemo(() => new FigureBatch(), []);
  const painted = useRef(-1);
  useFrame((_, delta) => {
    // Looks and colours change only when someone arrives, leaves, changes or loses their connection.
    if (!batch.begin(set, painted.current !== trackVersion.value)) return;
    painted.current = trackVersion.value;
    updateAvatarPoses(Math.min(delta, 0.1));
    let i = 0;
    for (const track of avatarTracks.values()) {
      if (i++ >= MAX_AVATARS) break;
      const stride = Math.min(1, track.speed / 1.2);
      const swing = Math.sin(track.phase) * 0.6 * stride;
      const bob = Math.abs(Math.cos(track.phase)) * 0.04 * stride;
      limbs.legL = swing;
      limbs.legR = -swing;
      limbs.armL = -swing * 0.8;
      limbs.armR = swing * 0.8;
      batch.add(track.rx, bob, track.rz, track.rry, track.look, track.role, track.online, limbs);
    }
    batch.end();
  });

  return <FigureMeshes set={set} capacity={MAX_AVATARS} shadows={shadows} />;
}
