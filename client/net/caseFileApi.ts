import {
  CaseFileRoute,
  type CaseFileError,
  type CaseFilePage,
  type DeskWaitingAnswer,
  type FileSearchAnswer,
} from '../../shared/caseFile.ts';
import { callFor } from './http.ts';

/** Case-file refusals carry one of its API's codes (or the gate's, or the transport's). */
const call = callFor<CaseFileError>();

/** A merchant's whole file for staff, the search and the desk's line that lead to it, over the HTTP API. */
export const caseFileApi = {
  search: (token: string, q: string) =>
    call<FileSearchAnswer>('GET', `${CaseFileRoute.search}?q=${encodeURIComponent(q)}`, undefined, token),
  /** Who waits for the officer's own desk, first to be called first. */
  waiting: (token: string) => call<DeskWaitingAnswer>('GET', CaseFileRoute.waiting, undefined, token),
  /** One page of the file: the newest without a cursor, then from each page's `next`. */
  page: (token: string, merchantId: string, cursor: string | null) =>
    call<CaseFilePage>(
      'GET',
      CaseFileRoute.merchant.replace(':merchantId', encodeURIComponent(merchantId)) +
        (cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''),
      undefined,
      token,
    ),
};
