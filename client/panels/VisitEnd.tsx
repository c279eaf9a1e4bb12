import { useTranslation } from 'react-i18next';
import { useQueue } from '../net/queueStore.ts';
import { Button, useFocusOnChange } from '../ui/index.ts';
import { RateForm } from './cases/RateForm.tsx';
import { useLabels } from './labels.ts';

/**
 * The end of a desk visit, where the conversation was: it says the visit is complete (which desk, which
 * officer), and puts the rating in front, one step, until the merchant rates or puts it off. The heading takes
 * the focus so a screen reader reads the end at once; once rated it says thanks.
 */
export function VisitEnd() {
  const { t } = useTranslation();
  const { desk } = useLabels();
  const end = useQueue((s) => s.visitEnd);
  const close = useQueue((s) => s.closeVisitEnd);
  // Still to rate: rated here, in My cases or on another device, it is thanked for here at once.
  const pending = useQueue((s) => s.toRate.some((c) => c.caseId === s.visitEnd?.caseId));
  // The chat's input went with the conversation: the focus comes to the end of the visit (never from elsewhere).
  const heading = useFocusOnChange<HTMLHeadingElement>(end?.caseId, { onMount: true });
  const rated = Boolean(end?.canRate && !pending);
  // The rating form goes once sent: the focus (lost with its button) comes to the thanks.
  const thanks = useFocusOnChange<HTMLParagraphElement>(rated ? end?.caseId : null);
  if (!end) return null;
  return (
    <section className="card visit-end" aria-labelledby="visit-end-heading">
      <h2 id="visit-end-heading" ref={heading} tabIndex={-1}>
        {t('deskTruth.endHeading')}
      </h2>
      <p>
        {end.deskId
          ? t('deskTruth.endBody', { desk: desk(end.deskId), officer: end.officerName ?? '', number: end.number })
          : t('deskTruth.endBodyNoDesk', { number: end.number })}
      </p>
      <p className="muted small">{t('deskTruth.endRecord')}</p>
      {rated ? (
        <p role="status" className="visit-end-thanks" ref={thanks}>
          {t('deskTruth.thanks')}
        </p>
      ) : (
        end.canRate && (
          <>
            <p>{t('deskTruth.endRateAsk')}</p>
            <RateForm caseId={end.caseId} onRated={() => undefined} />
          </>
        )
      )}
      <div className="row">
        <Button onClick={close}>{rated || !end.canRate ? t('deskTruth.closeEnd') : t('deskTruth.later')}</Button>
      </div>
    </section>
  );
}
