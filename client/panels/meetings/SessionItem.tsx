import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../../net/layoutStore.ts';
import { mayContinueSeries, plans } from '../../../shared/meetingRules.ts';
import { PARTIES, type MeetingSummary } from '../../../shared/meetings.ts';
import { enterMeeting } from '../../net/meetingConnection.ts';
import { useSession } from '../../net/session.ts';
import { walkTo } from '../../net/walk.ts';
import { useLabels } from '../labels.ts';
import { agendaTitle } from './agendaTitle.ts';
import { CancelButton } from './CancelButton.tsx';
import { openMinutesSheet } from './minutesSheet.ts';
import type { Plan } from './scheduleForm.ts';
import { Button } from '../../ui/index.ts';

interface Props {
  m: MeetingSummary;
  now: number;
  canSchedule: boolean;
  onPlan: (plan: Plan) => void;
  onMessage: (message: string) => void;
}

/** One session in "My meetings": when, who chairs, the agenda, who takes part, and what can be done with it. */
export function SessionItem({ m, now, canSchedule, onPlan, onMessage }: Props) {
  const layout = useHallLayout();
  const { t } = useTranslation();
  const { time } = useLabels();
  const token = useSession((s) => s.token);
  const me = useSession((s) => s.me);
  const live = m.status === 'scheduled' || m.status === 'running';
  const doorOpen = live && Date.parse(m.opensAt) <= now;
  const door = layout.places.find((p) => p.id === 'meeting');
  // Continuing the series is for whoever chairs a session of it (the server checks the same rule).
  const continues = Boolean(me) && mayContinueSeries([m], me!.id);
  const parties = PARTIES.map((party) => {
    const names = m.invitees.filter((i) => i.party === party).map((i) => i.name);
    return names.length
      ? t('meetings.partyNames', { party: t(`meetings.parties.${party}`), names: names.join(t('meetings.listSep')) })
      : '';
  }).filter(Boolean);
  return (
    <li className={`meeting meeting-${m.status}`}>
      <p>
        <strong>{m.title}</strong> · {t(`meetings.status.${m.status}`)}
      </p>
      <p className="small">
        {t('meetings.when', { time: time(m.startsAt), minutes: m.minutes })} ·{' '}
        {t('meetings.host', { name: m.hostName })}
      </p>
      {m.agenda.length > 0 && (
        <ol className="small">
          {m.agenda.map((a, i) => (
            <li key={i}>{agendaTitle(t, a)}</li>
          ))}
        </ol>
      )}
      <p className="small">{parties.join('  ')}</p>
      {live &&
        (doorOpen ? (
          <Button
            className="primary"
            onClick={() => {
              // The avatar heads for the meeting room's door in the hall; the person sits at the table.
              if (door) walkTo(door.x, door.z);
              if (me) void enterMeeting(m.id, me.id, m);
            }}
          >
            {t('meetings.doorOf', { title: m.title })}
          </Button>
        ) : (
          <p className="muted small">{t('meetings.doorOpens', { time: time(m.opensAt) })}</p>
        ))}
      {m.status === 'ended' && (
        <Button
          onClick={() =>
            void (token && openMinutesSheet(token, m.id).then((ok) => ok || onMessage(t('meeting.minutesNotReady'))))
          }
        >
          {t('meetings.readMinutesOf', { title: m.title })}
        </Button>
      )}
      {canSchedule && (
        <div className="row">
          {m.status === 'scheduled' && me && plans(m, me.id) && (
            <>
              <Button onClick={() => onPlan({ kind: 'edit', meeting: m })}>
                {t('meetings.editOf', { title: m.title })}
              </Button>
              <CancelButton meeting={m} onDone={onMessage} />
            </>
          )}
          {continues && m.status !== 'cancelled' && (
            <Button onClick={() => onPlan({ kind: 'next', meeting: m })}>
              {t('meetings.nextInSeries', { title: m.title })}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
