import { useTranslation } from 'react-i18next';
import { useStation } from '../../net/stations.ts';
import { StationList } from './StationList.tsx';

/**
 * The start page of someone who came without a station's link to a deployment of several: the stations to
 * choose from, before any sign-in.
 */
export function StationStart() {
  const { t } = useTranslation();
  const stations = useStation((s) => s.stations);
  return (
    <section className="card station-start" aria-labelledby="station-start-heading">
      <h2 id="station-start-heading">{t('stations.startHeading')}</h2>
      <p>{t('stations.startIntro')}</p>
      <StationList stations={stations} />
    </section>
  );
}
