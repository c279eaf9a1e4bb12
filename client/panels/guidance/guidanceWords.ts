import type { TFunction } from 'i18next';
import type { GuidanceAnswers } from '../../../shared/guidance.ts';

/** The questions a merchant answers before the checklist is built, in the order the form asks them. */
export const FLAGS = ['restaurant', 'facadeWork', 'kitchenWork', 'streetSide'] as const;

/** The works a merchant said they plan, as one line of the printed sheet. */
export function worksOf(a: GuidanceAnswers, t: TFunction): string {
  return FLAGS.filter((f) => a[f])
    .map((f) => (f === 'restaurant' ? t('guidance.restaurantHeads', { heads: a.cookingHeads }) : t(`guidance.${f}`)))
    .join(t('guidance.worksJoin'));
}
