import { useTranslation } from 'react-i18next';
import { useQueue } from '../../net/queueStore.ts';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { useMyGuidance } from './caseQueries.ts';

/** Renovation guidance sheets kept with a case, each with its print view. */
export function CaseSheets({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const print = useQueue((s) => s.print);
  const sheets = useMyGuidance(true).data?.guidance.filter((g) => g.caseId === caseId) ?? [];
  if (sheets.length === 0) return null;
  return (
    <>
      <h3>{t('guidance.sheets')}</h3>
      <ul className="small">
        {sheets.map((g) => (
          <li key={g.id}>
            {time(g.createdAt)} ·{' '}
            {g.confirmedBy
              ? t('guidance.confirmed', { name: g.confirmedBy, time: time(g.confirmedAt!) })
              : t('guidance.pending')}{' '}
            <Button onClick={() => print(g)}>{t('guidance.printView')}</Button>
          </li>
        ))}
      </ul>
    </>
  );
}
