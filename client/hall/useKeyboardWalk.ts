import { useEffect } from 'react';
import { local } from '../net/localWalker.ts';

const FORWARD = new Set(['KeyW', 'ArrowUp']);
const BACK = new Set(['KeyS', 'ArrowDown']);
const LEFT = new Set(['KeyA', 'ArrowLeft']);
const RIGHT = new Set(['KeyD', 'ArrowRight']);
const TURN_LEFT = new Set(['KeyQ']);
const TURN_RIGHT = new Set(['KeyE']);
const ZOOM_IN = new Set(['Equal', 'NumpadAdd']);
const ZOOM_OUT = new Set(['Minus', 'NumpadSubtract']);
const ALL = [FORWARD, BACK, LEFT, RIGHT, TURN_LEFT, TURN_RIGHT, ZOOM_IN, ZOOM_OUT];

/**
 * Keys walk and turn the view only while the hall itself has the focus (the page, or the scene after a
 * click or Tab), never while a panel control or a form field has it: arrow keys there keep their own
 * meaning, such as scrolling the people list.
 */
function hallHasFocus(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  return target === document.body || target.closest('.scene') !== null;
}

/**
 * WASD and arrow keys walk the avatar relative to the camera; Q / E turn the view and + / - zoom it.
 * Letting go of the window (alt-tab) stops everything instead of leaving a key stuck down.
 */
export function useKeyboardWalk(): void {
  useEffect(() => {
    const down = new Set<string>();
    const count = (keys: Set<string>) => [...down].filter((c) => keys.has(c)).length;
    const apply = () => {
      local.keys.x = Math.sign(count(RIGHT) - count(LEFT));
      local.keys.y = Math.sign(count(FORWARD) - count(BACK));
      local.view.turn = Math.sign(count(TURN_RIGHT) - count(TURN_LEFT));
      local.view.zoom = Math.sign(count(ZOOM_IN) - count(ZOOM_OUT));
    };
    const onDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !hallHasFocus(e.target)) return;
      if (!ALL.some((keys) => keys.has(e.code))) return;
      down.add(e.code);
      apply();
      e.preventDefault(); // no page scrolling or zooming under the walk
    };
    const onUp = (e: KeyboardEvent) => {
      if (down.delete(e.code)) apply();
    };
    const clear = () => {
      down.clear();
      apply();
    };
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    window.addEventListener('blur', clear);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('blur', clear);
      clear();
    };
  }, []);
}
