import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { maySpeak } from '../../../shared/meetingRules.ts';
import { MeetingIntent } from '../../../shared/meetingRoom.ts';
import { sendMeeting, type MeetingView, type SeatView } from '../../net/meetingConnection.ts';
import { allowMicrophone, joinVoice, setOwnMute, useMeetingVoice } from '../../voice/meetingVoice.ts';
import { speakingTable } from './tableParts.ts';
import { Button } from '../../ui/index.ts';
import { MicExplainer } from '../voice/MicExplainer.tsx';

/**
 * The session's voice for this person: whether they listen or may speak, their microphone and its mute,
 * and for a chair the switch between moderated speaking and open discussion. Every change of state is said
 * (a polite live region); the microphone is explained before the browser asks for it.
 */
export function VoiceControls({ view, me, chair }: { view: MeetingView; me: SeatView; chair: boolean }) {
  const { t } = useTranslation();
  const heading = useId();
  const join = useMeetingVoice((s) => s.join);
  const mic = useMeetingVoice((s) => s.mic);
  const muted = useMeetingVoice((s) => s.muted);
  if (view.phase === 'ended' || view.phase === 'cancelled') return null;
  const mayI = maySpeak(speakingTable(view), me.id);
  const open = view.discussion === 'open';

  let line: string;
  let action: { label: string; run: () => void } | null = null;
  let explain = false;
  if (join === 'full') {
    line = t('meetingVoice.full');
    action = { label: t('meetingVoice.tryAgain'), run: joinVoice };
  } else if (join === 'elsewhere') {
    line = t('meetingVoice.elsewhere');
    action = { label: t('meetingVoice.takeHere'), run: joinVoice };
  } else if (join !== 'in') line = t('meetingVoice.joining');
  else if (me.muted) line = t('meetingVoice.mutedByChair');
  else if (!mayI) line = open ? t('meetingVoice.listeningOpen') : t('meetingVoice.listening');
  else if (mic === 'on') line = muted ? t('meetingVoice.mayMicMuted') : t('meetingVoice.mayMicOn');
  else if (mic === 'opening') line = t('meetingVoice.opening');
  else if (mic === 'denied' || mic === 'missing' || mic === 'failed') {
    line = t(`meetingVoice.${mic}`);
    action = { label: t('meetingVoice.tryAgain'), run: () => void allowMicrophone() };
  } else {
    line = t('meetingVoice.explain.heading');
    explain = true;
  }

  return (
    <section className="meeting-voice" aria-labelledby={heading}>
      <h3 id={heading}>
        {t('meetingVoice.heading')}{' '}
        <span className="tag">{open ? t('meetingVoice.open') : t('meetingVoice.moderated')}</span>
      </h3>
      {/* While the explainer says it, the line is for screen readers only. */}
      <p role="status" className={explain ? 'voice-state sr-only' : 'voice-state'}>
        {line}
      </p>
      {explain && <MicExplainer wording="meetingVoice.explain" onContinue={() => void allowMicrophone()} />}
      <div className="row">
        {action && (
          <Button className="primary" onClick={action.run}>
            {action.label}
          </Button>
        )}
        {join === 'in' && mayI && mic === 'on' && (
          <Button aria-pressed={muted} onClick={() => setOwnMute(!muted)}>
            {t('meetingVoice.muteSelf')}
          </Button>
        )}
        {chair && view.phase === 'running' && (
          <Button
            aria-pressed={open}
            aria-describedby={`${heading}-hint`}
            onClick={() => sendMeeting(MeetingIntent.discussion, { open: !open })}
          >
            {t('meetingVoice.open')}
          </Button>
        )}
      </div>
      {chair && view.phase === 'running' && (
        <p id={`${heading}-hint`} className="muted small">
          {open ? t('meetingVoice.openHint') : t('meetingVoice.moderatedHint')}
        </p>
      )}
      <p className="muted small">{t('meetingVoice.notRecorded')}</p>
    </section>
  );
}
