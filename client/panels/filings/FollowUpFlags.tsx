import { useTranslation } from 'react-i18next';
import type { FilingItemView } from '../../../shared/filingItems.ts';

/**
 * What needs the officer in a filing's items to follow, said in the review list: how many wait for review,
 * how many are overdue. Words, not colour alone, so a screen reader hears them with the filing's name.
 */
export function FollowUpFlags({ items }: { items: FilingItemView[] }) {
  const { t } = useTranslation();
  const waiting = items.filter((i) => i.state === 'handedIn').length;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <>
      {waiting > 0 && <span className="flag flag-waiting"> · {t('followUp.waiting', { count: waiting })}</span>}
      {overdue > 0 && <span className="flag flag-overdue"> · {t('followUp.overdueCount', { count: overdue })}</span>}
    </>
  );
}
