import { useEffect, useMemo } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { signs } from '../i18n/signs.ts';
import { useBoard, type BoardDesk } from '../net/queueStore.ts';
import { CJK_FONT } from './palette.ts';

const serviceName = (id: string) => hallLayout.services.find((s) => s.id === id)?.name.zh ?? id;

/**
 * The hall's calling screen, like a real hall's: one row per desk with the number now serving (or
 * "closed"), and the waiting count per service along the bottom. Numbers only — never who holds them.
 */
function drawBoard(canvas: HTMLCanvasElement, desks: Record<string, BoardDesk>, waiting: Record<string, number>) {
  const g = canvas.getContext('2d')!;
  const W = canvas.width;
  const H = canvas.height;
  g.fillStyle = '#0d1b2a';
  g.fillRect(0, 0, W, H);
  g.textBaseline = 'middle';
  g.fillStyle = '#f4d35e';
  g.font = `700 52px ${CJK_FONT}`;
  g.fillText(`${signs.queueBoard.zh} · ${signs.queueBoard.en}`, 40, 50);
  g.fillStyle = '#274060';
  g.fillRect(40, 92, W - 80, 3);
  const footer = 70;
  const rowH = (H - 110 - footer) / hallLayout.desks.length;
  hallLayout.desks.forEach((desk, i) => {
    const d = desks[desk.id];
    const y = 110 + rowH * (i + 0.5);
    const services = d?.open ? d.services : desk.services;
    g.textAlign = 'left';
    g.fillStyle = '#e0e6ed';
    g.font = `600 38px ${CJK_FONT}`;
    g.fillText(`${signs.desk(i + 1).zh}  ${services.map(serviceName).join('·')}`, 40, y, W * 0.55);
    g.textAlign = 'right';
    if (!d?.open) {
      g.fillStyle = '#8aa1b8';
      g.font = `500 34px ${CJK_FONT}`;
      g.fillText(`${signs.deskClosed.zh} ${signs.deskClosed.en}`, W - 40, y);
    } else if (d.serving) {
      g.fillStyle = d.calling ? '#ff9f1c' : '#7bd389';
      g.font = `800 56px ${CJK_FONT}`;
      g.fillText(d.serving, W - 40, y);
      if (d.calling) {
        g.font = `600 28px ${CJK_FONT}`;
        g.fillText(`${signs.calling.zh} ${signs.calling.en}`, W - 230, y);
      }
    } else {
      g.fillStyle = d.paused ? '#f4a259' : '#7bd389';
      g.font = `500 34px ${CJK_FONT}`;
      const s = d.paused ? signs.deskPaused : signs.deskOpen;
      g.fillText(`${s.zh} ${s.en}`, W - 40, y);
    }
  });
  g.fillStyle = '#274060';
  g.fillRect(40, H - footer - 4, W - 80, 2);
  g.textAlign = 'left';
  g.fillStyle = '#c9d6e3';
  g.font = `500 30px ${CJK_FONT}`;
  const parts = hallLayout.services.map((s) => `${s.prefix} ${s.name.zh} ${waiting[s.id] ?? 0}`);
  g.fillText(`${signs.waiting.zh}  ${parts.join('   ')}`, 40, H - footer / 2, W - 80);
}

export function QueueBoard() {
  const b = hallLayout.queueBoard;
  const desks = useBoard((s) => s.desks);
  const waiting = useBoard((s) => s.waiting);
  const { canvas, map } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1024;
    canvas.height = 512;
    const map = new CanvasTexture(canvas);
    map.colorSpace = SRGBColorSpace;
    map.anisotropy = 4;
    return { canvas, map };
  }, []);
  useEffect(() => {
    drawBoard(canvas, desks, waiting);
    map.needsUpdate = true;
  }, [canvas, map, desks, waiting]);
  useEffect(() => () => map.dispose(), [map]);
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
