import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/index.ts';
import { useOwnFreeSlots } from '../visits/visitQueries.ts';
import { useWindow } from '../visits/visitWords.ts';

/** The officer books one of their own free windows to check the sign on site. */
export function BookVisitRow({ onBook }: { onBook: (slotId: string) => void }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const free = useOwnFreeSlots();
  const [slotId, setSlotId] = useState('');
  const id = useId();
  if (free.length === 0) return <p className="muted small">{t('visits.noOwnSlots')}</p>;
  const chosen = free.some((s) => s.id === slotId) ? slotId : free[0]!.id;
  return (
    <div className="row">
      <label htmlFor={id}>{t('visits.chooseSlot')}</label>
      <select id={id} value={chosen} onChange={(e) => setSlotId(e.target.value)}>
        {free.map((s) => (
          <option key={s.id} value={s.id}>
            {windowOf(s)}
          </option>
        ))}
      </select>
      <Button onClick={() => onBook(chosen)}>{t('visits.bookForFiling')}</Button>
    </div>
  );
}
