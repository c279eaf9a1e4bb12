import { useTranslation } from 'react-i18next';
import type { MerchantProfile } from '../../shared/profile.ts';
import { useSession } from '../net/session.ts';

/** Who you are signed in as, and the way out. */
export function MeBar({ profile }: { profile: MerchantProfile }) {
  const { t } = useTranslation();
  const signOut = useSession((s) => s.signOut);
  return (
    <div className="me" role="group" aria-label={t('me.label')}>
      <span className="me-name">{t('me.signedInAs', { name: profile.name, shop: profile.shop })}</span>
      <button type="button" onClick={signOut}>
        {t('me.signOut')}
      </button>
    </div>
  );
}
