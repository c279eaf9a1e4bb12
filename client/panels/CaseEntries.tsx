import { useTranslation } from 'react-i18next';
import type { CaseChatLine, CaseEntry } from '../../shared/queue.ts';
import { useLabels } from './labels.ts';

function Conversation({ lines }: { lines: readonly CaseChatLine[] }) {
  const { t } = useTranslation();
  return (
    <ol className="chat-log">
      {lines.map((m) => (
        <li key={m.id}>
          <span className="chat-from">{t(`chat.${m.from}`)}</span> <span className="chat-text">{m.text}</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * A part's name within an entry, quieter than the entry's first line that leads it. Not a heading element:
 * at a browser's h5 size and margins these read smaller than the text they name and push the entries apart
 * in a narrow panel.
 */
function Label({ children }: { children: string }) {
  return <p className="muted small">{children}</p>;
}

function Entry({ entry, lines }: { entry: CaseEntry; lines: readonly CaseChatLine[] }) {
  const { t } = useTranslation();
  const { desk } = useLabels();
  // Dates on the station's clock as the hall sent them, so every reader sees the day the station kept.
  const when = t('cases.at', { date: entry.station.date, time: entry.station.time });
  const what =
    entry.kind === 'visit'
      ? t('cases.visitEntry', { date: entry.visitStation?.date ?? entry.station.date })
      : t('cases.deskEntry');
  return (
    <li className="case-entry">
      <p className="small">
        <strong>{when}</strong> · {what}
        {entry.outcome && <> · {t(`outcomes.${entry.outcome}`)}</>}
        {entry.officerName && <> · {t('cases.officer', { name: entry.officerName })}</>}
        {entry.deskId && <> · {desk(entry.deskId)}</>}
      </p>
      {entry.checklist.length > 0 && (
        <>
          <Label>{t('cases.checklist')}</Label>
          {/* Bulleted: numbers here would read as a second count of visits inside the numbered entries. */}
          <ul>
            {entry.checklist.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </>
      )}
      {entry.notes && (
        <>
          <Label>{entry.kind === 'visit' ? t('cases.visitFound') : t('cases.notes')}</Label>
          <p className="pre">{entry.notes}</p>
        </>
      )}
      {entry.shortened && <p className="muted small">{t('cases.shortened')}</p>}
      {lines.length > 0 && (
        <details>
          <summary>
            {t('cases.messages')} ({lines.length})
          </summary>
          <Conversation lines={lines} />
        </details>
      )}
    </li>
  );
}

/**
 * A case's record in the order it was written: each desk visit with its checklist, notes, outcome, who
 * served and its conversation, each door-to-door visit with what it found; then the talk of a visit still
 * under way. Entries are only ever added, so this reads as the case's history.
 */
export function CaseEntries({
  entries,
  messages = [],
  earlier = 0,
}: {
  entries: readonly CaseEntry[];
  messages?: readonly CaseChatLine[];
  /** Entries older than those given, left out (the desk view carries only the latest). */
  earlier?: number;
}) {
  const { t } = useTranslation();
  const underWay = messages.filter((m) => m.entryId === null);
  return (
    <>
      {earlier > 0 && <p className="muted small">{t('cases.earlierEntries', { count: earlier })}</p>}
      {entries.length > 0 && (
        <ol className="case-entries">
          {entries.map((e) => (
            <Entry key={e.id} entry={e} lines={messages.filter((m) => m.entryId === e.id)} />
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
