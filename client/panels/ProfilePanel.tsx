import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../../shared/accounts.ts';
import { merchantSignUpSchema } from '../../shared/accounts.ts';
import { accountsApi } from '../net/accountsApi.ts';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { useRefusalText } from './refusalText.ts';

type MerchantMe = Extract<MeResponse, { kind: 'merchant' }>;

/** A merchant's own profile: edit name, shop and phone; ask for a new recovery code. */
export function ProfilePanel({ me }: { me: MerchantMe }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const setMe = useSession((s) => s.setMe);
  const renewRecoveryCode = useSession((s) => s.renewRecoveryCode);
  const refusal = useRefusalText();
  const [values, setValues] = useState({ name: me.name, shop: me.shop, phone: me.phone ?? '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = { name: useId(), shop: useId(), phone: useId() };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = merchantSignUpSchema.safeParse(values);
    setMessage(null);
    if (!parsed.success || !token) {
      setError(t('profile.invalid'));
      return;
    }
    const r = await accountsApi.updateProfile(token, parsed.data);
    if (r.ok) setMe(r.value.me);
    setError(r.ok ? null : refusal(r));
    setMessage(r.ok ? t('profile.saved') : null);
  }

  async function newCode() {
    setMessage(null);
    const failed = await renewRecoveryCode();
    setError(failed ? refusal(failed) : null);
  }

  return (
    <details className="card profile">
      <summary>{t('profile.heading')}</summary>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {(['name', 'shop', 'phone'] as const).map((f) => (
          <div className="field" key={f}>
            <label htmlFor={ids[f]}>{t(`signIn.${f}`)}</label>
            <input
              id={ids[f]}
              name={f}
              value={values[f]}
              type={f === 'phone' ? 'tel' : 'text'}
              onChange={(e) => setValues({ ...values, [f]: e.target.value })}
            />
          </div>
        ))}
        <p role="status" className="muted small">
          {message}
        </p>
        <FormError message={error} />
        <div className="row">
          <button type="submit">{t('profile.save')}</button>
          <button type="button" onClick={() => void newCode()}>
            {t('profile.newCode')}
          </button>
        </div>
        <p className="muted small">{t('profile.codeHint')}</p>
      </form>
    </details>
  );
}
