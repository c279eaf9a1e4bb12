import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_FILE_QUERY_MAX,
  caseFileSearchSchema,
  FILE_FIELD_CODES,
  PHONE_MATCH_MIN_DIGITS,
  type FileSearchHit,
} from '../../../shared/caseFile.ts';
import { Button, Field, fieldCodes, focusAfter, useFocusOnChange } from '../../ui/index.ts';
import { ReadFailure } from '../desk/ReadFailure.tsx';
import { useFileSearch } from './caseFileQueries.ts';
import { CaseFileView } from './CaseFileView.tsx';
import { SearchHits } from './SearchHits.tsx';

/**
 * Merchant files for officers: find a merchant by shop, name or phone and read their whole file, at any time
 * (before calling them in, or after they have gone). The search is checked as the hall checks it.
 */
export function CaseFileSearch() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [asked, setAsked] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<FileSearchHit | null>(null);
  const inputId = useId();
  const found = useFileSearch(asked);
  const heading = useFocusOnChange<HTMLHeadingElement>(reading?.id);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const code = fieldCodes(caseFileSearchSchema, { q: draft }, ['q'], FILE_FIELD_CODES).q;
    if (code) {
      setError(t(`caseFile.errors.${code as 'required' | 'too_long' | 'invalid'}`, { max: CASE_FILE_QUERY_MAX }));
      focusAfter(() => document.getElementById(inputId));
      return;
    }
    setError(null);
    setAsked(draft.trim());
    if (asked === draft.trim()) void found.refetch();
  }

  function back() {
    const id = reading?.id;
    setReading(null);
    // Back where the officer left: the merchant they opened, in the list.
    focusAfter(() => document.querySelector<HTMLElement>(`[data-hit="${CSS.escape(id ?? '')}"] button`));
  }

  return (
    <details className="card case-files" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('caseFile.heading')}</h2>
      </summary>
      {reading ? (
        <>
          <Button className="small" onClick={back}>
            {t('caseFile.backToResults')}
          </Button>
          <h3 ref={heading} tabIndex={-1}>
            {t('caseFile.fileOf', { shop: reading.shop, name: reading.name })}
          </h3>
          <CaseFileView merchantId={reading.id} label={t('caseFile.timeline')} />
        </>
      ) : (
        <>
          <p className="muted small">{t('caseFile.intro')}</p>
          <form className="row file-search" role="search" onSubmit={onSubmit} noValidate>
            <Field
              id={inputId}
              label={t('caseFile.search')}
              hint={t('caseFile.searchHint', { max: CASE_FILE_QUERY_MAX, digits: PHONE_MATCH_MIN_DIGITS })}
              error={error}
            >
              <input
                type="search"
                value={draft}
                maxLength={CASE_FILE_QUERY_MAX}
                enterKeyHint="search"
                onChange={(e) => setDraft(e.target.value)}
              />
            </Field>
            <Button type="submit" className="primary" busy={found.isFetching}>
              {t('caseFile.searchButton')}
            </Button>
          </form>
          <ReadFailure error={found.error} />
          {found.data && asked && <SearchHits answer={found.data} asked={asked} onOpen={setReading} />}
        </>
      )}
    </details>
  );
}
