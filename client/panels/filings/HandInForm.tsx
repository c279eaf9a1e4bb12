import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HAND_IN_TEXT_MAX, type FilingItemView } from '../../../shared/filingItems.ts';
import { uploadImage } from '../../net/filingsApi.ts';
import { useSession } from '../../net/session.ts';
import { Button, Field, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { IMAGE_MAX_MB, limitsOf } from '../signboard/errorText.ts';
import { ImagePreview } from '../signboard/ImagePreview.tsx';
import { useFollowUpFieldText } from './followUpText.ts';
import { useHandIn } from './followUpQueries.ts';

/**
 * The merchant hands one owed item in: a photo (taken with the phone's camera or chosen, checked by the hall
 * like a filing's pictures) or a written answer. Each refused field is said beside it, with its limit.
 */
export function HandInForm({ filingId, item }: { filingId: string; item: FilingItemView }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const id = useId();
  const [kind, setKind] = useState<'photo' | 'text'>('photo');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<{ id: string; file: Blob } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const send = useHandIn(filingId, item.id);
  const refusal = useRefusalText();
  const fieldText = useFollowUpFieldText();

  async function pick(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file || !token) return;
    setUploading(true);
    const r = await uploadImage(token, file);
    setUploading(false);
    if (!r.ok) {
      const field = t('followUp.fieldNames.imageId');
      setErrors({ imageId: refusal(r, { scope: 'filing.errors', values: limitsOf('streetPhoto'), field }) });
      input.value = '';
      return;
    }
    setPhoto({ id: r.value.id, file });
    setErrors({});
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (kind === 'photo' && !photo) return setErrors({ imageId: fieldText('imageId', 'image_required') });
    const answer = kind === 'photo' && photo ? { kind, imageId: photo.id } : { kind: 'text' as const, text };
    send.mutate(answer, {
      onError: (err) => {
        const fields = err.refusal.fields ?? {};
        setErrors(Object.fromEntries(Object.entries(fields).map(([f, code]) => [f, fieldText(f, code)])));
      },
    });
  }

  const refused = send.error && !send.error.refusal.fields;
  return (
    <form className="hand-in" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('followUp.how')}</legend>
        {(['photo', 'text'] as const).map((k) => (
          <label key={k} className="choice">
            <input type="radio" name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
            <span>{t(k === 'photo' ? 'followUp.byPhoto' : 'followUp.byText')}</span>
          </label>
        ))}
      </fieldset>
      {kind === 'photo' ? (
        <Field
          label={t('followUp.photo')}
          hint={t('filing.imageHint', { mb: IMAGE_MAX_MB })}
          error={errors.imageId}
          before={photo && <ImagePreview id={photo.id} picked={photo.file} label={t('followUp.photo')} />}
          after={uploading && <p className="muted small">{t('filing.uploading')}</p>}
        >
          <input type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => void pick(e.currentTarget)} />
        </Field>
      ) : (
        <Field label={t('followUp.text')} hint={t('followUp.maxHint', { max: HAND_IN_TEXT_MAX })} error={errors.text}>
          <textarea rows={3} maxLength={HAND_IN_TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      )}
      {errors.kind && <FormError message={errors.kind} />}
      <Button type="submit" className="primary" busy={send.isPending || uploading}>
        {send.isPending ? t('followUp.sending') : t('followUp.handIn')}
      </Button>
      <FormError message={refused ? refusal(send.error.refusal, { scope: 'followUp.errors' }) : null} />
    </form>
  );
}
