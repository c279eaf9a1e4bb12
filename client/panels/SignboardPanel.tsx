import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FILING_FIELDS,
  filingErrors,
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

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The states of one's filings, what was asked, and the way back into the form when changes are asked. */
function MyFilings({ filings, onEdit }: { filings: FilingView[]; onEdit: (f: FilingView) => void }) {
  const { t } = useTranslation();
  if (filings.length === 0) return <p className="muted small">{t('filing.none')}</p>;
  return (
    <ul className="filings">
      {filings.map((f) => (
        <li key={f.id} className={`filing filing-${f.state}`}>
          <p>
            <strong>{f.form.signText}</strong> · {f.caseNumber}
          </p>
          <p>{t('filing.state', { state: t(`filing.states.${f.state}`) })}</p>
          {f.state === 'changesRequested' && (
            <>
              <p className="small">{t('filing.changes')}</p>
              <ol className="small">
                {f.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
              <button type="button" className="primary" onClick={() => onEdit(f)}>
                {t('filing.edit')}
              </button>
            </>
          )}
          {f.state === 'visitBooked' && <p className="small">{t('filing.visitBooked')}</p>}
          {f.state === 'acceptedWithItems' && (
            <>
              <p className="small">{t('filing.followItems', { deadline: f.deadline })}</p>
              <ol className="small">
                {f.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
            </>
          )}
        </li>
      ))}
    </ul>
  );
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
  const [filings, setFilings] = useState<FilingView[]>([]);
  const [open, setOpen] = useState(false);
  const base = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const id = (f: FilingField) => `${base}-${f}`;

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

  const errorText = (field: FilingField, code: string) => {
    const limits = field === 'width' ? SIZE_LIMITS.width : field === 'height' ? SIZE_LIMITS.height : undefined;
    return t(`filing.errors.${code}`, limits ?? {});
  };

  const show = (codes: Partial<Record<FilingField, string>>) => {
    const texts: Partial<Record<FilingField, string>> = {};
    for (const [f, code] of Object.entries(codes) as [FilingField, string][]) texts[f] = errorText(f, code);
    setErrors(texts);
    const first = FILING_FIELDS.find((f) => texts[f]);
    if (first) document.getElementById(id(first))?.focus();
    return Object.keys(texts).length;
  };

  async function pick(field: ImageField, file: File | undefined) {
    if (!file || !token) return;
    setBusy(field);
    const r = await uploadImage(token, file);
    setBusy(null);
    if (!r.ok) {
      setErrors((e) => ({ ...e, [field]: t(`filing.errors.${r.error}`) }));
      return;
    }
    setPreviews((p) => ({ ...p, [field]: URL.createObjectURL(file) }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    change({ [field]: r.id });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const local = filingErrors(values);
    if (show(local) > 0) {
      setMessage(t('filing.fixFields', { count: Object.keys(local).length }));
      return;
    }
    if (!token) return;
    setBusy('submit');
    const r = editing ? await filingsApi.resubmit(token, editing, values) : await filingsApi.submit(token, values);
    setBusy(null);
    if (!r.ok) {
      const n = r.fields ? show(r.fields as Partial<Record<FilingField, string>>) : 0;
      setMessage(n > 0 ? t('filing.fixFields', { count: n }) : t('errors.refused'));
      return;
    }
    setMessage(t('filing.submitted', { number: r.value.caseNumber }));
    setValues(EMPTY);
    setEditing(null);
    setPreviews({});
    setErrors({});
  }

  const describedBy = (f: FilingField, hint = false) =>
    [hint ? `${id(f)}-hint` : '', errors[f] ? `${id(f)}-error` : ''].filter(Boolean).join(' ') || undefined;
  const text = (f: 'shopName' | 'address' | 'signText' | 'tenureDoc' | 'width' | 'height', inputMode?: 'decimal') => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]}>
      <input
        id={id(f)}
        name={f}
        value={values[f]}
        inputMode={inputMode}
        aria-invalid={Boolean(errors[f])}
        aria-describedby={describedBy(f)}
        onChange={(e) => change({ [f]: e.target.value })}
      />
    </Field>
  );
  const select = (
    f: 'material' | 'mounting' | 'lighting' | 'lightSource' | 'tenure',
    options: readonly string[],
    group: string,
  ) => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]}>
      <select
        id={id(f)}
        name={f}
        value={values[f]}
        aria-invalid={Boolean(errors[f])}
        aria-describedby={describedBy(f)}
        onChange={(e) => change({ [f]: e.target.value })}
      >
        <option value="">{t('filing.choose')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`filing.${group}.${o}`)}
          </option>
        ))}
      </select>
    </Field>
  );
  const image = (f: ImageField) => (
    <Field id={id(f)} label={t(`filing.${f}`)} error={errors[f]} hint={t('filing.imageHint')}>
      {previews[f] && <img className="filing-preview" src={previews[f]} alt={t(`filing.${f}`)} />}
      <input
        id={id(f)}
        name={f}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-invalid={Boolean(errors[f])}
        aria-describedby={describedBy(f, true)}
        onChange={(e) => void pick(f, e.target.files?.[0])}
      />
      {busy === f && <p className="muted small">{t('filing.uploading')}</p>}
      {values[f] && busy !== f && <p className="muted small">{t('filing.uploaded')}</p>}
    </Field>
  );

  return (
    <details className="card signboard" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('filing.heading')}</summary>
      <h3>{t('filing.mine')}</h3>
      <MyFilings
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
          {text('width', 'decimal')}
          {text('height', 'decimal')}
        </div>
        {select('material', MATERIALS, 'materials')}
        {select('mounting', MOUNTINGS, 'mountings')}
        {select('lighting', LIGHTINGS, 'lightings')}
        {values.lighting && values.lighting !== 'none' && select('lightSource', LIGHT_SOURCES, 'lightSources')}
        {image('designImage')}
        {image('streetPhoto')}
        {select('tenure', TENURES, 'tenures')}
        {text('tenureDoc')}
        <div className="field">
          <label className="choice">
            <input
              id={id('commitment')}
              type="checkbox"
              checked={values.commitment}
              aria-invalid={Boolean(errors.commitment)}
              aria-describedby={describedBy('commitment')}
              onChange={(e) => change({ commitment: e.target.checked })}
            />
            <span>{t('filing.commitment')}</span>
          </label>
          {errors.commitment && (
            <p id={`${id('commitment')}-error`} className="field-error" role="alert">
              {errors.commitment}
            </p>
          )}
        </div>
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
