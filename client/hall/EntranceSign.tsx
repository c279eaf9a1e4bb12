import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useFrame } from '@react-three/fiber';
import { BoxGeometry, PlaneGeometry } from 'three';
import type { HallLayout } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { followTarget } from './followTarget.ts';
import type { LabelOptions } from './labelTexture.ts';
import { segmentCrossesRect } from './occlusion.ts';
import { groupScale, place, within, type SignBatch, type SolidBatch, type UvRect } from './staticBatch.ts';
import { lintelGroup } from './Walls.tsx';

/** The entrance sign's slot in the sign atlas, canvas pixels. */
export const ENTRANCE_LABEL = { w: 1024, h: 256 };

/** The hall's name over the entrance, in the page's language. */
export function entranceLabel(t: TFunction): Omit<LabelOptions, 'width' | 'height'> {
  return {
    background: '#1f4e8c',
    lines: [
      { text: t('signs.entrance'), size: 96, weight: 700, color: '#ffffff' },
      { text: t('signs.entranceSub'), size: 44, color: '#dce8f7' },
    ],
  };
}

/** The lintel over the entrance with the hall's name on both faces, and a mat to step onto. */
export function addEntrance(solid: SolidBatch, signs: SignBatch, label: UvRect, layout: HallLayout): void {
  const { entrance, wallHeight } = layout;
  const LINTEL_GROUP = lintelGroup(layout);
  const at = place(entrance.x, 0, entrance.z);
  const y = wallHeight - 0.55;
  solid.add(new BoxGeometry(entrance.w + 0.6, 1.1, 0.35), within(at, place(0, y, 0)), {
    color: '#1f4e8c',
    group: LINTEL_GROUP,
  });
  signs.add(new PlaneGeometry(entrance.w + 0.4, 1), within(at, place(0, y, -0.18, Math.PI)), label, LINTEL_GROUP);
  signs.add(new PlaneGeometry(entrance.w + 0.4, 1), within(at, place(0, y, 0.18)), label, LINTEL_GROUP);
  solid.add(new PlaneGeometry(entrance.w - 0.4, 2), within(at, place(0, 0.005, -1.2, 0, -Math.PI / 2)), {
    color: '#6b4b3a',
    roughness: 1,
    receive: true,
  });
}

/** Like the walls, the lintel steps aside when it would hide the person the camera follows. */
export function EntranceSign() {
  const layout = useHallLayout();
  const { entrance } = layout;
  const group = lintelGroup(layout);
  const rect = useMemo(() => ({ x: entrance.x, z: entrance.z, w: entrance.w + 0.6, d: 0.35 }), [entrance]);
  useFrame(({ camera }) => {
    const t = followTarget();
    const hides = segmentCrossesRect(camera.position.x, camera.position.z, t.x, t.z, rect, 0.4);
    groupScale.value[group] = hides ? 0 : 1;
  });
  return null;
}
