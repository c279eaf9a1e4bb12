import { useTranslation } from 'react-i18next';
import type { CaseChatLine, CaseEntry as Entry } from '../../../shared/queue.ts';
import { CaseEntry } from './CaseEntry.tsx';
import { Conversation } from './Conversation.tsx';

/**
 * A case's record in the order it was written: each desk visit with its checklist, notes, outcome, who
 * served and its conversation, each door-to-door visit with what it found; then the talk of a visit still
 * under way. Entries are only ever added, so this reads as the case's history.
 */
export function CaseEntries({
  entries,
  messages = [],
  earlier = 0,
  sheetOf,
}: {
  entries: readonly Entry[];
  messages?: readonly CaseChatLine[];
  /** Entries older than those given, left out (the desk view carries only the latest). */
  earlier?: number;
  /** The case, when each checklist may be printed (the merchant's own, in My cases). */
  sheetOf?: { number: string; service: string };
}) {
  const { t } = useTranslation();
  const underWay = messages.filter((m) => m.entryId === null);
  return (
    <>
      {earlier > 0 && <p className="muted small">{t('cases.earlierEntries', { count: earlier })}</p>}
      {entries.length > 0 && (
        <ol className="case-entries">
          {entries.map((e) => (
            <CaseEntry key={e.id} entry={e} lines={messages.filter((m) => m.entryId === e.id)} sheetOf={sheetOf} />
          ))}
        </ol>
      )}
      {underWay.length > 0 && (
        <details>
          <summary>
            {t('cases.underWay')} ({underWay.length})
          </summary>
          <Conversation lines={underWay} />
        </details>
      )}
    </>
  );
}
