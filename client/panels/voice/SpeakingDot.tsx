import { useTranslation } from 'react-i18next';
import { useVoice } from '../../voice/voiceStore.ts';

/**
 * A person's speaking indicator: a dot that lights while they speak, with its text for a screen reader.
 * It is read when reached, never announced as it flickers.
 */
export function SpeakingDot({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const on = useVoice((s) => s.speaking[personId] ?? false);
  return (
    <span className="voice-speaking" data-on={on || undefined}>
      <span className="voice-dot" aria-hidden="true" />
      <span className="sr-only">{on ? t('voice.speaking') : t('voice.silent')}</span>
    </span>
  );
}
