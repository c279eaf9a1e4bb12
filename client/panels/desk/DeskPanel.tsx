import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../../shared/protocol.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { useQueue } from '../../net/queueStore.ts';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { CurrentTicket } from './CurrentTicket.tsx';
import { MyRatings } from './MyRatings.tsx';
import { OpenDeskForm } from './OpenDeskForm.tsx';

/**
 * An officer's desk: open it for chosen services (or walk behind it), then serve the line — call next,
 * recall, no-show after the grace time, transfer, begin, complete with the guidance checklist.
 */
export function DeskPanel() {
  const { t } = useTranslation();
  const { service, desk: deskName } = useLabels();
  const desk = useQueue((s) => s.desk);
  return (
    <section className="card desk-panel" aria-labelledby="desk-heading">
      <h2 id="desk-heading">{t('desk.heading')}</h2>
      {!desk?.deskId ? (
        <OpenDeskForm />
      ) : (
        <>
          <p>
            <strong>{t('desk.staffing', { desk: deskName(desk.deskId) })}</strong> ·{' '}
            {desk.services.map(service).join('·')}
          </p>
          {desk.paused && <p className="muted small">{t('desk.pausedNote')}</p>}
          <div className="row">
            {!desk.current && (
              <Button
                className="primary"
                disabled={desk.paused}
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
        </>
      )}
      <MyRatings />
    </section>
  );
}
