import { FollowUpItems } from './FollowUpItems.tsx';
import { useFilingOf } from './followUpQueries.ts';

/**
 * The items to follow of a filing known by its id (a case in My cases lists its filings so), loaded as the
 * filing now stands, for its merchant to hand in from there.
 */
export function FilingFollowUpOf({ id }: { id: string }) {
  const filing = useFilingOf(id).data;
  return filing ? <FollowUpItems filing={filing} as="merchant" /> : null;
}
