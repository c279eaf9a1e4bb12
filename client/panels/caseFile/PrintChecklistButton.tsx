import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/index.ts';
import { useChecklistSheet, type ChecklistSheetData } from './checklistSheet.ts';

/**
 * Opens a desk visit's checklist as a clean A4 page. Its name starts with what it shows, then says which case
 * and which day, so a voice command or a screen reader finds it among the visits' other buttons.
 */
export function PrintChecklistButton({ sheet }: { sheet: ChecklistSheetData }) {
  const { t } = useTranslation();
  const show = useChecklistSheet((s) => s.show);
  return (
    <Button
      className="small"
      aria-label={t('caseFile.printOf', { number: sheet.caseNumber, date: sheet.entry.station.date })}
      onClick={(e) => show(sheet, e.currentTarget)}
    >
      {t('caseFile.print')}
    </Button>
  );
}
