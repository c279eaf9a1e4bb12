import { useTranslation } from 'react-i18next';
import type { FilingView } from '../../../shared/filing.ts';
import { FollowUpItems } from '../filings/FollowUpItems.tsx';

/** The states of one's filings, what was asked, and the way back into the form when changes are asked. */
export function MyFilings({ filings, onEdit }: { filings: FilingView[]; onEdit: (f: FilingView) => void }) {
  const { t } = useTranslation();
  if (filings.length === 0) return <p className="muted small">{t('filing.none')}</p>;
  return (
    <ul className="filings">
      {filings.map((f) => (
        <li key={f.id} className={`filing filing-${f.state}`}>
          <p>
            <strong>{f.form.signText}</strong> · {f.caseNumber}
          </p>
          <p>{t('filing.state', { state: t(`filing.states.${f.state}`) })}</p>
          {f.state === 'changesRequested' && (
            <>
              <p className="small">{t('filing.changes')}</p>
              <ol className="small">
                {f.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
              <button type="button" className="primary" onClick={() => onEdit(f)}>
                {t('filing.edit')}
              </button>
            </>
          )}
          {f.state === 'visitBooked' && <p className="small">{t('filing.visitBooked')}</p>}
          <FollowUpItems filing={f} as="merchant" />
        </li>
      ))}
    </ul>
  );
}
