import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENDA_MAX_ITEMS, scheduleMeetingSchema, TITLE_MAX, type MeetingParty } from '../../../shared/meetings.ts';
import { useRefusalText } from '../refusalText.ts';
import { InviteeChoice } from './InviteeChoice.tsx';
import { useScheduleMeeting } from './meetingQueries.ts';
import { fieldErrors, initialForm, SCHEDULE_FIELDS, type FieldErrors, type Plan } from './scheduleForm.ts';
import { Button, Field, FormError } from '../../ui/index.ts';

/** A park manager plans a session, changes one, or plans the next of a series; those invited are told. */
export function ScheduleForm({ plan, zone, onDone }: { plan: Plan; zone: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState(() => initialForm(plan, zone));
  const [invited, setInvited] = useState<Record<string, MeetingParty>>(() =>
    Object.fromEntries((plan.kind === 'new' ? [] : plan.meeting.invitees).map((i) => [i.id, i.party])),
  );
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const refusal = useRefusalText();
  const save = useScheduleMeeting();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      title: form.title,
      date: form.date,
      time: form.time,
      minutes: Number(form.minutes),
      agenda: form.agenda
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, AGENDA_MAX_ITEMS),
      invitees: Object.entries(invited).map(([id, party]) => ({ id, party })),
      // The next session of a series: its open action items come back as follow-ups.
      ...(plan.kind === 'next' ? { seriesId: plan.meeting.seriesId } : {}),
    };
    // The same check the hall makes, so every field that is wrong is named at once, before anything is sent.
    const checked = scheduleMeetingSchema.safeParse(input);
    const found = checked.success ? {} : fieldErrors(checked.error.issues, t);
    setErrors(found);
    save.reset();
    if (!checked.success) {
      const names = SCHEDULE_FIELDS.filter((f) => found[f]).map((f) => t(`meetings.fieldNames.${f}`));
      setMessage(t('meetings.fixFields', { fields: new Intl.ListFormat(i18n.language).format(names) }));
      return;
    }
    setMessage(null);
    save.mutate(
      { id: plan.kind === 'edit' ? plan.meeting.id : undefined, input },
      {
        onSuccess: () => {
          setMessage(t('meetings.saved'));
          onDone();
        },
      },
    );
  }

  const refused =
    save.error &&
    refusal(save.error.refusal, { scope: 'meetings.errors', fallback: t('meetings.errors.invalid_input') });
  const heading =
    plan.kind === 'edit'
      ? t('meetings.editing')
      : plan.kind === 'next'
        ? t('meetings.nextInSeriesHeading')
        : t('meetings.schedule');

  return (
    <form onSubmit={onSubmit} className="schedule-form" noValidate>
      <h3>{heading}</h3>
      {plan.kind === 'next' && <p className="small muted">{t('meetings.seriesNote')}</p>}
      <Field label={t('meetings.title')} error={errors.title} announce={false}>
        <input maxLength={TITLE_MAX} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </Field>
      <div className="row">
        <Field label={t('meetings.date')} error={errors.date} announce={false}>
          <input type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
        </Field>
        <Field label={t('meetings.time')} error={errors.time} announce={false}>
          <input type="time" value={form.time} onChange={(e) => setForm({ ...form, time: e.target.value })} />
        </Field>
        <Field label={t('meetings.minutes')} error={errors.minutes} announce={false}>
          <input
            type="number"
            min={15}
            max={480}
            step={15}
            value={form.minutes}
            onChange={(e) => setForm({ ...form, minutes: Number(e.target.value) })}
          />
        </Field>
      </div>
      <Field label={t('meetings.agendaLines')} error={errors.agenda} announce={false}>
        <textarea rows={3} value={form.agenda} onChange={(e) => setForm({ ...form, agenda: e.target.value })} />
      </Field>
      <InviteeChoice invited={invited} onChange={setInvited} />
      <p role="status" className="small">
        {message}
      </p>
      <FormError message={refused} />
      <Button type="submit" className="primary" disabled={save.isPending}>
        {t('meetings.save')}
      </Button>
    </form>
  );
}
