import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FILING_FIELDS,
  FILING_TEXT_MAX,
  filingErrors,
  IMAGE_MAX_BYTES,
  LIGHT_SOURCES,
  LIGHTINGS,
  MATERIALS,
  MOUNTINGS,
  SIZE_LIMITS,
  TENURES,
  type FilingField,
  type FilingView,
} from '../../shared/filing.ts';
import { filingsApi, imageUrl, uploadImage } from '../net/filingsApi.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { useRefusalText } from './refusalText.ts';
import { SignboardErrorSummary } from './SignboardErrorSummary.tsx';
import { describedBy, SignboardField as Field } from './SignboardField.tsx';
import { useSignboardForm } from './SignboardForm.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { SignboardMyFilings } from './SignboardMyFilings.tsx';

type Values = Record<Exclude<FilingField, 'commitment'>, string> & { commitment: boolean };
type ImageField = 'designImage' | 'streetPhoto';

const EMPTY: Values = {
  shopName: '',
  address: '',
  signText: '',
  width: '',
  height: '',
  material: '',
  mounting: '',
  lighting: '',
  lightSource: '',
  designImage: '',
  streetPhoto: '',
  tenure: '',
  tenureDoc: '',
  commitment: false,
};

const draftKey = (merchantId: string) => `hall.signboardDraft.${merchantId}`;

/** A half-filled form survives a reload: it is kept in this browser until it is submitted. */
function loadDraft(merchantId: string): { values: Values; editing: string | null } {
  try {
    const raw = JSON.parse(localStorage.getItem(draftKey(merchantId)) ?? 'null') as {
      values?: Partial<Values>;
      editing?: string | null;
    } | null;
    return { values: { ...EMPTY, ...raw?.values }, editing: raw?.editing ?? null };
  } catch {
    return { values: EMPTY, editing: null };
  }
}

function saveDraft(merchantId: string, values: Values, editing: string | null): void {
  try {
    localStorage.setItem(draftKey(merchantId), JSON.stringify({ values, editing }));
  } catch {
    // storage full or off: the form still works, it just does not survive a reload
  }
}

function toValues(f: FilingView): Values {
  return Object.fromEntries(
    FILING_FIELDS.map((k) => [k, k === 'commitment' ? false : String(f.form[k] ?? '')]),
  ) as unknown as Values;
}

const MB = 1024 * 1024;
/** Longest decimal a size field takes, e.g. "10.25". */
const SIZE_INPUT_MAX = 8;

/**
 * What a field's error message needs besides the field's name: its limits. The station's bounds on pixels
 * and on how much a merchant uploads are its settings, not the page's: those messages name the bound
 * without a figure.
 */
function limitsOf(field: FilingField): Record<string, number> {
  const images = { mb: IMAGE_MAX_BYTES / MB };
  if (field === 'width' || field === 'height') return { ...SIZE_LIMITS[field] };
  if (field in FILING_TEXT_MAX) return { max: FILING_TEXT_MAX[field as keyof typeof FILING_TEXT_MAX] };
  return field === 'designImage' || field === 'streetPhoto' ? images : {};
}

/**
 * 招牌备案 for a merchant: the form (judged by the same rules the server uses, every error beside its
 * field), the two images, and the filings already made with their review state, updated as officers act.
 */
export function SignboardPanel({ merchantId }: { merchantId: string }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.filingsVersion);
  const [initial] = useState(() => loadDraft(merchantId));
  const [values, setValues] = useState<Values>(initial.values);
  const [editing, setEditing] = useState<string | null>(initial.editing);
  const [errors, setErrors] = useState<Partial<Record<FilingField, string>>>({});
  const [previews, setPreviews] = useState<Partial<Record<ImageField, string>>>({});
  const [busy, setBusy] = useState<ImageField | 'submit' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const refusal = useRefusalText();
  const [filings, setFilings] = useState<FilingView[]>([]);
  const [summary, setSummary] = useState(false);
  const open = useSignboardForm((s) => s.open);
  const setOpen = useSignboardForm((s) => s.setOpen);
  const focusRequest = useSignboardForm((s) => s.focusRequest);
  const base = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const id = (f: FilingField) => `${base}-${f}`;

  // Asked for from elsewhere (the services panel, a guidance sheet): bring the form into view, first field focused.
  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.scrollIntoView({ block: 'start' });
    formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (!token) return;
    let live = true;
    void filingsApi.list(token).then((r) => live && r.ok && setFilings(r.value.filings));
    return () => {
      live = false;
    };
  }, [token, version]);

  // Previews of images uploaded before a reload are fetched back (they need the token).
  useEffect(() => {
    if (!token) return;
    let live = true;
    for (const key of ['designImage', 'streetPhoto'] as const) {
      const imgId = values[key];
      if (!imgId || previews[key]) continue;
      void imageUrl(token, imgId).then((url) => live && url && setPreviews((p) => ({ ...p, [key]: url })));
    }
    return () => {
      live = false;
    };
  }, [token, values, previews]);

  // Functional updates: two images uploading at once must not overwrite each other's id.
  const change = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  // Whatever is typed is kept in this browser as it changes, so a reload loses nothing.
  useEffect(() => saveDraft(merchantId, values, editing), [merchantId, values, editing]);

  // Every message names its field and what the field expects (its limits), in the merchant's language.
  const errorText = (field: FilingField, code: string) =>
    hasWords(zhCN.filing.errors, code)
      ? t(`filing.errors.${code}`, { field: t(`filing.fieldNames.${field}`), ...limitsOf(field) })
      : t('filing.errors.unknown', { field: t(`filing.fieldNames.${field}`) });

  // All the refused fields at once, listed in the summary, which takes the focus so it is read first.
  const show = (codes: Partial<Record<FilingField, string>>) => {
    const texts: Partial<Record<FilingField, string>> = {};
    for (const [f, code] of Object.entries(codes) as [FilingField, string][]) texts[f] = errorText(f, code);
    setErrors(texts);
    setSummary(true);
    requestAnimationFrame(() => summaryRef.current?.focus());
    return Object.keys(texts).length;
  };

  async function pick(field: ImageField, input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file || !token) return;
    setBusy(field);
    setMessage(null);
    const r = await uploadImage(token, file);
    setBusy(null);
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
    setPreviews((p) => ({ ...p, [field]: URL.createObjectURL(file) }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    change({ [field]: r.value.id });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    setRefused(null);
    const local = filingErrors(values);
    if (show(local) > 0) return;
    if (!token) return;
    setBusy('submit');
    const r = editing ? await filingsApi.resubmit(token, editing, values) : await filingsApi.submit(token, values);
    setBusy(null);
    if (!r.ok) {
      const n = r.fields ? show(r.fields as Partial<Record<FilingField, string>>) : 0;
      if (n === 0) setRefused(refusal(r, { scope: 'filing.refused' }));
      return;
    }
    setMessage(t('filing.submitted', { number: r.value.caseNumber }));
    setValues(EMPTY);
    setEditing(null);
    setPreviews({});
    setErrors({});
    setSummary(false);
  }

  const described = (f: FilingField, hint = false) => describedBy(id(f), { hint, error: Boolean(errors[f]) });
  const text = (f: keyof typeof FILING_TEXT_MAX) => (
    <Field
      id={id(f)}
      label={t(`filing.${f}`)}
      error={errors[f]}
      hint={t('filing.maxHint', { max: FILING_TEXT_MAX[f] })}
    >
      <input
        id={id(f)}
        name={f}
        value={values[f]}
        maxLength={FILING_TEXT_MAX[f]}
        aria-invalid={Boolean(errors[f])}
        aria-describedby={described(f, true)}
        onChange={(e) => change({ [f]: e.target.value })}
      />
    </Field>
  );
  const size = (f: 'width' | 'height') => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]} hint={t('filing.sizeHint', SIZE_LIMITS[f])}>
      <input
        id={id(f)}
        name={f}
        value={values[f]}
        inputMode="decimal"
        maxLength={SIZE_INPUT_MAX}
        aria-invalid={Boolean(errors[f])}
        aria-describedby={described(f, true)}
        onChange={(e) => change({ [f]: e.target.value })}
      />
    </Field>
  );
  const select = <O extends string>(
    f: 'material' | 'mounting' | 'lighting' | 'lightSource' | 'tenure',
    options: readonly O[],
    word: (o: O) => string,
  ) => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]}>
      <select
        id={id(f)}
        name={f}
        value={values[f]}
        aria-invalid={Boolean(errors[f])}
        aria-describedby={described(f)}
        onChange={(e) => change({ [f]: e.target.value })}
      >
        <option value="">{t('filing.choose')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {word(o)}
          </option>
        ))}
      </select>
    </Field>
  );
  const image = (f: ImageField) => (
    <Field
      id={id(f)}
      label={t(`filing.${f}`)}
      error={errors[f]}
      hint={t('filing.imageHint', { mb: IMAGE_MAX_BYTES / MB })}
    >
      {previews[f] && <img className="filing-preview" src={previews[f]} alt={t(`filing.${f}`)} />}
      <input
        id={id(f)}
        name={f}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-invalid={Boolean(errors[f])}
        aria-describedby={described(f, true)}
        onChange={(e) => void pick(f, e.currentTarget)}
      />
      {busy === f && <p className="muted small">{t('filing.uploading')}</p>}
      {values[f] && busy !== f && <p className="muted small">{t('filing.uploaded')}</p>}
    </Field>
  );

  return (
    <details className="card signboard" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('filing.heading')}</summary>
      <h3>{t('filing.mine')}</h3>
      <SignboardMyFilings
        filings={filings}
        onEdit={(f) => {
          const next = { ...toValues(f) };
          setValues(next);
          setEditing(f.id);
          setPreviews({});
          formRef.current?.scrollIntoView({ block: 'start' });
        }}
      />
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
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
        <div className="field">
          <label className="choice">
            <input
              id={id('commitment')}
              type="checkbox"
              checked={values.commitment}
              aria-invalid={Boolean(errors.commitment)}
              aria-describedby={described('commitment')}
              onChange={(e) => change({ commitment: e.target.checked })}
            />
            <span>{t('filing.commitment')}</span>
          </label>
          {errors.commitment && (
            <p id={`${id('commitment')}-error`} className="field-error">
              {errors.commitment}
            </p>
          )}
        </div>
        {summary && (
          <SignboardErrorSummary
            ref={summaryRef}
            errors={FILING_FIELDS.filter((f) => errors[f]).map((f) => ({ field: f, inputId: id(f), text: errors[f]! }))}
          />
        )}
        <FormError message={refused} />
        <p role="status" className="small">
          {message}
        </p>
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'submit' ? t('filing.sending') : editing ? t('filing.resubmit') : t('filing.submit')}
        </button>
      </form>
    </details>
  );
}
