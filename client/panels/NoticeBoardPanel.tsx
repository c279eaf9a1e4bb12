import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicMeeting } from '../../shared/meetings.ts';
import { meetingsApi } from '../net/meetingsApi.ts';
import { enterMeeting } from '../net/meetingConnection.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { useLabels } from './labels.ts';

/** The upcoming sessions, as the notice board shows them to everyone: what and when. */
export function useBoardMeetings(): PublicMeeting[] {
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.meetingsVersion);
  const [meetings, setMeetings] = useState<PublicMeeting[]>([]);
  useEffect(() => {
    if (!token) return;
    let live = true;
    const load = () => void meetingsApi.board(token).then((r) => live && r.ok && setMeetings(r.value.meetings));
    load();
    // Those not invited hear of no change, so the board looks again every minute.
    const timer = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token, version]);
  return meetings;
}

/** The notice board as a plain list. */
export function NoticeBoardPanel() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const meetings = useBoardMeetings();
  const me = useSession((s) => s.me);
  // Station staff may sit in on any session once its door opens (in a spare seat of their party).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const staff = me?.kind === 'staff';
  return (
    <details className="card notice-board">
      <summary>{t('meetings.boardHeading')}</summary>
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
                <button type="button" className="small" onClick={() => void enterMeeting(m.id, me.id, m)}>
                  {t('meetings.sitIn', { title: m.title })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
