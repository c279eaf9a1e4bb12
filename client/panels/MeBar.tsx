import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../../shared/accounts.ts';
import { useSession } from '../net/session.ts';

/** Who you are signed in as, and the way out. */
export function MeBar({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const signOut = useSession((s) => s.signOut);
  const detail = me.kind === 'merchant' ? me.shop : t(`people.titles.${me.role}`);
  return (
    <div className="me" role="group" aria-label={t('me.label')}>
      <span className="me-name">{t('me.signedInAs', { name: me.name, shop: detail })}</span>
      <button type="button" onClick={signOut}>
        {t('me.signOut')}
      </button>
    </div>
  );
}
