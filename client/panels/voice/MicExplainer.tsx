import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useFocusOnChange } from '../../ui/index.ts';

/**
 * What the microphone is for, said before the browser asks for it (a phone's prompt comes out of nowhere
 * otherwise): nothing is recorded, and one can mute at any time. Shown only while the browser has not yet
 * allowed the microphone. `wording` is the catalogue's section for the occasion: a desk call (`voice.explain`,
 * the default) or the floor in a session (`meetingVoice.explain`). "Not now" is offered when `onNotNow` is given.
 */
export function MicExplainer({
  wording = 'voice.explain',
  onContinue,
  onNotNow,
}: {
  wording?: 'voice.explain' | 'meetingVoice.explain';
  onContinue(): void;
  onNotNow?(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useFocusOnChange<HTMLHeadingElement>(true, { onMount: true });
  return (
    <div className="voice-explain" role="group" aria-labelledby={id}>
      <h3 id={id} ref={heading} tabIndex={-1}>
        {t(`${wording}.heading`)}
      </h3>
      <p>{t(`${wording}.body`)}</p>
      <div className="row">
        <Button className="primary" onClick={onContinue}>
          {t(`${wording}.continue`)}
        </Button>
        {onNotNow && <Button onClick={onNotNow}>{t('voice.explain.notNow')}</Button>}
      </div>
    </div>
  );
}
