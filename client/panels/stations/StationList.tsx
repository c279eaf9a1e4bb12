import { useTranslation } from 'react-i18next';
import { StationsRoute, type Station } from '../../../shared/stations.ts';

/** The deployment's stations, each its name and address on one link to its page. */
export function StationList({ stations }: { stations: readonly Station[] }) {
  const { t } = useTranslation();
  return (
    <ul className="station-list" aria-label={t('stations.listLabel')}>
      {stations.map((s) => (
        <li key={s.slug}>
          {/* A link, not a button: the station's own address, to keep, share or open in a new tab. */}
          <a href={StationsRoute.page(s.slug)}>
            <span className="station-name">{s.name}</span>
            {s.address && <span className="station-address">{s.address}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
