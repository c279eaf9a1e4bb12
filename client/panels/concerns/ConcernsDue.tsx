import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConcernSummary } from '../../../shared/concerns.ts';
import { FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { ConcernRow } from './ConcernRow.tsx';
import { useOpenConcerns } from './concernQueries.ts';

/**
 * 诉求 for the staff on duty: the open concerns, most urgent first as the hall sorts them, overdue ones
 * flagged — counted on the card's title too, so they show while it is folded. Each opens to its record and,
 * for officers, what to do next. Loaded while folded as well: the count is for everyone on duty.
 */
export function ConcernsDue() {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const [open, setOpen] = useState(false);
  // The concern opened stays where it is once answered and gone from the open list, so its result is still read.
  const [selected, setSelected] = useState<ConcernSummary | null>(null);
  const list = useOpenConcerns(true);
  const concerns = list.data?.concerns ?? [];
  const shown = selected && !concerns.some((c) => c.id === selected.id) ? [...concerns, selected] : concerns;
  const overdue = concerns.filter((c) => c.due?.overdue).length;
  return (
    <details className="card concerns-due" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">
          {t('concerns.dueHeading', { count: concerns.length })}
          {overdue > 0 && <span className="tag tag-overdue">{t('concerns.overdueCount', { count: overdue })}</span>}
        </h2>
      </summary>
      <FormError message={list.error && refusal(list.error.refusal, { scope: 'concerns.refused' })} />
      {list.data && shown.length === 0 && <p className="muted small">{t('concerns.dueNone')}</p>}
      <ul className="concerns">
        {shown.map((c) => (
          <ConcernRow
            key={c.id}
            summary={c}
            open={selected?.id === c.id}
            onToggle={() => setSelected(selected?.id === c.id ? null : c)}
          />
        ))}
      </ul>
    </details>
  );
}
