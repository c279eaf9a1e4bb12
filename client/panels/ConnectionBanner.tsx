import { useTranslation } from 'react-i18next';
import { useConnection } from '../net/stores.ts';
import { useSession } from '../net/session.ts';
import { enterHall } from '../net/hallConnection.ts';

/** Says, in words, when the hall cannot be reached, and keeps trying by itself. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const profile = useSession((s) => s.profile);
  if (status !== 'reconnecting' && status !== 'lost' && status !== 'full' && status !== 'refused') {
    return <div role="status" aria-live="polite" className="sr-only" />;
  }
  return (
    <div role="alert" className={`banner banner-${status}`}>
      <span>{t(`status.${status}`)}</span>
      {(status === 'lost' || status === 'full') && profile && (
        <button type="button" onClick={() => void enterHall(profile)}>
          {t('status.retry')}
        </button>
      )}
    </div>
  );
}
