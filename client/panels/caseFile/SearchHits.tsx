import { useTranslation } from 'react-i18next';
import type { FileSearchAnswer, FileSearchHit } from '../../../shared/caseFile.ts';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';

/** What a staff search found: each merchant with their phone and how much history they have, to open. */
export function SearchHits({
  answer,
  asked,
  onOpen,
}: {
  answer: FileSearchAnswer;
  /** The search these answer; the count is announced (and focused) for each new search. */
  asked: string;
  onOpen: (hit: FileSearchHit) => void;
}) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const status = useFocusOnChange<HTMLParagraphElement>(asked, { onMount: true });
  return (
    <>
      <p ref={status} tabIndex={-1} role="status" className="small">
        {answer.hits.length === 0 ? t('caseFile.none') : t('caseFile.found', { count: answer.hits.length })}
      </p>
      {answer.more && <p className="muted small">{t('caseFile.more', { count: answer.hits.length })}</p>}
      <ul className="file-hits">
        {answer.hits.map((hit) => (
          <li key={hit.id} data-hit={hit.id}>
            <Button onClick={() => onOpen(hit)}>{t('caseFile.open', { shop: hit.shop, name: hit.name })}</Button>
            <p className="muted small">
              {hit.phone && <>{t('caseFile.phone', { phone: hit.phone })} · </>}
              {hit.cases > 0 && hit.lastAt
                ? `${t('caseFile.hitCases', { count: hit.cases })} · ${t('caseFile.hitLast', { time: time(hit.lastAt) })}`
                : t('caseFile.hitNever')}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
