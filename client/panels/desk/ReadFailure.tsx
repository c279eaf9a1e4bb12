import { useTranslation } from 'react-i18next';
import type { RefusedError } from '../../net/queries.ts';
import { FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';

/** Why a record could not be read, in the page's current language (kept as the refusal, not as text). */
export function ReadFailure({ error }: { error: RefusedError | null }) {
  const { t } = useTranslation();
  const text = useRefusalText();
  return <FormError message={error && text(error.refusal, { fallback: t('cases.loadFailed') })} />;
}
