/** Board lines on one page; a phone reads them from the benches at this size (72 px on a 1,024 px board). */
export const BOARD_LINES_PER_PAGE = 3;
/** A board line's size on the 1,024 px canvas, px. */
export const BOARD_LINE_PX = 72;
/** How long each page shows before the next, ms. Default 6 s: long enough to read three short lines. */
export const BOARD_PAGE_MS = 6000;
/** Width of one board line, in full-width (CJK) characters (92 % of the canvas); a Latin letter counts about half. */
const LINE_WIDTH = Math.floor((1024 * 0.92 * 10) / BOARD_LINE_PX) / 10;

// Symbols such as ★ and the CJK brackets draw full width in the Chinese fonts.
const widthOf = (ch: string) => (ch.charCodeAt(0) < 0x2000 ? 0.55 : 1);

/** A line cut to what the board shows at its size, with an ellipsis: squeezed text is unreadable from afar. */
export function fitLine(text: string): string {
  const chars = [...text];
  if (chars.reduce((sum, ch) => sum + widthOf(ch), 0) <= LINE_WIDTH) return text;
  let width = 0;
  let out = '';
  for (const ch of chars) {
    if (width + widthOf(ch) > LINE_WIDTH - 1) break;
    width += widthOf(ch);
    out += ch;
  }
  return `${out}…`;
}

/**
 * Board entries (one line or several: a session's when, then its title) packed into pages of at most
 * {@link BOARD_LINES_PER_PAGE} lines, an entry never split across two; none gives no page.
 */
export function boardPages<T>(entries: readonly (readonly T[])[]): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  for (const entry of entries) {
    if (page.length > 0 && page.length + entry.length > BOARD_LINES_PER_PAGE) {
      pages.push(page);
      page = [];
    }
    page.push(...entry.slice(0, BOARD_LINES_PER_PAGE));
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
