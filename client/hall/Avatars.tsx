import { useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import { avatarTracks } from '../net/avatars.ts';
import { FigureBatch, type Limbs } from './figure.ts';
import { FigureMeshes, useFigureSet } from './FigureMeshes.tsx';
import { updateAvatarPoses } from './avatarMotion.ts';
import { CrowdCount } from './CrowdCount.tsx';
import { keepDrawing } from './framePacer.ts';
import { isWalking } from '../../shared/movement.ts';
import { local } from '../net/localWalker.ts';

/** Most avatars drawn at once; a page's view of the hall (its nearest people and partners) is far below this. */
export const MAX_AVATARS = 512;

const limbs: Limbs = { legL: 0, legR: 0, armL: 0, armR: 0 };

/** Keys, the joystick or the keyboard's camera turn held down. */
const hasInput = () =>
  local.keys.x !== 0 ||
  local.keys.y !== 0 ||
  local.stick.x !== 0 ||
  local.stick.y !== 0 ||
  local.view.turn !== 0 ||
  local.view.zoom !== 0;

/**
 * The people near as friendly low-poly figures, each where their walk has them now, built and dressed as they
 * chose (staff in their role's uniform), drawn with a dozen instanced meshes whatever the number of people. A
 * lost connection greys the clothes. How many more are in the hall shows as a small count over the scene.
 */
export function Avatars({ shadows }: { shadows: boolean }) {
  const set = useFigureSet();
  const batch = useMemo(() => new FigureBatch(), []);
  useFrame((_, delta) => {
    // Looks, colours and which pieces each figure wears are written every frame with its place: a figure's
    // slots in the merged meshes follow everyone before it (who wears hair, a cap, a badge), and repainting
    // only when someone arrived once left an officer wearing a neighbour's hair for a while after the people
    // around changed. Colours and variants are a few bytes a person, less than the matrices sent every frame.
    if (!batch.begin(set, true)) return;
    updateAvatarPoses(Math.min(delta, 0.1));
    let i = 0;
    let moving = (local.walker !== null && isWalking(local.walker)) || hasInput();
    for (const track of avatarTracks.values()) {
      if (i++ >= MAX_AVATARS) break;
      if (track.speed > 0) moving = true;
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
    if (moving) keepDrawing();
  });

  return (
    <>
      <FigureMeshes set={set} capacity={MAX_AVATARS} shadows={shadows} />
      <CrowdCount />
    </>
  );
}
