import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskWaiter } from '../../../shared/caseFile.ts';
import { useBoard } from '../../net/queueStore.ts';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import { ReadFailure } from '../desk/ReadFailure.tsx';
import { useLabels } from '../labels.ts';
import { useDeskWaiting } from './caseFileQueries.ts';
import { CaseFileView } from './CaseFileView.tsx';

/** How often the minutes each merchant has waited move on while the list stays the same, ms. */
const WAITED_TICK_MS = 30_000;

/**
 * The merchants waiting for this desk's services, first to be called first, each with their whole file a press
 * away: the officer reads a merchant's history before calling them in, not only once they stand at the desk.
 * The list follows the public board's counts of the desk's lines; opening a file is audited like any other.
 */
export function DeskLine({ services, current }: { services: readonly string[]; current: string | null }) {
  const { t } = useTranslation();
  const { service, time } = useLabels();
  // The counts of the desk's lines and who is at the desk: when either moves, the line is read again.
  const counts = useBoard((s) => services.map((x) => `${x}:${s.waiting[x] ?? 0}`).join(','));
  const line = useDeskWaiting(`${counts}|${current ?? ''}`);
  const [reading, setReading] = useState<DeskWaiter | null>(null);
  const heading = useFocusOnChange<HTMLHeadingElement>(reading?.merchant.id);
  const [phoneNow, setPhoneNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setPhoneNow(Date.now()), WAITED_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const answer = line.data;
  // Counted on the station's clock as it read the list, moved on by the time since: a phone's clock may be off.
  const stationNow = answer ? answer.at + Math.max(0, phoneNow - line.dataUpdatedAt) : 0;
  const waited = (w: DeskWaiter) => Math.max(0, Math.floor((stationNow - w.takenAt) / 60_000));
  return (
    <section className="desk-line" aria-labelledby="desk-line-heading">
      <h3 id="desk-line-heading">{t('caseFile.lineHeading', { count: answer?.total ?? 0 })}</h3>
      <ReadFailure error={line.error} />
      {answer && answer.waiting.length === 0 && <p className="muted small">{t('caseFile.lineNone')}</p>}
      {answer && answer.waiting.length > 0 && (
        <>
          <p className="muted small">{t('caseFile.lineIntro')}</p>
          <ol className="file-hits">
            {answer.waiting.map((w) => (
              <li key={w.ticketId}>
                <p className="small">
                  <strong>{w.number}</strong> {w.merchant.name} · {w.merchant.shop} · {service(w.service)} ·{' '}
                  {w.appointmentAt !== null
                    ? t('caseFile.lineBooked', { time: time(w.appointmentAt) })
                    : t('caseFile.lineWaited', { count: waited(w) })}
                </p>
                <Button className="small" aria-pressed={reading?.ticketId === w.ticketId} onClick={() => setReading(w)}>
                  {t('caseFile.open', { shop: w.merchant.shop, name: w.merchant.name })}
                </Button>
              </li>
            ))}
          </ol>
          {answer.total > answer.waiting.length && (
            <p className="muted small">{t('caseFile.lineMore', { count: answer.total - answer.waiting.length })}</p>
          )}
        </>
      )}
      {reading && (
        <div className="desk-line-file">
          <h4 ref={heading} tabIndex={-1}>
            {reading.number} · {t('caseFile.fileOf', { shop: reading.merchant.shop, name: reading.merchant.name })}
          </h4>
          <Button className="small" onClick={() => setReading(null)}>
            {t('caseFile.closeFile')}
          </Button>
          <CaseFileView merchantId={reading.merchant.id} label={t('caseFile.timeline')} />
        </div>
      )}
    </section>
  );
}
