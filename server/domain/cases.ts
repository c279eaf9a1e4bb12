import { closesCase, type Outcome } from '../../shared/queue.ts';

/**
 * Case (办件) rules. A desk visit continues the case the ticket already carries (it was transferred or
 * returned to the line mid-service), else the merchant's open case for the same service, else a new one:
 * one matter, one case, however many visits it takes.
 */
export interface CaseRef {
  id: string;
  service: string;
  status: 'open' | 'closed';
  updatedAt: string;
}

export function caseToContinue(
  ticket: { caseId: string | null; service: string },
  merchantCases: readonly CaseRef[],
): string | null {
  if (ticket.caseId) return ticket.caseId;
  const open = merchantCases
    .filter((c) => c.status === 'open' && c.service === ticket.service)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  return open[0]?.id ?? null;
}

export function statusAfter(outcome: Outcome): 'open' | 'closed' {
  return closesCase(outcome) ? 'closed' : 'open';
}

/** Case numbers read like the station's paper ones: BJ-20261124-0007 (办件, day, sequence of the day). */
export function caseNumber(day: string, seq: number): string {
  return `BJ-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}
