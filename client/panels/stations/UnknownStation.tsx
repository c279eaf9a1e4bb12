import { useTranslation } from 'react-i18next';
import { askedStation } from '../../net/stationSlug.ts';
import { useStation } from '../../net/stations.ts';
import { StationList } from './StationList.tsx';

/** A link that names no station here (mistyped, or the station renamed): it says so, and lists those there are. */
export function UnknownStation() {
  const { t } = useTranslation();
  const stations = useStation((s) => s.stations);
  return (
    <section className="card station-start" aria-labelledby="station-unknown-heading">
      <h2 id="station-unknown-heading">{t('stations.unknownHeading')}</h2>
      <p>{t('stations.unknownBody', { slug: askedStation() ?? '' })}</p>
      {stations.length > 0 ? (
        <>
          <p>{t('stations.unknownChoose')}</p>
          <StationList stations={stations} />
        </>
      ) : (
        <p role="alert">{t('stations.listUnavailable')}</p>
      )}
    </section>
  );
}
