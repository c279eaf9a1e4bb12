import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { visitsApi } from '../../net/visitsApi.ts';
import { Button } from '../../ui/index.ts';
import { useOwnFreeSlots, useVisitChange } from '../visits/visitQueries.ts';
import { useVisitError, useWindow } from '../visits/visitWords.ts';

/** A follow-up visit: the officer books one of their own free windows for the case there and then. */
export function OfferVisit({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const visitError = useVisitError();
  const free = useOwnFreeSlots();
  const [slotId, setSlotId] = useState('');
  const offer = useVisitChange((token, slot: string) => visitsApi.offer(token, slot, caseId));
  const id = useId();
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
      <Button busy={offer.isPending} onClick={() => offer.mutate(chosen)}>
        {t('visits.offer')}
      </Button>
      <span role="status" className="small">
        {message}
      </span>
    </div>
  );
}
