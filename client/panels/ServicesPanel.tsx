import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent, Reason } from '../../shared/protocol.ts';
import { APPOINTMENT_MIN_AHEAD_MS, appointmentWindow, DESCRIPTION_MAX, type MyTicket } from '../../shared/queue.ts';
import { primeSound } from '../net/callSignal.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { useBoard, useQueue } from '../net/queueStore.ts';
import { useConnection } from '../net/stores.ts';
import { Button, useFocusOnChange } from '../ui/index.ts';
import { ticketElementId, walkToDesk } from './CallAlert.tsx';
import { LeaveTicket } from './LeaveTicket.tsx';
import { SignboardFormLink } from './SignboardFormLink.tsx';
import { useLabels, useNearDesk } from './labels.ts';

/** Today's date at a given "HH:MM", as epoch ms in the browser's time zone. */
function todayAt(hhmm: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const d = new Date();
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return d.getTime();
}

/** A ticket in the merchant's list; `justTaken` when it answers the merchant's own request, so it takes the focus. */
function TicketItem({ ticket, justTaken }: { ticket: MyTicket; justTaken: boolean }) {
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

/** How long a "take a number" waits for the hall's answer before the page says none came, ms. */
const TAKE_ANSWER_MS = 15_000;

/**
 * A merchant's way into the queue: choose a service (walking up to a desk chooses its service), say what
 * the matter is, take a number; then see the place in line and the estimated wait as the line moves.
 */
export function ServicesPanel() {
  const { t } = useTranslation();
  const { service, time } = useLabels();
  const tickets = useQueue((s) => s.tickets);
  const waiting = useBoard((s) => s.waiting);
  const desks = useBoard((s) => s.desks);
  const near = useNearDesk('servicePoint');
  const [chosen, setChosen] = useState(hallLayout.services[0]!.id);
  const [description, setDescription] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [pending, setPending] = useState<{ service: string; at: number; appointmentAt?: number } | null>(null);
  const [timeError, setTimeError] = useState(false);
  /** The last ask that never reached the hall, or that the hall never answered: said, and the button is back. */
  const [unanswered, setUnanswered] = useState<{ at: number; sent: boolean } | null>(null);
  const ready = useConnection((s) => s.status === 'connected' || s.status === 'line');
  const refused = useQueue((s) => s.refused);
  const ids = { description: useId(), time: useId(), hint: useId() };

  // Standing at a desk selects the service on its sign (adjusting state as the position changes).
  const [lastNear, setLastNear] = useState(near);
  if (near !== lastNear) {
    setLastNear(near);
    const desk = hallLayout.desks.find((d) => d.id === near);
    if (desk?.services[0]) setChosen(desk.services[0]);
  }
  // The number asked for has come: nothing is pending any more (so once that visit is over, the next
  // number for the same service can be taken without a reload).
  const arrived = pending === null ? undefined : tickets.find((x) => x.service === pending.service);
  const [justTaken, setJustTaken] = useState<string | null>(null);
  if (arrived) {
    setPending(null);
    setJustTaken(arrived.id);
  }
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
  // Waiting for the hall's answer until the ticket shows up or the request is refused.
  const sent =
    pending !== null &&
    unanswered?.at !== pending.at &&
    !tickets.some((x) => x.service === pending.service) &&
    !(refused && refused.intent === HallIntent.takeTicket && refused.at >= pending.at);
  // A lost answer (the connection dropped on the way) must not leave the button spinning for good.
  useEffect(() => {
    if (!sent || !pending) return;
    const timer = setTimeout(() => setUnanswered({ at: pending.at, sent: true }), TAKE_ANSWER_MS);
    return () => clearTimeout(timer);
  }, [sent, pending]);

  // A booking refused because its window is full: name the window, so another time can be chosen.
  const fullWindow =
    pending?.appointmentAt !== undefined &&
    refused?.intent === HallIntent.takeTicket &&
    refused.reason === Reason.appointmentFull &&
    refused.at >= pending.at
      ? appointmentWindow(pending.appointmentAt)
      : null;

  const held = new Set(tickets.map((x) => x.service));
  const openFor = (id: string) => Object.values(desks).some((d) => d.open && !d.paused && d.services.includes(id));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    primeSound(); // the call's chime may play later only if the page was touched first
    const appointmentAt = when === 'later' ? todayAt(at) : undefined;
    const badTime = when === 'later' && (!appointmentAt || appointmentAt < Date.now() + APPOINTMENT_MIN_AHEAD_MS);
    setTimeError(badTime);
    if (badTime) return;
    const askedAt = Date.now();
    const delivered = sendIntent(HallIntent.takeTicket, {
      service: chosen,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(appointmentAt ? { appointmentAt } : {}),
    });
    // Not in the hall (yet): nothing was sent, the description stays, and the page says so.
    if (!delivered) return setUnanswered({ at: askedAt, sent: false });
    setUnanswered(null);
    setPending({ service: chosen, at: askedAt, appointmentAt });
    setDescription('');
  }

  const nearDesk = hallLayout.desks.findIndex((d) => d.id === near);
  return (
    <section className="card services" aria-labelledby="services-heading">
      <h2 id="services-heading">{t('services.heading')}</h2>
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
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>{t('services.choose')}</legend>
          {nearDesk >= 0 && (
            <p className="muted small">{t('services.nearDesk', { desk: t('deskName', { n: nearDesk + 1 }) })}</p>
          )}
          {hallLayout.services.map((s) => (
            <label key={s.id} className="choice">
              <input
                type="radio"
                name="service"
                value={s.id}
                checked={chosen === s.id}
                disabled={held.has(s.id)}
                onChange={() => setChosen(s.id)}
              />
              <span>{service(s.id)}</span>
              <span className="muted small">
                {t('services.waiting', { count: waiting[s.id] ?? 0 })}
                {openFor(s.id) ? '' : ` · ${t('services.noDesk')}`}
              </span>
            </label>
          ))}
        </fieldset>
        <SignboardFormLink service={chosen} />
        <div className="field">
          <label htmlFor={ids.description}>{t('services.description')}</label>
          <textarea
            id={ids.description}
            rows={2}
            maxLength={DESCRIPTION_MAX}
            aria-describedby={ids.hint}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <p id={ids.hint} className="muted small">
            {t('services.descriptionHint', { max: DESCRIPTION_MAX })}
          </p>
        </div>
        <fieldset className="row">
          <legend>{t('services.when')}</legend>
          <label className="choice">
            <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} />
            {t('services.now')}
          </label>
          <label className="choice">
            <input type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} />
            {t('services.later')}
          </label>
          {when === 'later' && (
            <span className="field">
              <label htmlFor={ids.time}>{t('services.time')}</label>
              <input
                id={ids.time}
                type="time"
                value={at}
                aria-invalid={timeError || fullWindow !== null}
                aria-describedby={timeError || fullWindow ? `${ids.time}-error` : undefined}
                onChange={(e) => setAt(e.target.value)}
              />
              {timeError && (
                <span id={`${ids.time}-error`} className="field-error">
                  {t('reasons.appointment_invalid')}
                </span>
              )}
              {!timeError && fullWindow && (
                <span id={`${ids.time}-error`} className="field-error">
                  {t('services.appointmentFull', { from: time(fullWindow.start), to: time(fullWindow.end) })}
                </span>
              )}
            </span>
          )}
        </fieldset>
        {!ready && <p className="muted small">{t('services.connecting')}</p>}
        {ready && unanswered && (
          <p className="field-error" role="alert">
            {t(unanswered.sent ? 'services.noAnswer' : 'services.notSent')}
          </p>
        )}
        <Button type="submit" className="primary" disabled={held.has(chosen) || !ready} busy={sent}>
          {sent ? t('services.taking') : t('services.take')}
        </Button>
      </form>
    </section>
  );
}
