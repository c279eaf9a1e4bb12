import type { ReviewInput } from '../../../shared/filing.ts';
import { filingsApi } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

/** The sign filings this officer may review, each with its form and where it stands. */
export const useFilingsToReview = (enabled: boolean) =>
  useHallQuery([features.filings, 'list'], (token) => filingsApi.list(token), { enabled });

/**
 * One review step on a filing. Its state shows in the merchant's case, and booking a visit takes one of the
 * officer's windows: all three are loaded again once the step is taken.
 */
export const useReviewStep = (filingId: string) =>
  useHallMutation(
    (token, step: ReviewInput) => filingsApi.review(token, filingId, step),
    [features.filings, features.cases, features.visits],
  );
