import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../shared/queue.ts';
import type { VisitSlot } from '../../../shared/visits.ts';
import { Button, Field } from '../../ui/index.ts';
import { useWindow } from './visitWords.ts';

/** The windows a merchant may book, each for one of their open cases (the first unless they choose). */
export function FreeSlots({
  free,
  cases,
  onBook,
}: {
  free: VisitSlot[];
  cases: CaseSummary[];
  onBook: (slot: VisitSlot, caseId: string) => void;
}) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const [caseId, setCaseId] = useState('');
  const chosen = caseId || cases[0]?.id || '';
  return (
    <>
      <h3>{t('visits.free')}</h3>
      {cases.length === 0 ? (
        <p className="muted small">{t('visits.noCases')}</p>
      ) : (
        <Field label={t('visits.forCase')}>
          <select value={chosen} onChange={(e) => setCaseId(e.target.value)}>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} · {c.description.slice(0, 30)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {free.length === 0 ? (
        <p className="muted small">{t('visits.noneFree')}</p>
      ) : (
        <ul className="slots">
          {free.map((s) => (
            <li key={s.id} className="slot">
              <Button disabled={!chosen} onClick={() => onBook(s, chosen)}>
                {t('visits.book', { time: windowOf(s) })}
              </Button>
              <span className="muted small"> {t('visits.officer', { name: s.officer.name })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
