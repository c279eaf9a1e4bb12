import { useEffect, useId, useState, type FormEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FILING_FIELDS,
  FILING_TEXT_MAX,
  filingErrors,
  LIGHT_SOURCES,
  LIGHTINGS,
  MATERIALS,
  MOUNTINGS,
  SIZE_LIMITS,
  TENURES,
  type FilingField,
  type FilingView,
} from '../../../shared/filing.ts';
import { filingsApi, uploadImage } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useSession } from '../../net/session.ts';
import { useHallMutation } from '../../net/useHallQuery.ts';
import { Button, Field, FormError, FormErrors } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { EMPTY, saveDraft, type ImageField as ImageName, type Values } from './draft.ts';
import { limitsOf, useFilingErrorText } from './errorText.ts';
import { ImageField } from './ImageField.tsx';

/** Longest decimal a size field takes, e.g. "10.25". */
const SIZE_INPUT_MAX = 8;
/** The form being filled: what is typed, and which filing it changes (null for a new one). */
export interface Draft {
  values: Values;
  editing: string | null;
}

/**
 * The filing form, judged by the same rules the server uses: every refused field says why beside its input,
 * and a summary lists them all and takes the focus. What is typed is kept in this browser as it changes.
 */
export function FilingForm({
  merchantId,
  draft,
  setDraft,
  onSubmitted,
  ref,
}: {
  merchantId: string;
  draft: Draft;
  setDraft: (change: (d: Draft) => Draft) => void;
  /** The filing is in: the panel shows what happens next in place of the form. */
  onSubmitted: (filing: FilingView) => void;
  ref: Ref<HTMLFormElement>;
}) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const refusal = useRefusalText();
  const errorText = useFilingErrorText();
  const { values, editing } = draft;
  const [errors, setErrors] = useState<Partial<Record<FilingField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [picked, setPicked] = useState<Partial<Record<ImageName, Blob>>>({});
  const [uploading, setUploading] = useState<Partial<Record<ImageName, boolean>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const base = useId();
  const id = (f: FilingField) => `${base}-${f}`;

  // Functional updates: two images uploading at once must not overwrite each other's id.
  const change = (patch: Partial<Values>) => setDraft((d) => ({ ...d, values: { ...d.values, ...patch } }));
  // A field changed is a field being fixed: its error (and its line in the summary) goes until the next submit
  // judges the form again. A light source is asked only of lit signs, so changing the lighting clears it too.
  const edit = (patch: Partial<Values>) => {
    change(patch);
    setErrors((e) => {
      const fields = Object.keys(patch) as FilingField[];
      if ('lighting' in patch) fields.push('lightSource');
      if (!fields.some((f) => e[f])) return e;
      const next = { ...e };
      for (const f of fields) delete next[f];
      return next;
    });
  };
  // Whatever is typed is kept in this browser as it changes, so a reload loses nothing.
  useEffect(() => saveDraft(merchantId, values, editing), [merchantId, values, editing]);
  // A filing taken back for changes shows its stored pictures, not the ones chosen for another.
  useEffect(() => setPicked({}), [editing]);

  // All the refused fields at once, listed in the summary, which takes the focus so it is read first.
  const show = (codes: Partial<Record<FilingField, string>>) => {
    const texts: Partial<Record<FilingField, string>> = {};
    for (const [f, code] of Object.entries(codes) as [FilingField, string][]) texts[f] = errorText(f, code);
    setErrors(texts);
    setAttempt((n) => n + 1);
    return Object.keys(texts).length;
  };

  const send = useHallMutation(
    (token, d: Draft) =>
      d.editing ? filingsApi.resubmit(token, d.editing, d.values) : filingsApi.submit(token, d.values),
    [features.filings, features.cases],
    {
      onSuccess: (filing: FilingView) => {
        setMessage(null);
        setDraft(() => ({ values: EMPTY, editing: null }));
        setPicked({});
        setErrors({});
        setAttempt(0);
        onSubmitted(filing);
      },
      onError: (e) => {
        if (e.refusal.fields) show(e.refusal.fields as Partial<Record<FilingField, string>>);
      },
    },
  );
  const refusedFields = Object.keys(send.error?.refusal.fields ?? {}).length > 0;

  async function pick(field: ImageName, input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file || !token) return;
    setUploading((u) => ({ ...u, [field]: true }));
    setMessage(null);
    const r = await uploadImage(token, file);
    setUploading((u) => ({ ...u, [field]: false }));
    if (!r.ok) {
      // The hall's bound and wait, when it gave them, in the field's own message; the focus stays on the
      // file input, which the message describes.
      const name = t(`filing.fieldNames.${field}`);
      const text = refusal(r, { scope: 'filing.errors', values: limitsOf(field), field: name });
      setErrors((e) => ({ ...e, [field]: text }));
      // Said once more in the status line, so it is announced; the field keeps it beside its input.
      setMessage(text);
      // The refused file is not kept: the input shows none chosen (the preview is still the last one taken),
      // and choosing the same file again once the wait is over tries it again.
      input.value = '';
      return;
    }
    setPicked((p) => ({ ...p, [field]: file }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    change({ [field]: r.value.id });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    send.reset();
    if (show(filingErrors(values)) > 0) return;
    send.mutate(draft);
  }

  const text = (f: keyof typeof FILING_TEXT_MAX) => (
    <Field
      id={id(f)}
      label={t(`filing.${f}`)}
      error={errors[f]}
      announce={false}
      hint={t('filing.maxHint', { max: FILING_TEXT_MAX[f] })}
    >
      <input
        name={f}
        value={values[f]}
        maxLength={FILING_TEXT_MAX[f]}
        onChange={(e) => edit({ [f]: e.target.value })}
      />
    </Field>
  );
  const size = (f: 'width' | 'height') => (
    <Field
      id={id(f)}
      label={t(`filing.${f}`)}
      error={errors[f]}
      announce={false}
      hint={t('filing.sizeHint', SIZE_LIMITS[f])}
    >
      <input
        name={f}
        value={values[f]}
        inputMode="decimal"
        maxLength={SIZE_INPUT_MAX}
        onChange={(e) => edit({ [f]: e.target.value })}
      />
    </Field>
  );
  const select = <O extends string>(
    f: 'material' | 'mounting' | 'lighting' | 'lightSource' | 'tenure',
    options: readonly O[],
    word: (o: O) => string,
  ) => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]} announce={false}>
      <select name={f} value={values[f]} onChange={(e) => edit({ [f]: e.target.value })}>
        <option value="">{t('filing.choose')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {word(o)}
          </option>
        ))}
      </select>
    </Field>
  );
  const image = (f: ImageName) => (
    <ImageField
      id={id(f)}
      name={f}
      imageId={values[f]}
      picked={picked[f]}
      error={errors[f]}
      uploading={Boolean(uploading[f])}
      onPick={(input) => void pick(f, input)}
    />
  );

  return (
    <form ref={ref} onSubmit={onSubmit} noValidate>
      <p className="muted small">{t('filing.intro')}</p>
      {text('shopName')}
      {text('address')}
      {text('signText')}
      <div className="row two">
        {size('width')}
        {size('height')}
      </div>
      {select('material', MATERIALS, (o) => t(`filing.materials.${o}`))}
      {select('mounting', MOUNTINGS, (o) => t(`filing.mountings.${o}`))}
      {select('lighting', LIGHTINGS, (o) => t(`filing.lightings.${o}`))}
      {values.lighting &&
        values.lighting !== 'none' &&
        select('lightSource', LIGHT_SOURCES, (o) => t(`filing.lightSources.${o}`))}
      {image('designImage')}
      {image('streetPhoto')}
      {select('tenure', TENURES, (o) => t(`filing.tenures.${o}`))}
      {text('tenureDoc')}
      <Field id={id('commitment')} label={t('filing.commitment')} error={errors.commitment} announce={false} choice>
        <input type="checkbox" checked={values.commitment} onChange={(e) => edit({ commitment: e.target.checked })} />
      </Field>
      {attempt > 0 && (
        <FormErrors
          heading={t('filing.fixFields', { count: Object.values(errors).filter(Boolean).length })}
          errors={FILING_FIELDS.filter((f) => errors[f]).map((f) => ({ id: id(f), text: errors[f]! }))}
          attempt={attempt}
        />
      )}
      <FormError
        message={send.error && !refusedFields ? refusal(send.error.refusal, { scope: 'filing.refused' }) : null}
      />
      <p role="status" className="small">
        {message}
      </p>
      <Button type="submit" className="primary" busy={send.isPending} disabled={Object.values(uploading).some(Boolean)}>
        {send.isPending ? t('filing.sending') : editing ? t('filing.resubmit') : t('filing.submit')}
      </Button>
    </form>
  );
}
