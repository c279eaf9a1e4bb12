import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MEETING_CHAT_MAX, MeetingIntent } from '../../../shared/meetingRoom.ts';
import { sendMeeting, useMeeting, type SeatView } from '../../net/meetingConnection.ts';
import { useLabels } from '../labels.ts';
import { Button } from '../../ui/index.ts';

/** The table's chat: every line since the start, and a box to add one (unless the chair muted this person). */
export function MeetingChat({ me }: { me: SeatView }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const chat = useMeeting((s) => s.chat);
  const [text, setText] = useState('');
  const id = useId();
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // The log scrolls to its newest line; the page itself stays where the person is reading.
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [chat.length]);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    sendMeeting(MeetingIntent.chat, { text });
    setText('');
  }
  return (
    <div className="meeting-chat">
      <h3>{t('meeting.chat')}</h3>
      {/* The live region wraps the list: a list given role="log" is no longer a list, and its items would
          be orphaned for a screen reader. */}
      <div role="log" aria-live="polite" aria-label={t('meeting.chat')}>
        <ol ref={log} className="chat-log plain">
          {chat.map((line) => (
            <li key={line.id} className={`chat-line party-${line.party}`}>
              <span className="muted small">
                {line.name} · {time(line.at)}
              </span>
              <span>{line.text}</span>
            </li>
          ))}
        </ol>
      </div>
      {me.muted ? (
        <p className="muted small">{t('meeting.youAreMuted')}</p>
      ) : (
        <form className="row" onSubmit={onSubmit}>
          <label htmlFor={id} className="sr-only">
            {t('meeting.chatInput')}
          </label>
          <input
            id={id}
            maxLength={MEETING_CHAT_MAX}
            value={text}
            placeholder={t('meeting.chatInput')}
            onChange={(e) => setText(e.target.value)}
          />
          <Button type="submit">{t('meeting.send')}</Button>
        </form>
      )}
    </div>
  );
}
