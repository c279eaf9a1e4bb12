import { useEffect, useRef, useState } from 'react';
import { usePageHidden } from './usePageHidden.ts';

/** Shortest time a toast stays, ms: long enough to notice it and read a line. */
export const TOAST_MIN_MS = 8000;
/** Time added per character, ms: a long message stays longer (about five characters a second, plus a glance). */
const PER_CHAR_MS = 200;

/** How long a message of this length stays on screen while it is being looked at, ms. */
export function readingTime(text: string): number {
  return Math.max(TOAST_MIN_MS, 2000 + [...text].length * PER_CHAR_MS);
}

/**
 * A short message that waits for its reader: it stays at least {@link TOAST_MIN_MS}, longer for a longer
 * text, and its time stands still while it is hovered or holds the focus and while the page is hidden — a
 * merchant who switched tabs finds it on coming back. It closes from its button or with Escape.
 */
export function Toast({ text, closeLabel, onClose }: { text: string; closeLabel: string; onClose: () => void }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const hidden = usePageHidden();
  const paused = hovered || focused || hidden;
  const left = useRef(readingTime(text));
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    if (paused) return;
    const started = performance.now();
    const timer = setTimeout(() => close.current(), left.current);
    return () => {
      clearTimeout(timer);
      left.current -= performance.now() - started;
    };
  }, [paused]);

  return (
    // Read out by the list it is in (one polite live region), so the item itself stays a plain list item.
    <li
      className="toast"
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <span>{text}</span>
      <button type="button" aria-label={closeLabel} onClick={onClose}>
        ×
      </button>
    </li>
  );
}
