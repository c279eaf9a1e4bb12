import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConcernView } from '../../../shared/concerns.ts';
import { focusAfter } from '../../ui/index.ts';
import { ConcernForm } from './ConcernForm.tsx';
import { ConcernRaised } from './ConcernRaised.tsx';
import { useConcernCategories, useRaiseConcern } from './concernQueries.ts';

/**
 * 反映诉求 for a merchant, from the hall at any time: the form, then what happens next and by when. Folded until
 * opened, like the other cards, so a phone's sheet of panels stays short.
 */
export function RaiseConcern() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [raised, setRaised] = useState<ConcernView | null>(null);
  // A fresh form each time another is wanted: nothing of the last one's fields or photos stays.
  const [form, setForm] = useState(0);
  const deadlines = useConcernCategories(open).data;
  const raise = useRaiseConcern();
  const card = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={card} className="card concern-raise" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('concerns.raiseHeading')}</h2>
      </summary>
      {raised ? (
        <ConcernRaised
          concern={raised}
          onAnother={() => {
            setRaised(null);
            raise.reset();
            setForm((n) => n + 1);
            focusAfter(() => card.current?.querySelector('select'));
          }}
        />
      ) : (
        <ConcernForm key={form} raise={raise} submitLabel={t('concerns.submit')} onRaised={setRaised}>
          {deadlines && (
            <p className="muted small">
              {t('concerns.intro', { contact: deadlines.contactDays, answer: deadlines.answerDays })}
            </p>
          )}
        </ConcernForm>
      )}
    </details>
  );
}
