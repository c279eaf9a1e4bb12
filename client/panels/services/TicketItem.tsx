import { useTranslation } from 'react-i18next';
import type { MyTicket } from '../../../shared/queue.ts';
import { useConnection } from '../../net/stores.ts';
import { useFocusOnChange } from '../../ui/index.ts';
import { ticketElementId, walkToDesk } from '../CallAlert.tsx';
import { LeaveTicket } from '../LeaveTicket.tsx';
import { useLabels } from '../labels.ts';

/** A ticket in the merchant's list; `justTaken` when it answers the merchant's own request, so it takes the focus. */
export function TicketItem({ ticket, justTaken }: { ticket: MyTicket; justTaken: boolean }) {
  const { t } = useTranslation();
  const item = useFocusOnChange<HTMLLIElement>(justTaken ? ticket.id : null, { onMount: true });
  const { service, desk, time } = useLabels();
  // From the line (the hall was full) nobody walks: the officer serves in the desk conversation.
  const inLine = useConnection((s) => s.status === 'line');
  const waitLine =
    ticket.status !== 'waiting'
      ? null
      : ticket.position === null
        ? ticket.appointmentAt !== null
          ? t('services.appointment', { time: time(ticket.appointmentAt) })
          : null
        : ticket.eta
          ? t('services.eta', { minutes: ticket.eta.minutes, low: ticket.eta.low, high: ticket.eta.high })
          : ticket.hold === 'paused'
            ? t('deskTruth.etaPaused')
            : t('services.etaNone');
  return (
    <li ref={item} id={ticketElementId(ticket.id)} tabIndex={-1} className={`ticket ticket-${ticket.status}`}>
      <p className="ticket-number" aria-label={`${ticket.number} ${service(ticket.service)}`}>
        <strong>{ticket.number}</strong> <span>{service(ticket.service)}</span>
        <span className="tag">{t(`services.status.${ticket.status}`)}</span>
      </p>
      {ticket.status === 'waiting' && ticket.position !== null && (
        <p>{ticket.position === 1 ? t('services.next') : t('services.ahead', { count: ticket.position - 1 })}</p>
      )}
      {waitLine && <p className="muted small">{waitLine}</p>}
      {ticket.status === 'called' && ticket.deskId && (
        <p>
          <strong>{t('services.called', { desk: desk(ticket.deskId) })}</strong>
        </p>
      )}
      {ticket.status === 'serving' && ticket.deskId && <p>{t('services.serving', { desk: desk(ticket.deskId) })}</p>}
      {ticket.status !== 'waiting' && ticket.hold && (
        <p className="ticket-hold">{t(`deskTruth.hold.${ticket.hold}`)}</p>
      )}
      <div className="row">
        {ticket.deskId && ticket.status !== 'waiting' && !inLine && (
          <button type="button" className="primary" onClick={() => walkToDesk(ticket.deskId!)}>
            {t('services.walkToDesk')}
          </button>
        )}
      </div>
      {/* Apart from the way to the desk, and asked first: a mis-tap never gives the number up. */}
      {ticket.status !== 'serving' && (
        <div className="row ticket-leave">
          <LeaveTicket ticket={ticket} />
        </div>
      )}
    </li>
  );
}
