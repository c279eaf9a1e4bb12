import { useTranslation } from 'react-i18next';
import { useStation } from '../../net/stations.ts';

/** The page's title: its station's name with the hall's ("西湖区…服务站 · 城管会客厅"), or the hall's alone. */
export function useStationTitle(): string {
  const { t } = useTranslation();
  const name = useStation((s) => s.station?.name ?? '');
  return name ? t('app.documentTitleOf', { station: name }) : t('app.documentTitle');
}
