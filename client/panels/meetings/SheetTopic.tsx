import { useTranslation } from 'react-i18next';
import { mayUpdateAction } from '../../../shared/meetingRules.ts';
import type { MeetingMinutes, MeetingSummary } from '../../../shared/meetings.ts';
import { useSession } from '../../net/session.ts';
import { useNotices } from '../../net/stores.ts';
import { useRefusalText } from '../refusalText.ts';
import { agendaTitle } from './agendaTitle.ts';
import { useSetActionStatus } from './meetingQueries.ts';

type Action = MeetingMinutes['actions'][number];
type Status = Action['status'];

interface Props {
  meeting: MeetingSummary;
  item: MeetingMinutes['items'][number];
  actions: Action[];
  /** Action items marked here since the sheet was opened. */
  marked: Record<string, Status>;
  onMark: (id: string, status: Status) => void;
}

/** One agenda item of the published minutes: the notes, the decisions, and the action items to mark done. */
export function SheetTopic({ meeting, item, actions, marked, onMark }: Props) {
  const { t } = useTranslation();
  const me = useSession((s) => s.me);
  const refusal = useRefusalText();
  const setStatus = useSetActionStatus();
  const statusOf = (a: Action) => marked[a.id] ?? a.status;
  // The owner of an item, or whoever chaired the session, marks it done (the server checks the same).
  const mayUpdate = (ownerId: string) => Boolean(me) && mayUpdateAction(meeting, { ownerId }, me!.id);
  const toggle = (a: Action) => {
    const before = statusOf(a);
    const next = before === 'done' ? 'open' : 'done';
    // Shown at once; put back if the hall says no.
    onMark(a.id, next);
    setStatus.mutate(
      { id: a.id, status: next },
      {
        onError: (error) => {
          onMark(a.id, before);
          const text = refusal(error.refusal, { fallback: t('meetings.markDoneFailed') });
          useNotices.getState().tell('refusals.asNotice', { text });
        },
      },
    );
  };
  return (
    <section className="sheet-topic">
      <h2>
        {item.agendaIndex + 1}. {agendaTitle(t, item)}
      </h2>
      {item.text ? <p className="minutes-text">{item.text}</p> : <p className="muted">{t('meeting.noNotes')}</p>}
      {item.decisions.length > 0 && (
        <>
          <h3>{t('meeting.decisionsHeading')}</h3>
          <ul>
            {item.decisions.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </>
      )}
      {actions.length > 0 && (
        <>
          <h3>{t('meeting.actions')}</h3>
          <ul className="plain">
            {actions.map((a) => (
              <li key={a.id}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={statusOf(a) === 'done'}
                    disabled={!mayUpdate(a.ownerId)}
                    onChange={() => toggle(a)}
                  />
                  {a.what} · {t('meeting.personParty', { name: a.ownerName, party: t(`meetings.parties.${a.party}`) })}{' '}
                  · {t('meeting.due', { date: a.due })} · {t(`meeting.actionStatus.${statusOf(a)}`)}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
