import { useMemo } from 'react';
import { hallLayout } from '../../shared/layout.ts';
import { makeLabelTexture } from './labelTexture.ts';

/** The lintel over the entrance with the hall's name, and a mat to step onto. */
export function EntranceSign() {
  const { entrance, wallHeight } = hallLayout;
  const map = useMemo(
    () =>
      makeLabelTexture({
        width: 1024,
        height: 256,
        background: '#1f4e8c',
        lines: [
          { text: '城管会客厅', size: 96, weight: 700, color: '#ffffff' },
          { text: 'Reception Hall · 执法服务站', size: 44, color: '#dce8f7' },
        ],
      }),
    [],
  );
  return (
    <group position={[entrance.x, 0, entrance.z]}>
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
      <mesh rotation-x={-Math.PI / 2} position={[0, 0.005, -1.2]} receiveShadow>
        <planeGeometry args={[entrance.w - 0.4, 2]} />
        <meshStandardMaterial color="#6b4b3a" roughness={1} />
      </mesh>
    </group>
  );
}
