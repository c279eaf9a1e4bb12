import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskCase } from '../../../shared/queue.ts';
import { Button } from '../../ui/index.ts';
import { CaseEntries } from '../cases/CaseEntries.tsx';
import { useLabels } from '../labels.ts';
import { useCaseAtDesk } from './deskQueries.ts';
import { ReadFailure } from './ReadFailure.tsx';

/**
 * One earlier case: what the desk view carries (its latest entries, long texts cut), and on request the
 * whole record over HTTP, conversation included, while this merchant is at the desk.
 */
export function DeskCaseItem({ c }: { c: DeskCase }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  const [asked, setAsked] = useState(false);
  const read = useCaseAtDesk(c.id, asked);
  // Read whole only on request, even when kept from an earlier visit to the desk.
  const whole = asked ? (read.data ?? null) : null;
  const record = useRef<HTMLParagraphElement>(null);
  // The button goes once the record is in: the focus moves to the record, not to the page's top.
  const arrived = whole !== null;
  useEffect(() => {
    if (arrived) record.current?.focus();
  }, [arrived]);

  const cut = c.entryCount > c.entries.length || c.entries.some((e) => e.shortened);
  const last = c.entries.at(-1);
  const count = whole ? whole.entries.length : c.entryCount;
  return (
    <li className="small">
      <p>
        <strong>{c.number}</strong> · {service(c.service)} ·{' '}
        {c.outcome ? t(`outcomes.${c.outcome}`) : t(`cases.${c.status}`)}
        {last && <> · {t('cases.at', { date: last.station.date, time: last.station.time })}</>}
      </p>
      {c.description && <p className="muted pre">{t('desk.description', { text: c.description })}</p>}
      {count > 0 && (
        <p ref={record} tabIndex={-1}>
          <strong>{t('cases.record', { count })}</strong>
        </p>
      )}
      {whole ? (
        <CaseEntries entries={whole.entries} messages={whole.messages} />
      ) : (
        <CaseEntries entries={c.entries} earlier={c.entryCount - c.entries.length} />
      )}
      {!whole && (cut || c.entryCount > 0) && (
        <Button className="small" busy={read.isFetching} onClick={() => (asked ? void read.refetch() : setAsked(true))}>
          {t('cases.wholeRecord')}
        </Button>
      )}
      <ReadFailure error={asked ? read.error : null} />
    </li>
  );
}
