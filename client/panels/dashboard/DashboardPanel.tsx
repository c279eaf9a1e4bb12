import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FormError } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { useRefusalText } from '../refusalText.ts';
import { useToday } from './dashboardQueries.ts';
import { PeriodView } from './PeriodView.tsx';
import { TodayView } from './TodayView.tsx';

/**
 * 站务看板 for the staff on duty: today at a glance, live while open; for the station lead and the admin,
 * the same over a chosen period with charts, tables and their CSV. Folded until opened, so a closed
 * dashboard reads nothing; opened, the panels' column widens to show the charts (a phone keeps its width).
 */
export function DashboardPanel({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const { lang } = useLabels();
  const [open, setOpen] = useState(false);
  const today = useToday(open);
  const lead = admin || today.data?.mayReadPeriod === true;
  return (
    <details className="card dashboard" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('dashboard.heading')}</h2>
      </summary>
      {open && (
        <>
          <div className="row dash-refresh">
            <p className="muted small">{t('dashboard.liveHint')}</p>
            <Button className="small" busy={today.isFetching} onClick={() => void today.refetch()}>
              {t('dashboard.refresh')}
            </Button>
          </div>
          {today.isPending && !today.error && (
            <p className="muted small" role="status">
              <progress aria-label={t('dashboard.loading')} /> {t('dashboard.loading')}
            </p>
          )}
          <FormError message={today.error && refusal(today.error.refusal, { scope: 'dashboard.refused' })} />
          {today.data && <TodayView today={today.data} />}
          <h3 className="dash-period-heading">{t('dashboard.periodHeading')}</h3>
          {today.data && !lead && <p className="muted small dash-only-lead">{t('dashboard.onlyLead')}</p>}
          {lead && today.data && <PeriodView today={today.data.day} lang={lang} />}
        </>
      )}
    </details>
  );
}
