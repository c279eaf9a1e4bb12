import { useTranslation } from 'react-i18next';
import { useSession } from '../net/session.ts';

/**
 * The merchant's recovery code, shown once after the first sign-in (and again when they ask for a new one
 * in their profile). It signs them in on another device; the hall keeps only a hash of it.
 */
export function RecoveryCodeNotice() {
  const { t } = useTranslation();
  const code = useSession((s) => s.recoveryCode);
  const dismiss = useSession((s) => s.showRecoveryCode);
  if (!code) return null;
  return (
    <section className="card recovery" aria-labelledby="recovery-heading" role="dialog" aria-modal="false">
      <h2 id="recovery-heading">{t('recoveryNotice.heading')}</h2>
      <p>{t('recoveryNotice.body')}</p>
      <p className="recovery-code" data-testid="recovery-code">
        {code}
      </p>
      <div className="row">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(code).catch(() => undefined)}>
          {t('recoveryNotice.copy')}
        </button>
        <button type="button" className="primary" onClick={() => dismiss(null)}>
          {t('recoveryNotice.saved')}
        </button>
      </div>
    </section>
  );
}
