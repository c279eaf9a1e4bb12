import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { filingsApi } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';
import { useSignboardForm } from '../SignboardForm.ts';
import { loadDraft, toValues } from './draft.ts';
import { FilingForm, type Draft } from './FilingForm.tsx';
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

  // Asked for from elsewhere (the services panel, a guidance sheet): bring the form into view, first field focused.
  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.scrollIntoView({ block: 'start' });
    formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [focusRequest]);

  return (
    <details className="card signboard" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('filing.heading')}</summary>
      <h3>{t('filing.mine')}</h3>
      <MyFilings
        filings={filings.data?.filings ?? []}
        onEdit={(f) => {
          setDraft(() => ({ values: toValues(f), editing: f.id }));
          formRef.current?.scrollIntoView({ block: 'start' });
        }}
      />
      <FilingForm ref={formRef} merchantId={merchantId} draft={draft} setDraft={setDraft} />
    </details>
  );
}
