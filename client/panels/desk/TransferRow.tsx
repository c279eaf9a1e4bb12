import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../../net/layoutStore.ts';
import { HallIntent } from '../../../shared/protocol.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';

/** Send the merchant at the desk to another service's line, keeping their case. */
export function TransferRow({ from }: { from: string }) {
  const layout = useHallLayout();
  const { t } = useTranslation();
  const { service } = useLabels();
  const others = layout.services.filter((s) => s.id !== from);
  const [to, setTo] = useState(others[0]!.id);
  const id = useId();
  return (
    <div className="row">
      <label htmlFor={id}>{t('desk.transfer')}</label>
      <select id={id} value={to} onChange={(e) => setTo(e.target.value)}>
        {others.map((s) => (
          <option key={s.id} value={s.id}>
            {service(s.id)}
          </option>
        ))}
      </select>
      <Button onClick={() => sendIntent(HallIntent.transfer, { service: to })}>{t('desk.transferGo')}</Button>
    </div>
  );
}
