import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guidanceApi } from '../../net/guidanceApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';
import { FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { GuidanceForm } from './GuidanceForm.tsx';
import { SheetCard } from './SheetCard.tsx';

/** A merchant asks for the renovation checklist and keeps the sheets, each printable. */
export function GuidancePanel() {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const [open, setOpen] = useState(false);
  // Loaded once the panel is unfolded, and again whenever the hall says a sheet changed.
  const sheets = useHallQuery([features.guidance, 'mine'], (token) => guidanceApi.mine(token), { enabled: open });
  const list = sheets.data?.guidance ?? [];
  return (
    <details className="card guidance" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('guidance.heading')}</h2>
      </summary>
      <GuidanceForm />
      <h3>{t('guidance.sheets')}</h3>
      {sheets.isSuccess && list.length === 0 && <p className="muted small">{t('guidance.none')}</p>}
      {sheets.error && <FormError message={refusal(sheets.error.refusal)} />}
      <ul className="sheets">
        {list.map((s) => (
          <SheetCard key={s.id} sheet={s} />
        ))}
      </ul>
    </details>
  );
}
