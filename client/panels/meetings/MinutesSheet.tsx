import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { leaveIfOver } from '../../net/meetingConnection.ts';
import { meetingsApi } from '../../net/meetingsApi.ts';
import { useSession } from '../../net/session.ts';
import { useNotices } from '../../net/stores.ts';
import { useLabels } from '../labels.ts';
import { usePrintPage } from '../printPage.ts';
import { useMinutesSheet } from './minutesSheet.ts';
import { Attendees } from './Attendees.tsx';
import { SheetTopic } from './SheetTopic.tsx';
import { Button } from '../../ui/index.ts';

/** Published minutes: on screen as a page of their own, on paper as a clean A4 sheet; Markdown to take away. */
export function MinutesSheet() {
  const { t } = useTranslation();
  const { time, lang } = useLabels();
  const sheet = useMinutesSheet((s) => s.sheet);
  const show = useMinutesSheet((s) => s.show);
  const token = useSession((s) => s.token);
  /** Action items marked done or open here, shown at once (put back if the hall says no). */
  const [marked, setMarked] = useState<Record<string, 'open' | 'done'>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  usePrintPage(Boolean(sheet));
  useEffect(() => {
    heading.current?.focus(); // the sheet is a page of its own: reading starts at its title
  }, [sheet]);
  if (!sheet) return null;
  const { meeting, minutes } = sheet;
  return (
    <article className="print-sheet minutes-sheet" aria-labelledby="minutes-title">
      <div className="print-actions row">
        <Button className="primary" onClick={() => window.print()}>
          {t('meeting.print')}
        </Button>
        <Button
          onClick={() =>
            token &&
            void meetingsApi
              .downloadMarkdown(token, minutes.meetingId, meeting.title, lang)
              .then((r) => r.ok || useNotices.getState().tell('meeting.exportFailed'))
          }
        >
          {t('meeting.exportMarkdown')}
        </Button>
        <Button
          onClick={() => {
            show(null);
            // Read at the end of a session: back means the hall, not the table everyone has left.
            void leaveIfOver();
          }}
        >
          {t('guidance.back')}
        </Button>
      </div>
      <header>
        <h1 id="minutes-title" ref={heading} tabIndex={-1}>
          {t('meeting.minutesTitleOf', { title: meeting.title })}
        </h1>
        <p>
          {t('meeting.heldAt', { time: time(meeting.startsAt) })} · {t('meetings.host', { name: meeting.hostName })}
        </p>
        {minutes.publishedAt && <p>{t('meeting.publishedAt', { time: time(minutes.publishedAt) })}</p>}
        <Attendees attendees={minutes.attendees} />
      </header>
      {minutes.items.map((item) => (
        <SheetTopic
          key={item.agendaIndex}
          meeting={meeting}
          item={item}
          actions={minutes.actions.filter((a) => a.agendaIndex === item.agendaIndex)}
          marked={marked}
          onMark={(id, status) => setMarked((s) => ({ ...s, [id]: status }))}
        />
      ))}
    </article>
  );
}
