import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_INPUT_MAX, USERNAME_MAX } from '../../shared/fieldLimits.ts';
import { useSession } from '../net/session.ts';
import { Button, Field, FormError } from '../ui/index.ts';
import { signInChecksOrNull } from './loadSignInChecks.ts';
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
  const errorId = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const checks = await signInChecksOrNull();
    if (!checks) {
      setError(t('errors.network'));
      return;
    }
    const parsed = checks.staffLoginSchema.safeParse({ username, password });
    if (!parsed.success) {
      setError(t('staff.errors.required'));
      return;
    }
    setBusy(true);
    const failed = await staffLogin(parsed.data.username, parsed.data.password);
    setBusy(false);
    if (!failed) return;
    setPassword('');
    setError(refusal(failed, { scope: 'staff.errors' }));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('staff.heading')}</h2>
      <Field label={t('staff.username')}>
        <input
          name="username"
          autoComplete="username"
          value={username}
          maxLength={USERNAME_MAX}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field label={t('staff.password')}>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          maxLength={PASSWORD_INPUT_MAX}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <FormError id={errorId} message={error} />
      <Button type="submit" className="primary" busy={busy}>
        {busy ? t('signIn.entering') : t('staff.submit')}
      </Button>
    </form>
  );
}
