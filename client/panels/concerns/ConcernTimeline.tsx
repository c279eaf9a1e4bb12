import { useTranslation } from 'react-i18next';
import type { ConcernEntry } from '../../../shared/concerns.ts';
import { atStation } from './concernWords.ts';

/** What an entry says besides its heading: the note, the reason, the reply or the merchant's comment. */
function body(e: ConcernEntry): string {
  switch (e.kind) {
    case 'raised':
      return '';
    case 'assign':
    case 'note':
    case 'bookVisit':
    case 'reply':
      return e.text;
    case 'refer':
    case 'reopen':
      return e.reason;
    case 'confirm':
      return e.comment;
  }
}

/**
 * A concern's record, oldest first: each step with its time on the station's clock, what happened and who did
 * it. Entries are only ever added, so this is the whole story as the merchant and the station both read it.
 */
export function ConcernTimeline({ entries }: { entries: readonly ConcernEntry[] }) {
  const { t } = useTranslation();
  const heading = (e: ConcernEntry): string => {
    switch (e.kind) {
      case 'raised':
        return e.atDesk ? t('concerns.entries.raisedAtDesk') : t('concerns.entries.raised');
      case 'assign':
        return t('concerns.entries.assign', { name: e.assignee.name });
      case 'bookVisit':
        return t('concerns.entries.bookVisit', e.visit);
      case 'refer':
        return t('concerns.entries.refer', { department: e.department });
      default:
        return t(`concerns.entries.${e.kind}`);
    }
  };
  return (
    <ol className="concern-timeline">
      {entries.map((e) => {
        const text = body(e);
        return (
          <li key={e.seq} className={`concern-entry concern-entry-${e.kind}`}>
            <p className="small">
              <strong>{atStation(e)}</strong> · {heading(e)} ·{' '}
              {t('concerns.by', { role: t(`concerns.roles.${e.author.role}`), name: e.author.name })}
            </p>
            {text && <p className="pre">{text}</p>}
          </li>
        );
      })}
    </ol>
  );
}
