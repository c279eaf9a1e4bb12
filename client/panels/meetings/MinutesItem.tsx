import { useTranslation } from 'react-i18next';
import { MINUTES_TEXT_MAX, type MeetingMinutes } from '../../../shared/meetings.ts';
import { Field } from '../../ui/index.ts';
import { MinutesClash } from './MinutesClash.tsx';
import { useMinutesAutosave } from './useMinutesAutosave.ts';

/**
 * The minutes of one agenda item, saved as they are typed (see useMinutesAutosave): the notes, the
 * decisions, how the last save went, and the other writer's text when a save met it.
 */
export function MinutesItem(props: {
  meetingId: string;
  index: number;
  initial: { text: string; decisions: string[]; version: string };
  onSaved: (minutes: MeetingMinutes) => void;
}) {
  const { t } = useTranslation();
  const item = useMinutesAutosave(props);
  return (
    <div className="minutes-item">
      <Field label={t('meeting.minutesText')}>
        <textarea
          rows={4}
          maxLength={MINUTES_TEXT_MAX}
          value={item.text}
          onChange={(e) => item.setText(e.target.value)}
        />
      </Field>
      <Field label={t('meeting.decisions')}>
        <textarea rows={2} value={item.decisions} onChange={(e) => item.setDecisions(e.target.value)} />
      </Field>
      <p className="small muted" role="status">
        {item.saving === 'idle'
          ? ''
          : item.saving === 'failed' && item.failure
            ? item.failure
            : t(`meeting.save.${item.saving}`)}
      </p>
      {item.clash && <MinutesClash clash={item.clash} onKeepMine={item.keepMine} onTakeTheirs={item.takeTheirs} />}
    </div>
  );
}
