import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GUIDANCE_NOTES_MAX, type ConfirmGuidanceInput } from '../../../shared/guidance.ts';
import { guidanceApi } from '../../net/guidanceApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';
import { Button, Field, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { ReviewItem, type Decision } from './ReviewItem.tsx';

/** The officer serving a case confirms, amends or strikes each proposed item and adds what is missing. */
export function GuidanceReview({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [added, setAdded] = useState('');
  const [notes, setNotes] = useState('');
  const sheets = useHallQuery([features.guidance, 'case', caseId], (token) => guidanceApi.ofCase(token, caseId));
  const confirm = useHallMutation(
    (token, v: { id: string; input: ConfirmGuidanceInput }) => guidanceApi.confirm(token, v.id, v.input),
    [features.guidance, features.cases],
  );

  const sheet = sheets.data?.guidance[0];
  if (!sheet) return null;

  function save() {
    if (!sheet) return;
    confirm.mutate({
      id: sheet.id,
      input: {
        items: sheet.items
          .filter((i) => i.status !== 'added')
          .map((i) => {
            const d = decisions[i.id] ?? { decision: 'confirmed' as const, text: '' };
            return {
              id: i.id,
              decision: d.decision,
              ...(d.decision === 'amended' && d.text.trim() ? { text: d.text.trim() } : {}),
            };
          }),
        added: added
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
        notes,
      },
    });
  }

  return (
    <section className="guidance-review" aria-label={t('guidance.review')}>
      <h3>{t('guidance.review')}</h3>
      <ol>
        {sheet.items
          .filter((i) => i.status !== 'added')
          .map((item) => (
            <ReviewItem
              key={item.id}
              item={item}
              decision={decisions[item.id]}
              onChange={(d) => setDecisions({ ...decisions, [item.id]: d })}
            />
          ))}
      </ol>
      <Field label={t('guidance.addItems')}>
        <textarea rows={2} value={added} onChange={(e) => setAdded(e.target.value)} />
      </Field>
      <Field label={t('guidance.notes')}>
        <textarea rows={2} maxLength={GUIDANCE_NOTES_MAX} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <Button busy={confirm.isPending} onClick={save}>
        {t('guidance.save')}
      </Button>
      <p role="status" className="small">
        {confirm.isSuccess ? t('guidance.saved') : null}
      </p>
      <FormError message={confirm.error && refusal(confirm.error.refusal, { scope: 'guidance.errors' })} />
    </section>
  );
}
