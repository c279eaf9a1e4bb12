import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../labels.ts';

/**
 * Now or later today: for later, the time, and why it was refused (too soon or not a time, or its window
 * is full, named so another can be chosen).
 */
export function WhenField({
  when,
  at,
  timeError,
  fullWindow,
  onWhen,
  onAt,
}: {
  when: 'now' | 'later';
  at: string;
  timeError: boolean;
  fullWindow: { start: number; end: number } | null;
  onWhen: (when: 'now' | 'later') => void;
  onAt: (at: string) => void;
}) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const id = useId();
  return (
    <fieldset className="row">
      <legend>{t('services.when')}</legend>
      <label className="choice">
        <input type="radio" name="when" checked={when === 'now'} onChange={() => onWhen('now')} />
        {t('services.now')}
      </label>
      <label className="choice">
        <input type="radio" name="when" checked={when === 'later'} onChange={() => onWhen('later')} />
        {t('services.later')}
      </label>
      {when === 'later' && (
        <span className="field">
          <label htmlFor={id}>{t('services.time')}</label>
          <input
            id={id}
            type="time"
            value={at}
            aria-invalid={timeError || fullWindow !== null}
            aria-describedby={timeError || fullWindow ? `${id}-error` : undefined}
            onChange={(e) => onAt(e.target.value)}
          />
          {timeError && (
            <span id={`${id}-error`} className="field-error">
              {t('reasons.appointment_invalid')}
            </span>
          )}
          {!timeError && fullWindow && (
            <span id={`${id}-error`} className="field-error">
              {t('services.appointmentFull', { from: time(fullWindow.start), to: time(fullWindow.end) })}
            </span>
          )}
        </span>
      )}
    </fieldset>
  );
}
