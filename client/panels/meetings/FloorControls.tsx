import { useTranslation } from 'react-i18next';
import { MeetingIntent } from '../../../shared/meetingRoom.ts';
import { sendMeeting, type MeetingView, type SeatView } from '../../net/meetingConnection.ts';
import { Button } from '../../ui/index.ts';

/** Raise or lower a hand, end one's turn: what every participant can do. */
export function FloorControls({ view, me }: { view: MeetingView; me: SeatView }) {
  const { t } = useTranslation();
  const raised = view.hands.includes(me.id);
  const running = view.phase === 'running';
  return (
    <div className="row">
      <Button
        className={raised ? '' : 'primary'}
        disabled={!running || view.speaker === me.id}
        onClick={() => sendMeeting(raised ? MeetingIntent.lowerHand : MeetingIntent.raiseHand)}
      >
        {raised ? t('meeting.lowerHand') : t('meeting.raiseHand')}
      </Button>
      {view.speaker === me.id && (
        <Button onClick={() => sendMeeting(MeetingIntent.endTurn)}>{t('meeting.endTurn')}</Button>
      )}
    </div>
  );
}
