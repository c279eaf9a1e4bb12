import { useTranslation } from 'react-i18next';
import { OwnSlotChoice } from '../visits/OwnSlotChoice.tsx';
import { useOwnFreeSlots } from '../visits/visitQueries.ts';

/** The officer books one of their own free windows to check the sign on site. */
export function BookVisitRow({ onBook }: { onBook: (slotId: string) => void }) {
  const { t } = useTranslation();
  const free = useOwnFreeSlots();
  if (free.length === 0) return <p className="muted small">{t('visits.noOwnSlots')}</p>;
  return <OwnSlotChoice free={free} action={t('visits.bookForFiling')} onChoose={onBook} />;
}
