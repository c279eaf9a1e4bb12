import { useEffect } from 'react';

/** Sheets shown as a page of their own right now; the page prints only them while any is open. */
let open = 0;

/**
 * While `active`, the page is in print mode (styles.css, `body.printing`): on screen the sheet covers the
 * hall, on paper it is all there is. Several sheets may ask at once; the mode ends with the last.
 */
export function usePrintPage(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    open++;
    document.body.classList.add('printing');
    return () => {
      open--;
      if (open === 0) document.body.classList.remove('printing');
    };
  }, [active]);
}
