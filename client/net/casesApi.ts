import {
  CasesRoute,
  type CaseDetail,
  type CaseSummary,
  type RatingInput,
  type RatingSummary,
} from '../../shared/queue.ts';
import { call } from './accountsApi.ts';

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** "My cases", 好差评 and an officer's rating summary, over the hall's HTTP API. */
export const casesApi = {
  mine: (token: string) => call<{ cases: CaseSummary[] }>('GET', CasesRoute.mine, undefined, token),
  one: (token: string, id: string) => call<CaseDetail>('GET', one(CasesRoute.one, id), undefined, token),
  rate: (token: string, id: string, rating: RatingInput) =>
    call<{ ok: true }>('POST', one(CasesRoute.rate, id), rating, token),
  myRatings: (token: string) => call<RatingSummary>('GET', CasesRoute.myRatings, undefined, token),
};
