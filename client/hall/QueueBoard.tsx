import { useEffect, useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BoxGeometry, CylinderGeometry, PlaneGeometry } from 'three';
import type { HallLayout } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { useBoard } from '../net/queueStore.ts';
import {
  CALLS_PAGE_MS,
  callPages,
  currentCalls,
  DESK_PX,
  HEADER_PX,
  HEADER_TEXT_PX,
  NUMBER_PX,
  ROW_PX,
  rowMiddle,
  SCREEN_H,
  SCREEN_W,
  type ScreenCall,
} from './callingScreen.ts';
import { CJK_FONT } from './palette.ts';
import { makeSignMaterial, place, SignBatch, within, type SolidBatch } from './staticBatch.ts';
import { usePageTurn } from './usePageTurn.ts';
import { usePaintedCanvas, type WriteText } from './usePaintedCanvas.ts';

const PAINTING = 'queueBoard';

/**
 * The hall's calling screen, like a real hall's: the numbers now called and the desk each is called to (and
 * the desks paused for now), in type a phone reads from the benches (see callingScreen.ts), in the page's language; more calls than fit turn
 * over in pages. Numbers only — never who holds them. Its words go through `text`.
 */
function drawScreen(
  g: CanvasRenderingContext2D,
  text: WriteText,
  calls: readonly ScreenCall[],
  page: string,
  t: TFunction,
): void {
  const W = g.canvas.width;
  const H = g.canvas.height;
  const pad = 36;
  g.fillStyle = '#0b1622';
  g.fillRect(0, 0, W, H);
  g.textBaseline = 'middle';
  g.fillStyle = '#13283d';
  g.fillRect(0, 0, W, HEADER_PX);
  g.fillStyle = '#ffd84d';
  g.font = `800 ${HEADER_TEXT_PX}px ${CJK_FONT}`;
  g.textAlign = 'left';
  text(t('signs.queueBoard'), pad, HEADER_PX / 2 + 4, W * 0.7);
  if (page) {
    g.textAlign = 'right';
    g.fillStyle = '#e6edf5';
    text(page, W - pad, HEADER_PX / 2 + 4, W * 0.25);
  }
  if (calls.length === 0) {
    g.textAlign = 'center';
    g.fillStyle = '#9fb3c8';
    g.font = `700 ${DESK_PX}px ${CJK_FONT}`;
    text(t('signs.noCalls'), W / 2, (HEADER_PX + H) / 2, W - 2 * pad);
    return;
  }
  calls.forEach((call, i) => {
    const y = rowMiddle(i);
    if (i % 2 === 1) {
      g.fillStyle = '#0f1e2e';
      g.fillRect(0, y - ROW_PX / 2, W, ROW_PX);
    }
    // A called number is amber with a bar at its edge until its holder reaches the desk, then green.
    if (call.calling) {
      g.fillStyle = '#ff9f1c';
      g.fillRect(0, y - ROW_PX / 2 + 8, 14, ROW_PX - 16);
    }
    g.textAlign = 'left';
    if (call.paused) {
      g.fillStyle = '#ffc078';
      g.font = `700 ${DESK_PX}px ${CJK_FONT}`;
      text(t('signs.paused'), pad, y + 4, W * 0.42);
    } else {
      g.fillStyle = call.calling ? '#ffb347' : '#8ef0a0';
      g.font = `800 ${NUMBER_PX}px ${CJK_FONT}`;
      text(call.number, pad, y + 4, W * 0.42);
    }
    g.fillStyle = '#9fb3c8';
    g.textAlign = 'center';
    g.font = `700 ${DESK_PX}px ${CJK_FONT}`;
    g.fillText('→', W * 0.52, y);
    g.textAlign = 'right';
    g.fillStyle = '#ffffff';
    text(t('deskName', { n: call.desk }), W - pad, y + 4, W * 0.4);
  });
}

export function QueueBoard() {
  const layout = useHallLayout();
  const b = layout.queueBoard;
  const desks = useBoard((s) => s.desks);
  const { t, i18n } = useTranslation();
  const pages = callPages(
    currentCalls(
      desks,
      layout.desks.map((d) => d.id),
    ),
  );
  const turn = usePageTurn(pages.length, CALLS_PAGE_MS);
  const at = turn % pages.length;
  const calls = pages[at]!;
  const page = pages.length > 1 ? `${at + 1}/${pages.length}` : '';
  // Repainted when what it shows changes, not on every new array.
  const key = `${page}|${calls.map((c) => `${c.number}>${c.desk}${c.calling ? '!' : ''}${c.paused ? '=' : ''}`).join(',')}`;
  // `t` may keep its identity across a change of language; the language itself repaints the screen.
  const map = usePaintedCanvas(PAINTING, SCREEN_W, SCREEN_H, (g, text) => drawScreen(g, text, calls, page, t), [
    key,
    t,
    i18n.language,
  ]);
  // Hung from the ceiling and two-sided, like the screens over a real hall's waiting area: both faces in
  // one geometry, one draw call.
  const screens = useMemo(() => {
    const batch = new SignBatch();
    // Leaning forward (its top back), so that its face looks down at the benches.
    const at = within(place(b.x, b.y, b.z, b.ry), place(0, 0, 0, 0, -(b.tilt ?? 0)));
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
export function addQueueBoard(solid: SolidBatch, layout: HallLayout): void {
  const b = layout.queueBoard;
  const tilt = b.tilt ?? 0;
  const upright = place(b.x, b.y, b.z, b.ry);
  solid.add(new BoxGeometry(b.w + 0.16, b.h + 0.16, 0.1), within(upright, place(0, 0, 0, 0, -tilt)), {
    color: '#1c222b',
  });
  // The cables hang straight down to the case's top edge, which leans back with the screen.
  const top = b.y + (b.h / 2) * Math.cos(tilt);
  const back = -(b.h / 2) * Math.sin(tilt);
  const cable = layout.wallHeight - top;
  for (const side of [-1, 1]) {
    solid.add(
      new CylinderGeometry(0.015, 0.015, cable, 4),
      within(upright, place(side * (b.w / 2 - 0.3), top - b.y + cable / 2, back)),
      { color: '#555555' },
    );
  }
}
