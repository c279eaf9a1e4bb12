import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../shared/protocol.ts';
import { CHAT_MAX } from '../../shared/queue.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { VisitEnd } from './VisitEnd.tsx';
import { focusIsLost, focusOn } from '../ui/index.ts';

/**
 * The private conversation at the desk, for the officer and the merchant being served, no one else; for the
 * merchant, once the visit is complete, its end and the rating take its place.
 */
export function DeskChat() {
  const { t } = useTranslation();
  const chat = useQueue((s) => s.chat);
  const me = useSession((s) => s.me);
  const [text, setText] = useState('');
  const id = useId();
  const list = useRef<HTMLOListElement>(null);
  const lines = chat?.lines.length ?? 0;
  const input = useRef<HTMLInputElement>(null);
  const merchantAt = me?.kind === 'merchant' ? chat?.ticketId : undefined;
  useEffect(() => {
    // The merchant at the desk: the conversation opens where they can type at once, if the focus was on their
    // ticket or the call (or nowhere), never taken from something else they were doing.
    const from = document.activeElement;
    if (merchantAt && (focusIsLost() || from?.closest('.services, .call-alert'))) focusOn(input.current);
  }, [merchantAt]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [lines]);
  // The conversation ends with the visit: in its place, the end of the visit and the rating.
  if (!chat) return <VisitEnd />;
  const mine = me?.kind === 'merchant' ? 'merchant' : 'officer';
  const ticketId = chat.ticketId;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    // The line belongs to this conversation's ticket; the hall checks it is one the sender is served on.
    sendIntent(HallIntent.deskChat, { ticketId, text: body });
    setText('');
  }

  return (
    <section className="card desk-chat" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('chat.heading')}</h2>
      <p className="muted small">{t('chat.hint')}</p>
      <ol ref={list} className="chat-log" aria-live="polite">
        {chat.lines.length === 0 && <li className="muted small">{t('chat.empty')}</li>}
        {chat.lines.map((l) => (
          <li key={l.id} className={l.from === mine ? 'chat-mine' : 'chat-theirs'}>
            <span className="chat-from">{l.from === mine ? t('chat.me') : t(`chat.${l.from}`)}</span>
            <span className="chat-text">{l.text}</span>
          </li>
        ))}
      </ol>
      <form onSubmit={onSubmit} className="row">
        <label htmlFor={id} className="sr-only">
          {t('chat.input')}
        </label>
        <input
          ref={input}
          id={id}
          value={text}
          maxLength={CHAT_MAX}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" className="primary">
          {t('chat.send')}
        </button>
      </form>
    </section>
  );
}
