import {
  CasesRoute,
  type CaseError,
  type CaseDetail,
  type CaseRecordView,
  type DeskCase,
  type MyCasesAnswer,
  type RatingInput,
  type RatingSummary,
} from '../../shared/queue.ts';
import { callFor } from './http.ts';

/** Case refusals carry one of the cases API's codes (or the gate's, or the transport's). */
const call = callFor<CaseError>();

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** "My cases", 好差评, an officer's rating summary and a case's record at the desk, over the HTTP API. */
export const casesApi = {
  mine: (token: string) => call<MyCasesAnswer>('GET', CasesRoute.mine, undefined, token),
  one: (token: string, id: string) => call<CaseDetail>('GET', one(CasesRoute.one, id), undefined, token),
  /** Every case of the merchant at the officer's desk, each to be read whole with `atDesk`. */
  allAtDesk: (token: string) => call<{ cases: DeskCase[] }>('GET', CasesRoute.allAtDesk, undefined, token),
  /** A case's whole record, for the officer with its merchant at their desk. */
  atDesk: (token: string, id: string) => call<CaseRecordView>('GET', one(CasesRoute.atDesk, id), undefined, token),
  rate: (token: string, id: string, rating: RatingInput) =>
    call<{ ok: true }>('POST', one(CasesRoute.rate, id), rating, token),
  myRatings: (token: string) => call<RatingSummary>('GET', CasesRoute.myRatings, undefined, token),
};
