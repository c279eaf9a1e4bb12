import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What a merchant sees once a filing is in: its case number, what happens next, the way to follow it and the
 * way to file another sign. It replaces the form, so no empty form with a live submit button sits under the
 * good news; it takes the focus, so a screen reader starts from it.
 */
export function FilingSubmitted({
  caseNumber,
  onMine,
  onAnother,
}: {
  caseNumber: string;
  onMine: () => void;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const heading = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} className="filing-submitted" aria-labelledby={heading} tabIndex={-1}>
      <h3 id={heading}>{t('filing.submittedHeading')}</h3>
      <p role="status">{t('filing.submitted', { number: caseNumber })}</p>
      <p className="small">{t('filing.submittedNext')}</p>
      <div className="row">
        <button type="button" onClick={onMine}>
          {t('filing.seeMine')}
        </button>
        <button type="button" className="primary" onClick={onAnother}>
          {t('filing.another')}
        </button>
      </div>
    </section>
  );
}
