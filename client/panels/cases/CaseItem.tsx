import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../shared/queue.ts';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { CaseDetailView } from './CaseDetailView.tsx';
import { useCase } from './caseQueries.ts';
import { onStationClock } from './stationClock.ts';

/** One case in the merchant's list: its number, service and state; opened, the whole case. */
export function CaseItem({ summary, zone, startOpen }: { summary: CaseSummary; zone: string; startOpen: boolean }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  const [open, setOpen] = useState(startOpen);
  const [thanks, setThanks] = useState(false);
  const detail = useCase(summary.id, open);
  return (
    <li className="case">
      <Button aria-expanded={open} onClick={() => setOpen(!open)}>
        {summary.number} · {service(summary.service)} ·{' '}
        {summary.outcome ? t(`outcomes.${summary.outcome}`) : t(`cases.${summary.status}`)}
      </Button>
      <p className="muted small">{t('cases.updated', { time: onStationClock(summary.updatedAt, zone) })}</p>
      {open && detail.isError && <p className="field-error">{t('cases.loadFailed')}</p>}
      {open && detail.data && <CaseDetailView detail={detail.data} thanks={thanks} onRated={() => setThanks(true)} />}
    </li>
  );
}
