import { QUEUE_BOARD_ASPECT } from '../../shared/layout.ts';
import { pageLayout } from '../net/layoutStore.ts';

/**
 * What the calling screen shows and where, on its canvas: the current calls, number → desk, in type a phone
 * reads from the benches. Measured on a Pixel 7 from the waiting area (`test/e2e/hallBoards.e2e.test.ts`), a
 * canvas pixel of the screen's height shows about 0.12 CSS px, so these sizes give 12 CSS px and more; what
 * could not be read at such a size (the closed desks, the waiting counts) is left to the 2D "叫号屏" table,
 * and calls that do not fit turn over in pages.
 */

/** Canvas size of the screen's texture, px: sharp when a phone's camera is close, cheap when it is not. */
export const SCREEN_W = 1280;
export const SCREEN_H = Math.round(SCREEN_W * QUEUE_BOARD_ASPECT);
/** The title band across the top (its height) and the size of its words, px. */
export const HEADER_PX = 124;
export const HEADER_TEXT_PX = 100;
/** Calls shown at once, one row each, under the title band. */
export const CALLS_PER_PAGE = 3;
export const ROW_PX = (SCREEN_H - HEADER_PX) / CALLS_PER_PAGE;
/** The number called and its desk's name, px. */
export const NUMBER_PX = 116;
export const DESK_PX = 108;
/** How long a page of calls shows before the next, when there are more than fit, ms. */
export const CALLS_PAGE_MS = 5000;

/**
 * A row of the screen: a number called to a desk (1-based, as the desks are named), still waiting for its
 * holder (`calling`) or being served; or an open desk paused (its officer away or in the meeting room), which
 * calls nobody for now.
 */
export interface ScreenCall {
  number: string;
  desk: number;
  calling: boolean;
  paused?: boolean;
}

/** What the screen needs of a desk on the public board. */
export interface ScreenDesk {
  open: boolean;
  paused: boolean;
  serving: string;
  calling: boolean;
}

/**
 * The rows to show: every open desk with a number, those still calling first (their holders are on their
 * way), then those serving, then the paused desks without one, each group in the desks' order. A closed desk
 * or an open one with nobody to call shows nothing: the 2D "叫号屏" table lists every desk.
 */
export function currentCalls(
  desks: Readonly<Record<string, ScreenDesk | undefined>>,
  order: readonly string[] = pageLayout().desks.map((d) => d.id),
): ScreenCall[] {
  const rows = order.flatMap((id, i): ScreenCall[] => {
    const d = desks[id];
    if (!d?.open) return [];
    if (d.serving) return [{ number: d.serving, desk: i + 1, calling: d.calling }];
    return d.paused ? [{ number: '', desk: i + 1, calling: false, paused: true }] : [];
  });
  return [
    ...rows.filter((c) => c.calling),
    ...rows.filter((c) => !c.calling && !c.paused),
    ...rows.filter((c) => c.paused),
  ];
}

/** The calls in pages of {@link CALLS_PER_PAGE}; none gives one empty page (the screen says there are none). */
export function callPages(calls: readonly ScreenCall[]): ScreenCall[][] {
  const pages: ScreenCall[][] = [];
  for (let i = 0; i < calls.length; i += CALLS_PER_PAGE) pages.push(calls.slice(i, i + CALLS_PER_PAGE));
  return pages.length ? pages : [[]];
}

/** The middle of row `i` (from 0) on the canvas, px from its top. */
export function rowMiddle(i: number): number {
  return HEADER_PX + ROW_PX * (i + 0.5);
}
