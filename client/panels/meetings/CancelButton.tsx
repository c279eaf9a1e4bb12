import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/meetings.ts';
import { RefusedError } from '../../net/queries.ts';
import { useRefusalText } from '../refusalText.ts';
import { useCancelMeeting } from './meetingQueries.ts';
import { ConfirmButton } from '../../ui/index.ts';

/** Cancel a session, after saying so twice; the outcome (or why not) is told in the list's status line. */
export function CancelButton({ meeting, onDone }: { meeting: MeetingSummary; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const cancel = useCancelMeeting();
  return (
    <ConfirmButton
      label={t('meetings.cancelOf', { title: meeting.title })}
      confirmLabel={t('meetings.confirmCancelOf', { title: meeting.title })}
      keepLabel={t('meetings.keepSession')}
      onConfirm={() =>
        cancel.mutateAsync(meeting.id).then(
          () => onDone(t('meetings.cancelledOk', { title: meeting.title })),
          (error: unknown) => {
            const reason =
              error instanceof RefusedError
                ? refusal(error.refusal, { scope: 'meetings.errors', fallback: t('meetings.errors.invalid_input') })
                : t('meetings.errors.invalid_input');
            onDone(t('meetings.cancelFailed', { reason }));
          },
        )
      }
    />
  );
}
