import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../../net/layoutStore.ts';
import { useBoard } from '../../net/queueStore.ts';
import { useLabels } from '../labels.ts';

/**
 * The services to choose from, each with how many wait and whether a desk serves it now; a service the
 * merchant already holds a number for cannot be chosen twice.
 */
export function ServiceChoice({
  chosen,
  held,
  nearDesk,
  onChoose,
}: {
  chosen: string;
  held: Set<string>;
  /** The desk the merchant stands at (its index in the hall), or -1. */
  nearDesk: number;
  onChoose: (service: string) => void;
}) {
  const { t } = useTranslation();
  const layout = useHallLayout();
  const { service } = useLabels();
  const waiting = useBoard((s) => s.waiting);
  const desks = useBoard((s) => s.desks);
  const openFor = (id: string) => Object.values(desks).some((d) => d.open && !d.paused && d.services.includes(id));
  return (
    <fieldset>
      <legend>{t('services.choose')}</legend>
      {nearDesk >= 0 && (
        <p className="muted small">{t('services.nearDesk', { desk: t('deskName', { n: nearDesk + 1 }) })}</p>
      )}
      {layout.services.map((s) => (
        <label key={s.id} className="choice">
          <input
            type="radio"
            name="service"
            value={s.id}
            checked={chosen === s.id}
            disabled={held.has(s.id)}
            onChange={() => onChoose(s.id)}
          />
          <span>{service(s.id)}</span>
          <span className="muted small">
            {t('services.waiting', { count: waiting[s.id] ?? 0 })}
            {openFor(s.id) ? '' : ` · ${t('services.noDesk')}`}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
