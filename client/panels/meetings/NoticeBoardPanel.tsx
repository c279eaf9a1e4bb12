import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoticeList } from '../notices/NoticeList.tsx';
import { useBoardNotices } from '../notices/noticeQueries.ts';
import { useNoticeListOpener } from '../notices/noticeListOpener.ts';
import { enterMeeting } from '../../net/meetingConnection.ts';
import { useSession } from '../../net/session.ts';
import { useLabels } from '../labels.ts';
import { useBoardMeetings } from './useBoardMeetings.ts';
import { useNow } from './useNow.ts';
import { Button, focusOn } from '../../ui/index.ts';

/**
 * The notice board as a plain list: the station's notices in full (with how many this person has not read on
 * its summary, and the form for officers), then the upcoming sessions. A tap on the 3D board opens it.
 */
export function NoticeBoardPanel() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const meetings = useBoardMeetings();
  const me = useSession((s) => s.me);
  // Station staff may sit in on any session once its door opens (in a spare seat of their party).
  const now = useNow(30_000);
  const staff = me?.kind === 'staff';
  const keeper = me?.kind === 'staff' && (me.role === 'officer' || me.role === 'admin');
  const [open, setOpen] = useState(false);
  const unread = useBoardNotices().notices.filter((n) => !n.read).length;
  const details = useRef<HTMLDetailsElement>(null);
  const asked = useNoticeListOpener((s) => s.asked);
  useEffect(() => {
    const el = details.current;
    if (!asked || !el) return;
    el.open = true;
    el.scrollIntoView({ block: 'nearest' });
    focusOn(el.querySelector('summary'));
  }, [asked]);
  return (
    <details ref={details} className="card notice-board" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('meetings.boardHeading')}</h2>
        {unread > 0 && <span className="badge">{t('boardNotices.unread', { count: unread })}</span>}
      </summary>
      <h3 className="small">{t('boardNotices.heading')}</h3>
      {open && <NoticeList keeper={keeper} />}
      <h3 className="small">{t('meetings.heading')}</h3>
      {meetings.length === 0 ? (
        <p className="muted small">{t('boardNotices.noSessions')}</p>
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
