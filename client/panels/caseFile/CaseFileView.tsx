import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/index.ts';
import { useFilePage } from './caseFileQueries.ts';
import { FileItems } from './FileItems.tsx';

/**
 * A merchant's whole file as one list, newest first: the newest page, then each earlier page the officer asks
 * for. Every item folds to one line, so a long history stays readable on a phone.
 */
export function CaseFileView({ merchantId, label }: { merchantId: string; label: string }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const first = useFilePage(merchantId, null);
  const last = useFilePage(merchantId, cursors.at(-1) ?? null);
  const merchant = first.data?.merchant;
  const empty = first.data?.items.length === 0;
  const next = last.data?.next ?? null;
  return (
    <div className="case-file">
      {merchant?.phone && <p className="small">{t('caseFile.phone', { phone: merchant.phone })}</p>}
      {empty ? (
        <p className="muted small">{t('caseFile.empty')}</p>
      ) : (
        <ol className="file-timeline" aria-label={label}>
          {cursors.map((cursor, i) => (
            <FileItems
              key={cursor ?? 'newest'}
              merchantId={merchantId}
              cursor={cursor}
              until={cursors[i + 1] ?? null}
            />
          ))}
        </ol>
      )}
      {next !== null ? (
        <Button className="small" onClick={() => setCursors([...cursors, next])}>
          {t('caseFile.older')}
        </Button>
      ) : (
        last.data && !empty && <p className="muted small">{t('caseFile.start')}</p>
      )}
    </div>
  );
}
