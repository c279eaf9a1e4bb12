import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../net/meetingConnection.ts';
import { agendaTitle } from './agendaTitle.ts';

/** Where the session stands (planned, under way: which item of how many) and the agenda, the current item marked. */
export function AgendaList({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const current = view.agenda[view.current];
  return (
    <>
      <p role="status">
        <strong>{t(`meetings.status.${view.phase}`)}</strong>
        {view.phase === 'running' && current && (
          <>
            {' · '}
            {t('meeting.itemOf', { n: view.current + 1, total: view.agenda.length, title: agendaTitle(t, current) })}
          </>
        )}
      </p>
      <ol className="agenda small">
        {view.agenda.map((a, i) => (
          <li key={i} aria-current={i === view.current ? 'step' : undefined}>
            {agendaTitle(t, a)}
          </li>
        ))}
      </ol>
    </>
  );
}
