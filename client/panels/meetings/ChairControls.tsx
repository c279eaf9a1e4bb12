import { useTranslation } from 'react-i18next';
import { MeetingIntent } from '../../../shared/meetingRoom.ts';
import { sendMeeting, type MeetingView } from '../../net/meetingConnection.ts';
import { nameOf } from './tableParts.ts';
import { saveAllMinutes } from './unsavedMinutes.ts';
import { Button, ConfirmButton } from '../../ui/index.ts';

/** The chair's controls: start, next item, give the floor, end. */
export function ChairControls({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  if (view.phase === 'scheduled') {
    return (
      <div className="row">
        <Button className="primary" onClick={() => sendMeeting(MeetingIntent.start)}>
          {t('meeting.start')}
        </Button>
      </div>
    );
  }
  if (view.phase !== 'running') return null;
  const last = view.current >= view.agenda.length - 1;
  return (
    <div className="row chair-controls" role="group" aria-label={t('meeting.chairControls')}>
      <Button
        className="primary"
        disabled={view.hands.length === 0}
        onClick={() => sendMeeting(MeetingIntent.giveFloor, {})}
      >
        {view.hands[0] ? t('meeting.giveFloorTo', { name: nameOf(view, view.hands[0]) }) : t('meeting.noHands')}
      </Button>
      {view.speaker && (
        <Button onClick={() => sendMeeting(MeetingIntent.endTurn)}>{t('meeting.endSpeakerTurn')}</Button>
      )}
      <Button disabled={last} onClick={() => sendMeeting(MeetingIntent.nextItem)}>
        {t('meeting.nextItem')}
      </Button>
      <ConfirmButton
        label={t('meeting.end')}
        confirmLabel={t('meeting.confirmEnd')}
        keepLabel={t('meeting.keepGoing')}
        onConfirm={() => saveAllMinutes().then(() => sendMeeting(MeetingIntent.end))}
      />
    </div>
  );
}
