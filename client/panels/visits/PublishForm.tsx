import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { publishSlotSchema, type PublishSlotInput } from '../../../shared/visits.ts';
import { visitsApi } from '../../net/visitsApi.ts';
import { Button, Field, FormError } from '../../ui/index.ts';
import { useVisitChange } from './visitQueries.ts';
import { localDay, useVisitError } from './visitWords.ts';

/** An officer offers a window for door-to-door visits: a day and its start and end, tomorrow by default. */
export function PublishForm({ onPublished }: { onPublished: (date: string) => void }) {
  const { t } = useTranslation();
  const errorText = useVisitError();
  const [form, setForm] = useState({ date: localDay(1), from: '09:00', to: '10:00' });
  // The field rule broken, as the hall would name it (`invalid_time`), until the next try.
  const [invalid, setInvalid] = useState<string | null>(null);
  const publish = useVisitChange((token, input: PublishSlotInput) => visitsApi.publish(token, input), {
    onSuccess: (_slot, input) => onPublished(input.date),
  });
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The same rule the hall applies to the fields; whether the window fits the calendar is the hall's to say.
    const parsed = publishSlotSchema.safeParse(form);
    setInvalid(parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid_time'));
    publish.reset();
    if (parsed.success) publish.mutate(parsed.data);
  }
  const error = invalid ? errorText({ ok: false, error: invalid }) : publish.error && errorText(publish.error.refusal);
  return (
    <form onSubmit={onSubmit}>
      <h3>{t('visits.publishHeading')}</h3>
      <div className="row">
        <Field label={t('visits.date')}>
          <input type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
        </Field>
        <Field label={t('visits.from')}>
          <input type="time" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </Field>
        <Field label={t('visits.to')}>
          <input type="time" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </Field>
      </div>
      <Button type="submit" className="primary" busy={publish.isPending}>
        {t('visits.publish')}
      </Button>
      <FormError message={error} />
    </form>
  );
}
