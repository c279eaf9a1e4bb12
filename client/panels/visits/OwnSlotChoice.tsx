import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../shared/visits.ts';
import { Button } from '../../ui/index.ts';
import { useWindow } from './visitWords.ts';

/**
 * One of the officer's own free windows, chosen from a list, and the button that books it (a follow-up visit
 * at the desk, a check of a sign on site). The first window is chosen until the officer picks another.
 */
export function OwnSlotChoice({
  free,
  action,
  busy,
  onChoose,
  children,
}: {
  free: readonly VisitSlot[];
  action: string;
  busy?: boolean;
  onChoose: (slotId: string) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const windowOf = useWindow();
  const [slotId, setSlotId] = useState('');
  const id = useId();
  const chosen = free.some((s) => s.id === slotId) ? slotId : free[0]!.id;
  return (
    <div className="row">
      <label htmlFor={id}>{t('visits.chooseSlot')}</label>
      <select id={id} value={chosen} onChange={(e) => setSlotId(e.target.value)}>
        {free.map((s) => (
          <option key={s.id} value={s.id}>
            {windowOf(s)}
          </option>
        ))}
      </select>
      <Button busy={busy} onClick={() => onChoose(chosen)}>
        {action}
      </Button>
      {children}
    </div>
  );
}
