import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../../shared/protocol.ts';
import {
  CHECKLIST_SUGGESTIONS,
  completeSchema,
  NOTES_MAX,
  OUTCOMES,
  type DeskTicket,
  type Outcome,
} from '../../../shared/queue.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { Button, fieldCodes, Field, focusAfter, FormError } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { ChecklistField } from './ChecklistField.tsx';
import { OfferVisit } from './OfferVisit.tsx';

const FIELDS = ['notes', 'checklist'] as const;

/** The end of a desk visit: what the merchant was told, the officer's notes and the outcome, sent at once. */
export function CompleteForm({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const { lang } = useLabels(); // 'zh' | 'en'
  const suggestions = (CHECKLIST_SUGGESTIONS[current.service] ?? []).map((s) => s[lang]);
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome>('resolved');
  const [refused, setRefused] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The hall's own rule for what is stored: with maxLength in place, only characters it cannot keep fail.
    const values = { notes, checklist: items, outcome };
    const codes = fieldCodes(completeSchema, values, FIELDS, [], 'invalid_chars');
    setRefused(codes);
    // Refused here: the focus goes to the first field to change (a list's error sits by its input).
    const form = e.currentTarget as HTMLFormElement;
    if (Object.keys(codes).length > 0)
      focusAfter(() => form.querySelector<HTMLElement>('[aria-invalid="true"], input'));
    const parsed = completeSchema.safeParse(values);
    if (parsed.success) sendIntent(HallIntent.complete, parsed.data);
  }
  const wording = (field: (typeof FIELDS)[number], name: string) =>
    refused[field] ? t('errors.invalidChars', { field: name }) : null;

  return (
    <form onSubmit={onSubmit} className="complete-form">
      <h3>{t('desk.complete')}</h3>
      <ChecklistField suggestions={suggestions} items={items} onChange={setItems} />
      <FormError message={wording('checklist', t('desk.checklist'))} />
      <Field label={t('desk.notes')} error={wording('notes', t('desk.notes'))}>
        <textarea rows={2} maxLength={NOTES_MAX} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <Field label={t('desk.outcome')}>
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcomes.${o}`)}
            </option>
          ))}
        </select>
      </Field>
      {outcome === 'followUpVisit' && current.caseId && <OfferVisit caseId={current.caseId} />}
      <Button type="submit" className="primary">
        {t('desk.completeGo')}
      </Button>
    </form>
  );
}
