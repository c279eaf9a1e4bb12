import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../../shared/accounts.ts';
import { merchantSignUpSchema } from '../../shared/accounts.ts';
import { accountsApi, waitMinutes } from '../net/accountsApi.ts';
import { useSession } from '../net/session.ts';

type MerchantMe = Extract<MeResponse, { kind: 'merchant' }>;

/** A merchant's own profile: edit name, shop and phone; ask for a new recovery code. */
export function ProfilePanel({ me }: { me: MerchantMe }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const setMe = useSession((s) => s.setMe);
  const renewRecoveryCode = useSession((s) => s.renewRecoveryCode);
  const [values, setValues] = useState({ name: me.name, shop: me.shop, phone: me.phone ?? '' });
  const [message, setMessage] = useState<string | null>(null);
  const ids = { name: useId(), shop: useId(), phone: useId() };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = merchantSignUpSchema.safeParse(values);
    if (!parsed.success || !token) {
      setMessage(t('profile.invalid'));
      return;
    }
    const r = await accountsApi.updateProfile(token, parsed.data);
    if (r.ok) setMe(r.value.me);
    setMessage(r.ok ? t('profile.saved') : failureText(r));
  }

  async function newCode() {
    const failed = await renewRecoveryCode();
    if (failed) setMessage(failureText(failed));
  }

  function failureText(failed: { error: string; retryAfter?: number }): string {
    if (failed.error === 'throttled') return t('errors.throttled', { minutes: waitMinutes(failed) });
    return failed.error === 'network' ? t('errors.network') : t('errors.refused');
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
