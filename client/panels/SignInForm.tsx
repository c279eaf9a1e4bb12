import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { merchantSignUpSchema } from '../../shared/accounts.ts';
import { NAME_MAX, SHOP_MAX } from '../../shared/profile.ts';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { useRefusalText } from './refusalText.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';

type Field = 'name' | 'shop' | 'phone';
const FIELDS: Field[] = ['name', 'shop', 'phone'];
const KNOWN = ['required', 'too_long', 'invalid_chars', 'invalid_phone'];

function errorsOf(values: Record<Field, string>): Partial<Record<Field, string>> {
  const r = merchantSignUpSchema.safeParse(values);
  if (r.success) return {};
  const out: Partial<Record<Field, string>> = {};
  for (const issue of r.error.issues) {
    const key = issue.path[0] as Field;
    if (FIELDS.includes(key) && !out[key]) out[key] = KNOWN.includes(issue.message) ? issue.message : 'required';
  }
  return out;
}

/**
 * A merchant's first sign-in: name, shop and (optionally) a phone number, checked with the rules the server
 * applies. The hall then remembers this merchant on this browser.
 */
export function SignInForm() {
  const { t } = useTranslation();
  const signUp = useSession((s) => s.signUp);
  const refusal = useRefusalText();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', shop: '', phone: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const ids = { name: useId(), shop: useId(), phone: useId() };
  const max: Record<Field, number> = { name: NAME_MAX, shop: SHOP_MAX, phone: 20 };

  function update(field: Field, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (submitted) setErrors(errorsOf(next));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSubmitted(true);
    setFailure(null);
    const found = errorsOf(values);
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      document.getElementById(ids[first])?.focus();
      return;
    }
    setBusy(true);
    const failed = await signUp(merchantSignUpSchema.parse(values));
    setBusy(false);
    if (!failed) return;
    if (failed.fields) setErrors(failed.fields as Partial<Record<Field, string>>);
    setFailure(refusal(failed));
  }

  const field = (name: Field, autoComplete: string, type = 'text') => {
    const error = errors[name];
    const errorId = `${ids[name]}-error`;
    return (
      <div className="field">
        <label htmlFor={ids[name]}>{t(`signIn.${name}`)}</label>
        <input
          id={ids[name]}
          name={name}
          type={type}
          value={values[name]}
          autoComplete={autoComplete}
          placeholder={t(`signIn.${name}Placeholder`)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          maxLength={max[name] * 4}
          onChange={(e) => update(name, e.target.value)}
        />
        <FormError
          id={errorId}
          message={hasWords(zhCN.signIn.errors, error) ? t(`signIn.errors.${error}`, { max: max[name] }) : error}
        />
      </div>
    );
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t('signIn.heading')}</h2>
      <p className="muted">{t('signIn.intro')}</p>
      {field('name', 'name')}
      {field('shop', 'organization')}
      {field('phone', 'tel', 'tel')}
      <FormError message={failure} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signIn.entering') : t('signIn.submit')}
      </button>
    </form>
  );
}
