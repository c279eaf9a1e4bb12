import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COOKING_HEADS_MAX, guidanceAnswersSchema, type GuidanceAnswers } from '../../../shared/guidance.ts';
import { guidanceApi } from '../../net/guidanceApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation } from '../../net/useHallQuery.ts';
import { Button, Field, fieldCodes, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { FLAGS } from './guidanceWords.ts';

/** The merchant says what works are planned (and, for a restaurant, how many cooking heads) and asks for a sheet. */
export function GuidanceForm() {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const [answers, setAnswers] = useState<GuidanceAnswers>({
    restaurant: false,
    facadeWork: false,
    kitchenWork: false,
    streetSide: false,
    cookingHeads: 0,
  });
  const [headsError, setHeadsError] = useState<string | null>(null);
  const headsId = useId();
  const create = useHallMutation(
    (token, a: GuidanceAnswers) => guidanceApi.create(token, a),
    [features.guidance, features.cases],
    { onError: (e) => e.refusal.fields?.cookingHeads && setHeadsError(t('guidance.headsRequired')) },
  );
  const refused = create.error && !create.error.refusal.fields?.cookingHeads ? create.error.refusal : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.reset();
    const asked = { ...answers, cookingHeads: answers.restaurant ? answers.cookingHeads : 0 };
    // The same rule the hall applies: a restaurant says how many cooking heads, within the bound.
    if (fieldCodes(guidanceAnswersSchema, asked, ['cookingHeads'], []).cookingHeads) {
      setHeadsError(t('guidance.headsRequired'));
      document.getElementById(headsId)?.focus();
      return;
    }
    setHeadsError(null);
    create.mutate(asked);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p className="muted small">{t('guidance.intro')}</p>
      {FLAGS.map((f) => (
        <label key={f} className="choice">
          <input
            type="checkbox"
            checked={answers[f]}
            onChange={(e) => setAnswers({ ...answers, [f]: e.target.checked })}
          />
          {t(`guidance.${f}`)}
        </label>
      ))}
      {answers.restaurant && (
        <Field id={headsId} label={t('guidance.cookingHeads')} error={headsError}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={COOKING_HEADS_MAX}
            value={answers.cookingHeads || ''}
            onChange={(e) => setAnswers({ ...answers, cookingHeads: Math.trunc(Number(e.target.value)) || 0 })}
          />
        </Field>
      )}
      <FormError message={refused && refusal(refused, { scope: 'guidance.errors' })} />
      <Button type="submit" className="primary" busy={create.isPending}>
        {t('guidance.build')}
      </Button>
    </form>
  );
}
