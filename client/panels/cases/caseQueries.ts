import type { RatingInput } from '../../../shared/queue.ts';
import { casesApi } from '../../net/casesApi.ts';
import { guidanceApi } from '../../net/guidanceApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

/** The merchant's cases, newest first, with the station's time zone their dates are read in. */
export const useMyCases = (enabled: boolean) =>
  useHallQuery([features.cases, 'mine'], (token) => casesApi.mine(token), { enabled });

/** One of the merchant's cases, whole: its record, filings, visits and whether it may be rated. */
export const useCase = (id: string, enabled: boolean) =>
  useHallQuery([features.cases, 'one', id], (token) => casesApi.one(token, id), { enabled });

/** The merchant's renovation guidance sheets, each naming its case. */
export const useMyGuidance = (enabled: boolean) =>
  useHallQuery([features.guidance, 'mine'], (token) => guidanceApi.mine(token), { enabled });

/** The officer's ratings in aggregate (never who rated). */
export const useMyRatings = (enabled: boolean) =>
  useHallQuery([features.cases, 'ratings'], (token) => casesApi.myRatings(token), { enabled });

/** 好差评: the merchant rates a served case once; the case and the list are loaded again. */
export const useRateCase = (
  caseId: string,
  options?: Parameters<typeof useHallMutation<{ ok: true }, RatingInput>>[2],
) => useHallMutation((token, rating: RatingInput) => casesApi.rate(token, caseId, rating), [features.cases], options);
