import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilingDetail } from './FilingDetail.tsx';
import { FollowUpFlags } from './FollowUpFlags.tsx';
import { useFilingsToReview } from './filingQueries.ts';

/** An officer's list of sign filings, newest steps announced live, each reviewable step by step. */
export function FilingReview() {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const filings = useFilingsToReview(open).data?.filings ?? [];
  return (
    <details className="card filing-review" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('review.heading')}</h2>
      </summary>
      {filings.length === 0 && <p className="muted small">{t('review.none')}</p>}
      <ul className="filings">
        {filings.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              aria-expanded={selected === f.id}
              onClick={() => setSelected(selected === f.id ? null : f.id)}
            >
              {f.form.shopName} · {f.form.signText} · {t(`filing.states.${f.state}`)}
              <FollowUpFlags items={f.followUp} />
            </button>
            {/* A new state starts the review afresh: the changes typed for the old one do not carry over. */}
            {selected === f.id && <FilingDetail key={`${f.id}-${f.state}`} filing={f} />}
          </li>
        ))}
      </ul>
    </details>
  );
}
