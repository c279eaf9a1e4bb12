import { useEffect, useRef, type RefObject } from 'react';

/**
 * Put the focus on an element on purpose, after an action: the result, the next step or the alert. An element
 * that is not focusable by itself (a heading, a list item, a message) is made focusable by script only
 * (tabindex -1), so it takes the focus without becoming one more stop for the Tab key. It is scrolled into
 * view only when it is out of sight, so the hall does not jump under a finger.
 */
export function focusOn(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  const box = el.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
  return document.activeElement === el;
}

/**
 * Focus what `find` returns once the page has drawn the change that brought it (the next frame): the answer to
 * an action often arrives with the same render that removes the button that was pressed.
 */
export function focusAfter(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => focusOn(find()));
}

/** Whether the focus is nowhere in particular (on the page itself), as after the focused element went away. */
export function focusIsLost(): boolean {
  const el = document.activeElement;
  return el === null || el === document.body || el === document.documentElement;
}

/**
 * Whether a change may take the focus to `el`: when the focus is nowhere (the pressed button went away) or
 * still in the same card as `el` (the person is working there). A change elsewhere (a notice, another panel
 * refreshing) never pulls the focus away from what someone is typing.
 */
export function mayTakeFocus(el: HTMLElement): boolean {
  if (focusIsLost()) return true;
  const scope = el.closest('.card, section, [role="dialog"], [role="alertdialog"]');
  return scope !== null && scope.contains(document.activeElement);
}

const NOT_YET = Symbol('not yet');

export interface FocusOnChange {
  /** Also when the element first appears (it appears because of the person's own action). Default false. */
  onMount?: boolean;
  /** Take the focus wherever it is (a call to the desk, which must not be missed). Default false. */
  always?: boolean;
}

/**
 * A ref whose element takes the focus each time `key` changes to something (a new call, a new result, the next
 * step): the way panels move the focus to what just happened. Nothing moves while `key` is null, undefined or
 * false, nor when the focus is busy elsewhere (see {@link mayTakeFocus}) unless `always`.
 */
export function useFocusOnChange<T extends HTMLElement>(
  key: unknown,
  { onMount = false, always = false }: FocusOnChange = {},
): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  // The key last acted on: the first render's counts as seen unless the element should take the focus at once.
  const seen = useRef<unknown>(onMount ? NOT_YET : key);
  useEffect(() => {
    if (Object.is(seen.current, key)) return;
    seen.current = key;
    if (key === null || key === undefined || key === false) return;
    const el = ref.current;
    if (el && (always || mayTakeFocus(el))) focusOn(el);
  }, [key, always]);
  return ref;
}
