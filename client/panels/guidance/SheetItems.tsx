import { useTranslation } from 'react-i18next';
import { SIGN_FILING_ITEM, type GuidanceItem, type GuidanceView } from '../../../shared/guidance.ts';
import { hasWords } from '../../i18n/codes.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { useLabels } from '../labels.ts';

/** The sheet's items grouped by topic, removed ones left out, in the order the rules list them. */
function useGrouped(items: GuidanceItem[]) {
  const { lang } = useLabels();
  const groups = new Map<string, { id: string; text: string }[]>();
  for (const item of items) {
    if (item.status === 'removed') continue;
    groups.set(item.topic, [...(groups.get(item.topic) ?? []), { id: item.id, text: item.text[lang] }]);
  }
  return [...groups.entries()];
}

/** The items; on screen (not on paper) the sign-filing item opens the filing form. */
export function SheetItems({ sheet, onOpenFiling }: { sheet: GuidanceView; onOpenFiling?: () => void }) {
  const { t } = useTranslation();
  const groups = useGrouped(sheet.items);
  let n = 0;
  return (
    <>
      {groups.map(([topic, items]) => (
        <section key={topic} className="sheet-topic">
          <h4>{hasWords(zhCN.guidance.topics, topic) ? t(`guidance.topics.${topic}`) : topic}</h4>
          <ol start={n + 1}>
            {items.map((item) => {
              n++;
              return (
                <li key={item.id}>
                  {item.text}
                  {onOpenFiling && item.id === SIGN_FILING_ITEM && (
                    <>
                      {' '}
                      <button type="button" className="link" onClick={onOpenFiling}>
                        {t('guidance.openFilingForm')}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {sheet.notes && (
        <section className="sheet-topic">
          <h4>{t('guidance.notes')}</h4>
          <p className="pre">{sheet.notes}</p>
        </section>
      )}
    </>
  );
}
