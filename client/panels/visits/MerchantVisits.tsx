import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../shared/visits.ts';
import { visitsApi } from '../../net/visitsApi.ts';
import { FormError } from '../../ui/index.ts';
import { useMyCases } from '../cases/caseQueries.ts';
import { FreeSlots } from './FreeSlots.tsx';
import { MyBookings } from './MyBookings.tsx';
import { useMerchantSlots, useVisitChange } from './visitQueries.ts';
import { useVisitError } from './visitWords.ts';

/** A merchant's bookings and the free windows to book for one of their cases, changed or cancelled in a tap. */
export function MerchantVisits() {
  const { t } = useTranslation();
  const errorText = useVisitError();
  const [open, setOpen] = useState(false);
  const slots = useMerchantSlots(open);
  const cases = useMyCases(open).data?.cases.filter((c) => c.status === 'open') ?? [];
  const book = useVisitChange((token, v: { slot: VisitSlot; caseId: string }) =>
    visitsApi.book(token, v.slot.id, v.caseId),
  );
  const cancel = useVisitChange((token, slot: VisitSlot) => visitsApi.cancel(token, slot.id));
  // Each request forgets the other's answer, so only the latest refusal shows.
  const refused = book.error ?? cancel.error;

  return (
    <details className="card visits" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('visits.heading')}</h2>
      </summary>
      <p className="muted small">{t('visits.intro')}</p>
      <MyBookings
        mine={slots.data?.mine ?? []}
        onCancel={(slot) => {
          book.reset();
          cancel.mutate(slot);
        }}
      />
      <FreeSlots
        free={slots.data?.free ?? []}
        cases={cases}
        onBook={(slot, caseId) => {
          cancel.reset();
          book.mutate({ slot, caseId });
        }}
      />
      <FormError message={refused && errorText(refused.refusal)} />
    </details>
  );
}
