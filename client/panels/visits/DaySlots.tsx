import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../shared/visits.ts';
import { visitsApi } from '../../net/visitsApi.ts';
import { Button, FormError } from '../../ui/index.ts';
import { ResultForm } from './ResultForm.tsx';
import { useVisitChange } from './visitQueries.ts';
import { useVisitError, useWindow } from './visitWords.ts';

/** One day of an officer's windows: who booked each and for which case, its result or the form to record it. */
export function DaySlots({ slots }: { slots: VisitSlot[] }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const errorText = useVisitError();
  const cancel = useVisitChange((token, slot: VisitSlot) => visitsApi.cancel(token, slot.id));
  if (slots.length === 0) return <p className="muted small">{t('visits.noneDay')}</p>;
  return (
    <>
      <ul className="slots">
        {slots.map((s) => (
          <li key={s.id} className={`slot ${s.booked ? 'slot-mine' : ''}`}>
            <strong>{windowOf(s)}</strong> · {s.merchant ? t('visits.bookedBy', s.merchant) : t('visits.freeSlot')}
            {s.caseNumber && <div className="small">{t('visits.case', { number: s.caseNumber })}</div>}
            {s.result && <div className="small">{t('visits.result', { text: s.result })}</div>}
            {s.booked && !s.result && (
              <>
                <ResultForm slot={s} />
                <Button onClick={() => cancel.mutate(s)}>{t('visits.cancel')}</Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <FormError message={cancel.error && errorText(cancel.error.refusal)} />
    </>
  );
}
