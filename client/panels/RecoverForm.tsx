import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../net/session.ts';
import { Button, Field, FormError } from '../ui/index.ts';
import { signInChecksOrNull } from './loadSignInChecks.ts';
import { useRefusalText } from './refusalText.ts';

/** A merchant on a new phone signs in with the recovery code they saved, and their history follows. */
export function RecoverForm() {
  const { t } = useTranslation();
  const recover = useSession((s) => s.recover);
  const refusal = useRefusalText();
  const [code, setCode] = useState('');
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
    const parsed = checks.recoverSchema.safeParse({ code: code.trim() });
    if (!parsed.success) {
      setError(t('recover.errors.required'));
      return;
    }
    setBusy(true);
    const failed = await recover(parsed.data.code);
    setBusy(false);
    if (!failed) return;
    const wrongCode = failed.error === 'invalid_recovery_code' || failed.error === 'invalid_input';
    setError(wrongCode ? t('recover.errors.invalid') : refusal(failed));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="recover-heading">
      <h2 id="recover-heading">{t('recover.heading')}</h2>
      <p className="muted">{t('recover.intro')}</p>
      <Field label={t('recover.code')}>
        <input
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          maxLength={100}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <FormError id={errorId} message={error} />
      <Button type="submit" className="primary" busy={busy}>
        {t('recover.submit')}
      </Button>
    </form>
  );
}
