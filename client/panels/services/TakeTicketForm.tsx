import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../../net/layoutStore.ts';
import { APPOINTMENT_MIN_AHEAD_MS, DESCRIPTION_MAX } from '../../../shared/queue.ts';
import { primeSound } from '../../net/callSignal.ts';
import { useQueue } from '../../net/queueStore.ts';
import { useConnection } from '../../net/stores.ts';
import { Button } from '../../ui/index.ts';
import { useNearDesk } from '../labels.ts';
import { SignboardFormLink } from '../SignboardFormLink.tsx';
import { todayAt } from './appointmentTime.ts';
import { ServiceChoice } from './ServiceChoice.tsx';
import type { TakeTicket } from './useTakeTicket.ts';
import { WhenField } from './WhenField.tsx';

/** Choose a service (walking up to a desk chooses its service), say what the matter is, now or later, and ask. */
export function TakeTicketForm({ asking }: { asking: TakeTicket }) {
  const layout = useHallLayout();
  const { t } = useTranslation();
  const tickets = useQueue((s) => s.tickets);
  const near = useNearDesk('servicePoint');
  const [chosen, setChosen] = useState(layout.services[0]!.id);
  const [description, setDescription] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [timeError, setTimeError] = useState(false);
  const ready = useConnection((s) => s.status === 'connected' || s.status === 'line');
  const ids = { description: useId(), hint: useId() };

  // Standing at a desk selects the service on its sign (adjusting state as the position changes).
  const [lastNear, setLastNear] = useState(near);
  if (near !== lastNear) {
    setLastNear(near);
    const desk = layout.desks.find((d) => d.id === near);
    if (desk?.services[0]) setChosen(desk.services[0]);
  }
  const held = new Set(tickets.map((x) => x.service));
  const { sent, unanswered } = asking;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    primeSound(); // the call's chime may play later only if the page was touched first
    const appointmentAt = when === 'later' ? todayAt(at) : undefined;
    const badTime = when === 'later' && (!appointmentAt || appointmentAt < Date.now() + APPOINTMENT_MIN_AHEAD_MS);
    setTimeError(badTime);
    if (badTime) return;
    const delivered = asking.take({
      service: chosen,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(appointmentAt ? { appointmentAt } : {}),
    });
    // Not in the hall (yet): nothing was sent and the description stays.
    if (delivered) setDescription('');
  }

  return (
    <form onSubmit={onSubmit}>
      <ServiceChoice
        chosen={chosen}
        held={held}
        nearDesk={layout.desks.findIndex((d) => d.id === near)}
        onChoose={setChosen}
      />
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
      <WhenField
        when={when}
        at={at}
        timeError={timeError}
        fullWindow={asking.fullWindow}
        onWhen={setWhen}
        onAt={setAt}
      />
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
  );
}
