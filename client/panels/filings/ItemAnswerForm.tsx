import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASK_AGAIN_REASON_MAX, type FilingItemView, type ItemAnswerInput } from '../../../shared/filingItems.ts';
import { Button, Field, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useFollowUpFieldText } from './followUpText.ts';
import { useAnswerItem } from './followUpQueries.ts';

/** The officer answers a handed-in item: accepted, or asked again with the reason and maybe a new due date. */
export function ItemAnswerForm({ filingId, item }: { filingId: string; item: FilingItemView }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const send = useAnswerItem(filingId, item.id);
  const refusal = useRefusalText();
  const fieldText = useFollowUpFieldText();
  const answer = (step: ItemAnswerInput) =>
    send.mutate(step, {
      onSuccess: () => setErrors({}),
      onError: (err) => {
        const fields = err.refusal.fields ?? {};
        setErrors(Object.fromEntries(Object.entries(fields).map(([f, code]) => [f, fieldText(f, code)])));
      },
    });
  const refused = send.error && !send.error.refusal.fields;
  return (
    <div className="item-answer">
      <Button className="primary" busy={send.isPending} onClick={() => answer({ action: 'accept' })}>
        {t('followUp.accept')}
      </Button>
      <Field
        label={t('followUp.reason')}
        hint={t('followUp.maxHint', { max: ASK_AGAIN_REASON_MAX })}
        error={errors.reason}
      >
        <input maxLength={ASK_AGAIN_REASON_MAX} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field label={t('followUp.newDeadline')} error={errors.deadline}>
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      </Field>
      <Button
        busy={send.isPending}
        onClick={() => answer({ action: 'askAgain', reason, ...(deadline ? { deadline } : {}) })}
      >
        {t('followUp.askAgain')}
      </Button>
      <FormError message={refused ? refusal(send.error.refusal, { scope: 'followUp.errors' }) : null} />
    </div>
  );
}
