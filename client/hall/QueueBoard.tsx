import { useMemo } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { signs } from '../i18n/signs.ts';
import { CJK_FONT } from './palette.ts';

/**
 * The hall's calling screen: one row per desk with its services. Until an officer opens a desk it reads
 * "closed", exactly as a real hall's screen does before opening time.
 */
function drawBoard(): CanvasTexture {
  const c = document.createElement('canvas');
  c.width = 1024;
  c.height = 512;
  const g = c.getContext('2d')!;
  g.fillStyle = '#0d1b2a';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#f4d35e';
  g.font = `700 56px ${CJK_FONT}`;
  g.textBaseline = 'middle';
  g.fillText(`${signs.queueBoard.zh} · ${signs.queueBoard.en}`, 40, 56);
  g.fillStyle = '#274060';
  g.fillRect(40, 100, c.width - 80, 3);
  const rowH = (c.height - 130) / hallLayout.desks.length;
  hallLayout.desks.forEach((desk, i) => {
    const y = 130 + rowH * (i + 0.5);
    const names = desk.services.map((id) => hallLayout.services.find((s) => s.id === id)?.name.zh ?? id);
    g.fillStyle = '#e0e6ed';
    g.font = `600 40px ${CJK_FONT}`;
    g.fillText(`${signs.desk(i + 1).zh}  ${names.join('·')}`, 40, y);
    g.fillStyle = '#8aa1b8';
    g.font = `500 36px ${CJK_FONT}`;
    g.textAlign = 'right';
    g.fillText(`${signs.deskClosed.zh} ${signs.deskClosed.en}`, c.width - 40, y);
    g.textAlign = 'left';
  });
  const t = new CanvasTexture(c);
  t.colorSpace = SRGBColorSpace;
  t.anisotropy = 4;
  return t;
}

export function QueueBoard() {
  const b = hallLayout.queueBoard;
  const map = useMemo(() => drawBoard(), []);
  const h = b.w / 2;
  return (
    <group position={[b.x, 2.6, b.z]} rotation-y={b.ry}>
      <mesh position={[0, 0, 0.04]}>
        <boxGeometry args={[b.w + 0.2, h + 0.2, 0.08]} />
        <meshStandardMaterial color="#222831" />
      </mesh>
      <mesh position={[0, 0, 0.085]}>
        <planeGeometry args={[b.w, h]} />
        <meshBasicMaterial map={map} toneMapped={false} />
      </mesh>
    </group>
  );
}
