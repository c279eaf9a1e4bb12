import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { useRefusalText } from './refusalText.ts';

/** Officers and park managers sign in with the account an administrator made for them. */
export function StaffSignInForm() {
  const { t } = useTranslation();
  const staffLogin = useSession((s) => s.staffLogin);
  const refusal = useRefusalText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { username: useId(), password: useId(), error: useId() };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t('staff.errors.required'));
      return;
    }
    setBusy(true);
    const failed = await staffLogin(username.trim(), password);
    setBusy(false);
    if (!failed) return;
    setPassword('');
    setError(refusal(failed, { scope: 'staff.errors' }));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('staff.heading')}</h2>
      <div className="field">
        <label htmlFor={ids.username}>{t('staff.username')}</label>
        <input
          id={ids.username}
          name="username"
          autoComplete="username"
          value={username}
          maxLength={64}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.password}>{t('staff.password')}</label>
        <input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          maxLength={200}
          aria-describedby={error ? ids.error : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <FormError id={ids.error} message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signIn.entering') : t('staff.submit')}
      </button>
    </form>
  );
}
