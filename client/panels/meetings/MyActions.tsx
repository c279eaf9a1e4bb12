import { useTranslation } from 'react-i18next';
import type { MyMeetings } from '../../../shared/meetings.ts';
import { useRefusalText } from '../refusalText.ts';
import { useSetActionStatus } from './meetingQueries.ts';
import { Button } from '../../ui/index.ts';

/** The person's own open action items, from published minutes: marked done here without hunting for them. */
export function MyActions({
  actions,
  onRefused,
}: {
  actions: MyMeetings['actions'];
  onRefused: (message: string) => void;
}) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const setStatus = useSetActionStatus({
    onError: (error) => onRefused(refusal(error.refusal, { fallback: t('meetings.markDoneFailed') })),
  });
  return (
    <>
      <h3>{t('meetings.myActions')}</h3>
      {actions.length === 0 ? (
        <p className="muted small">{t('meetings.myActionsNone')}</p>
      ) : (
        <ul className="plain small my-actions">
          {actions.map((a) => (
            <li key={a.id}>
              {t('meetings.actionLine', { what: a.what, title: a.meetingTitle, due: a.due })}{' '}
              <Button className="small" onClick={() => setStatus.mutate({ id: a.id, status: 'done' })}>
                {t('meetings.markDone', { what: a.what })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
