import { useTranslation } from 'react-i18next';
import type { MicFailure } from '../../voice/microphone.ts';

/** Why the microphone could not be used, how to allow it, and that the conversation goes on in text. */
export function MicProblem({ reason }: { reason: MicFailure }) {
  const { t } = useTranslation();
  return (
    <p className="voice-problem" role="alert">
      {t(`voice.mic.${reason}`)}
    </p>
  );
}
