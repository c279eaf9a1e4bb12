import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chairs, mayWriteMinutes } from '../../../shared/meetingRules.ts';
import { atTable, leaveMeeting, useMeeting } from '../../net/meetingConnection.ts';
import { followMeetingVoice } from '../../voice/meetingVoice.ts';
import { AgendaList } from './AgendaList.tsx';
import { ChairControls } from './ChairControls.tsx';
import { EndedNote } from './EndedNote.tsx';
import { FloorControls } from './FloorControls.tsx';
import { MeetingChat } from './MeetingChat.tsx';
import { MinutesEditor } from './MinutesEditor.tsx';
import { People } from './People.tsx';
import { RefusalNote } from './RefusalNote.tsx';
import { SpeakingQueue } from './SpeakingQueue.tsx';
import { VoiceControls } from './VoiceControls.tsx';
import { partsAtTable } from './tableParts.ts';
import { Button } from '../../ui/index.ts';

/**
 * The meeting room as plain panels: the agenda and the item under discussion, who has the floor and who
 * waits, hands, chat, the chair's controls and the minutes. Everything the 3D room shows, and more, by
 * keyboard and screen reader.
 */
export function MeetingPanel() {
  const { t } = useTranslation();
  const status = useMeeting((s) => s.status);
  const view = useMeeting((s) => s.view);
  const selfId = useMeeting((s) => s.selfId);
  const heading = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const was = useRef(status);
  // The session's voice follows the table for as long as the panel is on the page (see meetingVoice.ts).
  useEffect(() => followMeetingVoice(), []);
  useEffect(() => {
    // Walking in, or being shown out, moves the focus (and the eye) to this panel; a reconnect does not.
    const before = was.current;
    was.current = status;
    const arrived = status === 'in' && before === 'joining';
    if (arrived || status === 'refused' || status === 'left') title.current?.focus();
  }, [status]);
  if (status === 'idle') return null;

  const me = view?.participants.find((p) => p.id === selfId);
  const parts = view && partsAtTable(view);
  const chair = Boolean(parts && me && chairs(parts, me.id));
  const writer = Boolean(parts && me && mayWriteMinutes(parts, me.id));

  return (
    <section className="card meeting-panel" aria-labelledby={heading}>
      <h2 id={heading} ref={title} tabIndex={-1}>
        {view?.title || t('meeting.heading')}
      </h2>
      {status === 'joining' && <p role="status">{t('meeting.joining')}</p>}
      {(status === 'refused' || status === 'left') && <RefusalNote />}
      {view && me && (
        <>
          <AgendaList view={view} />
          <SpeakingQueue view={view} />
          <FloorControls view={view} me={me} />
          <VoiceControls view={view} me={me} chair={chair} />
          {chair && <ChairControls view={view} />}
          {view.phase === 'ended' && <EndedNote meetingId={view.meetingId} />}
          {view.phase === 'cancelled' && <p className="warn">{t('meeting.cancelled')}</p>}
          <People view={view} me={me} chair={chair} />
          <MeetingChat me={me} />
          {writer && view.phase !== 'ended' && view.phase !== 'cancelled' && <MinutesEditor view={view} />}
        </>
      )}
      <Button onClick={() => void leaveMeeting()}>
        {atTable(status) ? t('meeting.leave') : t('meeting.backToHall')}
      </Button>
    </section>
  );
}
