import type { TFunction } from 'i18next';
import type { AgendaItem } from '../../../shared/meetings.ts';

/**
 * An agenda item in the reader's language: a follow-up carried over from the series is worded from its
 * data (what, whose, by when); any other item is shown as typed, and so is a follow-up stored before it
 * carried its data.
 */
export function agendaTitle(t: TFunction, item: Pick<AgendaItem, 'title' | 'followUp'>): string {
  const f = item.followUp;
  return f ? t('meeting.followUpItem', { what: f.what, owner: f.ownerName, due: f.due }) : item.title;
}
