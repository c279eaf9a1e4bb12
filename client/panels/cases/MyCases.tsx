import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueue } from '../../net/queueStore.ts';
import { Button } from '../../ui/index.ts';
import { CaseItem } from './CaseItem.tsx';
import { useMyCases } from './caseQueries.ts';
import { MyConcerns } from '../concerns/MyConcerns.tsx';

/** A merchant's cases (办件), with what was said, what to do, and the rating form once served. */
export function MyCases() {
  const { t } = useTranslation();
  const toRate = useQueue((s) => s.toRate);
  const [open, setOpen] = useState(false);
  // A case just served is loaded before the merchant opens the list, so its rating form is there at once.
  const cases = useMyCases(open || toRate.length > 0);
  const list = cases.data;

  const prompt = toRate.at(-1);
  return (
    <div className="my-cases-wrap">
      {prompt && !open && (
        <p className="card rate-prompt" role="status">
          {t('cases.ratePrompt', { number: prompt.number })}{' '}
          <Button className="primary" onClick={() => setOpen(true)}>
            {t('cases.rateNow')}
          </Button>
        </p>
      )}
      <details className="card my-cases" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h2 className="summary-heading">{t('cases.heading')}</h2>
        </summary>
        <Button className="small" busy={cases.isFetching} onClick={() => void cases.refetch()}>
          {t('cases.refresh')}
        </Button>
        {cases.isError && <p className="field-error">{t('cases.loadFailed')}</p>}
        {list && list.cases.length === 0 && <p className="muted small">{t('cases.none')}</p>}
        {list && list.cases.length > 0 && (
          <ul className="cases">
            {list.cases.map((c) => (
              <CaseItem key={c.id} summary={c} zone={list.zone} startOpen={toRate.some((r) => r.caseId === c.id)} />
            ))}
          </ul>
        )}
        <MyConcerns open={open} />
      </details>
    </div>
  );
}
