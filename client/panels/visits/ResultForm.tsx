import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_RESULT_MAX, visitResultSchema, type VisitSlot } from '../../../shared/visits.ts';
import { visitsApi } from '../../net/visitsApi.ts';
import { Button, Field } from '../../ui/index.ts';
import { useVisitChange } from './visitQueries.ts';
import { useVisitError } from './visitWords.ts';

/** What a door-to-door visit found, recorded by the officer once its window has started. */
export function ResultForm({ slot }: { slot: VisitSlot }) {
  const { t } = useTranslation();
  const errorText = useVisitError();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const save = useVisitChange((token, result: string) => visitsApi.result(token, slot.id, result));
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The hall's own rule for a result: trimmed, within its length, only characters it can store.
    const parsed = visitResultSchema.safeParse({ result: text });
    setInvalid(!parsed.success);
    save.reset();
    if (parsed.success && parsed.data.result) save.mutate(parsed.data.result);
  }
  const error = invalid
    ? t('errors.invalidChars', { field: t('visits.resultLabel') })
    : save.error && errorText(save.error.refusal);
  return (
    <form onSubmit={onSubmit}>
      <Field label={t('visits.resultLabel')} error={error}>
        <textarea rows={2} maxLength={VISIT_RESULT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <Button type="submit" disabled={!text.trim()} busy={save.isPending}>
        {t('visits.saveResult')}
      </Button>
    </form>
  );
}
