import { useTranslation } from 'react-i18next';
import { useSession } from '../net/session.ts';
import { focusAfter, useFocusOnChange } from '../ui/index.ts';

/**
 * The merchant's recovery code, shown once after the first sign-in (and again when they ask for a new one
 * in their profile). It signs them in on another device; the hall keeps only a hash of it.
 */
export function RecoveryCodeNotice() {
  const { t } = useTranslation();
  const code = useSession((s) => s.recoveryCode);
  const dismiss = useSession((s) => s.showRecoveryCode);
  // Shown right after signing up (or asking for a new code): reading starts here, with the code to keep.
  const heading = useFocusOnChange<HTMLHeadingElement>(code, { onMount: true });
  if (!code) return null;
  return (
    <section className="card recovery" aria-labelledby="recovery-heading" role="dialog" aria-modal="false">
      <h2 id="recovery-heading" ref={heading} tabIndex={-1}>
        {t('recoveryNotice.heading')}
      </h2>
      <p>{t('recoveryNotice.body')}</p>
      <p className="recovery-code" data-testid="recovery-code">
        {code}
      </p>
      <div className="row">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(code).catch(() => undefined)}>
          {t('recoveryNotice.copy')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            dismiss(null);
            // Then on to what the merchant came for: taking a number (or the panels, for whoever has none).
            focusAfter(() => document.getElementById('services-heading') ?? document.getElementById('panels'));
          }}
        >
          {t('recoveryNotice.saved')}
        </button>
      </div>
    </section>
  );
}
