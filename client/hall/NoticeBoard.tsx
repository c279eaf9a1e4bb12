import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { useLabels } from '../panels/labels.ts';
import { useBoardMeetings } from '../panels/meetings/useBoardMeetings.ts';
import { makeLabelTexture } from './labelTexture.ts';

/** Shown on the board at most; the plain list beside the hall has them all. */
const MAX_LINES = 4;

/**
 * The notice board standing by the waiting area: upcoming three-party sessions, what and when, in the
 * page's language and big enough to read from the benches; an empty board says so.
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
        width: 1024,
        height: Math.round((1024 * b.h) / b.w),
        background: '#d9b98c',
        band: { color: '#8a2a2a', height: 140, text: t('signs.noticeBoard'), size: 96 },
        align: meetings.length ? 'left' : 'center',
        lines: lines.length
          ? lines.map((text) => ({ text, size: 64, weight: 600, color: '#24160b' }))
          : [{ text: t('signs.noNotices'), size: 112, weight: 700, color: '#3b2414' }],
      }),
    // The texture is redrawn when what it shows changes, not on every new array.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => () => map.dispose(), [map]);
  const bottom = b.y - b.h / 2;
  return (
    <group position={[b.x, 0, b.z]} rotation-y={b.ry}>
      <group position={[0, b.y, 0]}>
        <mesh>
          <boxGeometry args={[b.w + 0.15, b.h + 0.15, 0.08]} />
          <meshStandardMaterial color="#6b4b2e" />
        </mesh>
        <mesh position={[0, 0, 0.045]}>
          <planeGeometry args={[b.w, b.h]} />
          <meshBasicMaterial map={map} toneMapped={false} />
        </mesh>
      </group>
      {/* Two posts on feet: it stands on the floor, turned towards the benches and the door. */}
      {[-1, 1].map((side) => (
        <group key={side} position={[side * (b.w / 2 - 0.25), 0, 0]}>
          <mesh position={[0, bottom / 2, 0]}>
            <boxGeometry args={[0.08, bottom, 0.08]} />
            <meshStandardMaterial color="#4a3320" />
          </mesh>
          <mesh position={[0, 0.03, 0]}>
            <boxGeometry args={[0.12, 0.06, 0.7]} />
            <meshStandardMaterial color="#4a3320" />
          </mesh>
        </group>
      ))}
    </group>
  );
}
