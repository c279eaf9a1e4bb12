import {
  closesCase,
  RATING_FIGURES_MIN,
  RATING_LEVELS,
  type Outcome,
  type RatingFigures,
  type RatingLevel,
} from '../../shared/queue.ts';

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

/**
 * What a transfer does to the case a ticket already carries (its service had begun): the case follows the
 * matter to the new service, with its number, description and conversation, and is labelled with the service
 * that will finish it. An officer who sends a merchant on expects the next desk to pick up the same file, not
 * to start a second one while the first stays open with no outcome. Null when there is no case yet (the
 * ticket was only called): serving at the new desk then opens or continues one as usual.
 */
export function caseAfterTransfer(
  ticket: { caseId: string | null },
  toService: string,
): { id: string; service: string } | null {
  return ticket.caseId ? { id: ticket.caseId, service: toService } : null;
}

/**
 * The figures an officer may see of their ratings, given every rating's level oldest first. Nothing below
 * `min`; above it, only the oldest whole groups of `min`, so the figures stay put until `min` more ratings
 * are in and a look before and after one visit never shows what that merchant gave.
 */
export function ratingFigures(levelsOldestFirst: readonly number[], min = RATING_FIGURES_MIN): RatingFigures | null {
  const count = Math.floor(levelsOldestFirst.length / min) * min;
  if (count === 0) return null;
  const levels = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
  let sum = 0;
  for (const level of levelsOldestFirst.slice(0, count)) {
    levels[level as RatingLevel] += 1;
    sum += level;
  }
  return { count, average: Math.round((sum / count) * 100) / 100, levels };
}

export function statusAfter(outcome: Outcome): 'open' | 'closed' {
  return closesCase(outcome) ? 'closed' : 'open';
}

/** Case numbers read like the station's paper ones: BJ-20261124-0007 (办件, day, sequence of the day). */
export function caseNumber(day: string, seq: number): string {
  return `BJ-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}
