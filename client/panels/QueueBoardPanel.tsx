import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { useBoard } from '../net/queueStore.ts';
import { useLabels } from './labels.ts';

/** The hall's queue screen as a plain table: what the 3D board shows, readable by a screen reader. */
export function QueueBoardPanel() {
  const { t } = useTranslation();
  const { service, desk } = useLabels();
  const desks = useBoard((s) => s.desks);
  const waiting = useBoard((s) => s.waiting);
  return (
    <details className="card board">
      <summary>{t('board.heading')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('board.desk')}</th>
            <th scope="col">{t('board.state')}</th>
            <th scope="col">{t('board.nowServing')}</th>
          </tr>
        </thead>
        <tbody>
          {hallLayout.desks.map((d) => {
            const b = desks[d.id];
            const state = !b?.open ? 'closed' : b.paused ? 'paused' : 'open';
            return (
              <tr key={d.id}>
                <th scope="row">
                  {desk(d.id)}
                  {b?.open && <div className="muted small">{b.services.map(service).join('·')}</div>}
                </th>
                <td>
                  {t(`board.${state}`)}
                  {b?.open && <div className="muted small">{b.officer}</div>}
                </td>
                <td className="board-number">{b?.serving || '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('board.waitingHeading')}</h3>
      <ul className="board-waiting">
        {hallLayout.services.map((s) => (
          <li key={s.id}>
            {service(s.id)}: {t('board.waitingCount', { count: waiting[s.id] ?? 0 })}
          </li>
        ))}
      </ul>
    </details>
  );
}
