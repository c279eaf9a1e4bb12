import { useMemo } from 'react';
import { hallLayout } from '../../shared/layout.ts';
import { signs } from '../i18n/signs.ts';
import { makeLabelTexture } from './labelTexture.ts';

/** The cork board where officers' notices will hang; empty boards say so instead of showing filler. */
export function NoticeBoard() {
  const b = hallLayout.noticeBoard;
  const map = useMemo(
    () =>
      makeLabelTexture({
        width: 768,
        height: 512,
        background: '#c89f6e',
        band: { color: '#8a2a2a', height: 110 },
        lines: [
          { text: `${signs.noticeBoard.zh} · ${signs.noticeBoard.en}`, size: 64, weight: 700, color: '#3b2414' },
          { text: `${signs.noNotices.zh} · ${signs.noNotices.en}`, size: 44, color: '#4d3220' },
        ],
      }),
    [],
  );
  const h = b.w * (2 / 3);
  return (
    <group position={[b.x, 1.7, b.z]} rotation-y={b.ry}>
      <mesh position={[0, 0, 0.03]}>
        <boxGeometry args={[b.w + 0.15, h + 0.15, 0.06]} />
        <meshStandardMaterial color="#6b4b2e" />
      </mesh>
      <mesh position={[0, 0, 0.065]}>
        <planeGeometry args={[b.w, h]} />
        <meshBasicMaterial map={map} toneMapped={false} />
      </mesh>
    </group>
  );
}
