import { useTranslation } from 'react-i18next';
import type { FilingView } from '../../../shared/filing.ts';
import { FollowUpItem } from './FollowUpItem.tsx';

/** A filing's items to follow, for its merchant to hand in or for the officer to answer; nothing without any. */
export function FollowUpItems({ filing, as }: { filing: FilingView; as: 'merchant' | 'officer' }) {
  const { t } = useTranslation();
  const items = filing.followUp.filter((i) => i.state !== 'withdrawn');
  if (items.length === 0) return null;
  return (
    <section className="follow-up" aria-label={`${t('followUp.heading')} · ${filing.form.signText}`}>
      <h4>{t('followUp.heading')}</h4>
      <p className="small muted">{t(as === 'merchant' ? 'followUp.intro' : 'followUp.officerIntro')}</p>
      <ol className="follow-items">
        {items.map((item) => (
          <FollowUpItem key={item.id} filingId={filing.id} item={item} as={as} />
        ))}
      </ol>
    </section>
  );
}
