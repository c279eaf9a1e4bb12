import { useTranslation } from 'react-i18next';
import type { ConcernSummary } from '../../../shared/concerns.ts';
import { ConcernCase } from './ConcernCase.tsx';
import { useConcern } from './concernQueries.ts';
import { useCategoryName } from './concernWords.ts';
import { DueLine } from './DueLine.tsx';

/**
 * One concern in the staff's list: number, category, shop and where it stands, what is due; opened, its whole
 * record (read afresh, so the line says where it stands now even after it left the open list).
 */
export function ConcernRow({
  summary,
  open,
  onToggle,
}: {
  summary: ConcernSummary;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const c = useConcern(summary.id, open).data ?? summary;
  return (
    <li className={c.due?.overdue ? 'concern concern-late' : 'concern'}>
      <button type="button" aria-expanded={open} onClick={onToggle}>
        {c.number} · {categoryName(c.category)} · {c.merchant.shop} · {t(`concerns.statuses.${c.status}`)}
      </button>
      <DueLine concern={c} />
      {open && <ConcernCase id={c.id} />}
    </li>
  );
}
