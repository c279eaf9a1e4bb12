import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../net/layoutStore.ts';
import { DESK_HOLDS, type DeskHold } from '../../shared/queue.ts';
import { useBoard } from '../net/queueStore.ts';
import { useLabels } from './labels.ts';

/** The board's hold code, checked: a code this page does not know shows as plain "paused". */
const isHold = (code: string | undefined): code is DeskHold => DESK_HOLDS.includes(code as DeskHold);

/** The hall's queue screen as a plain table: what the 3D board shows, readable by a screen reader. */
export function QueueBoardPanel() {
  const layout = useHallLayout();
  const { t } = useTranslation();
  const { service, desk } = useLabels();
  const desks = useBoard((s) => s.desks);
  const waiting = useBoard((s) => s.waiting);
  return (
    <details className="card board">
      <summary>
        <h2 className="summary-heading">{t('board.heading')}</h2>
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('board.desk')}</th>
            <th scope="col">{t('board.state')}</th>
            <th scope="col">{t('board.nowServing')}</th>
          </tr>
        </thead>
        <tbody>
          {layout.desks.map((d) => {
            const b = desks[d.id];
            const state = !b?.open ? 'closed' : b.paused ? 'paused' : 'open';
            return (
              <tr key={d.id}>
                <th scope="row">
                  {desk(d.id)}
                  {b?.open && <div className="muted small">{b.services.map(service).join('·')}</div>}
                </th>
                <td>
                  {state === 'paused' && isHold(b?.hold) ? t(`deskTruth.board.${b.hold}`) : t(`board.${state}`)}
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
        {layout.services.map((s) => (
          <li key={s.id}>
            {service(s.id)}: {t('board.waitingCount', { count: waiting[s.id] ?? 0 })}
          </li>
        ))}
      </ul>
    </details>
  );
}
