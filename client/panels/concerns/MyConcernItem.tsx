import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConcernStatus, type ConcernEntry, type ConcernSummary } from '../../../shared/concerns.ts';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import { useDeadlineWords } from '../useDeadlineWords.ts';
import { ConcernFacts } from './ConcernFacts.tsx';
import { useConcern } from './concernQueries.ts';
import { ConcernTimeline } from './ConcernTimeline.tsx';
import { atStation, useCategoryName } from './concernWords.ts';
import { SettleChoice } from './SettleChoice.tsx';

/** The latest reply in a record: what the merchant is asked to confirm. */
const lastReply = (entries: readonly ConcernEntry[]) => entries.findLast((e) => e.kind === 'reply');

/**
 * One of the merchant's concerns in "My cases": number, category, where it stands and what is due; opened, the
 * whole record, the reply, and the merchant's word on it. What the merchant just did is said in place and takes
 * the focus.
 */
export function MyConcernItem({ summary }: { summary: ConcernSummary }) {
  const { t } = useTranslation();
  const deadline = useDeadlineWords();
  const categoryName = useCategoryName();
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState<{ text: string; n: number } | null>(null);
  const result = useFocusOnChange<HTMLParagraphElement>(said?.n ?? null);
  const concern = useConcern(summary.id, open).data;
  const reply = concern && lastReply(concern.entries);
  return (
    <li className={`concern concern-${summary.status}`}>
      <Button aria-expanded={open} onClick={() => setOpen(!open)}>
        {summary.number} · {categoryName(summary.category)} · {t(`concerns.statuses.${summary.status}`)}
      </Button>
      <p className="muted small">
        {summary.due
          ? t(`concerns.due.${summary.due.deadline}`, { time: deadline.by(summary.due.by) })
          : t('concerns.receivedAt', { time: atStation(summary.received) })}
      </p>
      {said && (
        <p ref={result} role="status" className="small">
          {said.text}
        </p>
      )}
      {open && concern && (
        <div className="concern-detail">
          <ConcernFacts concern={concern} />
          {reply && (
            <div className="concern-reply">
              <h4>{t('concerns.replyHeading', { time: atStation(reply) })}</h4>
              <p className="pre">{reply.text}</p>
            </div>
          )}
          {concern.status === ConcernStatus.answered && (
            <SettleChoice
              concern={concern}
              onDone={(now) =>
                setSaid({
                  text:
                    now.status === ConcernStatus.settled
                      ? t('concerns.settledThanks')
                      : t('concerns.reopened', { time: deadline.by(now.answerBy) }),
                  n: (said?.n ?? 0) + 1,
                })
              }
            />
          )}
          <h4>{t('concerns.record', { count: concern.entries.length })}</h4>
          <ConcernTimeline entries={concern.entries} />
        </div>
      )}
    </li>
  );
}
