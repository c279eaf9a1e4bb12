import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConcernView } from '../../../shared/concerns.ts';
import type { DeskTicket } from '../../../shared/queue.ts';
import { focusAfter, useFocusOnChange } from '../../ui/index.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';
import { ConcernForm } from './ConcernForm.tsx';
import { useDeskConcerns, useRaiseAtDesk } from './concernQueries.ts';
import { atStation, useCategoryName } from './concernWords.ts';

/**
 * 记录诉求 at the desk: the concerns the merchant being served has raised before, and the form to record one
 * for them as they tell it. Recorded, it is theirs to follow in "My cases", with the station's deadlines.
 */
export function DeskConcerns({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  const categoryName = useCategoryName();
  const [open, setOpen] = useState(false);
  const [recorded, setRecorded] = useState<ConcernView | null>(null);
  const [form, setForm] = useState(0);
  const raise = useRaiseAtDesk();
  const earlier = useDeskConcerns(current.ticketId, open).data?.concerns ?? [];
  const result = useFocusOnChange<HTMLParagraphElement>(recorded?.id ?? null);
  const card = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={card} className="desk-concerns" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('concerns.deskHeading')}</summary>
      {earlier.length > 0 && (
        <ul className="concerns" aria-label={t('concerns.deskEarlier')}>
          {earlier.map((c) => (
            <li key={c.id} className="small">
              {c.number} · {categoryName(c.category)} · {t(`concerns.statuses.${c.status}`)} · {atStation(c.received)}
            </li>
          ))}
        </ul>
      )}
      {recorded ? (
        <>
          <p ref={result} role="status">
            {t('concerns.recorded', { number: recorded.number, answerBy: deadline.by(recorded.answerBy) })}
          </p>
          <button
            type="button"
            onClick={() => {
              setRecorded(null);
              raise.reset();
              setForm((n) => n + 1);
              focusAfter(() => card.current?.querySelector('select'));
            }}
          >
            {t('concerns.recordAnother')}
          </button>
        </>
      ) : (
        <ConcernForm
          key={form}
          raise={raise}
          submitLabel={t('concerns.recordGo')}
          onRaised={setRecorded}
          withPhotos={false}
        >
          <p className="muted small">
            {t('concerns.deskIntro', { name: current.merchant.name, shop: current.merchant.shop })}
          </p>
        </ConcernForm>
      )}
    </details>
  );
}
