import { useTranslation } from 'react-i18next';
import { useQueue } from '../net/queueStore.ts';
import { DeskNews } from './DeskNews.tsx';
import { useLabels } from './labels.ts';

/**
 * The merchant's numbers always in sight above the hall, however the panels are scrolled: the number, the
 * place in line or the desk to go to, and whether that desk is held. Each links to the services panel with the
 * details and actions. News of the desk (its officer dropped, came back) shows right under them.
 */
export function TicketStrip() {
  const { t } = useTranslation();
  const { desk } = useLabels();
  const tickets = useQueue((s) => s.tickets);
  if (tickets.length === 0) return null;
  return (
    // A landmark of its own (it sits above the hall, outside the panels), named like the list it holds.
    <section className="ticket-strip" aria-label={t('services.mine')}>
      <ul aria-label={t('services.mine')}>
        {tickets.map((x) => (
          <li key={x.id} className={`ticket-${x.status}`}>
            <a href="#services-heading">
              <strong>{x.number}</strong>
              {x.status === 'called' && x.deskId
                ? t('services.called', { desk: desk(x.deskId) })
                : x.status === 'serving' && x.deskId
                  ? t('services.serving', { desk: desk(x.deskId) })
                  : x.position !== null
                    ? x.position === 1
                      ? t('services.next')
                      : t('services.ahead', { count: x.position - 1 })
                    : t(`services.status.${x.status}`)}
              {x.status === 'waiting' &&
                x.eta &&
                ` · ${t('services.etaShort', { minutes: x.eta.minutes, low: x.eta.low, high: x.eta.high })}`}
              {x.hold && ` · ${t(`deskTruth.hold.${x.hold}`)}`}
            </a>
          </li>
        ))}
      </ul>
      <DeskNews />
    </section>
  );
}
