import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

export interface SummaryError {
  field: string;
  inputId: string;
  text: string;
}

/**
 * What the form needs changed, all at once: a count, then one button per field with its error, which takes
 * the focus to that field. Announced when it appears, and focused by the form after a refused submit.
 */
export function SignboardErrorSummary({ errors, ref }: { errors: SummaryError[]; ref?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1}>
      <p>{t('filing.fixFields', { count: errors.length })}</p>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <button
              type="button"
              className="link"
              onClick={() => {
                const input = document.getElementById(e.inputId);
                input?.scrollIntoView({ block: 'center' });
                input?.focus();
              }}
            >
              {e.text}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
