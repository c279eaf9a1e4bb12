import {
  ConcernsRoute,
  type ConcernCategoriesAnswer,
  type ConcernList,
  type ConcernOfficersAnswer,
  type ConcernRefusal,
  type ConcernStepInput,
  type ConcernView,
  type RaiseConcernInput,
} from '../../shared/concerns.ts';
import { callFor } from './http.ts';

/** Concern refusals carry one of the concerns API's codes (or the gate's, or the transport's). */
const call = callFor<ConcernRefusal>();

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/**
 * Concerns (诉求反映) over the hall's HTTP API: the merchant raises and follows their own, officers work through
 * the open ones and record one for the merchant at their desk. Photos go up first, as a filing's images do
 * (`uploadImage` in filingsApi.ts), and are named here by their ids.
 */
export const concernsApi = {
  categories: (token: string) => call<ConcernCategoriesAnswer>('GET', ConcernsRoute.categories, undefined, token),
  /** A merchant's own concerns; for staff, the open ones, most urgent first. */
  list: (token: string) => call<ConcernList>('GET', ConcernsRoute.concerns, undefined, token),
  one: (token: string, id: string) => call<ConcernView>('GET', one(ConcernsRoute.one, id), undefined, token),
  raise: (token: string, form: RaiseConcernInput) => call<ConcernView>('POST', ConcernsRoute.concerns, form, token),
  step: (token: string, id: string, step: ConcernStepInput) =>
    call<ConcernView>('POST', one(ConcernsRoute.steps, id), step, token),
  /** Recorded by the officer for the merchant being served at their desk. */
  raiseAtDesk: (token: string, form: RaiseConcernInput) => call<ConcernView>('POST', ConcernsRoute.atDesk, form, token),
  /** Every active officer a concern may be handed to, by name. */
  officers: (token: string) => call<ConcernOfficersAnswer>('GET', ConcernsRoute.officers, undefined, token),
  /** The concerns of the merchant being served at the officer's desk. */
  atDesk: (token: string) => call<ConcernList>('GET', ConcernsRoute.atDesk, undefined, token),
};
