import { useTranslation } from 'react-i18next';
import { hasWords } from '../../i18n/codes.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { useMeeting } from '../../net/meetingConnection.ts';

/** Why the person is not (or no longer) at the table: turned away at the door, shown out, or cut off. */
export function RefusalNote() {
  const { t } = useTranslation();
  const refusal = useMeeting((s) => s.refusal);
  const openMinutes = useMeeting((s) => s.openMinutes);
  return (
    <p role="alert" className="warn">
      {refusal === 'not_open'
        ? openMinutes === null
          ? t('meeting.reasons.not_open_later')
          : t('meeting.notOpenWithin', { count: openMinutes })
        : t(`meeting.reasons.${hasWords(zhCN.meeting.reasons, refusal) ? refusal : 'lost'}`)}
    </p>
  );
}
