import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { useRefusalText } from './refusalText.ts';

/** A merchant on a new phone signs in with the recovery code they saved, and their history follows. */
export function RecoverForm() {
  const { t } = useTranslation();
  const recover = useSession((s) => s.recover);
  const refusal = useRefusalText();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { code: useId(), error: useId() };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!code.trim()) {
      setError(t('recover.errors.required'));
      return;
    }
    setBusy(true);
    const failed = await recover(code.trim());
    setBusy(false);
    if (!failed) return;
    const wrongCode = failed.error === 'invalid_recovery_code' || failed.error === 'invalid_input';
    setError(wrongCode ? t('recover.errors.invalid') : refusal(failed));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="recover-heading">
      <h2 id="recover-heading">{t('recover.heading')}</h2>
      <p className="muted">{t('recover.intro')}</p>
      <div className="field">
        <label htmlFor={ids.code}>{t('recover.code')}</label>
        <input
          id={ids.code}
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          maxLength={100}
          aria-describedby={error ? ids.error : undefined}
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      <FormError id={ids.error} message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('recover.submit')}
      </button>
    </form>
  );
}
