import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueue } from '../../net/queueStore.ts';
import { useFocusOnChange } from '../../ui/index.ts';
import { TicketItem } from './TicketItem.tsx';

/** The merchant's numbers, each with its place and wait; `justTaken` is the one the merchant just asked for. */
export function MyTickets({ justTaken }: { justTaken: string | null }) {
  const { t } = useTranslation();
  const tickets = useQueue((s) => s.tickets);
  // A number given up (left, or not answered when called) is gone from the list: the focus, which was on it,
  // goes to the list's heading instead of the top of the page. A visit that ended is not: its rating comes next.
  const waitingIds = tickets.filter((x) => x.status !== 'serving').map((x) => x.id);
  const [lastWaiting, setLastWaiting] = useState(waitingIds);
  const [gone, setGone] = useState(0);
  if (waitingIds.join() !== lastWaiting.join()) {
    setLastWaiting(waitingIds);
    if (lastWaiting.some((id) => !tickets.some((x) => x.id === id))) setGone(gone + 1);
  }
  const mineHeading = useFocusOnChange<HTMLHeadingElement>(gone || null);
  return (
    <>
      <h3 ref={mineHeading} tabIndex={-1}>
        {t('services.mine')}
      </h3>
      {tickets.length === 0 ? (
        <p className="muted small">{t('services.none')}</p>
      ) : (
        <ul className="tickets" aria-live="polite">
          {tickets.map((x) => (
            <TicketItem key={x.id} ticket={x} justTaken={x.id === justTaken} />
          ))}
        </ul>
      )}
    </>
  );
}
