import { useTranslation } from 'react-i18next';
import type { ConcernSummary } from '../../../shared/concerns.ts';
import { ImageViewer } from '../signboard/ImageViewer.tsx';
import { useCategoryName } from './concernWords.ts';

/** What a concern is about, where, what happened, and its photos (each opens large), as raised. */
export function ConcernFacts({ concern }: { concern: ConcernSummary }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  return (
    <>
      <dl className="concern-facts">
        <dt>{t('concerns.category')}</dt>
        <dd>{categoryName(concern.category)}</dd>
        <dt>{t('concerns.fieldNames.place')}</dt>
        <dd>{concern.place}</dd>
        <dt>{t('concerns.fieldNames.what')}</dt>
        <dd className="pre">{concern.what}</dd>
      </dl>
      {concern.photos.length > 0 && (
        <div className="row image-thumbs">
          {concern.photos.map((photo, i) => (
            <ImageViewer key={photo} id={photo} label={t('concerns.photoAlt', { n: i + 1 })} />
          ))}
        </div>
      )}
    </>
  );
}
