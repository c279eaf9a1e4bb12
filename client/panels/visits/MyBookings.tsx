import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../shared/visits.ts';
import { Button } from '../../ui/index.ts';
import { useWindow } from './visitWords.ts';

/** The merchant's booked windows: each cancelled in a tap until its result is in. */
export function MyBookings({ mine, onCancel }: { mine: VisitSlot[]; onCancel: (slot: VisitSlot) => void }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  return (
    <>
      <h3>{t('visits.mine')}</h3>
      {mine.length === 0 ? (
        <p className="muted small">{t('visits.noneMine')}</p>
      ) : (
        <ul className="slots">
          {mine.map((s) => (
            <li key={s.id} className="slot slot-mine">
              <strong>{windowOf(s)}</strong> · {t('visits.officer', { name: s.officer.name })}
              {s.caseNumber && <div className="small">{t('visits.case', { number: s.caseNumber })}</div>}
              {s.result ? (
                <div className="small">{t('visits.result', { text: s.result })}</div>
              ) : (
                <div className="row">
                  <Button onClick={() => onCancel(s)}>{t('visits.cancel')}</Button>
                  <span className="muted small">{t('visits.change')}</span>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
