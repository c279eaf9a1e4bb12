import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilingAction, type FilingView, type ReviewInput } from '../../../shared/filing.ts';
import { reviewStepsFor } from '../../../shared/filingSteps.ts';
import { isOutstanding } from '../../../shared/filingItems.ts';
import { Button, Field } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { useRefusalText } from '../refusalText.ts';
import { ImageViewer } from '../signboard/ImageViewer.tsx';
import { BookVisitRow } from './BookVisitRow.tsx';
import { FilingFields } from './FilingFields.tsx';
import { FollowUpItems } from './FollowUpItems.tsx';
import { useReviewStep } from './filingQueries.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A filing opened for review: the form and its images, then the steps its state allows. */
export function FilingDetail({ filing }: { filing: FilingView }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const [items, setItems] = useState('');
  const [deadline, setDeadline] = useState('');
  const refusal = useRefusalText();
  const review = useReviewStep(filing.id);
  // The earliest due date the hall takes (today, on this device's calendar; the server judges by the station's).
  const [today] = useState(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const f = filing.form;
  // Filed by accepting the last item to follow, never past one still owed or waiting.
  const outstanding = filing.followUp.some((i) => isOutstanding(i.state));
  const steps = reviewStepsFor(filing.state).filter((s) => !(outstanding && s === FilingAction.file));
  const act = (step: ReviewInput) => review.mutate(step, { onSuccess: () => setItems('') });
  // Every refusal in words; a code this panel does not know yet still reads as a refusal, never as a code.
  const message = review.data
    ? t('review.done', { state: t(`filing.states.${review.data.state}`) })
    : review.error && t('review.failed', { reason: refusal(review.error.refusal, { scope: 'review.errors' }) });

  return (
    <div className="filing-detail">
      {filing.merchant && <p>{t('review.merchant', filing.merchant)}</p>}
      <p>
        {filing.caseNumber} · {t(`filing.states.${filing.state}`)} · {time(filing.updatedAt)}
      </p>
      <FilingFields form={f} />
      <div className="row image-thumbs">
        <ImageViewer id={f.designImage} label={t('filing.designImage')} />
        <ImageViewer id={f.streetPhoto} label={t('filing.streetPhoto')} />
      </div>
      <FollowUpItems filing={filing} as="officer" />
      {outstanding && <p className="small">{t('followUp.outstanding')}</p>}
      {steps.includes(FilingAction.startReview) && (
        <Button className="primary" onClick={() => act({ action: FilingAction.startReview })}>
          {t('review.startReview')}
        </Button>
      )}
      {(steps.includes(FilingAction.requestChanges) || steps.includes(FilingAction.acceptWithItems)) && (
        <Field label={t('review.changesLabel')}>
          <textarea rows={3} value={items} onChange={(e) => setItems(e.target.value)} />
        </Field>
      )}
      <div className="row">
        {steps.includes(FilingAction.requestChanges) && (
          <Button
            disabled={lines(items).length === 0}
            onClick={() => act({ action: FilingAction.requestChanges, items: lines(items) })}
          >
            {t('review.requestChanges')}
          </Button>
        )}
        {steps.includes(FilingAction.file) && (
          <Button className="primary" onClick={() => act({ action: FilingAction.file })}>
            {t('review.file')}
          </Button>
        )}
      </div>
      {steps.includes(FilingAction.acceptWithItems) && (
        <div className="row">
          <Field label={t('review.deadline')}>
            <input type="date" min={today} value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </Field>
          <Button
            disabled={lines(items).length === 0 || !deadline}
            onClick={() => act({ action: FilingAction.acceptWithItems, items: lines(items), deadline })}
          >
            {t('review.acceptWithItems')}
          </Button>
        </div>
      )}
      {steps.includes(FilingAction.bookVisit) && (
        <BookVisitRow onBook={(slotId) => act({ action: FilingAction.bookVisit, slotId })} />
      )}
      <p role="status" className="small">
        {message}
      </p>
    </div>
  );
}
