import { useTranslation } from 'react-i18next';
import { enterMeeting } from '../../net/meetingConnection.ts';
import { useSession } from '../../net/session.ts';
import { useLabels } from '../labels.ts';
import { useBoardMeetings } from './useBoardMeetings.ts';
import { useNow } from './useNow.ts';
import { Button } from '../../ui/index.ts';

/** The notice board as a plain list. */
export function NoticeBoardPanel() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const meetings = useBoardMeetings();
  const me = useSession((s) => s.me);
  // Station staff may sit in on any session once its door opens (in a spare seat of their party).
  const now = useNow(30_000);
  const staff = me?.kind === 'staff';
  return (
    <details className="card notice-board">
      <summary>
        <h2 className="summary-heading">{t('meetings.boardHeading')}</h2>
      </summary>
      {meetings.length === 0 ? (
        <p className="muted small">{t('meetings.boardNone')}</p>
      ) : (
        <ul className="small">
          {meetings.map((m) => (
            <li key={m.id}>
              <strong>{t('meetings.heading')}</strong>
              {t('meetings.colon')}
              {m.title} · {t('meetings.when', { time: time(m.startsAt), minutes: m.minutes })}
              {staff && me && Date.parse(m.opensAt) <= now && (
                <Button className="small" onClick={() => void enterMeeting(m.id, me.id, m)}>
                  {t('meetings.sitIn', { title: m.title })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
