import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallEnd, VOICE_ASK_COOLDOWN_MS, type DeskCallNotice } from '../../../shared/voice.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { useQueue } from '../../net/queueStore.ts';
import { useSession } from '../../net/session.ts';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import {
  continueVoice,
  declineCall,
  hangUp,
  notNow,
  setDeskCallSelf,
  startVoice,
  useDeskCall,
} from '../../voice/deskCall.ts';
import { LiveCall } from './LiveCall.tsx';
import { MicExplainer } from './MicExplainer.tsx';
import { MicProblem } from './MicProblem.tsx';

/**
 * Voice at the desk, for the officer and the merchant being served: one tap asks the other, who accepts with
 * one tap; mute, hang up, who is speaking. The call ends with the visit. The desk conversation in text stays
 * beside it, as it is.
 */
export function DeskVoice() {
  const { t } = useTranslation();
  const id = useId();
  const chat = useQueue((s) => s.chat);
  const meId = useSession((s) => s.me?.id ?? null);
  const { call, ended, mic, explain, peerBack } = useDeskCall();
  useEffect(() => setDeskCallSelf(meId), [meId]);
  // The next step takes the focus when it appears (the pressed button went away with the last one).
  const step = useFocusOnChange<HTMLButtonElement>(call ? `${call.state}:${call.askedBy}` : null);
  const endedHere = ended && (!chat || ended.ticketId === chat.ticketId) ? ended : null;
  const askAgainIn = useAskAgainIn(call, endedHere?.reason ?? null);
  if (!chat && !call && !endedHere) return null;
  const micProblem = mic !== 'off' && mic !== 'on' && mic !== 'opening' ? mic : null;

  return (
    <section className="card voice-desk" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('voice.heading')}</h2>
      <p className="voice-private muted small">{t('voice.notRecorded')}</p>
      <CallState call={call} ended={endedHere?.reason ?? null} peerBack={peerBack} />
      {micProblem && <MicProblem reason={micProblem} />}
      {explain ? (
        <MicExplainer onContinue={() => void continueVoice(explain)} onNotNow={notNow} />
      ) : !call ? (
        chat && (
          <div className="row">
            <Button
              className="primary voice-talk"
              busy={mic === 'opening'}
              disabled={askAgainIn > 0}
              aria-describedby={askAgainIn > 0 ? `${id}-wait` : undefined}
              onClick={() => void startVoice('ask', sendIntent)}
            >
              {t('voice.talk')}
            </Button>
            {askAgainIn > 0 && (
              <span id={`${id}-wait`} className="muted small voice-ask-wait">
                {t('voice.askAgainIn', { count: askAgainIn })}
              </span>
            )}
          </div>
        )
      ) : call.state === 'ringing' && call.askedBy === 'you' ? (
        <div className="row">
          <Button ref={step} onClick={() => hangUp(sendIntent)}>
            {t('voice.cancel')}
          </Button>
        </div>
      ) : call.state === 'ringing' ? (
        <div className="row">
          <Button
            ref={step}
            className="primary"
            busy={mic === 'opening'}
            onClick={() => void startVoice('accept', sendIntent)}
          >
            {t('voice.accept')}
          </Button>
          <Button onClick={() => declineCall(sendIntent)}>{t('voice.notNow')}</Button>
        </div>
      ) : (
        <LiveCall call={call} selfId={meId} />
      )}
    </section>
  );
}

/** How one's own ask can end without a call: withdrawn, declined or unanswered (the hall's cool-down follows). */
const UNANSWERED: ReadonlySet<CallEnd> = new Set([CallEnd.hungUp, CallEnd.declined, CallEnd.unanswered]);

/**
 * Whole seconds until this side may ask again after its own ask ended without a call: the hall refuses
 * another ask until VOICE_ASK_COOLDOWN_MS after the last, counted here from when the page saw it ring; 0 when
 * it may ask now. A reloaded page does not know it, and the hall's refusal says so instead.
 */
function useAskAgainIn(call: DeskCallNotice | null, ended: CallEnd | null): number {
  /** When this page saw its own ask ring (null: no ask of ours rings). */
  const askedAt = useRef<number | null>(null);
  const [wait, setWait] = useState({ until: 0, now: 0 });
  useEffect(() => {
    if (call) {
      const ours = call.state === 'ringing' && call.askedBy === 'you';
      askedAt.current = ours ? (askedAt.current ?? Date.now()) : null;
      return;
    }
    const at = askedAt.current;
    askedAt.current = null;
    if (at !== null && ended && UNANSWERED.has(ended)) setWait({ until: at + VOICE_ASK_COOLDOWN_MS, now: Date.now() });
  }, [call, ended]);
  useEffect(() => {
    if (wait.now >= wait.until) return;
    const timer = setTimeout(() => setWait((w) => ({ ...w, now: Date.now() })), 250);
    return () => clearTimeout(timer);
  }, [wait]);
  return Math.max(0, Math.ceil((wait.until - wait.now) / 1000));
}

/** The call's state in one line, announced politely when it changes (never the speaking indicators). */
function CallState({
  call,
  ended,
  peerBack,
}: {
  call: DeskCallNotice | null;
  ended: CallEnd | null;
  peerBack: boolean;
}) {
  const { t } = useTranslation();
  let line = '';
  if (!call) line = ended ? t(`voice.ended.${ended}`) : '';
  else {
    const name = call.peer.name;
    if (call.state === 'ringing')
      line = call.askedBy === 'you' ? t('voice.waiting', { name }) : t('voice.asks', { name });
    else if (!call.peer.online) line = t('voice.peerLost', { name });
    else if (peerBack) line = t('voice.peerBack', { name });
    else line = call.peer.muted ? t('voice.livePeerMuted', { name }) : t('voice.live', { name });
  }
  return (
    <p role="status" aria-live="polite" className="voice-state">
      {line}
    </p>
  );
}
