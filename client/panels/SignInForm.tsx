import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NAME_MAX, SHOP_MAX } from '../../shared/fieldLimits.ts';
import { defaultAppearance } from '../../shared/appearance.ts';
import { AppearanceChoice } from './AppearanceChoice.tsx';
import { useSession } from '../net/session.ts';
import { Button, Field, FormError } from '../ui/index.ts';
import { signInChecksNow, signInChecksOrNull } from './loadSignInChecks.ts';
import { useRefusalText } from './refusalText.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';

type Name = 'name' | 'shop' | 'phone';
const FIELDS: readonly Name[] = ['name', 'shop', 'phone'];
const KNOWN = ['required', 'too_long', 'invalid_chars', 'invalid_phone'];
const MAX: Record<Name, number> = { name: NAME_MAX, shop: SHOP_MAX, phone: 20 };
const AUTOCOMPLETE: Record<Name, string> = { name: 'name', shop: 'organization', phone: 'tel' };

type Checks = NonNullable<ReturnType<typeof signInChecksNow>>;
const errorsOf = (checks: Checks, values: Record<Name, string>) =>
  checks.fieldCodes(checks.merchantSignUpSchema, values, FIELDS, KNOWN);

/**
 * A merchant's first sign-in: name, shop and (optionally) a phone number, checked with the rules the server
 * applies. The hall then remembers this merchant on this browser.
 */
export function SignInForm() {
  const { t } = useTranslation();
  const signUp = useSession((s) => s.signUp);
  const refusal = useRefusalText();
  const [values, setValues] = useState<Record<Name, string>>({ name: '', shop: '', phone: '' });
  const [errors, setErrors] = useState<Partial<Record<Name, string>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A look picked at random to start from, so those who keep it still differ from their neighbours.
  const [appearance, setAppearance] = useState(() => defaultAppearance(Math.random().toString(36)));
  const id = (name: Name) => `sign-in-${name}`;

  function update(name: Name, value: string) {
    const next = { ...values, [name]: value };
    setValues(next);
    const checks = signInChecksNow();
    if (submitted && checks) setErrors(errorsOf(checks, next));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSubmitted(true);
    setFailure(null);
    const checks = await signInChecksOrNull();
    if (!checks) {
      setFailure(t('errors.network'));
      return;
    }
    const found = errorsOf(checks, values);
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      document.getElementById(id(first))?.focus();
      return;
    }
    setBusy(true);
    const failed = await signUp({ ...checks.merchantSignUpSchema.parse(values), appearance });
    setBusy(false);
    if (!failed) return;
    if (failed.fields) setErrors(failed.fields as Partial<Record<Name, string>>);
    setFailure(refusal(failed));
  }

  const errorText = (name: Name) => {
    const code = errors[name];
    return hasWords(zhCN.signIn.errors, code) ? t(`signIn.errors.${code}`, { max: MAX[name] }) : code;
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t('signIn.heading')}</h2>
      <p className="muted">{t('signIn.intro')}</p>
      {FIELDS.map((name) => (
        <Field key={name} id={id(name)} label={t(`signIn.${name}`)} error={errorText(name)}>
          <input
            name={name}
            type={name === 'phone' ? 'tel' : 'text'}
            value={values[name]}
            autoComplete={AUTOCOMPLETE[name]}
            placeholder={t(`signIn.${name}Placeholder`)}
            maxLength={MAX[name] * 4}
            onChange={(e) => update(name, e.target.value)}
          />
        </Field>
      ))}
      <AppearanceChoice value={appearance} onChange={setAppearance} hint={t('appearance.hint')} />
      <FormError message={failure} />
      <Button type="submit" className="primary" busy={busy}>
        {busy ? t('signIn.entering') : t('signIn.submit')}
      </Button>
    </form>
  );
}
