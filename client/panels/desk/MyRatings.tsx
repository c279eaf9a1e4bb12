import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RATING_LEVELS } from '../../../shared/queue.ts';
import { useMyRatings } from '../cases/caseQueries.ts';

/**
 * The officer's ratings in aggregate, loaded when the list is opened; never who rated. The hall sends
 * figures only over whole groups of ratings, so none of them moves with a single merchant's rating.
 */
export function MyRatings() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const summary = useMyRatings(open).data ?? null;
  const figures = summary?.figures ?? null;
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('desk.ratings')}</summary>
      {summary && !summary.figures && (
        <p className="muted small">{t('desk.ratingsNotYet', { min: summary.minimum })}</p>
      )}
      {summary && figures && (
        <>
          <p className="small">{t('desk.ratingsSummary', { count: figures.count, average: figures.average })}</p>
          <ul className="small">
            {RATING_LEVELS.map((l) => (
              <li key={l}>
                {t(`ratings.${l}`)}: {figures.levels[l]}
              </li>
            ))}
          </ul>
          <p className="muted small">{t('desk.ratingsSteps', { min: summary.minimum })}</p>
        </>
      )}
    </details>
  );
}
