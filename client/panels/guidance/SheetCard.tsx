import { useTranslation } from 'react-i18next';
import type { GuidanceView } from '../../../shared/guidance.ts';
import { useQueue } from '../../net/queueStore.ts';
import { Button } from '../../ui/index.ts';
import { useLabels } from '../labels.ts';
import { useSignboardForm } from '../SignboardForm.ts';
import { SheetItems } from './SheetItems.tsx';

/** One of the merchant's sheets: its case, whether an officer confirmed it, its items and the way to print it. */
export function SheetCard({ sheet }: { sheet: GuidanceView }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const print = useQueue((s) => s.print);
  const openFilingForm = useSignboardForm((s) => s.openForm);
  return (
    <li className="sheet">
      <p>
        <strong>{t('guidance.case', { number: sheet.caseNumber })}</strong> · {time(sheet.createdAt)}
      </p>
      <p className="small muted">
        {sheet.confirmedBy
          ? t('guidance.confirmed', { name: sheet.confirmedBy, time: time(sheet.confirmedAt!) })
          : t('guidance.pending')}
      </p>
      <SheetItems sheet={sheet} onOpenFiling={openFilingForm} />
      <Button onClick={() => print(sheet)}>{t('guidance.printView')}</Button>
    </li>
  );
}
