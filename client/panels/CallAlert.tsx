import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pageLayout } from '../net/layoutStore.ts';
import { useQueue } from '../net/queueStore.ts';
import { useConnection } from '../net/stores.ts';
import { walkTo } from '../net/walk.ts';
import { focusAfter, useFocusOnChange } from '../ui/index.ts';
import { useLabels } from './labels.ts';
import { useStationTitle } from './stations/useStationTitle.ts';

/** The merchant's ticket in the services panel, where the focus goes once the call is answered. */
export const ticketElementId = (ticketId: string) => `ticket-${ticketId}`;

/** Walk the local avatar to the front of a desk. */
export function walkToDesk(deskId: string): void {
  const desk = pageLayout().desks.find((d) => d.id === deskId);
  if (desk) walkTo(desk.servicePoint.x, desk.servicePoint.z);
}

/**
 * Being called is the moment a merchant must not miss: a banner that takes the screen's attention, the
 * page title blinking for a tab in the background, the chime and vibration (callSignal.ts), and one tap to
 * walk to the desk.
 */
export function CallAlert() {
  const { t } = useTranslation();
  const call = useQueue((s) => s.call);
  const acknowledge = useQueue((s) => s.acknowledgeCall);
  const { desk } = useLabels();
  const deskName = call ? desk(call.deskId) : '';
  // Following the queue from the line (the hall was full): served in the desk conversation, not walked to.
  const inLine = useConnection((s) => s.status === 'line');
  const pageTitle = useStationTitle();
  // Each call takes the focus to its first action, wherever the merchant was: one key press walks to the desk.
  const action = useFocusOnChange<HTMLButtonElement>(call ? `${call.ticketId}:${call.at}` : null, {
    onMount: true,
    always: true,
  });
  // Answered, the alert goes away: the focus follows to the ticket it was about rather than the top of the page.
  const answer = (ticketId: string) => {
    acknowledge();
    focusAfter(() => document.getElementById(ticketElementId(ticketId)));
  };

  useEffect(() => {
    if (!call) return;
    const title = t('call.title', { desk: deskName, number: call.number });
    let on = true;
    document.title = title;
    const timer = setInterval(() => {
      on = !on;
      document.title = on ? title : pageTitle;
    }, 1000);
    return () => {
      clearInterval(timer);
      document.title = pageTitle;
    };
  }, [call, t, deskName, pageTitle]);

  if (!call) return null;
  return (
    <section className="call-alert" role="alert" aria-labelledby="call-heading">
      <h2 id="call-heading">{t(call.recall ? 'call.recall' : 'call.heading', { number: call.number })}</h2>
      <p>{t(inLine ? 'call.bodyLine' : 'call.body', { desk: deskName })}</p>
      <div className="row">
        {!inLine && (
          <button
            ref={action}
            type="button"
            className="primary"
            onClick={() => {
              walkToDesk(call.deskId);
              answer(call.ticketId);
            }}
          >
            {t('services.walkToDesk')}
          </button>
        )}
        <button type="button" ref={inLine ? action : undefined} onClick={() => answer(call.ticketId)}>
          {t('call.dismiss')}
        </button>
      </div>
    </section>
  );
}
