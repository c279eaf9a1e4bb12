import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { useLabels } from '../panels/labels.ts';
import { useBoardMeetings } from '../panels/meetings/useBoardMeetings.ts';
import { useBoardNotices } from '../panels/notices/noticeQueries.ts';
import { useNoticeCategoryName } from '../panels/notices/noticeWords.ts';
import { BoxGeometry } from 'three';
import { makeLabelTexture } from './labelTexture.ts';
import { BOARD_LINE_PX, BOARD_PAGE_MS, boardPages, fitLine } from './noticeBoardLines.ts';
import { place, within, type SolidBatch } from './staticBatch.ts';

/**
 * The notice board standing by the waiting area: the station's current notices (pinned first, then the
 * newest) and the upcoming three-party sessions, in the page's language and big enough to read from the
 * benches, turning to the next page every few seconds when there are more than fit; an empty board says so.
 * The plain list beside the hall has every notice in full.
 */
export function NoticeBoard() {
  const { t } = useTranslation();
  const { time, lang } = useLabels();
  const b = hallLayout.noticeBoard;
  const meetings = useBoardMeetings();
  const { notices, categories } = useBoardNotices();
  const categoryName = useNoticeCategoryName(categories);
  const entries = [
    ...notices
      .filter((n) => n.state === 'current')
      .map((n) => [
        fitLine(
          t(n.pinned ? 'boardNotices.boardPinned' : 'boardNotices.boardLine', {
            category: categoryName(n.category),
            title: n.title,
          }),
        ),
      ]),
    // A session takes two lines, when and what: on one, the title would hardly fit at the board's size.
    ...meetings.map((m) => [fitLine(t('boardNotices.sessionWhen', { time: time(m.startsAt) })), fitLine(m.title)]),
  ];
  const pages = boardPages(entries);
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    if (pages.length < 2) return;
    const timer = setInterval(() => setTurn((n) => n + 1), BOARD_PAGE_MS);
    return () => clearInterval(timer);
  }, [pages.length]);
  const page = pages.length ? turn % pages.length : 0;
  const lines = pages[page] ?? [];
  const heading =
    pages.length > 1
      ? `${t('signs.noticeBoard')} ${t('boardNotices.page', { page: page + 1, pages: pages.length })}`
      : t('signs.noticeBoard');
  const key = `${lang}|${heading}|${lines.join('|')}`;
  const map = useMemo(
    () =>
      makeLabelTexture({
        width: 1024,
        height: Math.round((1024 * b.h) / b.w),
        background: '#d9b98c',
        band: { color: '#8a2a2a', height: 140, text: heading, size: 88 },
        align: lines.length ? 'left' : 'center',
        lines: lines.length
          ? lines.map((text) => ({ text, size: BOARD_LINE_PX, weight: 700, color: '#24160b' }))
          : [{ text: t('signs.noNotices'), size: 112, weight: 700, color: '#3b2414' }],
      }),
    // The texture is redrawn when what it shows changes, not on every new array.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => () => map.dispose(), [map]);
  return (
    <group position={[b.x, 0, b.z]} rotation-y={b.ry}>
      <mesh position={[0, b.y, 0.045]}>
        <planeGeometry args={[b.w, b.h]} />
        <meshBasicMaterial map={map} toneMapped={false} />
      </mesh>
    </group>
  );
}

/** The board's frame, and two posts on feet: it stands on the floor, turned towards the benches and the door. */
export function addNoticeBoard(solid: SolidBatch): void {
  const b = hallLayout.noticeBoard;
  const at = place(b.x, 0, b.z, b.ry);
  const bottom = b.y - b.h / 2;
  solid.add(new BoxGeometry(b.w + 0.15, b.h + 0.15, 0.08), within(at, place(0, b.y, 0)), { color: '#6b4b2e' });
  for (const side of [-1, 1]) {
    const post = within(at, place(side * (b.w / 2 - 0.25), 0, 0));
    solid.add(new BoxGeometry(0.08, bottom, 0.08), within(post, place(0, bottom / 2, 0)), { color: '#4a3320' });
    solid.add(new BoxGeometry(0.12, 0.06, 0.7), within(post, place(0, 0.03, 0)), { color: '#4a3320' });
  }
}
