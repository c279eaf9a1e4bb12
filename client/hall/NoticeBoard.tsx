import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { useLabels } from '../panels/labels.ts';
import { useBoardMeetings } from '../panels/meetings/useBoardMeetings.ts';
import { makeLabelTexture } from './labelTexture.ts';

/** Shown on the board at most; the plain list beside the hall has them all. */
const MAX_LINES = 4;

/**
 * The cork board: upcoming three-party sessions, what and when, in the page's language; an empty board
 * says so.
 */
export function NoticeBoard() {
  const { t } = useTranslation();
  const { time, lang } = useLabels();
  const b = hallLayout.noticeBoard;
  const meetings = useBoardMeetings();
  const lines = meetings
    .slice(0, MAX_LINES)
    .map((m) => t('meetings.boardLine', { time: time(m.startsAt), title: m.title }));
  const key = `${lang}|${lines.join('|')}`;
  const map = useMemo(
    () =>
      makeLabelTexture({
        width: 768,
        height: 512,
        background: '#c89f6e',
        band: { color: '#8a2a2a', height: 110 },
        align: meetings.length ? 'left' : 'center',
        lines: [
          { text: t('signs.noticeBoard'), size: 64, weight: 700, color: '#3b2414' },
          ...(lines.length
            ? lines.map((text) => ({ text, size: 34, color: '#2b1a0e' }))
            : [{ text: t('signs.noNotices'), size: 44, color: '#4d3220' }]),
        ],
      }),
    // The texture is redrawn when what it shows changes, not on every new array.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => () => map.dispose(), [map]);
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
