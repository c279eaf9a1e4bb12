import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConcernStatus, type ConcernView } from '../../../shared/concerns.ts';
import { useSession } from '../../net/session.ts';
import { useFocusOnChange } from '../../ui/index.ts';
import { AssignRow } from './AssignRow.tsx';
import { ConcernFacts } from './ConcernFacts.tsx';
import { useConcern } from './concernQueries.ts';
import { ConcernTimeline } from './ConcernTimeline.tsx';
import { atStation } from './concernWords.ts';
import { OfficerActions } from './OfficerActions.tsx';

/**
 * A concern opened by staff: who raised it, what and where, its record, and (for officers) who takes it and
 * what they do next. After each step its result is said here and takes the focus.
 */
export function ConcernCase({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.me);
  const concern = useConcern(id, true).data;
  const [done, setDone] = useState<{ text: string; n: number } | null>(null);
  const result = useFocusOnChange<HTMLParagraphElement>(done?.n ?? null);
  if (!concern) return null;
  const officer = me?.kind === 'staff' && me.role === 'officer';
  const after = (now: ConcernView) =>
    setDone({
      text: t('concerns.stepDone', {
        what: now.latest ? t(`concerns.done.${now.latest.kind}`) : '',
        status: t(`concerns.statuses.${now.status}`),
      }),
      n: (done?.n ?? 0) + 1,
    });
  return (
    <div className="concern-detail">
      <p>{t('concerns.merchant', concern.merchant)}</p>
      <p className="small">
        {t('concerns.receivedAt', { time: atStation(concern.received) })}
        {concern.assignee && ` · ${t('concerns.assignee', { name: concern.assignee.name })}`}
      </p>
      <ConcernFacts concern={concern} />
      <h3>{t('concerns.record', { count: concern.entries.length })}</h3>
      <ConcernTimeline entries={concern.entries} />
      <p ref={result} role="status" className="small">
        {done?.text}
      </p>
      {officer && concern.status !== ConcernStatus.settled && (
        <>
          {concern.status !== ConcernStatus.answered && <AssignRow concern={concern} meId={me.id} onDone={after} />}
          <OfficerActions concern={concern} onDone={after} />
        </>
      )}
    </div>
  );
}
