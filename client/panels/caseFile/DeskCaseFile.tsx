import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskTicket } from '../../../shared/queue.ts';
import { CaseFileView } from './CaseFileView.tsx';

/**
 * The whole file of the merchant at the desk, below the desk view's short history: folded until the officer
 * opens it (each reading is audited), before calling them in and while serving them.
 */
export function DeskCaseFile({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="desk-file" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('caseFile.whole')}</summary>
      {open && (
        <CaseFileView
          merchantId={current.merchant.id}
          label={t('caseFile.fileOf', { shop: current.merchant.shop, name: current.merchant.name })}
        />
      )}
    </details>
  );
}
