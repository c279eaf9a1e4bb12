import { useTranslation } from 'react-i18next';
import { useQueue } from '../../net/queueStore.ts';
import { useLabels } from '../labels.ts';
import { usePrintPage } from '../printPage.ts';
import { worksOf } from './guidanceWords.ts';
import { SheetItems } from './SheetItems.tsx';

/**
 * The guidance sheet as a clean A4 page: on screen with Print and Back buttons, on paper (the print
 * stylesheet) with nothing but the sheet.
 */
export function PrintSheet() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const sheet = useQueue((s) => s.printing);
  const close = useQueue((s) => s.print);
  usePrintPage(Boolean(sheet));
  if (!sheet) return null;
  return (
    <article className="print-sheet" aria-labelledby="sheet-title">
      <div className="print-actions row">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('guidance.print')}
        </button>
        <button type="button" onClick={() => close(null)}>
          {t('guidance.back')}
        </button>
      </div>
      <header>
        <h1 id="sheet-title">{t('guidance.printTitle')}</h1>
        <p>
          {t('guidance.case', { number: sheet.caseNumber })} · {t('guidance.created', { time: time(sheet.createdAt) })}
        </p>
        <p>{t('guidance.merchant', sheet.merchant)}</p>
        <p>{t('guidance.works', { works: worksOf(sheet.answers, t) })}</p>
      </header>
      <SheetItems sheet={sheet} />
      <footer>
        <p>
          {sheet.confirmedBy
            ? t('guidance.confirmed', { name: sheet.confirmedBy, time: time(sheet.confirmedAt!) })
            : t('guidance.pending')}
        </p>
        <p>{t('guidance.signature')}</p>
      </footer>
    </article>
  );
}
