import { useTranslation } from 'react-i18next';
import { FilingState } from '../../../shared/filing.ts';
import type { CaseDetail } from '../../../shared/queue.ts';
import { isCode } from '../../i18n/codes.ts';
import { FilingFollowUpOf } from '../filings/FilingFollowUpOf.tsx';

/** The sign filings made under a case: where each stands, what is asked and by when. */
export function CaseFilings({ filings }: { filings: CaseDetail['filings'] }) {
  const { t } = useTranslation();
  return filings.map((f) => (
    <div key={f.id}>
      <h3>{t('filing.heading')}</h3>
      <p>
        {f.signText} · {isCode(FilingState, f.state) ? t(`filing.states.${f.state}`) : f.state}
      </p>
      {f.state !== FilingState.acceptedWithItems && f.items.length > 0 && (
        <ol className="small">
          {f.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ol>
      )}
      {/* Items to follow, each with its due date and state, handed in from here. */}
      <FilingFollowUpOf id={f.id} />
    </div>
  ));
}
