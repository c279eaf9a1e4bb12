import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAST_DAYS, type MeetingSummary, type MyMeetings } from '../../../shared/meetings.ts';
import { useMyMeetings } from './meetingQueries.ts';
import { MyActions } from './MyActions.tsx';
import type { Plan } from './scheduleForm.ts';
import { ScheduleForm } from './ScheduleForm.tsx';
import { SessionItem } from './SessionItem.tsx';
import { useNow } from './useNow.ts';
import { Button, focusAfter, focusIsLost } from '../../ui/index.ts';

const NOTHING_YET: MyMeetings = { meetings: [], past: [], actions: [], zone: 'Asia/Shanghai' };

/**
 * "My meetings" for everyone concerned, and for park managers the planning of sessions: who is invited by
 * party, the agenda, changes and cancellation, which reach every invitee at once. Ended sessions stay listed
 * (most recent first), so their published minutes and action items remain within reach.
 */
export function MeetingsPanel({ canSchedule }: { canSchedule: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const mine = useMyMeetings(open).data ?? NOTHING_YET;
  const [plan, setPlan] = useState<Plan | null>(null);
  const [message, setMessage] = useState('');
  const now = useNow(30_000);
  // Where the focus goes after planning: to the list that now holds the session once saved (or that lost one,
  // cancelled, if the pressed button went with it), back to "plan a session" when the form is put away.
  const listHeading = useRef<HTMLHeadingElement>(null);
  const planButton = useRef<HTMLButtonElement>(null);
  const told = (text: string) => {
    setMessage(text);
    focusAfter(() => (focusIsLost() ? listHeading.current : null));
  };
  const item = (m: MeetingSummary) => (
    <SessionItem key={m.id} m={m} now={now} canSchedule={canSchedule} onPlan={setPlan} onMessage={told} />
  );
  return (
    <details className="card meetings" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('meetings.heading')}</h2>
      </summary>
      <h3 ref={listHeading} tabIndex={-1}>
        {t('meetings.mine')}
      </h3>
      {mine.meetings.length === 0 && <p className="muted small">{t('meetings.none')}</p>}
      <p role="status" className="small">
        {message}
      </p>
      <ul className="meeting-list">{mine.meetings.map(item)}</ul>
      <MyActions actions={mine.actions} onRefused={setMessage} />
      <h3>{t('meetings.past')}</h3>
      {mine.past.length === 0 ? (
        <p className="muted small">{t('meetings.pastNone', { count: PAST_DAYS })}</p>
      ) : (
        <ul className="meeting-list past">{mine.past.map(item)}</ul>
      )}
      {canSchedule &&
        (plan ? (
          <>
            <ScheduleForm
              key={plan.kind === 'new' ? 'new' : `${plan.kind}-${plan.meeting.id}`}
              plan={plan}
              zone={mine.zone}
              onDone={() => {
                setPlan(null);
                focusAfter(() => listHeading.current);
              }}
            />
            <Button
              onClick={() => {
                setPlan(null);
                focusAfter(() => planButton.current);
              }}
            >
              {t('meetings.cancelEdit')}
            </Button>
          </>
        ) : (
          <Button ref={planButton} className="primary" onClick={() => setPlan({ kind: 'new' })}>
            {t('meetings.schedule')}
          </Button>
        ))}
    </details>
  );
}
