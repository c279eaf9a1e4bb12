import { useTranslation } from 'react-i18next';
import type { FilingItemView } from '../../../shared/filingItems.ts';
import { useFocusOnChange } from '../../ui/index.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';
import { HandedInAnswer } from './HandedInAnswer.tsx';
import { HandInForm } from './HandInForm.tsx';
import { ItemAnswerForm } from './ItemAnswerForm.tsx';
import { ItemHistory } from './ItemHistory.tsx';

/**
 * One item to follow: what is owed and by when, where it stands (overdue said in words, not only in colour),
 * what was handed in, and the next step for whoever reads it: the merchant hands an owed item in, the officer
 * answers one handed in.
 */
export function FollowUpItem({
  filingId,
  item,
  as,
}: {
  filingId: string;
  item: FilingItemView;
  as: 'merchant' | 'officer';
}) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  // Handed in or answered, the form that was used goes: the focus moves to where the item now stands.
  const standing = useFocusOnChange<HTMLParagraphElement>(item.state);
  return (
    <li className={`follow-item follow-${item.state}${item.overdue ? ' follow-overdue' : ''}`}>
      <p>
        <strong>{item.text}</strong>
      </p>
      <p className="small" ref={standing}>
        {t(`followUp.states.${item.state}`)} · {t('followUp.due', { deadline: deadline.day(item.deadline) })}
        {item.overdue && <strong className="overdue-flag"> · {t('followUp.overdue')}</strong>}
      </p>
      {item.reason && <p className="small">{t('followUp.askedAgain', { reason: item.reason })}</p>}
      {item.answer && item.state !== 'owed' && <HandedInAnswer answer={item.answer} />}
      {as === 'merchant' && item.state === 'owed' && <HandInForm filingId={filingId} item={item} />}
      {as === 'officer' && item.state === 'handedIn' && <ItemAnswerForm filingId={filingId} item={item} />}
      <ItemHistory events={item.history} />
    </li>
  );
}
