import { useTranslation } from 'react-i18next';
import { useSession } from '../../net/session.ts';
import { useNotices } from '../../net/stores.ts';
import { openMinutesSheet } from './minutesSheet.ts';
import { Button } from '../../ui/index.ts';

/** The session is over: its minutes are published, a button away. */
export function EndedNote({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  return (
    <p>
      {t('meeting.published')}{' '}
      <Button
        className="primary"
        onClick={() =>
          token &&
          void openMinutesSheet(token, meetingId).then(
            (ok) => ok || useNotices.getState().tell('meeting.minutesNotReady'),
          )
        }
      >
        {t('meeting.readMinutes')}
      </Button>
    </p>
  );
}
