import { useTranslation } from 'react-i18next';
import type { DeskVisitItem, FileMerchant } from '../../../shared/caseFile.ts';
import { Conversation } from '../cases/Conversation.tsx';
import { useLabels } from '../labels.ts';
import { itemIn } from './checklistSheet.ts';
import { Label } from './Label.tsx';
import { PrintChecklistButton } from './PrintChecklistButton.tsx';

/** A desk visit in the file: its desk, the checklist given (printable), the notes and what was said. */
export function DeskVisitBody({ item, merchant }: { item: DeskVisitItem; merchant: FileMerchant }) {
  const { t } = useTranslation();
  const { desk, lang } = useLabels();
  const { entry } = item;
  return (
    <>
      {entry.deskId && <p className="muted small">{desk(entry.deskId)}</p>}
      {entry.checklist.length > 0 && (
        <>
          <Label>{t('cases.checklist')}</Label>
          <ol>
            {entry.checklist.map((text, i) => (
              <li key={i}>{itemIn(lang, text)}</li>
            ))}
          </ol>
          <PrintChecklistButton sheet={{ caseNumber: item.case.number, service: item.case.service, entry, merchant }} />
        </>
      )}
      {entry.notes && (
        <>
          <Label>{t('cases.notes')}</Label>
          <p className="pre">{entry.notes}</p>
        </>
      )}
      {item.lines.length > 0 && (
        <>
          <Label>{t('cases.messages')}</Label>
          {item.linesLeftOut > 0 && (
            <p className="muted small">{t('caseFile.linesLeftOut', { count: item.linesLeftOut })}</p>
          )}
          <Conversation lines={item.lines} />
        </>
      )}
    </>
  );
}
