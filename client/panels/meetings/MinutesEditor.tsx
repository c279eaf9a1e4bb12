import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingMinutes } from '../../../shared/meetings.ts';
import type { MeetingView } from '../../net/meetingConnection.ts';
import { queryClient } from '../../net/queries.ts';
import { Field } from '../../ui/index.ts';
import { ActionForm } from './ActionForm.tsx';
import { agendaTitle } from './agendaTitle.ts';
import { meetingKeys, useMinutesFor } from './meetingQueries.ts';
import { MinutesItem } from './MinutesItem.tsx';

/** The chair's or secretary's minutes: per agenda item, with decisions and action items. */
export function MinutesEditor({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<number | null>(null);
  const heading = useId();
  const index = chosen ?? Math.max(0, view.current);
  const read = useMinutesFor(view.meetingId, index);
  const minutes = read.data;
  if (!minutes) return <p className="muted small">{t('meeting.loadingMinutes')}</p>;
  const item = minutes.items[index];
  const saved = (m: MeetingMinutes) => queryClient.setQueryData(meetingKeys.minutesFor(view.meetingId, index), m);
  const personParty = (name: string, party: MeetingMinutes['owners'][number]['party']) =>
    t('meeting.personParty', { name, party: t(`meetings.parties.${party}`) });

  return (
    <section className="minutes-editor" aria-labelledby={heading}>
      <h3 id={heading}>{t('meeting.minutes')}</h3>
      <Field label={t('meeting.minutesFor')}>
        <select value={index} onChange={(e) => setChosen(Number(e.target.value))}>
          {minutes.items.map((it) => (
            <option key={it.agendaIndex} value={it.agendaIndex}>
              {it.agendaIndex + 1}. {agendaTitle(t, it)}
            </option>
          ))}
        </select>
      </Field>
      {/* The text box starts from what the hall has for this item: shown once it is read afresh. */}
      {item && !read.isPlaceholderData && (
        <MinutesItem
          key={`${view.meetingId}-${index}`}
          meetingId={view.meetingId}
          index={index}
          initial={item}
          onSaved={saved}
        />
      )}
      <h4>{t('meeting.actions')}</h4>
      <ul className="plain small">
        {minutes.actions
          .filter((a) => a.agendaIndex === index)
          .map((a) => (
            <li key={a.id}>
              {a.what} · {personParty(a.ownerName, a.party)} · {a.due}
            </li>
          ))}
      </ul>
      <ActionForm view={view} minutes={minutes} index={index} onAdded={saved} personParty={personParty} />
    </section>
  );
}
