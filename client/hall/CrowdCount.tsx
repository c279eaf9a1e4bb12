import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import i18next from 'i18next';
import { moreInHall, usePeople } from '../net/stores.ts';

/** How often the count over the scene may change, ms (the people list says it to screen readers). */
const EVERY_MS = 2000;

const STYLE: Partial<CSSStyleDeclaration> = {
  position: 'absolute',
  // Under the hall's name, clear of the walking stick and of the panels that cover a phone's lower half.
  left: '0.75rem',
  top: '4.5rem',
  padding: '0.2rem 0.7rem',
  borderRadius: '999px',
  background: 'rgba(255, 255, 255, 0.96)',
  boxShadow: '0 1px 3px rgba(0, 0, 0, 0.18)',
  color: '#2b3440',
  font: '500 13px/1.4 system-ui, sans-serif',
  pointerEvents: 'none',
  whiteSpace: 'nowrap',
  // Over the canvas and the name tags drawn in it.
  zIndex: '2',
};

/**
 * How many more people are in the hall than drawn near this person, as a small label over the 3D scene ("大厅里还有
 * 640 人"), hidden while everyone is near. Plain DOM beside the canvas, written from the people store: nothing in
 * React re-renders. Hidden from screen readers, which hear the same count from the people list.
 */
export function CrowdCount() {
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    const host = gl.domElement.parentElement?.parentElement;
    if (!host) return;
    const label = document.createElement('div');
    label.className = 'crowd-count';
    label.setAttribute('aria-hidden', 'true');
    Object.assign(label.style, STYLE);
    host.appendChild(label);
    let shown = -1;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const paint = () => {
      timer = undefined;
      const { people, inHall } = usePeople.getState();
      const more = moreInHall(inHall, Object.keys(people).length);
      last = Date.now();
      if (more === shown) return;
      shown = more;
      label.textContent = more > 0 ? i18next.t('people.moreShort', { count: more }) : '';
      label.style.display = more > 0 ? '' : 'none';
    };
    const later = () => {
      if (timer === undefined) timer = setTimeout(paint, Math.max(0, last + EVERY_MS - Date.now()));
    };
    const again = () => {
      shown = -1;
      paint();
    };
    paint();
    const stop = usePeople.subscribe(later);
    i18next.on('languageChanged', again);
    return () => {
      stop();
      i18next.off('languageChanged', again);
      clearTimeout(timer);
      label.remove();
    };
  }, [gl]);
  return null;
}
