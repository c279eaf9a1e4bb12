import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useFocusOnChange } from '../../ui/index.ts';

/**
 * What the microphone is for, said before the browser asks for it (a phone's prompt comes out of nowhere
 * otherwise): nothing is recorded, and one can mute at any time. Shown only while the browser has not yet
 * allowed the microphone.
 */
export function MicExplainer({ onContinue, onNotNow }: { onContinue(): void; onNotNow(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useFocusOnChange<HTMLHeadingElement>(true, { onMount: true });
  return (
    <div className="voice-explain" role="group" aria-labelledby={id}>
      <h3 id={id} ref={heading} tabIndex={-1}>
        {t('voice.explain.heading')}
      </h3>
      <p>{t('voice.explain.body')}</p>
      <div className="row">
        <Button className="primary" onClick={onContinue}>
          {t('voice.explain.continue')}
        </Button>
        <Button onClick={onNotNow}>{t('voice.explain.notNow')}</Button>
      </div>
    </div>
  );
}
