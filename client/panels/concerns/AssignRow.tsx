import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConcernStep, type ConcernView } from '../../../shared/concerns.ts';
import { Button, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useConcernOfficers, useConcernStep } from './concernQueries.ts';

/**
 * Who takes the concern: the officer themself in one press, or any other active officer of the station (listed
 * by the hall, whether they hold concerns yet or not). The hall checks again that the one chosen is an active
 * officer when the concern is handed over: an account disabled meanwhile is refused with its own words.
 */
export function AssignRow({
  concern,
  meId,
  onDone,
}: {
  concern: ConcernView;
  meId: string;
  onDone: (concern: ConcernView) => void;
}) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const assign = useConcernStep(concern.id);
  const officers = useConcernOfficers(true);
  const others = (officers.data?.officers ?? []).filter((o) => o.id !== meId && o.id !== concern.assignee?.id);
  const [other, setOther] = useState('');
  const chosen = others.some((o) => o.id === other) ? other : (others[0]?.id ?? '');
  const id = useId();
  const mine = concern.assignee?.id === meId;
  // Already the officer's own, and no one else to hand it to: nothing to choose.
  if (mine && others.length === 0) return null;
  const send = (officerId?: string) =>
    assign.mutate({ kind: ConcernStep.assign, text: '', ...(officerId ? { officerId } : {}) }, { onSuccess: onDone });
  return (
    <div className="concern-assign">
      <div className="row">
        {!mine && (
          <Button className="primary" busy={assign.isPending} onClick={() => send()}>
            {t('concerns.assignToMe')}
          </Button>
        )}
        {others.length > 0 && (
          <>
            <label htmlFor={id}>{t('concerns.assignTo')}</label>
            <select id={id} value={chosen} onChange={(e) => setOther(e.target.value)}>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            <Button busy={assign.isPending} onClick={() => send(chosen)}>
              {t('concerns.assignGo')}
            </Button>
          </>
        )}
      </div>
      <FormError message={assign.error && refusal(assign.error.refusal, { scope: 'concerns.refused' })} />
      <FormError message={officers.error && refusal(officers.error.refusal, { scope: 'concerns.refused' })} />
      <p className="muted small">{t('concerns.assignHint')}</p>
    </div>
  );
}
