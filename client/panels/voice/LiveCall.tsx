import { useTranslation } from 'react-i18next';
import type { DeskCallNotice } from '../../../shared/voice.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { Button } from '../../ui/index.ts';
import { hangUp, setMuted, takeHere, useDeskCall } from '../../voice/deskCall.ts';
import { SpeakingDot } from './SpeakingDot.tsx';

/** A call under way: the two people with their speaking indicators, mute and hang up. */
export function LiveCall({ call, selfId }: { call: DeskCallNotice; selfId: string | null }) {
  const { t } = useTranslation();
  const link = useDeskCall((s) => s.link);
  const carrying = useDeskCall((s) => s.carrying);
  const name = call.peer.name;
  if (!carrying) {
    // A reload, or another tab of one's own carries the call: one tap takes it here.
    return (
      <>
        <p>{call.you.here && !call.you.hereOnThisConnection ? t('voice.elsewhere') : t('voice.resume', { name })}</p>
        <div className="row">
          <Button className="primary" onClick={() => void takeHere(sendIntent)}>
            {t('voice.takeHere')}
          </Button>
          <Button onClick={() => hangUp(sendIntent)}>{t('voice.hangUp')}</Button>
        </div>
      </>
    );
  }
  return (
    <>
      <ul className="voice-people">
        {selfId && (
          <li>
            <SpeakingDot personId={selfId} />
            <span>{t('voice.you')}</span>
            {call.you.muted && <span className="voice-muted">{t('voice.mutedMark')}</span>}
          </li>
        )}
        <li>
          <SpeakingDot personId={call.peer.personId} />
          <span>{name}</span>
          {call.peer.muted && <span className="voice-muted">{t('voice.mutedMark')}</span>}
        </li>
      </ul>
      {link === 'connecting' || !call.peer.here ? (
        <p className="muted small">{t('voice.connecting')}</p>
      ) : link === 'reconnecting' && call.peer.online ? (
        <p className="muted small">{t('voice.reconnecting')}</p>
      ) : link === 'failed' ? (
        <p className="voice-problem">{t('voice.failed')}</p>
      ) : null}
      <div className="row">
        <Button aria-pressed={call.you.muted} onClick={() => setMuted(!call.you.muted, sendIntent)}>
          {t('voice.mute')}
        </Button>
        <Button className="voice-hangup" onClick={() => hangUp(sendIntent)}>
          {t('voice.hangUp')}
        </Button>
      </div>
    </>
  );
}
