import { useTranslation } from 'react-i18next';
import type { CaseChatLine, CaseEntry as Entry } from '../../../shared/queue.ts';
import { useSession } from '../../net/session.ts';
import { PrintChecklistButton } from '../caseFile/PrintChecklistButton.tsx';
import { useLabels } from '../labels.ts';
import { Conversation } from './Conversation.tsx';

/**
 * A part's name within an entry, quieter than the entry's first line that leads it. Not a heading element:
 * at a browser's h5 size and margins these read smaller than the text they name and push the entries apart
 * in a narrow panel.
 */
function Label({ children }: { children: string }) {
  return <p className="muted small">{children}</p>;
}

/**
 * One visit in a case's record: when, what kind, its outcome and who served, what was asked and found. With
 * `sheetOf` (the merchant's own case), a desk visit's checklist also opens as a page to print.
 */
export function CaseEntry({
  entry,
  lines,
  sheetOf,
}: {
  entry: Entry;
  lines: readonly CaseChatLine[];
  sheetOf?: { number: string; service: string };
}) {
  const { t } = useTranslation();
  const { desk } = useLabels();
  const me = useSession((s) => s.me);
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
          {sheetOf && entry.kind === 'desk' && (
            <PrintChecklistButton
              sheet={{
                caseNumber: sheetOf.number,
                service: sheetOf.service,
                entry,
                merchant: me?.kind === 'merchant' ? { name: me.name, shop: me.shop } : null,
              }}
            />
          )}
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
