import { VisitsRoute, type PublishSlotInput, type VisitError, type VisitSlot } from '../../shared/visits.ts';
import { callFor } from './http.ts';

/** Visit refusals carry one of the visits API's codes (or the gate's, or the transport's). */
const call = callFor<VisitError>();

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** Door-to-door visit windows over the hall's HTTP API. */
export const visitsApi = {
  forMerchant: (token: string) =>
    call<{ free: VisitSlot[]; mine: VisitSlot[] }>('GET', VisitsRoute.slots, undefined, token),
  forOfficer: (token: string, date?: string) =>
    call<{ date: string; day: VisitSlot[]; free: VisitSlot[] }>(
      'GET',
      date ? `${VisitsRoute.slots}?date=${encodeURIComponent(date)}` : VisitsRoute.slots,
      undefined,
      token,
    ),
  publish: (token: string, input: PublishSlotInput) => call<VisitSlot>('POST', VisitsRoute.slots, input, token),
  book: (token: string, id: string, caseId: string) =>
    call<VisitSlot>('POST', one(VisitsRoute.book, id), { caseId }, token),
  offer: (token: string, id: string, caseId: string) =>
    call<VisitSlot>('POST', one(VisitsRoute.offer, id), { caseId }, token),
  cancel: (token: string, id: string) => call<VisitSlot>('POST', one(VisitsRoute.cancel, id), undefined, token),
  result: (token: string, id: string, result: string) =>
    call<VisitSlot>('POST', one(VisitsRoute.result, id), { result }, token),
};
