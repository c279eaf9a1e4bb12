import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { focusOn } from '../../ui/index.ts';
import { ReadFailure } from '../desk/ReadFailure.tsx';
import { useFilePage } from './caseFileQueries.ts';
import { TimelineEntry } from './TimelineEntry.tsx';

/**
 * One page of a merchant's file as items of the file's list. A page asked for with "earlier records" takes
 * the focus to its first item when it arrives, where the reading goes on. A page loaded again after something
 * new happened (a visit completed) shows only what comes before the next page's start (`until`), so an item
 * pushed down to the next page is not listed twice.
 */
export function FileItems({
  merchantId,
  cursor,
  until,
}: {
  merchantId: string;
  cursor: string | null;
  until: string | null;
}) {
  const { t } = useTranslation();
  const page = useFilePage(merchantId, cursor);
  const first = useRef<HTMLLIElement>(null);
  const arrived = page.data !== undefined;
  useEffect(() => {
    if (arrived && cursor !== null) focusOn(first.current?.querySelector('summary'));
  }, [arrived, cursor]);
  if (page.error)
    return (
      <li>
        <ReadFailure error={page.error} />
      </li>
    );
  if (!page.data)
    return (
      <li className="muted small" aria-busy="true">
        {t('caseFile.loading')}
      </li>
    );
  return page.data.items
    .filter((item) => until === null || item.key >= until)
    .map((item, i) => (
      <TimelineEntry key={item.key} item={item} merchant={page.data.merchant} ref={i === 0 ? first : undefined} />
    ));
}
