import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/index.ts';
import { DaySlots } from './DaySlots.tsx';
import { PublishForm } from './PublishForm.tsx';
import { useOfficerDay } from './visitQueries.ts';
import { localDay } from './visitWords.ts';

/** An officer's visit windows: offer new ones, see a day's visits with who and what, record results. */
export function OfficerVisits() {
  const { t } = useTranslation();
  const [day, setDay] = useState(localDay());
  const [open, setOpen] = useState(false);
  const slots = useOfficerDay(day, open);
  return (
    <details className="card visits" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('visits.heading')}</h2>
      </summary>
      {/* A window just published is shown on its day. */}
      <PublishForm onPublished={(date) => setDay(date)} />
      <Field label={t('visits.day')}>
        <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      </Field>
      <h3>{t('visits.dayList', { date: day })}</h3>
      <DaySlots slots={slots.data?.day ?? []} />
    </details>
  );
}
