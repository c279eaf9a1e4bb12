import { useTranslation } from 'react-i18next';
import { Reason } from '../../shared/protocol.ts';
import { isTrouble, useConnection, useNotices } from '../net/stores.ts';
import { useSession } from '../net/session.ts';
import { enterHall } from '../net/hallConnection.ts';
import { useMeeting } from '../net/meetingConnection.ts';

/**
 * Says, in words, when the hall cannot be reached, and that it is back; while the hall is full, that the
 * merchant is following the queue from the line and will be taken in when there is room; and, at a meeting
 * table, that the meeting room is being reached again (at the top of the screen, where a phone's bottom sheet
 * cannot hide it). One live region that is always there, so screen readers announce each change of its text.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const recovered = useConnection((s) => s.recovered);
  const meetingLost = useMeeting((s) => s.status === 'reconnecting');
  const token = useSession((s) => s.token);
  const trouble = isTrouble(status);
  const inLine = status === 'line';
  const text =
    (trouble || inLine) && status !== 'idle' && status !== 'connected'
      ? t(`status.${status}`)
      : recovered
        ? t('status.reconnected')
        : '';
  const kind = trouble || inLine ? status : meetingLost ? 'reconnecting' : 'ok';
  return (
    <div role="alert" className={text || meetingLost ? `banner banner-${kind}` : 'sr-only'}>
      {text && <span>{text}</span>}
      {meetingLost && <span>{t('meeting.reconnectingBanner')}</span>}
      {inLine && token && (
        <button
          type="button"
          onClick={() =>
            void enterHall(token).then(() => {
              // Asked in person: say so when the hall is still full (the line carries on).
              if (useConnection.getState().status === 'line') useNotices.getState().push(Reason.hallFull);
            })
          }
        >
          {t('status.retryHall')}
        </button>
      )}
      {(status === 'lost' || status === 'full') && token && (
        <button type="button" onClick={() => void enterHall(token)}>
          {t('status.retry')}
        </button>
      )}
    </div>
  );
}
