import { useTranslation } from 'react-i18next';
import { CONCERN_PHOTOS_MAX } from '../../../shared/concerns.ts';
import { Field } from '../../ui/index.ts';
import { ImagePreview } from '../signboard/ImagePreview.tsx';
import { IMAGE_MAX_MB } from '../signboard/errorText.ts';

/**
 * A concern's photos: those taken so far, each with its own remove button, and the file input for the next
 * one. No `capture` on the input: a phone then offers its camera and its gallery alike. The input is never
 * disabled (that would drop the focus of whoever just chose a file); a photo beyond the limit is refused with
 * words. Photos go up to the hall as a filing's images do, one at a time, as they are chosen.
 */
export function PhotosField({
  id,
  photos,
  picked,
  error,
  uploading,
  onPick,
  onRemove,
}: {
  id: string;
  /** The uploaded photos' ids, in the order taken. */
  photos: readonly string[];
  /** The files chosen on this page, by upload id, shown without reading them back. */
  picked: Readonly<Record<string, Blob>>;
  error?: string;
  uploading: boolean;
  onPick: (input: HTMLInputElement) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  const full = photos.length >= CONCERN_PHOTOS_MAX;
  return (
    <Field
      id={id}
      label={t('concerns.photos')}
      error={error}
      announce={false}
      hint={t('concerns.photosHint', { max: CONCERN_PHOTOS_MAX, mb: IMAGE_MAX_MB })}
      before={
        photos.length > 0 && (
          <ul className="concern-photos">
            {photos.map((photo, i) => (
              <li key={photo}>
                <ImagePreview id={photo} picked={picked[photo]} label={t('concerns.photoAlt', { n: i + 1 })} />
                <button type="button" className="small" onClick={() => onRemove(i)}>
                  {t('concerns.removePhoto', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        )
      }
      after={
        <p className="muted small" role="status">
          {uploading ? t('concerns.uploading') : full ? t('concerns.photosFull', { max: CONCERN_PHOTOS_MAX }) : ''}
        </p>
      }
    >
      <input
        name="photos"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        onChange={(e) => onPick(e.currentTarget)}
      />
    </Field>
  );
}
