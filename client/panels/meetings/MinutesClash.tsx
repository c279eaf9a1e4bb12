import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MinutesClash as Clash } from '../../../shared/meetings.ts';
import { Button } from '../../ui/index.ts';

/** Another writer's text, shown beside the writer's own after a refused save: keep mine, or take theirs. */
export function MinutesClash({
  clash,
  onKeepMine,
  onTakeTheirs,
}: {
  clash: Clash;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { t } = useTranslation();
  const theirs = useId();
  return (
    <div className="minutes-clash" role="group" aria-labelledby={theirs}>
      <p role="alert" className="warn">
        {t('meeting.clash')}
      </p>
      <h4 id={theirs}>{t('meeting.clashTheirs')}</h4>
      <blockquote className="minutes-text">{clash.text}</blockquote>
      {clash.decisions.length > 0 && (
        <ul className="small">
          {clash.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <Button onClick={onKeepMine}>{t('meeting.clashKeepMine')}</Button>
        <Button onClick={onTakeTheirs}>{t('meeting.clashTakeTheirs')}</Button>
      </div>
    </div>
  );
}
