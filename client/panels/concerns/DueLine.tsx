import { useTranslation } from 'react-i18next';
import type { ConcernSummary } from '../../../shared/concerns.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';

/** What is due next on a concern and by when, flagged when it is overdue or falls today. */
export function DueLine({ concern }: { concern: ConcernSummary }) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  const due = concern.due;
  if (!due) return <p className="muted small">{t(`concerns.statuses.${concern.status}`)}</p>;
  return (
    <p className={due.overdue ? 'small concern-overdue' : 'small'}>
      {due.overdue && <strong className="tag tag-overdue">{t('concerns.overdue')}</strong>}
      {!due.overdue && due.today && <strong className="tag">{t('concerns.dueToday')}</strong>}{' '}
      {t(`concerns.due.${due.deadline}`, { time: deadline.by(due.by) })}
    </p>
  );
}
