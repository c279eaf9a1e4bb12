import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConcernView } from '../../../shared/concerns.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';

/**
 * What the merchant sees once a concern is in: its number, what happens next and by when (the station's own
 * deadlines, on its clock), where to follow it, and the way to raise another. It stands where the form was
 * and takes the focus, so a screen reader starts from it.
 */
export function ConcernRaised({ concern, onAnother }: { concern: ConcernView; onAnother: () => void }) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  const heading = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} className="concern-raised" aria-labelledby={heading} tabIndex={-1}>
      <h3 id={heading}>{t('concerns.raisedHeading')}</h3>
      <p role="status">{t('concerns.raised', { number: concern.number })}</p>
      <p className="small">
        {t('concerns.raisedNext', {
          contactBy: deadline.by(concern.contactBy),
          answerBy: deadline.by(concern.answerBy),
        })}
      </p>
      <p className="small">{t('concerns.followInCases')}</p>
      <button type="button" onClick={onAnother}>
        {t('concerns.raiseAnother')}
      </button>
    </section>
  );
}
