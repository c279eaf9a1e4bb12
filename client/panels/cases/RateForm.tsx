import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX, RATING_LEVELS, ratingSchema, type RatingLevel } from '../../../shared/queue.ts';
import { features, invalidate } from '../../net/queries.ts';
import { useQueue } from '../../net/queueStore.ts';
import { Button, Field, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { useRateCase } from './caseQueries.ts';

/** 好差评: a served case rated once, from very satisfied to very dissatisfied, with an optional comment. */
export function RateForm({ caseId, onRated }: { caseId: string; onRated: () => void }) {
  const { t } = useTranslation();
  const rated = useQueue((s) => s.rated);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState(false);
  const refusal = useRefusalText();
  const done = () => {
    rated(caseId);
    onRated();
  };
  const rate = useRateCase(caseId, {
    onSuccess: done,
    onError: (error) => {
      // Rated already (on another device, or a second tap): the case says so once it is loaded again.
      if (error.refusal.error !== 'already_rated') return;
      done();
      invalidate(features.cases);
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The hall's own rule: a level from the list, the comment trimmed, only characters it can store.
    const parsed = ratingSchema.safeParse({ level, ...(comment.trim() ? { comment } : {}) });
    setInvalid(!parsed.success && level !== null);
    rate.reset();
    if (parsed.success) rate.mutate(parsed.data);
  }

  const error = rate.error && rate.error.refusal.error !== 'already_rated' ? refusal(rate.error.refusal) : null;
  return (
    <form onSubmit={onSubmit} className="rate-form">
      <fieldset>
        <legend>{t('cases.rate')}</legend>
        {RATING_LEVELS.map((l) => (
          <label key={l} className="choice">
            <input type="radio" name={`rate-${caseId}`} checked={level === l} onChange={() => setLevel(l)} />
            {t(`ratings.${l}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={t('cases.comment')}
        error={invalid ? t('errors.invalidChars', { field: t('cases.comment') }) : null}
      >
        <textarea rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <FormError message={error} />
      <Button type="submit" className="primary" disabled={level === null} busy={rate.isPending}>
        {t('cases.submit')}
      </Button>
    </form>
  );
}
