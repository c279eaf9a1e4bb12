import { useEffect, useMemo, useRef, useState } from 'react';
import type { MeetingMinutes, MinutesClash } from '../../../shared/meetings.ts';
import { meetingsApi } from '../../net/meetingsApi.ts';
import { useSession } from '../../net/session.ts';
import { useRefusalText } from '../refusalText.ts';
import { holdUnsaved } from './unsavedMinutes.ts';

/** How long after the last keystroke minutes are saved, ms. */
const AUTOSAVE_MS = 700;

export type SaveState = 'idle' | 'pending' | 'saved' | 'failed' | 'clash';

interface Item {
  meetingId: string;
  index: number;
  initial: { text: string; decisions: string[]; version: string };
  /** The minutes as the hall now has them, after each save. */
  onSaved: (minutes: MeetingMinutes) => void;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((d) => d.trim())
    .filter(Boolean);

/**
 * One agenda item's minutes, saved as they are typed. A save sends what is in the boxes when it goes out —
 * the last keystroke, never the text as it stood when the timer was set or the editor opened — and names
 * the version that text was typed over; saves go out one after another, so a writer's second save never
 * meets their own first as someone else's. When another writer (the chair, a secretary) saved in between,
 * the save is refused with their text (`clash`): the writer's stays in the box until they keep it or take theirs.
 */
export function useMinutesAutosave({ meetingId, index, initial, onSaved }: Item) {
  const refusal = useRefusalText();
  const [text, setTextShown] = useState(initial.text);
  const [decisions, setDecisionsShown] = useState(initial.decisions.join('\n'));
  const [saving, setSaving] = useState<SaveState>('idle');
  /** Why the last save was refused, when the hall said more than "not saved" (a request limit's wait). */
  const [failure, setFailure] = useState<string | null>(null);
  /** The other writer's text, when a save was refused because of it. */
  const [clash, setClash] = useState<MinutesClash | null>(null);
  /** What is in the boxes now, read when a save goes out. */
  const draft = useRef({ text: initial.text, decisions: initial.decisions.join('\n') });
  /** Typed since the last save went out. */
  const dirty = useRef(false);
  /** The version of the item this writer's text is based on. */
  const version = useRef(initial.version);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef({ meetingId, index, onSaved, refusal });
  useEffect(() => {
    latest.current = { meetingId, index, onSaved, refusal };
  });

  /** Save now: after any save still on its way; on leaving the page, at once (the page will not wait). */
  const flush = useMemo(() => {
    const send = async (keepalive: boolean): Promise<void> => {
      clearTimeout(timer.current);
      const token = useSession.getState().token;
      if (!dirty.current || !token) return;
      dirty.current = false;
      const { meetingId, index } = latest.current;
      const body = { text: draft.current.text, decisions: lines(draft.current.decisions), version: version.current };
      const r = await meetingsApi.writeMinutes(token, meetingId, index, body, keepalive);
      if (r.ok) {
        version.current = r.value.items[index]?.version ?? version.current;
        setSaving(dirty.current ? 'pending' : 'saved');
        setClash(null);
        latest.current.onSaved(r.value);
      } else if (r.clash) {
        setSaving('clash');
        setClash(r.clash);
      } else {
        setSaving('failed');
        setFailure(r.error === 'network' ? null : latest.current.refusal(r));
        dirty.current = true; // still to be saved: with the next keystroke, on leaving the item, or after the wait
        // Held back by a limit: what is typed goes out again once the wait is over.
        if (r.retryAfter !== undefined && !keepalive) {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void flush(false), r.retryAfter * 1000);
        }
      }
    };
    const flush = (keepalive: boolean): Promise<void> => {
      if (keepalive) return send(true);
      queue.current = queue.current.then(() => send(false));
      return queue.current;
    };
    return flush;
  }, []);

  const edit = (next: { text: string; decisions: string }) => {
    draft.current = next;
    dirty.current = true;
    setSaving('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(false), AUTOSAVE_MS);
  };
  const setText = (value: string) => {
    setTextShown(value);
    edit({ ...draft.current, text: value });
  };
  const setDecisions = (value: string) => {
    setDecisionsShown(value);
    edit({ ...draft.current, decisions: value });
  };
  /** The writer keeps their own text: saved over the other one, now that they have seen it. */
  const keepMine = () => {
    if (!clash) return;
    version.current = clash.version;
    dirty.current = true;
    void flush(false);
  };
  const takeTheirs = () => {
    if (!clash) return;
    version.current = clash.version;
    dirty.current = false;
    clearTimeout(timer.current);
    draft.current = { text: clash.text, decisions: clash.decisions.join('\n') };
    setTextShown(draft.current.text);
    setDecisionsShown(draft.current.decisions);
    setClash(null);
    setSaving('idle');
  };

  useEffect(() => {
    // Nothing typed is lost: what is pending goes out when the item changes or the page goes away.
    const away = () => void flush(true);
    const forget = holdUnsaved(() => flush(false));
    window.addEventListener('pagehide', away);
    return () => {
      forget();
      window.removeEventListener('pagehide', away);
      void flush(true);
    };
  }, [flush]);

  return { text, decisions, setText, setDecisions, saving, failure, clash, keepMine, takeTheirs };
}
