import {
  GuidanceRoute,
  type GuidanceError,
  type ConfirmGuidanceInput,
  type GuidanceAnswers,
  type GuidanceView,
} from '../../shared/guidance.ts';
import { callFor } from './http.ts';

/** Guidance refusals carry one of the guidance API's codes (or the gate's, or the transport's). */
const call = callFor<GuidanceError>();

const one = (id: string) => GuidanceRoute.one.replace(':id', encodeURIComponent(id));

/** Renovation guidance sheets over the hall's HTTP API. */
export const guidanceApi = {
  mine: (token: string) => call<{ guidance: GuidanceView[] }>('GET', GuidanceRoute.list, undefined, token),
  ofCase: (token: string, caseId: string) =>
    call<{ guidance: GuidanceView[] }>(
      'GET',
      `${GuidanceRoute.list}?caseId=${encodeURIComponent(caseId)}`,
      undefined,
      token,
    ),
  create: (token: string, answers: GuidanceAnswers) => call<GuidanceView>('POST', GuidanceRoute.list, answers, token),
  confirm: (token: string, id: string, input: ConfirmGuidanceInput) => call<GuidanceView>('PUT', one(id), input, token),
};
