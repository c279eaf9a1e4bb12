import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFrame } from '@react-three/fiber';
import type { Group } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { followTarget } from './followTarget.ts';
import { makeLabelTexture } from './labelTexture.ts';
import { segmentCrossesRect } from './occlusion.ts';

/** The lintel over the entrance with the hall's name, and a mat to step onto. */
export function EntranceSign() {
  const { entrance, wallHeight } = hallLayout;
  const lintel = useRef<Group>(null);
  const rect = useMemo(() => ({ x: entrance.x, z: entrance.z, w: entrance.w + 0.6, d: 0.35 }), [entrance]);
  // Like the walls, the lintel steps aside when it would hide the person the camera follows.
  useFrame(({ camera }) => {
    const t = followTarget();
    if (lintel.current)
      lintel.current.visible = !segmentCrossesRect(camera.position.x, camera.position.z, t.x, t.z, rect, 0.4);
  });
  const { t } = useTranslation();
  const map = useMemo(
    () =>
      makeLabelTexture({
        width: 1024,
        height: 256,
        background: '#1f4e8c',
        lines: [
          { text: t('signs.entrance'), size: 96, weight: 700, color: '#ffffff' },
          { text: t('signs.entranceSub'), size: 44, color: '#dce8f7' },
        ],
      }),
    [t],
  );
  useEffect(() => () => map.dispose(), [map]);
  return (
    <group position={[entrance.x, 0, entrance.z]}>
      <group ref={lintel}>
        <mesh position={[0, wallHeight - 0.55, 0]}>
          <boxGeometry args={[entrance.w + 0.6, 1.1, 0.35]} />
          <meshStandardMaterial color="#1f4e8c" />
        </mesh>
        <mesh position={[0, wallHeight - 0.55, -0.18]} rotation-y={Math.PI}>
          <planeGeometry args={[entrance.w + 0.4, 1]} />
          <meshBasicMaterial map={map} toneMapped={false} />
        </mesh>
        <mesh position={[0, wallHeight - 0.55, 0.18]}>
          <planeGeometry args={[entrance.w + 0.4, 1]} />
          <meshBasicMaterial map={map} toneMapped={false} />
        </mesh>
      </group>
      <mesh rotation-x={-Math.PI / 2} position={[0, 0.005, -1.2]} receiveShadow>
        <planeGeometry args={[entrance.w - 0.4, 2]} />
        <meshStandardMaterial color="#6b4b3a" roughness={1} />
      </mesh>
    </group>
  );
}
