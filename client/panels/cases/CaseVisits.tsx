import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../shared/queue.ts';
import { useWindow } from '../visits/visitWords.ts';

/** The door-to-door visits booked for a case, with who comes. */
export function CaseVisits({ visits }: { visits: CaseDetail['visits'] }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  if (visits.length === 0) return null;
  return (
    <>
      <h3>{t('visits.heading')}</h3>
      <ul className="small">
        {visits.map((v) => (
          <li key={v.id}>
            {windowOf(v)} · {t('visits.officer', { name: v.officerName })}
          </li>
        ))}
      </ul>
    </>
  );
}
