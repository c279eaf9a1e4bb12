import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONCERN_PHOTOS_MAX,
  CONCERN_PLACE_MAX,
  CONCERN_WHAT_MAX,
  ConcernFieldError,
  RAISE_CONCERN_FIELDS,
  raiseConcernErrors,
  type ConcernFields,
  type ConcernView,
  type RaiseConcernInput,
} from '../../../shared/concerns.ts';
import { uploadImage } from '../../net/filingsApi.ts';
import type { RefusedError } from '../../net/queries.ts';
import { useSession } from '../../net/session.ts';
import { Button, Field, FormError, FormErrors } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { IMAGE_MAX_MB } from '../signboard/errorText.ts';
import { useConcernCategories } from './concernQueries.ts';
import { useCategoryName, useConcernFieldText, useFieldName } from './concernWords.ts';
import { PhotosField } from './PhotosField.tsx';

/**
 * What a concern is about, where, what happened and its photos, judged by the same checks the hall applies:
 * every refused field says why beside its input, with its limit, and a summary lists them all and takes the
 * focus. Raised by the merchant from the hall, or by an officer for the merchant at the desk (`raise`).
 */
export function ConcernForm({
  raise,
  submitLabel,
  onRaised,
  withPhotos = true,
  children,
}: {
  raise: UseMutationResult<ConcernView, RefusedError, RaiseConcernInput>;
  submitLabel: string;
  onRaised: (concern: ConcernView) => void;
  /**
   * Photos are the merchant's own uploads, from their phone: an officer recording one at the desk has none of
   * theirs to attach, so the desk's form goes without.
   */
  withPhotos?: boolean;
  /** Said before the fields: who it is for, and what to expect. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const refusal = useRefusalText();
  const fieldText = useConcernFieldText();
  const fieldName = useFieldName();
  const categoryName = useCategoryName();
  const categories = useConcernCategories().data?.categories ?? [];
  const [values, setValues] = useState({ category: '', place: '', what: '' });
  const [photos, setPhotos] = useState<string[]>([]);
  const [picked, setPicked] = useState<Record<string, Blob>>({});
  const [uploading, setUploading] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const base = useId();
  const id = (f: string) => `${base}-${f}`;

  // A field changed is a field being fixed: its error (and its line in the summary) goes until the next send.
  const edit = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const show = (fields: ConcernFields) => {
    setErrors(fieldText(fields));
    setAttempt((n) => n + 1);
    return Object.keys(fields).length;
  };

  async function pick(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file || !token || uploading) return;
    if (photos.length >= CONCERN_PHOTOS_MAX) {
      setErrors((e) => ({ ...e, ...fieldText({ photos: ConcernFieldError.tooMany }) }));
      input.value = '';
      return;
    }
    setUploading(true);
    const r = await uploadImage(token, file);
    setUploading(false);
    // Chosen again later, the same file is tried again: the input keeps none.
    input.value = '';
    if (!r.ok) {
      // Worded as a filing's image is (type, size, the station's quotas), naming this field.
      const text = refusal(r, { scope: 'filing.errors', values: { mb: IMAGE_MAX_MB }, field: fieldName('photos') });
      setErrors((e) => ({ ...e, photos: text }));
      return;
    }
    setPhotos((p) => (p.includes(r.value.id) ? p : [...p, r.value.id]));
    setPicked((p) => ({ ...p, [r.value.id]: file }));
    setErrors(({ photos: _gone, ...rest }) => rest);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    raise.reset();
    const form: RaiseConcernInput = { ...values, photos };
    // The category must also be one of the station's: the hall judges that, the list offers no other.
    if (show(raiseConcernErrors(form)) > 0) return;
    raise.mutate(form, {
      onSuccess: onRaised,
      onError: (err) => {
        if (err.refusal.fields) show(err.refusal.fields as ConcernFields);
      },
    });
  }

  const refusedFields = Object.keys(raise.error?.refusal.fields ?? {}).length > 0;
  const shown = RAISE_CONCERN_FIELDS.filter((f) => errors[f]);
  return (
    <form className="concern-form" onSubmit={onSubmit} noValidate>
      {children}
      <Field id={id('category')} label={t('concerns.category')} error={errors.category} announce={false}>
        <select name="category" value={values.category} onChange={(e) => edit('category', e.target.value)}>
          <option value="">{t('concerns.choose')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('place')}
        label={t('concerns.place')}
        error={errors.place}
        announce={false}
        hint={t('concerns.placeHint', { max: CONCERN_PLACE_MAX })}
      >
        <input
          name="place"
          value={values.place}
          maxLength={CONCERN_PLACE_MAX}
          onChange={(e) => edit('place', e.target.value)}
        />
      </Field>
      <Field
        id={id('what')}
        label={t('concerns.what')}
        error={errors.what}
        announce={false}
        hint={t('concerns.maxHint', { max: CONCERN_WHAT_MAX })}
      >
        <textarea
          name="what"
          rows={4}
          value={values.what}
          maxLength={CONCERN_WHAT_MAX}
          onChange={(e) => edit('what', e.target.value)}
        />
      </Field>
      {withPhotos && (
        <PhotosField
          id={id('photos')}
          photos={photos}
          picked={picked}
          error={errors.photos}
          uploading={uploading}
          onPick={(input) => void pick(input)}
          onRemove={(i) => {
            setPhotos((p) => p.filter((_, at) => at !== i));
            setErrors(({ photos: _gone, ...rest }) => rest);
          }}
        />
      )}
      {attempt > 0 && (
        <FormErrors
          heading={t('concerns.fixFields', { count: shown.length })}
          errors={shown.map((f) => ({ id: id(f), text: errors[f]! }))}
          attempt={attempt}
        />
      )}
      <FormError
        message={raise.error && !refusedFields ? refusal(raise.error.refusal, { scope: 'concerns.refused' }) : null}
      />
      <Button type="submit" className="primary" busy={raise.isPending} disabled={uploading}>
        {raise.isPending ? t('concerns.sending') : submitLabel}
      </Button>
    </form>
  );
}
