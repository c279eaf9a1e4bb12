import { useTranslation } from 'react-i18next';
import type { DeskTicket } from '../../../shared/queue.ts';
import { useFocusOnChange } from '../../ui/index.ts';
import { GuidanceReview } from '../guidance/GuidanceReview.tsx';
import { useLabels } from '../labels.ts';
import { CallActions } from './CallActions.tsx';
import { DeskConcerns } from '../concerns/DeskConcerns.tsx';
import { CompleteForm } from './CompleteForm.tsx';
import { DeskCaseFile } from '../caseFile/DeskCaseFile.tsx';
import { DeskHistory } from './DeskHistory.tsx';
import { TicketFilings } from './TicketFilings.tsx';
import { TransferRow } from './TransferRow.tsx';

/** The merchant at the desk: who, what for, their history and filings, and what the officer may do next. */
export function CurrentTicket({ current, graceMs }: { current: DeskTicket; graceMs: number }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  // Begun: the call's buttons go away, and the focus goes to what is now the case (the record, then the form).
  const status = useFocusOnChange<HTMLParagraphElement>(current.status === 'serving' || null);
  return (
    <div className="desk-current" aria-live="polite">
      <p ref={status} tabIndex={-1}>
        <strong>
          {t('desk.current', {
            number: current.number,
            service: service(current.service),
            status: t(`services.status.${current.status}`),
          })}
        </strong>
        {current.status === 'called' && (
          <span className="muted small"> {t('desk.calledTimes', { count: current.callCount })}</span>
        )}
      </p>
      <p>{t('desk.merchant', { name: current.merchant.name, shop: current.merchant.shop })}</p>
      {current.inLine && <p className="warn">{t('desk.inLine')}</p>}
      {current.merchant.phone && <p className="small">{t('desk.phone', { phone: current.merchant.phone })}</p>}
      <p className="small">
        {current.description ? t('desk.description', { text: current.description }) : t('desk.noDescription')}
      </p>
      <DeskHistory current={current} />
      <DeskCaseFile current={current} />
      <TicketFilings filings={current.filings} />
      {current.status === 'called' && <CallActions current={current} graceMs={graceMs} />}
      <TransferRow from={current.service} />
      {current.status === 'serving' && current.caseId && <GuidanceReview caseId={current.caseId} />}
      {current.status === 'serving' && <DeskConcerns key={current.ticketId} current={current} />}
      {current.status === 'serving' && <CompleteForm key={current.ticketId} current={current} />}
    </div>
  );
}
