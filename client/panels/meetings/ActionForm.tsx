import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_MAX, MeetingError, type MeetingMinutes, type MeetingParty } from '../../../shared/meetings.ts';
import type { MeetingView } from '../../net/meetingConnection.ts';
import { useRefusalText } from '../refusalText.ts';
import { useAddAction } from './meetingQueries.ts';
import { Button, Field } from '../../ui/index.ts';

interface Props {
  view: MeetingView;
  minutes: MeetingMinutes;
  /** The agenda item the action item is decided under. */
  index: number;
  onAdded: (minutes: MeetingMinutes) => void;
  personParty: (name: string, party: MeetingParty) => string;
}

/** An action item added to the minutes: what, who owns it (with the party they took part as) and by when. */
export function ActionForm({ view, minutes, index, onAdded, personParty }: Props) {
  const { t } = useTranslation();
  const [action, setAction] = useState({ what: '', ownerId: '', due: '' });
  const [message, setMessage] = useState('');
  const refusal = useRefusalText();
  const add = useAddAction(view.meetingId, {
    onSuccess: (m) => {
      onAdded(m);
      setAction({ what: '', ownerId: '', due: '' });
      setMessage(t('meeting.actionAdded'));
    },
    onError: (error) =>
      setMessage(
        error.refusal.error === MeetingError.invalidOwner
          ? t('meeting.actionOwnerInvalid')
          : refusal(error.refusal, { fallback: t('meeting.actionRefused') }),
      ),
  });
  // Who may own an item, as the hall decides it: the host, the invitees and staff who sat in — also those
  // who came in since the minutes were read (the room notes them as they take a seat).
  const known = new Set(minutes.owners.map((o) => o.id));
  const owners = [
    ...minutes.owners,
    ...view.participants
      .filter((p) => p.present && !known.has(p.id))
      .map((p) => ({ id: p.id, name: p.name, party: p.party })),
  ];

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const owner = owners.find((p) => p.id === action.ownerId);
    if (!owner) return setMessage(t('meeting.actionNeedsOwner'));
    add.mutate({ agendaIndex: index, what: action.what, ownerId: owner.id, party: owner.party, due: action.due });
  }

  return (
    <form onSubmit={onSubmit} className="action-form">
      <Field label={t('meeting.actionWhat')}>
        <input
          maxLength={ACTION_MAX}
          value={action.what}
          onChange={(e) => setAction({ ...action, what: e.target.value })}
        />
      </Field>
      <div className="row">
        <Field label={t('meeting.actionOwner')}>
          <select value={action.ownerId} onChange={(e) => setAction({ ...action, ownerId: e.target.value })}>
            <option value="">—</option>
            {owners.map((p) => (
              <option key={p.id} value={p.id}>
                {personParty(p.name, p.party)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('meeting.actionDue')}>
          <input type="date" value={action.due} onChange={(e) => setAction({ ...action, due: e.target.value })} />
        </Field>
      </div>
      <Button type="submit">{t('meeting.addAction')}</Button>
      <p className="small" role="status">
        {message}
      </p>
    </form>
  );
}
