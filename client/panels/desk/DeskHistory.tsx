import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskTicket } from '../../../shared/queue.ts';
import { Button } from '../../ui/index.ts';
import { DeskCaseItem } from './DeskCaseItem.tsx';
import { useCasesAtDesk } from './deskQueries.ts';
import { ReadFailure } from './ReadFailure.tsx';

/**
 * The merchant's earlier cases at the desk, before calling them in and while serving them: the newest as the
 * desk view carries them, and on request every one of them over HTTP.
 */
export function DeskHistory({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  // Asked for this ticket's merchant: the next one starts from the desk view again.
  const [askedFor, setAskedFor] = useState<string | null>(null);
  const all = useCasesAtDesk(current.ticketId, askedFor === current.ticketId);
  const listed = askedFor === current.ticketId ? (all.data?.cases ?? null) : null;
  // Cases the desk view carries keep their latest entries; the rest are read whole one at a time.
  const shown = listed?.map((c) => current.history.find((h) => h.id === c.id) ?? c) ?? current.history;
  const left = current.historyTotal - shown.length;
  const list = useRef<HTMLUListElement>(null);
  // The button goes once every case is listed: the focus moves to the list.
  const arrived = listed !== null;
  useEffect(() => {
    if (arrived) list.current?.focus();
  }, [arrived]);

  return (
    <details>
      <summary>
        {t('desk.history')} ({current.historyTotal})
      </summary>
      {shown.length === 0 ? (
        <p className="muted small">{t('desk.noHistory')}</p>
      ) : (
        <ul ref={list} className="history" tabIndex={-1} aria-label={t('desk.history')}>
          {shown.map((c) => (
            <DeskCaseItem key={c.id} c={c} />
          ))}
        </ul>
      )}
      {left > 0 && (
        <p className="muted small">
          {t('cases.moreCases', { count: left })}{' '}
          <Button
            className="small"
            busy={all.isFetching}
            onClick={() => (askedFor === current.ticketId ? void all.refetch() : setAskedFor(current.ticketId))}
          >
            {t('cases.allCases')}
          </Button>
        </p>
      )}
      <ReadFailure error={askedFor === current.ticketId ? all.error : null} />
    </details>
  );
}
