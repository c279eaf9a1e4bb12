import { useEffect } from 'react';
import { local } from '../net/localWalker.ts';

const FORWARD = new Set(['KeyW', 'ArrowUp']);
const BACK = new Set(['KeyS', 'ArrowDown']);
const LEFT = new Set(['KeyA', 'ArrowLeft']);
const RIGHT = new Set(['KeyD', 'ArrowRight']);

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/**
 * WASD and arrow keys walk the avatar relative to the camera. Keys typed into a form never move anyone,
 * and letting go of the window (alt-tab) stops the walk instead of leaving a key stuck down.
 */
export function useKeyboardWalk(): void {
  useEffect(() => {
    const down = new Set<string>();
    const apply = () => {
      let x = 0;
      let y = 0;
      for (const code of down) {
        if (FORWARD.has(code)) y += 1;
        if (BACK.has(code)) y -= 1;
        if (LEFT.has(code)) x -= 1;
        if (RIGHT.has(code)) x += 1;
      }
      local.keys.x = Math.sign(x);
      local.keys.y = Math.sign(y);
    };
    const isWalkKey = (code: string) => FORWARD.has(code) || BACK.has(code) || LEFT.has(code) || RIGHT.has(code);
    const onDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typingInto(e.target) || !isWalkKey(e.code)) return;
      down.add(e.code);
      apply();
      if (e.code.startsWith('Arrow')) e.preventDefault();
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
