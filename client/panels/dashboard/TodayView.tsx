import { useTranslation } from 'react-i18next';
import type { DashboardToday } from '../../../shared/dashboard.ts';
import { useLabels } from '../labels.ts';

type Figure = keyof Pick<
  DashboardToday,
  | 'servedToday'
  | 'noShowsToday'
  | 'concernsDueToday'
  | 'concernsOverdue'
  | 'filingsAwaitingReview'
  | 'visitsBookedToday'
>;
const COUNTS: readonly Figure[] = [
  'servedToday',
  'noShowsToday',
  'concernsDueToday',
  'concernsOverdue',
  'filingsAwaitingReview',
  'visitsBookedToday',
];

/**
 * Today at a glance, for the officers on duty: the figures first (a grid of two on a phone), then the open
 * desks and who staffs them, then who waits for what.
 */
export function TodayView({ today }: { today: DashboardToday }) {
  const { t } = useTranslation();
  const { lang, desk } = useLabels();
  const serviceName = (id: string) => today.serviceNames[id]?.[lang] ?? id;
  const waiting = today.services.reduce((n, s) => n + s.waiting, 0);
  const minutes = (m: number | null) =>
    m === null ? t('dashboard.nobodyWaiting') : t('dashboard.minutes', { value: m });
  const time = new Date(today.at).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: today.timeZone,
  });
  return (
    <div className="dash-today">
      <p className="muted small">{t('dashboard.updatedAt', { day: today.day, time })}</p>
      <dl className="dash-figures">
        <div>
          <dt>{t('dashboard.figures.desksOpen')}</dt>
          <dd>{today.desks.length}</dd>
        </div>
        <div>
          <dt>{t('dashboard.figures.waiting')}</dt>
          <dd>{waiting}</dd>
        </div>
        <div>
          <dt>{t('dashboard.figures.longestWait')}</dt>
          <dd>{minutes(today.longestWaitMinutes)}</dd>
        </div>
        {COUNTS.map((key) => (
          <div key={key} className={key === 'concernsOverdue' && today[key] > 0 ? 'dash-warn' : undefined}>
            <dt>{t(`dashboard.figures.${key}`)}</dt>
            <dd>{today[key]}</dd>
          </div>
        ))}
      </dl>
      <h3 className="small">{t('dashboard.desksHeading')}</h3>
      {today.desks.length === 0 ? (
        <p className="muted small">{t('dashboard.noDesks')}</p>
      ) : (
        <ul className="dash-desks small">
          {today.desks.map((d) => (
            <li key={d.deskId}>
              <strong>{desk(d.deskId) || d.deskId}</strong> · {d.officerName} ·{' '}
              {d.services.map(serviceName).join(lang === 'en' ? ', ' : '、')} ·{' '}
              <span className="tag">
                {d.paused
                  ? t('dashboard.deskPaused')
                  : d.ticket
                    ? t('dashboard.deskServing', { ticket: d.ticket })
                    : t('dashboard.deskFree')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <table className="dash-table small">
        <caption>{t('dashboard.servicesHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.service')}</th>
            <th scope="col">{t('dashboard.waitingCount')}</th>
            <th scope="col">{t('dashboard.longest')}</th>
          </tr>
        </thead>
        <tbody>
          {today.services.map((s) => (
            <tr key={s.service}>
              <th scope="row">{serviceName(s.service)}</th>
              <td>{s.waiting}</td>
              <td>{s.longestWaitMinutes ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
