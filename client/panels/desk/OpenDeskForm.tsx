import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../../net/layoutStore.ts';
import { HallIntent } from '../../../shared/protocol.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { useBoard } from '../../net/queueStore.ts';
import { walkTo } from '../../net/walk.ts';
import { Button, Field } from '../../ui/index.ts';
import { useLabels, useNearDesk } from '../labels.ts';

/** An officer opens a free desk for the services they will serve there, or walks behind one to choose it. */
export function OpenDeskForm() {
  const layout = useHallLayout();
  const { t } = useTranslation();
  const { service, desk } = useLabels();
  const board = useBoard((s) => s.desks);
  const near = useNearDesk('staffPoint');
  const free = layout.desks.filter((d) => !board[d.id]?.open);
  const [deskId, setDeskId] = useState(free[0]?.id ?? layout.desks[0]!.id);
  const [services, setServices] = useState<string[]>(layout.desks.find((d) => d.id === deskId)!.services);

  const choose = (id: string) => {
    setDeskId(id);
    setServices(layout.desks.find((d) => d.id === id)?.services ?? []);
  };
  // Walking behind a desk chooses it (adjusting state as the position changes).
  const [lastNear, setLastNear] = useState(near);
  if (near !== lastNear) {
    setLastNear(near);
    if (near) choose(near);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (services.length === 0) return;
    sendIntent(HallIntent.openDesk, { deskId, services });
    // Opened from the panel: the officer's avatar takes its place behind the counter.
    const spot = layout.desks.find((d) => d.id === deskId)?.staffPoint;
    if (spot && near !== deskId) walkTo(spot.x, spot.z);
  }

  return (
    <form onSubmit={onSubmit}>
      {near && <p className="muted small">{t('desk.nearDesk', { desk: desk(near) })}</p>}
      <Field label={t('desk.choose')}>
        <select value={deskId} onChange={(e) => choose(e.target.value)}>
          {layout.desks.map((d) => {
            const taken = board[d.id]?.open;
            const name = `${desk(d.id)} ${d.services.map(service).join('·')}`;
            return (
              <option key={d.id} value={d.id} disabled={taken}>
                {taken ? t('desk.taken', { desk: name, name: board[d.id]!.officer }) : name}
              </option>
            );
          })}
        </select>
      </Field>
      <fieldset>
        <legend>{t('desk.services')}</legend>
        {layout.services.map((s) => (
          <label key={s.id} className="choice">
            <input
              type="checkbox"
              checked={services.includes(s.id)}
              onChange={(e) => setServices(e.target.checked ? [...services, s.id] : services.filter((x) => x !== s.id))}
            />
            {service(s.id)}
          </label>
        ))}
      </fieldset>
      <Button type="submit" className="primary" disabled={services.length === 0 || board[deskId]?.open}>
        {t('desk.open')}
      </Button>
    </form>
  );
}
