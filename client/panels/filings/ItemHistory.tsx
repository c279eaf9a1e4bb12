import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingItemEvent } from '../../../shared/filingItems.ts';
import { useLabels } from '../labels.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';

/**
 * Every step of an item, oldest first, with when it was taken and what was said; folded behind a button (not
 * a nested <details>, which the panels' own folding would take for theirs).
 */
export function ItemHistory({ events }: { events: FilingItemEvent[] }) {
  const { t } = useTranslation();
  const { day } = useDeadlineWords();
  const { time } = useLabels();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="item-history">
      <button type="button" className="link" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t('followUp.history')}
      </button>
      {open && (
        <ol id={id} className="small">
          {events.map((e, i) => (
            <li key={i}>
              {time(e.at)} · {t(`followUp.events.${e.action}`)}
              {e.reason && ` · ${e.reason}`}
              {e.action !== 'overdue' && e.deadline && ` · ${t('followUp.due', { deadline: day(e.deadline) })}`}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
