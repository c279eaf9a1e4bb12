import type { ConcernChangedNotice } from '../../shared/concerns.ts';
import type { MessageKey } from '../i18n/types.ts';

/**
 * Which change to a concern is news for whom, said as a toast in the hall: the merchant hears that it is received
 * and what the station did (not what they did themselves), staff on duty hear of a new concern, the merchant's
 * answer and a deadline passed (not each other's notes), and nobody of their own act. Every list showing concerns
 * loads again either way.
 */
export function concernNews(merchant: boolean, n: ConcernChangedNotice): MessageKey | null {
  // The officer who made the change hears nothing of it: they did it (their other pages still reload it).
  if (n.yours) return null;
  switch (n.change) {
    case 'assign':
    case 'note':
    case 'bookVisit':
    case 'refer':
    case 'reply':
      return merchant ? `concerns.news.${n.change}` : null;
    case 'raised':
      // Raised by the merchant or recorded for them at a desk: either way it is theirs now, and received.
      return merchant ? 'concerns.news.received' : 'concerns.news.raised';
    case 'confirm':
    case 'reopen':
    case 'overdue':
      return merchant ? null : `concerns.news.${n.change}`;
  }
}
