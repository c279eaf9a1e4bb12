import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { filingsApi } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';
import { useSignboardForm } from '../SignboardForm.ts';
import { loadDraft, toValues } from './draft.ts';
import { FilingForm, type Draft } from './FilingForm.tsx';
import { FilingSubmitted } from './FilingSubmitted.tsx';
import { MyFilings } from './MyFilings.tsx';

/**
 * 招牌备案 for a merchant: the filings already made with their review state, updated as officers act, and
 * the form (with its two images) to file a sign or change one sent back.
 */
export function SignboardPanel({ merchantId }: { merchantId: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(merchantId));
  const filings = useHallQuery([features.filings, 'mine'], (token) => filingsApi.list(token));
  const open = useSignboardForm((s) => s.open);
  const setOpen = useSignboardForm((s) => s.setOpen);
  const focusRequest = useSignboardForm((s) => s.focusRequest);
  const formRef = useRef<HTMLFormElement>(null);
  const mineRef = useRef<HTMLHeadingElement>(null);
  /**
   * The filing just sent, and the request for the form it was sent under: its confirmation stands in for the
   * form until another filing is wanted, here ("file another", a filing to change) or from elsewhere.
   */
  const [submitted, setSubmitted] = useState<{ caseNumber: string; request: number } | null>(null);
  const confirming = submitted && submitted.request === focusRequest ? submitted.caseNumber : null;
  /** Bumped when the form comes back here with its first field focused ("file another", a filing to change). */
  const [toForm, setToForm] = useState(0);

  // Asked for (from elsewhere, or here): bring the form into view, first field focused.
  useEffect(() => {
    if (focusRequest === 0 && toForm === 0) return;
    formRef.current?.scrollIntoView({ block: 'start' });
    formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [focusRequest, toForm]);

  return (
    <details className="card signboard" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('filing.heading')}</h2>
      </summary>
      <h3 ref={mineRef} tabIndex={-1}>
        {t('filing.mine')}
      </h3>
      <MyFilings
        filings={filings.data?.filings ?? []}
        onEdit={(f) => {
          setDraft(() => ({ values: toValues(f), editing: f.id }));
          setSubmitted(null);
          setToForm((n) => n + 1);
        }}
      />
      {confirming ? (
        <FilingSubmitted
          caseNumber={confirming}
          onMine={() => {
            mineRef.current?.scrollIntoView({ block: 'start' });
            mineRef.current?.focus();
          }}
          onAnother={() => {
            setSubmitted(null);
            setToForm((n) => n + 1);
          }}
        />
      ) : (
        <FilingForm
          ref={formRef}
          merchantId={merchantId}
          draft={draft}
          setDraft={setDraft}
          onSubmitted={(f) => setSubmitted({ caseNumber: f.caseNumber, request: focusRequest })}
        />
      )}
    </details>
  );
}
