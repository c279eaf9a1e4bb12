import { useEffect, useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BoxGeometry, CanvasTexture, CylinderGeometry, PlaneGeometry, SRGBColorSpace } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { useBoard, type BoardDesk } from '../net/queueStore.ts';
import { paint, unpaint } from './paintedTexts.ts';
import { CJK_FONT } from './palette.ts';
import { keepDrawing } from './framePacer.ts';
import { makeSignMaterial, place, SignBatch, within, type SolidBatch } from './staticBatch.ts';

const PAINTING = 'queueBoard';

/** Canvas size of the screen's texture: sharp when a phone's camera is close, cheap when it is not. */
const TEX_W = 1280;
const TEX_H = Math.round((TEX_W * hallLayout.queueBoard.h) / hallLayout.queueBoard.w);

/**
 * The hall's calling screen, like a real hall's: one row per desk with the number now serving (or the
 * desk's state), and how many wait for each ticket letter along the bottom, in the page's language. Big
 * type and few words, so a phone can read it from the benches; the desks' own signs name their services.
 * Numbers only — never who holds them. Returns the texts it drew.
 */
function drawBoard(
  canvas: HTMLCanvasElement,
  desks: Record<string, BoardDesk>,
  waiting: Record<string, number>,
  t: TFunction,
): string[] {
  const g = canvas.getContext('2d')!;
  const drawn: string[] = [];
  const text = (s: string, x: number, y: number, maxWidth?: number) => {
    drawn.push(s);
    g.fillText(s, x, y, maxWidth);
  };
  const W = canvas.width;
  const H = canvas.height;
  const pad = 36;
  g.fillStyle = '#0b1622';
  g.fillRect(0, 0, W, H);
  g.textBaseline = 'middle';
  const header = 96;
  const footer = 84;
  g.fillStyle = '#13283d';
  g.fillRect(0, 0, W, header);
  g.textAlign = 'left';
  g.fillStyle = '#ffd84d';
  g.font = `800 68px ${CJK_FONT}`;
  text(t('signs.queueBoard'), pad, header / 2 + 2, W - 2 * pad);
  const rowH = (H - header - footer) / hallLayout.desks.length;
  hallLayout.desks.forEach((desk, i) => {
    const d = desks[desk.id];
    const y = header + rowH * (i + 0.5);
    if (i % 2 === 1) {
      g.fillStyle = '#0f1e2e';
      g.fillRect(0, y - rowH / 2, W, rowH);
    }
    g.textAlign = 'left';
    g.fillStyle = '#ffffff';
    g.font = `700 62px ${CJK_FONT}`;
    text(t('deskName', { n: i + 1 }), pad, y, W * 0.36);
    g.textAlign = 'right';
    if (!d?.open) {
      g.fillStyle = '#9fb3c8';
      g.font = `600 54px ${CJK_FONT}`;
      text(t('signs.closed'), W - pad, y);
    } else if (d.serving) {
      if (d.calling) {
        g.fillStyle = '#ff9f1c';
        g.fillRect(0, y - rowH / 2 + 6, 12, rowH - 12);
        g.textAlign = 'center';
        g.font = `700 52px ${CJK_FONT}`;
        text(t('signs.calling'), W * 0.56, y, W * 0.3);
        g.textAlign = 'right';
      }
      g.fillStyle = d.calling ? '#ffb347' : '#8ef0a0';
      g.font = `800 84px ${CJK_FONT}`;
      text(d.serving, W - pad, y);
    } else {
      g.fillStyle = d.paused ? '#ffc078' : '#8ef0a0';
      g.font = `600 54px ${CJK_FONT}`;
      text(d.paused ? t('signs.paused') : t('signs.open'), W - pad, y);
    }
  });
  g.fillStyle = '#13283d';
  g.fillRect(0, H - footer, W, footer);
  g.textAlign = 'left';
  g.fillStyle = '#e6edf5';
  g.font = `600 50px ${CJK_FONT}`;
  const parts = hallLayout.services.map((s) => `${s.prefix} ${waiting[s.id] ?? 0}`);
  text(`${t('signs.waiting')}  ${parts.join('  ·  ')}`, pad, H - footer / 2 + 2, W - 2 * pad);
  return drawn;
}

export function QueueBoard() {
  const b = hallLayout.queueBoard;
  const desks = useBoard((s) => s.desks);
  const waiting = useBoard((s) => s.waiting);
  const { t, i18n } = useTranslation();
  const { canvas, map } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = TEX_W;
    canvas.height = TEX_H;
    const map = new CanvasTexture(canvas);
    map.colorSpace = SRGBColorSpace;
    map.anisotropy = 4;
    return { canvas, map };
  }, []);
  useEffect(() => {
    paint(PAINTING, drawBoard(canvas, desks, waiting, t));
    map.needsUpdate = true;
    keepDrawing();
    // `t` may keep its identity across a change of language; the language itself repaints the screen.
  }, [canvas, map, desks, waiting, t, i18n.language]);
  useEffect(
    () => () => {
      map.dispose();
      unpaint(PAINTING);
    },
    [map],
  );
  // Hung from the ceiling and two-sided, like the screens over a real hall's waiting area: both faces in
  // one geometry, one draw call.
  const screens = useMemo(() => {
    const batch = new SignBatch();
    const at = place(b.x, b.y, b.z, b.ry);
    const whole = { u: 0, v: 0, w: 1, h: 1 };
    batch.add(new PlaneGeometry(b.w, b.h), within(at, place(0, 0, 0.052)), whole);
    batch.add(new PlaneGeometry(b.w, b.h), within(at, place(0, 0, -0.052, Math.PI)), whole);
    return { geometry: batch.build(), material: makeSignMaterial(map) };
  }, [b, map]);
  useEffect(
    () => () => {
      screens.geometry.dispose();
      screens.material.dispose();
    },
    [screens],
  );
  return <mesh geometry={screens.geometry} material={screens.material} />;
}

/** The calling screen's case and the two cables it hangs from. */
export function addQueueBoard(solid: SolidBatch): void {
  const b = hallLayout.queueBoard;
  const at = place(b.x, b.y, b.z, b.ry);
  const top = b.y + b.h / 2;
  const cable = hallLayout.wallHeight - top;
  solid.add(new BoxGeometry(b.w + 0.16, b.h + 0.16, 0.1), at, { color: '#1c222b' });
  for (const side of [-1, 1]) {
    solid.add(
      new CylinderGeometry(0.015, 0.015, cable, 4),
      within(at, place(side * (b.w / 2 - 0.3), b.h / 2 + cable / 2, 0)),
      {
        color: '#555555',
      },
    );
  }
}
