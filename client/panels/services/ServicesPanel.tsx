import { useTranslation } from 'react-i18next';
import { MyTickets } from './MyTickets.tsx';
import { TakeTicketForm } from './TakeTicketForm.tsx';
import { useTakeTicket } from './useTakeTicket.ts';

/**
 * A merchant's way into the queue: choose a service (walking up to a desk chooses its service), say what
 * the matter is, take a number; then see the place in line and the estimated wait as the line moves.
 */
export function ServicesPanel() {
  const { t } = useTranslation();
  const asking = useTakeTicket();
  return (
    <section className="card services" aria-labelledby="services-heading">
      <h2 id="services-heading">{t('services.heading')}</h2>
      <MyTickets justTaken={asking.justTaken} />
      <TakeTicketForm asking={asking} />
    </section>
  );
}
