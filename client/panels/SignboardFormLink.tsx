import { useTranslation } from 'react-i18next';
import { useQueue } from '../net/queueStore.ts';
import { SIGNBOARD_SERVICE, useSignboardForm } from './SignboardForm.ts';

/**
 * "Fill in the filing form", offered where a merchant turns to the signboard service: the service chosen (or
 * the signboard desk stood at) in the services panel, or a signboard ticket called or being served.
 */
export function SignboardFormLink({ service }: { service: string }) {
  const { t } = useTranslation();
  const openForm = useSignboardForm((s) => s.openForm);
  const atDesk = useQueue((s) =>
    s.tickets.some((x) => x.service === SIGNBOARD_SERVICE && (x.status === 'called' || x.status === 'serving')),
  );
  if (service !== SIGNBOARD_SERVICE && !atDesk) return null;
  return (
    <p className="signboard-link small">
      {t('filing.linkIntro')}{' '}
      <button type="button" onClick={openForm}>
        {t('filing.openForm')}
      </button>
    </p>
  );
}
