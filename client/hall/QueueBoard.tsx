import { useEffect, useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { useBoard, type BoardDesk } from '../net/queueStore.ts';
import { useLabels } from '../panels/labels.ts';
import { paint, unpaint } from './paintedTexts.ts';
import { CJK_FONT } from './palette.ts';

const PAINTING = 'queueBoard';

/**
 * The hall's calling screen, like a real hall's: one row per desk with the number now serving (or
 * "closed"), and the waiting count per service along the bottom, in the page's language. Numbers only —
 * never who holds them. Returns the texts it drew.
 */
function drawBoard(
  canvas: HTMLCanvasElement,
  desks: Record<string, BoardDesk>,
  waiting: Record<string, number>,
  t: TFunction,
  serviceName: (id: string) => string,
): string[] {
  const g = canvas.getContext('2d')!;
  const drawn: string[] = [];
  const text = (s: string, x: number, y: number, maxWidth?: number) => {
    drawn.push(s);
    g.fillText(s, x, y, maxWidth);
  };
  const W = canvas.width;
  const H = canvas.height;
  g.fillStyle = '#0d1b2a';
  g.fillRect(0, 0, W, H);
  g.textBaseline = 'middle';
  g.fillStyle = '#f4d35e';
  g.font = `700 52px ${CJK_FONT}`;
  text(t('signs.queueBoard'), 40, 50);
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
    text(`${t('deskName', { n: i + 1 })}  ${services.map(serviceName).join(' · ')}`, 40, y, W * 0.55);
    g.textAlign = 'right';
    if (!d?.open) {
      g.fillStyle = '#8aa1b8';
      g.font = `500 34px ${CJK_FONT}`;
      text(t('signs.closed'), W - 40, y);
    } else if (d.serving) {
      g.fillStyle = d.calling ? '#ff9f1c' : '#7bd389';
      g.font = `800 56px ${CJK_FONT}`;
      text(d.serving, W - 40, y);
      if (d.calling) {
        g.font = `600 28px ${CJK_FONT}`;
        text(t('signs.calling'), W - 230, y);
      }
    } else {
      g.fillStyle = d.paused ? '#f4a259' : '#7bd389';
      g.font = `500 34px ${CJK_FONT}`;
      text(d.paused ? t('signs.paused') : t('signs.open'), W - 40, y);
    }
  });
  g.fillStyle = '#274060';
  g.fillRect(40, H - footer - 4, W - 80, 2);
  g.textAlign = 'left';
  g.fillStyle = '#c9d6e3';
  g.font = `500 30px ${CJK_FONT}`;
  const parts = hallLayout.services.map((s) => `${s.prefix} ${serviceName(s.id)} ${waiting[s.id] ?? 0}`);
  text(`${t('signs.waiting')}  ${parts.join('   ')}`, 40, H - footer / 2, W - 80);
  return drawn;
}

export function QueueBoard() {
  const b = hallLayout.queueBoard;
  const desks = useBoard((s) => s.desks);
  const waiting = useBoard((s) => s.waiting);
  const { t } = useTranslation();
  const { lang, service } = useLabels();
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
    paint(PAINTING, drawBoard(canvas, desks, waiting, t, service));
    map.needsUpdate = true;
    // `service` is new each render but follows `lang`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvas, map, desks, waiting, t, lang]);
  useEffect(
    () => () => {
      map.dispose();
      unpaint(PAINTING);
    },
    [map],
  );
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
