import { useTranslation } from 'react-i18next';
import type { FilingItem } from '../../../shared/caseFile.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';
import { Label } from './Label.tsx';

/** A sign filing in the file: what is asked and by when, and every step it went through, oldest first. */
export function FilingBody({ item }: { item: FilingItem }) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  return (
    <>
      {item.items.length > 0 && (
        <>
          <Label>{t('caseFile.filingItems')}</Label>
          <ul>
            {item.items.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
        </>
      )}
      {item.deadline && <p className="small">{t('caseFile.deadline', { date: deadline.day(item.deadline) })}</p>}
      <Label>{t('caseFile.steps')}</Label>
      <ol className="small">
        {item.steps.map((step, i) => (
          <li key={i}>
            {step.station.date} {step.station.time} · {t(`filing.states.${step.state}`)} · {t(`caseFile.by.${step.by}`)}
            {step.deadline && <> · {t('caseFile.deadline', { date: deadline.day(step.deadline) })}</>}
            {step.items.length > 0 && <> · {step.items.join(t('caseFile.itemsJoin'))}</>}
          </li>
        ))}
      </ol>
    </>
  );
}
