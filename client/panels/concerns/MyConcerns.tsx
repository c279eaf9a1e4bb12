import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useMyConcerns } from './concernQueries.ts';
import { MyConcernItem } from './MyConcernItem.tsx';

/** The merchant's concerns inside "My cases", newest first, each followed step by step as the station works. */
export function MyConcerns({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const mine = useMyConcerns(open);
  const list = mine.data?.concerns;
  return (
    <section className="my-concerns" aria-labelledby="my-concerns-heading">
      <h3 id="my-concerns-heading">{t('concerns.mine')}</h3>
      <FormError message={mine.error && refusal(mine.error.refusal, { scope: 'concerns.refused' })} />
      {list && list.length === 0 && <p className="muted small">{t('concerns.none')}</p>}
      {list && list.length > 0 && (
        <ul className="concerns">
          {list.map((c) => (
            <MyConcernItem key={c.id} summary={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
