import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BoxGeometry } from 'three';
import type { ThreeEvent } from '@react-three/fiber';
import type { HallLayout } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { useLabels } from '../panels/labels.ts';
import { useBoardMeetings } from '../panels/meetings/useBoardMeetings.ts';
import { useBoardNotices } from '../panels/notices/noticeQueries.ts';
import { useNoticeListOpener } from '../panels/notices/noticeListOpener.ts';
import { useNoticeCategoryName } from '../panels/notices/noticeWords.ts';
import {
  BAND_PX,
  BAND_TEXT_PX,
  BOARD_H_PX,
  BOARD_PAGE_MS,
  BOARD_W_PX,
  pageRows,
  TITLE_PX,
  type BoardPage,
} from './noticeBoardLines.ts';
import { CJK_FONT } from './palette.ts';
import { place, within, type SolidBatch } from './staticBatch.ts';
import { usePageTurn } from './usePageTurn.ts';
import { usePaintedCanvas, type WriteText } from './usePaintedCanvas.ts';
import { TAP_TOLERANCE_PX } from './Floor.tsx';

const PAINTING = 'noticeBoard';

/** Paint one page of the board (none: the board says it is empty), its words through `text`. */
function drawBoard(
  g: CanvasRenderingContext2D,
  text: WriteText,
  page: BoardPage | undefined,
  turn: string,
  t: TFunction,
): void {
  const W = g.canvas.width;
  const H = g.canvas.height;
  const pad = W * 0.025;
  g.fillStyle = '#d9b98c';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#8a2a2a';
  g.fillRect(0, 0, W, BAND_PX);
  g.textBaseline = 'middle';
  g.fillStyle = '#ffffff';
  g.font = `700 ${BAND_TEXT_PX}px ${CJK_FONT}`;
  g.textAlign = 'left';
  const heading = t('signs.noticeBoard');
  text(heading, pad, BAND_PX / 2 + 3, W * 0.4);
  if (page) {
    g.fillStyle = '#f3dcb5';
    g.font = `600 ${BAND_TEXT_PX}px ${CJK_FONT}`;
    const after = Math.min(W * 0.4, g.measureText(heading).width) + pad + BAND_TEXT_PX * 0.6;
    text(page.kind, after, BAND_PX / 2 + 3, W * 0.75 - after);
  }
  if (turn) {
    g.fillStyle = '#ffffff';
    g.font = `700 ${BAND_TEXT_PX}px ${CJK_FONT}`;
    g.textAlign = 'right';
    text(turn, W - pad, BAND_PX / 2 + 3, W * 0.2);
  }
  g.textAlign = 'left';
  if (!page) {
    g.textAlign = 'center';
    g.fillStyle = '#3b2414';
    g.font = `700 ${TITLE_PX}px ${CJK_FONT}`;
    text(t('signs.noNotices'), W / 2, (BAND_PX + H) / 2, W - 2 * pad);
    return;
  }
  for (const row of pageRows(page)) {
    g.fillStyle = row.part === 'title' ? '#24160b' : '#3b2414';
    g.font = `${row.weight} ${row.size}px ${CJK_FONT}`;
    text(row.text, pad, row.middle + row.size * 0.04, W - 2 * pad);
  }
}

/**
 * The notice board standing beside the benches: the station's current notices (pinned first, then the
 * newest) and the upcoming three-party sessions, one a page, in the page's language, the title large enough
 * to read from the waiting area on a phone, turning to the next page every few seconds when there are more;
 * an empty board says so. A tap on it opens the plain list, which has every notice in full.
 */
export function NoticeBoard() {
  const { t, i18n } = useTranslation();
  const { time } = useLabels();
  const b = useHallLayout().noticeBoard;
  const meetings = useBoardMeetings();
  const { notices, categories } = useBoardNotices();
  const categoryName = useNoticeCategoryName(categories);
  const openList = useNoticeListOpener((s) => s.open);
  const pages: BoardPage[] = [
    ...notices
      .filter((n) => n.state === 'current')
      .map((n) => ({ kind: categoryName(n.category), title: `${n.pinned ? '★' : ''}${n.title}`, text: n.text })),
    ...meetings.map((m) => ({
      kind: t('signs.meetingRoomSub'),
      title: m.title,
      text: t('boardNotices.sessionWhen', { time: time(m.startsAt) }),
    })),
  ];
  const turn = usePageTurn(pages.length, BOARD_PAGE_MS);
  const at = pages.length ? turn % pages.length : 0;
  const page = pages[at];
  const counter = pages.length > 1 ? t('boardNotices.page', { page: at + 1, pages: pages.length }) : '';
  const key = page ? `${counter}|${page.kind}|${page.title}|${page.text}` : '';
  // Repainted when what it shows changes (or the language), not on every new array.
  const map = usePaintedCanvas(PAINTING, BOARD_W_PX, BOARD_H_PX, (g, text) => drawBoard(g, text, page, counter, t), [
    key,
    t,
    i18n.language,
  ]);
  const onClick = (e: ThreeEvent<MouseEvent>) => {
    if (e.delta > TAP_TOLERANCE_PX) return; // a drag that turns the view, not a tap
    e.stopPropagation();
    openList();
  };
  return (
    <group position={[b.x, 0, b.z]} rotation-y={b.ry}>
      <mesh position={[0, b.y, 0.045]} onClick={onClick}>
        <planeGeometry args={[b.w, b.h]} />
        <meshBasicMaterial map={map} toneMapped={false} />
      </mesh>
    </group>
  );
}

/** The board's frame, and two posts on feet: it stands on the floor, its face turned to the benches. */
export function addNoticeBoard(solid: SolidBatch, layout: HallLayout): void {
  const b = layout.noticeBoard;
  const at = place(b.x, 0, b.z, b.ry);
  const bottom = b.y - b.h / 2;
  solid.add(new BoxGeometry(b.w + 0.15, b.h + 0.15, 0.08), within(at, place(0, b.y, 0)), { color: '#6b4b2e' });
  for (const side of [-1, 1]) {
    const post = within(at, place(side * (b.w / 2 - 0.25), 0, 0));
    solid.add(new BoxGeometry(0.08, bottom, 0.08), within(post, place(0, bottom / 2, 0)), { color: '#4a3320' });
    solid.add(new BoxGeometry(0.12, 0.06, 0.7), within(post, place(0, 0.03, 0)), { color: '#4a3320' });
  }
}
