import {
  closesCase,
  DESK_CHECKLIST_ITEMS,
  DESK_HISTORY_CASES,
  DESK_HISTORY_ENTRIES,
  DESK_HISTORY_MAX_BYTES,
  DESK_TEXT_MAX,
  RATING_FIGURES_MIN,
  RATING_LEVELS,
  type CaseEntry,
  type CaseSummary,
  type ChatLine,
  type DeskCase,
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

/**
 * A case's outcome is its latest desk visit's: entries are only added, and a door-to-door visit's result
 * (no outcome of its own) leaves the outcome as it stood. Entries oldest first.
 */
export function currentOutcome(entries: readonly Pick<CaseEntry, 'outcome'>[]): Outcome | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const outcome = entries[i]!.outcome;
    if (outcome) return outcome;
  }
  return null;
}

/** The guidance in force: the checklist given at the latest desk visit (一次性告知), all of it. */
export function guidanceInForce(entries: readonly Pick<CaseEntry, 'kind' | 'checklist'>[]): string[] {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.kind === 'desk') return entries[i]!.checklist;
  return [];
}

const ELLIPSIS = '…';

/** At most `max` characters (code points, so no character is split), the start kept. */
export function cutEnd(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** At most `max` characters, the end kept: a case's matter grows by a line at each visit, the latest last. */
export function cutStart(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : ELLIPSIS + chars.slice(chars.length - Math.max(0, max - 1)).join('');
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

export interface DeskHistoryLimits {
  maxBytes: number;
  cases: number;
  entries: number;
  textMax: number;
  checklistItems: number;
}

export const DESK_HISTORY_LIMITS: DeskHistoryLimits = {
  maxBytes: DESK_HISTORY_MAX_BYTES,
  cases: DESK_HISTORY_CASES,
  entries: DESK_HISTORY_ENTRIES,
  textMax: DESK_TEXT_MAX,
  checklistItems: DESK_CHECKLIST_ITEMS,
};

/** An entry as the desk view carries it: notes and checklist cut to the limits, marked when cut. */
function briefEntry(e: CaseEntry, limits: DeskHistoryLimits): CaseEntry {
  const notes = cutEnd(e.notes, limits.textMax);
  const checklist = e.checklist.slice(0, limits.checklistItems).map((item) => cutEnd(item, limits.textMax));
  const shortened =
    notes !== e.notes || checklist.length < e.checklist.length || checklist.some((c, i) => c !== e.checklist[i]);
  return shortened ? { ...e, notes, checklist, shortened } : e;
}

/**
 * A merchant's earlier cases as the live desk view carries them, within `limits.maxBytes` of JSON however long
 * the history: the newest cases first, the latest entries of each (oldest of those first), long texts cut.
 * When that is still too large, the oldest entries shown go first (the oldest case's before a newer one's),
 * then whole cases from the oldest. Nothing is lost: the desk reads a case's whole record over HTTP.
 */
export function deskHistory(
  cases: readonly (CaseSummary & { entries: readonly CaseEntry[]; entryCount?: number })[],
  historyTotal: number = cases.length,
  limits: DeskHistoryLimits = DESK_HISTORY_LIMITS,
): { history: DeskCase[]; historyTotal: number } {
  const newestFirst = [...cases].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  const history: DeskCase[] = newestFirst.slice(0, limits.cases).map(({ entries, entryCount, ...summary }) => ({
    ...summary,
    description: cutStart(summary.description, limits.textMax),
    entries: entries.slice(-limits.entries).map((e) => briefEntry(e, limits)),
    entryCount: Math.max(entryCount ?? 0, entries.length),
  }));
  let size = bytes(history);
  while (size > limits.maxBytes && history.length > 0) {
    const withEntries = history.findLastIndex((c) => c.entries.length > 0);
    if (withEntries >= 0) {
      const dropped = history[withEntries]!.entries.shift();
      // The comma between entries goes with the one dropped, except for the last one left.
      size -= bytes(dropped) + (history[withEntries]!.entries.length > 0 ? 1 : 0);
    } else {
      const dropped = history.pop();
      size -= bytes(dropped) + (history.length > 0 ? 1 : 0);
    }
  }
  return { history, historyTotal: Math.max(historyTotal, cases.length) };
}

/** The latest lines of a conversation within `maxBytes` of JSON, oldest of them first. */
export function latestLinesWithin<T extends ChatLine>(lines: readonly T[], maxBytes: number): T[] {
  let size = 2; // []
  let from = lines.length;
  while (from > 0) {
    const next = bytes(lines[from - 1]) + (from < lines.length ? 1 : 0);
    if (size + next > maxBytes) break;
    size += next;
    from -= 1;
  }
  return lines.slice(from);
}
