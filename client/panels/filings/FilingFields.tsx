import { useTranslation } from 'react-i18next';
import type { FilingView } from '../../../shared/filing.ts';

/** What the merchant filed, field by field, in the reader's words. */
export function FilingFields({ form: f }: { form: FilingView['form'] }) {
  const { t } = useTranslation();
  return (
    <dl className="small filing-fields">
      <dt>{t('filing.shopName')}</dt>
      <dd>{f.shopName}</dd>
      <dt>{t('filing.address')}</dt>
      <dd>{f.address}</dd>
      <dt>{t('filing.signText')}</dt>
      <dd>{f.signText}</dd>
      <dt>{t('filing.size')}</dt>
      <dd>{t('review.size', { width: f.width, height: f.height })}</dd>
      <dt>{t('filing.material')}</dt>
      <dd>{t(`filing.materials.${f.material}`)}</dd>
      <dt>{t('filing.mounting')}</dt>
      <dd>{t(`filing.mountings.${f.mounting}`)}</dd>
      <dt>{t('filing.lighting')}</dt>
      <dd>
        {t(`filing.lightings.${f.lighting}`)}
        {f.lightSource && ` · ${t(`filing.lightSources.${f.lightSource}`)}`}
      </dd>
      <dt>{t('filing.tenure')}</dt>
      <dd>
        {t(`filing.tenures.${f.tenure}`)} · {f.tenureDoc}
      </dd>
    </dl>
  );
}
