import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileMerchant, TimelineItem } from '../../../shared/caseFile.ts';
import { useCategoryName } from '../concerns/concernWords.ts';
import { useLabels } from '../labels.ts';
import { ItemBody } from './ItemBody.tsx';

/** The line an item is known by while folded: what happened, to which case or filing, and where it stands. */
function useHeadline(): (item: TimelineItem) => string[] {
  const { t } = useTranslation();
  const { service } = useLabels();
  const category = useCategoryName();
  return (item) => {
    switch (item.kind) {
      case 'caseOpened':
      case 'visitBooked':
      case 'talk':
        return [item.case.number, service(item.case.service)];
      case 'deskVisit':
      case 'visitResult':
        return [
          item.case.number,
          service(item.case.service),
          ...(item.entry.outcome ? [t(`outcomes.${item.entry.outcome}`)] : []),
          ...(item.entry.officerName ? [t('cases.officer', { name: item.entry.officerName })] : []),
        ];
      case 'filing':
        return [item.caseNumber, item.signText, t(`filing.states.${item.state}`)];
      case 'concern':
        return [item.concern.number, category(item.concern.category), t(`concerns.statuses.${item.concern.status}`)];
    }
  };
}

/**
 * One happening in a merchant's file: folded to one line (when, what, which case, where it stands), unfolded
 * to all of it. A native disclosure, so a keyboard opens it with Enter or Space and a screen reader says
 * whether it is open.
 */
export function TimelineEntry({
  item,
  merchant,
  ref,
}: {
  item: TimelineItem;
  merchant: FileMerchant;
  ref?: Ref<HTMLLIElement>;
}) {
  const { t } = useTranslation();
  const headline = useHeadline();
  return (
    <li ref={ref} className={`file-item file-${item.kind}`}>
      <details>
        <summary>
          {/* One box for the line, so a panel that lays out its disclosures as a row still wraps it as text. */}
          <span>
            <span className="file-when">
              {item.station.date} {item.station.time}
            </span>{' '}
            <strong>{t(`caseFile.kinds.${item.kind}`)}</strong>
            {headline(item).map((part, i) => (
              <span key={i}> · {part}</span>
            ))}
          </span>
        </summary>
        <div className="file-body">
          <ItemBody item={item} merchant={merchant} />
        </div>
      </details>
    </li>
  );
}
