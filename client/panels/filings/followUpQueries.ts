import type { HandInInput, ItemAnswerInput } from '../../../shared/filingItems.ts';
import { filingsApi } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

/** One filing as it now stands, for a panel that knows only its id (a case's filings in My cases). */
export const useFilingOf = (id: string) =>
  useHallQuery([features.filings, 'one', id], (token) => filingsApi.one(token, id));

/** The merchant hands an item in; the filing shows in their filings and in their case, both loaded again. */
export const useHandIn = (filingId: string, itemId: string) =>
  useHallMutation(
    (token, answer: HandInInput) => filingsApi.handIn(token, filingId, itemId, answer),
    [features.filings, features.cases],
  );

/** The officer accepts an item or asks for it again; the last acceptance files the filing. */
export const useAnswerItem = (filingId: string, itemId: string) =>
  useHallMutation(
    (token, answer: ItemAnswerInput) => filingsApi.answerItem(token, filingId, itemId, answer),
    [features.filings, features.cases],
  );
