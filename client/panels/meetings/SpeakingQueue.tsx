import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../net/meetingConnection.ts';
import { nameOf } from './tableParts.ts';

/** Who has the floor and the hands raised, in order; changes are read out without taking the focus. */
export function SpeakingQueue({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  return (
    <>
      <p aria-live="polite">
        {view.speaker ? t('meeting.floorTo', { name: nameOf(view, view.speaker) }) : t('meeting.floorOpen')}
      </p>
      <div>
        <h3>{t('meeting.queue')}</h3>
        {view.hands.length === 0 ? (
          <p className="muted small">{t('meeting.queueEmpty')}</p>
        ) : (
          <ol className="speaking-queue">
            {view.hands.map((h) => (
              <li key={h}>{nameOf(view, h)}</li>
            ))}
          </ol>
        )}
        {/* Hands raised and lowered are read out as they change, without taking the focus. */}
        <p className="sr-only" aria-live="polite" aria-atomic="true">
          {view.hands.length
            ? t('meeting.queueLine', {
                names: view.hands.map((h) => nameOf(view, h)).join(t('meetings.listSep')),
              })
            : t('meeting.queueEmpty')}
        </p>
      </div>
    </>
  );
}
