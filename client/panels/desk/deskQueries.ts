import { casesApi } from '../../net/casesApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';

/** Every case of the merchant at the desk, read once the officer asks; the ticket names whose they are. */
export const useCasesAtDesk = (ticketId: string, enabled: boolean) =>
  useHallQuery([features.cases, 'atDesk', ticketId], (token) => casesApi.allAtDesk(token), { enabled });

/** One case's whole record, conversation included, while its merchant is at the officer's desk. */
export const useCaseAtDesk = (caseId: string, enabled: boolean) =>
  useHallQuery([features.cases, 'atDesk', 'case', caseId], (token) => casesApi.atDesk(token, caseId), { enabled });
