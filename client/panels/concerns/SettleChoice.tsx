import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONCERN_REASON_MAX, CONCERN_REOPENS_MAX, ConcernStep, type ConcernView } from '../../../shared/concerns.ts';
import { Button, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useConcernStep } from './concernQueries.ts';
import { StepForm } from './StepForm.tsx';

/**
 * The merchant's word on a reply: it settles the concern, or it does not, and why — the latter once only
 * (the station's CONCERN_REOPENS_MAX). Either way the result takes the focus where the choice was.
 */
export function SettleChoice({ concern, onDone }: { concern: ConcernView; onDone: (concern: ConcernView) => void }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const confirm = useConcernStep(concern.id);
  const [reopening, setReopening] = useState(false);
  const mayReopen = concern.reopens < CONCERN_REOPENS_MAX;
  return (
    <div className="concern-settle">
      <div className="row">
        <Button
          className="primary"
          busy={confirm.isPending}
          onClick={() => confirm.mutate({ kind: ConcernStep.confirm, comment: '' }, { onSuccess: onDone })}
        >
          {t('concerns.settle')}
        </Button>
        {mayReopen && (
          <Button aria-expanded={reopening} onClick={() => setReopening(!reopening)}>
            {t('concerns.reopen')}
          </Button>
        )}
      </div>
      {!mayReopen && <p className="muted small">{t('concerns.reopenedOnce')}</p>}
      <FormError message={confirm.error && refusal(confirm.error.refusal, { scope: 'concerns.refused' })} />
      {reopening && mayReopen && (
        <StepForm
          concernId={concern.id}
          kind={ConcernStep.reopen}
          fields={[{ name: 'reason', label: t('concerns.reopenReason'), multiline: true, max: CONCERN_REASON_MAX }]}
          submitLabel={t('concerns.reopenSend')}
          focusFirst
          onDone={onDone}
        />
      )}
    </div>
  );
}
