import { useTranslation } from 'react-i18next';
import { visitsApi } from '../../net/visitsApi.ts';
import { OwnSlotChoice } from '../visits/OwnSlotChoice.tsx';
import { useOwnFreeSlots, useVisitChange } from '../visits/visitQueries.ts';
import { useVisitError, useWindow } from '../visits/visitWords.ts';

/** A follow-up visit: the officer books one of their own free windows for the case there and then. */
export function OfferVisit({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const visitError = useVisitError();
  const free = useOwnFreeSlots();
  const offer = useVisitChange((token, slot: string) => visitsApi.offer(token, slot, caseId));
  const message = offer.data
    ? t('visits.changed.booked', { time: windowOf(offer.data) })
    : offer.error && visitError(offer.error.refusal);
  // The window just booked leaves the free list, and with it, perhaps, the last one: the answer still shows.
  if (free.length === 0) {
    return (
      <>
        <p className="muted small">{t('visits.noOwnSlots')}</p>
        {message && (
          <p role="status" className="small">
            {message}
          </p>
        )}
      </>
    );
  }
  return (
    <OwnSlotChoice
      free={free}
      action={t('visits.offer')}
      busy={offer.isPending}
      onChoose={(slot) => offer.mutate(slot)}
    >
      <span role="status" className="small">
        {message}
      </span>
    </OwnSlotChoice>
  );
}
