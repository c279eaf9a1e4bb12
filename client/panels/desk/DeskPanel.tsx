import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../../shared/protocol.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { useQueue } from '../../net/queueStore.ts';
import { useState } from 'react';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { DeskLine } from '../caseFile/DeskLine.tsx';
import { CurrentTicket } from './CurrentTicket.tsx';
import { MyRatings } from './MyRatings.tsx';
import { OpenDeskForm } from './OpenDeskForm.tsx';

/**
 * An officer's desk: open it for chosen services (or walk behind it), then serve the line — call next,
 * recall, no-show after the grace time, transfer, begin, complete with the guidance checklist. Who waits for
 * the desk is listed below, each merchant's file to read before calling them in.
 */
export function DeskPanel() {
  const { t } = useTranslation();
  const { service, desk: deskName } = useLabels();
  const desk = useQueue((s) => s.desk);
  // Where the officer is in the desk's cycle; each step puts the focus on the next thing to do: calling the
  // next merchant once the desk is open or a visit done, the desk's heading once it is closed.
  const step = !desk?.deskId ? 'closed' : desk.current ? desk.current.ticketId : 'idle';
  const [lastStep, setLastStep] = useState(step);
  const [arrivedAt, setArrivedAt] = useState({ idle: 0, closed: 0 });
  if (step !== lastStep) {
    setLastStep(step);
    if (step === 'idle' || step === 'closed') setArrivedAt({ ...arrivedAt, [step]: arrivedAt[step] + 1 });
  }
  const callNext = useFocusOnChange<HTMLButtonElement>(arrivedAt.idle || null);
  const heading = useFocusOnChange<HTMLHeadingElement>(arrivedAt.closed || null);
  return (
    <section className="card desk-panel" aria-labelledby="desk-heading">
      <h2 id="desk-heading" ref={heading} tabIndex={-1}>
        {t('desk.heading')}
      </h2>
      {!desk?.deskId ? (
        <OpenDeskForm />
      ) : (
        <>
          <p>
            <strong>{t('desk.staffing', { desk: deskName(desk.deskId) })}</strong> ·{' '}
            {desk.services.map(service).join('·')}
          </p>
          {desk.paused && <p className="muted small">{t('desk.pausedNote')}</p>}
          {desk.hold === 'meeting' && <p className="ticket-hold">{t('deskTruth.deskMeeting')}</p>}
          <div className="row">
            {!desk.current && (
              <Button
                ref={callNext}
                className="primary"
                disabled={Boolean(desk.hold ?? desk.paused)}
                onClick={() => sendIntent(HallIntent.callNext, undefined)}
              >
                {t('desk.callNext')}
              </Button>
            )}
            <Button onClick={() => sendIntent(HallIntent.pauseDesk, { paused: !desk.paused })}>
              {desk.paused ? t('desk.resume') : t('desk.pause')}
            </Button>
            <Button onClick={() => sendIntent(HallIntent.closeDesk, undefined)}>{t('desk.close')}</Button>
          </div>
          {desk.current ? (
            <CurrentTicket key={desk.current.ticketId} current={desk.current} graceMs={desk.graceMs} />
          ) : (
            <p className="muted small">{t('desk.idle')}</p>
          )}
          <DeskLine services={desk.services} current={desk.current?.ticketId ?? null} />
        </>
      )}
      <MyRatings />
    </section>
  );
}
