import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { usePrintPage } from '../printPage.ts';
import { itemIn, useChecklistSheet } from './checklistSheet.ts';

/**
 * The checklist given at a desk visit (一次性告知) as a clean A4 page in the reader's language: on screen with
 * Print and Back, on paper (the print stylesheet) only the sheet — the station, the case, the day on the
 * station's clock, the officer and desk, and every item numbered.
 */
export function ChecklistSheet() {
  const { t } = useTranslation();
  const { service, desk, lang } = useLabels();
  const sheet = useChecklistSheet((s) => s.sheet);
  const close = useChecklistSheet((s) => s.close);
  const heading = useRef<HTMLHeadingElement>(null);
  usePrintPage(Boolean(sheet));
  useEffect(() => {
    heading.current?.focus(); // the sheet is a page of its own: reading starts at its title
  }, [sheet]);
  if (!sheet) return null;
  const { entry } = sheet;
  return (
    // A named section, so the sheet is a landmark of its own while it covers the hall.
    <section className="print-sheet checklist-sheet" aria-labelledby="checklist-title">
      <div className="print-actions row">
        <Button className="primary" onClick={() => window.print()}>
          {t('caseFile.sheet.print')}
        </Button>
        <Button onClick={close}>{t('caseFile.sheet.back')}</Button>
      </div>
      <header>
        <p className="sheet-station">{t('caseFile.sheet.station')}</p>
        <h1 id="checklist-title" ref={heading} tabIndex={-1}>
          {t('caseFile.sheet.title')}
        </h1>
        <p>
          {t('caseFile.sheet.case', { number: sheet.caseNumber })} ·{' '}
          {t('caseFile.sheet.service', { service: service(sheet.service) })}
        </p>
        <p>{t('caseFile.sheet.date', { date: entry.station.date, time: entry.station.time })}</p>
        {entry.officerName && (
          <p>
            {t('caseFile.sheet.officer', { name: entry.officerName })}
            {entry.deskId && <> · {t('caseFile.sheet.desk', { desk: desk(entry.deskId) })}</>}
          </p>
        )}
        {sheet.merchant && <p>{t('caseFile.sheet.merchant', sheet.merchant)}</p>}
      </header>
      <p>{t('caseFile.sheet.intro')}</p>
      <ol className="checklist-items">
        {entry.checklist.map((item, i) => (
          <li key={i}>{itemIn(lang, item)}</li>
        ))}
      </ol>
      <footer>
        <p>{t('caseFile.sheet.signature')}</p>
      </footer>
    </section>
  );
}
