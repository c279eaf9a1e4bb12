import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/index.ts';
import { IMAGE_MAX_MB } from './errorText.ts';
import type { ImageField as Name } from './draft.ts';
import { ImagePreview } from './ImagePreview.tsx';

/** One of the filing's two pictures: its preview once taken, the file input, and how the upload goes. */
export function ImageField({
  id,
  name,
  imageId,
  picked,
  error,
  uploading,
  onPick,
}: {
  id: string;
  name: Name;
  /** The uploaded image's id, once the hall has it. */
  imageId: string;
  /** The file chosen on this page, shown without reading it back. */
  picked?: Blob;
  error?: string;
  uploading: boolean;
  onPick: (input: HTMLInputElement) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      id={id}
      label={t(`filing.${name}`)}
      error={error}
      announce={false}
      hint={t('filing.imageHint', { mb: IMAGE_MAX_MB })}
      before={<ImagePreview id={imageId} picked={picked} label={t(`filing.${name}`)} />}
      after={
        <>
          {uploading && <p className="muted small">{t('filing.uploading')}</p>}
          {imageId && !uploading && <p className="muted small">{t('filing.uploaded')}</p>}
        </>
      }
    >
      <input
        name={name}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        onChange={(e) => onPick(e.currentTarget)}
      />
    </Field>
  );
}
