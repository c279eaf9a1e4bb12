import { useTranslation } from 'react-i18next';
import { isTrouble, useConnection } from '../net/stores.ts';
import { useSession } from '../net/session.ts';
import { enterHall } from '../net/hallConnection.ts';

/**
 * Says, in words, when the hall cannot be reached, and that it is back. One live region that is always
 * there, so screen readers announce each change of its text.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const recovered = useConnection((s) => s.recovered);
  const token = useSession((s) => s.token);
  const trouble = isTrouble(status);
  const text = trouble ? t(`status.${status}`) : recovered ? t('status.reconnected') : '';
  return (
    <div role="alert" className={text ? `banner banner-${trouble ? status : 'ok'}` : 'sr-only'}>
      {text && <span>{text}</span>}
      {(status === 'lost' || status === 'full') && token && (
        <button type="button" onClick={() => void enterHall(token)}>
          {t('status.retry')}
        </button>
      )}
    </div>
  );
}
