import { useTranslation } from 'react-i18next';
import { plans } from '../../../shared/meetingRules.ts';
import { MeetingIntent } from '../../../shared/meetingRoom.ts';
import { sendMeeting, type MeetingView, type SeatView } from '../../net/meetingConnection.ts';
import { Button } from '../../ui/index.ts';

interface Props {
  view: MeetingView;
  /** Someone else at the table. */
  person: SeatView;
  me: SeatView;
  chair: boolean;
  /** Whether the chair is being asked to confirm removing this person. */
  removing: boolean;
  onRemoving: (asking: boolean) => void;
  /** The host names who chairs with them and who keeps the minutes. */
  onRoles: (coHostIds: string[], secretaryIds: string[]) => void;
}

/** What the chair can do about one person at the table (the floor, muting, removing), and the host their roles. */
export function PersonControls({ view, person: p, me, chair, removing, onRemoving, onRoles }: Props) {
  const { t } = useTranslation();
  const isHost = plans({ hostId: view.host }, me.id);
  const coHosts = view.participants.filter((c) => c.chair && c.id !== view.host).map((c) => c.id);
  const secretaries = view.participants.filter((c) => c.secretary).map((c) => c.id);
  return (
    <>
      {chair && p.present && view.phase === 'running' && (
        <Button className="small" onClick={() => sendMeeting(MeetingIntent.giveFloor, { to: p.id })}>
          {t('meeting.giveFloorShort', { name: p.name })}
        </Button>
      )}
      {chair && !p.chair && (
        <Button className="small" onClick={() => sendMeeting(MeetingIntent.mute, { personId: p.id, muted: !p.muted })}>
          {p.muted ? t('meeting.unmute', { name: p.name }) : t('meeting.mute', { name: p.name })}
        </Button>
      )}
      {chair &&
        !p.chair &&
        (removing ? (
          <Button
            className="small danger"
            onClick={() => {
              sendMeeting(MeetingIntent.remove, { personId: p.id });
              onRemoving(false);
            }}
          >
            {t('meeting.confirmRemove', { name: p.name })}
          </Button>
        ) : (
          <Button className="small" onClick={() => onRemoving(true)}>
            {t('meeting.remove', { name: p.name })}
          </Button>
        ))}
      {isHost && view.phase !== 'ended' && (
        <>
          {p.party !== 'merchant' && (
            <Button
              className="small"
              onClick={() => onRoles(p.chair ? coHosts.filter((c) => c !== p.id) : [...coHosts, p.id], secretaries)}
            >
              {p.chair ? t('meeting.unmakeCoHost', { name: p.name }) : t('meeting.makeCoHost', { name: p.name })}
            </Button>
          )}
          <Button
            className="small"
            onClick={() =>
              onRoles(coHosts, p.secretary ? secretaries.filter((c) => c !== p.id) : [...secretaries, p.id])
            }
          >
            {p.secretary
              ? t('meeting.unmakeSecretary', { name: p.name })
              : t('meeting.makeSecretary', { name: p.name })}
          </Button>
        </>
      )}
    </>
  );
}
