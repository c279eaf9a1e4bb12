import { keepPreviousData } from '@tanstack/react-query';
import { caseFileApi } from '../../net/caseFileApi.ts';
import { features, fileKey } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';

/**
 * One page of a merchant's file. Kept under the cases feature, so a case completed or a filing reviewed loads
 * it again, and a concern of theirs changed too (`invalidateFile`); each load is a read the station audits, so
 * a page is loaded only while it is shown.
 */
export const useFilePage = (merchantId: string, cursor: string | null) =>
  useHallQuery(fileKey(merchantId, cursor), (token) => caseFileApi.page(token, merchantId, cursor));

/** The merchants a staff search found; asked only once the officer searches. */
export const useFileSearch = (q: string) =>
  useHallQuery([features.cases, 'fileSearch', q], (token) => caseFileApi.search(token, q), { enabled: q !== '' });

/**
 * Who waits for the officer's desk. `line` is what the public board says of the desk's lines (their counts):
 * when it moves, the list is read again; meanwhile the last one stays shown rather than flickering away.
 */
export const useDeskWaiting = (line: string) =>
  useHallQuery([features.cases, 'deskLine', line], (token) => caseFileApi.waiting(token), {
    placeholderData: keepPreviousData,
  });
