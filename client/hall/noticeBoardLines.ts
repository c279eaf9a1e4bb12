import { NOTICE_BOARD_ASPECT } from '../../shared/layout.ts';

/**
 * What the 3D notice board shows and where, on its canvas: one notice a page, its title as large as a poster's
 * so that a phone reads it from the benches, and the first words of its text under it for whoever walks up.
 * Measured on a Pixel 7 from the waiting area (`test/e2e/hallBoards.e2e.test.ts`), a canvas pixel of the
 * board shows about 0.095 CSS px, so the title's size gives 12 CSS px and more.
 */

/** Canvas size of the board's texture, px. */
export const BOARD_W_PX = 1024;
export const BOARD_H_PX = Math.round(BOARD_W_PX * NOTICE_BOARD_ASPECT);
/** The band across the top (its height) and the size of its words: the board's name, what kind, which page. */
export const BAND_PX = 96;
export const BAND_TEXT_PX = 64;
/** A title line's size, px, and how many lines a title takes at most. */
export const TITLE_PX = 136;
export const TITLE_LINES = 2;
/** A line of the notice's text, px, and how many show under the title. */
export const TEXT_PX = 60;
export const TEXT_LINES = 2;
/** Share of the board's width a line may take. */
const LINE_SHARE = 0.95;
/** How long each page shows before the next, ms. Default 6 s: a title and two short lines. */
export const BOARD_PAGE_MS = 6000;

/** One page of the board: what kind of entry (a notice's category, or the sessions), its title and its text. */
export interface BoardPage {
  kind: string;
  title: string;
  text: string;
}

// Symbols such as ★ and the CJK brackets draw full width in the Chinese fonts.
const widthOf = (ch: string) => (ch.charCodeAt(0) < 0x2000 ? 0.55 : 1);
const widthOfAll = (s: string) => [...s].reduce((sum, ch) => sum + widthOf(ch), 0);

/** How many full-width (CJK) characters a line of `size` px holds; a Latin letter counts about half. */
export function lineCapacity(size: number): number {
  return Math.floor((BOARD_W_PX * LINE_SHARE * 10) / size) / 10;
}

/** A piece that wraps as one: a Latin word with the spaces after it, or a single CJK character. */
function pieces(text: string): string[] {
  return text.replace(/\s/gu, ' ').match(/[ -\u1fff]+?(?: +|$|(?=[^ -\u1fff]))|[^ -\u1fff]/gu) ?? [];
}

/**
 * `text` broken into at most `maxLines` lines of `size` px: between words in Latin script, anywhere in
 * Chinese, at its own line breaks; a text that does not fit ends with an ellipsis. Squeezed text is
 * unreadable from afar, so nothing is squeezed.
 */
export function wrapLines(text: string, size: number, maxLines: number): string[] {
  const width = lineCapacity(size);
  const lines: string[] = [];
  let cut = false;
  for (const paragraph of text.split('\n').map((p) => p.trim())) {
    if (!paragraph) continue;
    let line = '';
    for (const piece of pieces(paragraph)) {
      if (widthOfAll(line + piece.trimEnd()) <= width) {
        line += piece;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      line = '';
      // A word longer than a line is broken where the line ends.
      for (const ch of piece) {
        if (widthOfAll(line + ch) > width) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
  }
  if (lines.length > maxLines) {
    cut = true;
    lines.length = maxLines;
  }
  if (!cut) return lines;
  const last = [...lines[maxLines - 1]!];
  while (last.length && widthOfAll(last.join('') + '…') > width) last.pop();
  lines[maxLines - 1] = `${last.join('').trimEnd()}…`;
  return lines;
}

/** A line painted on the board: its text, size and weight, and the middle of its line on the canvas. */
export interface BoardRow {
  text: string;
  size: number;
  weight: number;
  /** px from the canvas's top to the middle of the line. */
  middle: number;
  part: 'title' | 'text';
}

/**
 * The lines of a page under the band: the title's (at most {@link TITLE_LINES}), then the text's (at most
 * {@link TEXT_LINES}), the whole block in the middle of the space under the band.
 */
export function pageRows(page: Pick<BoardPage, 'title' | 'text'>): BoardRow[] {
  const rows: Omit<BoardRow, 'middle'>[] = [
    ...wrapLines(page.title, TITLE_PX, TITLE_LINES).map((text) => ({
      text,
      size: TITLE_PX,
      weight: 800,
      part: 'title' as const,
    })),
    ...wrapLines(page.text, TEXT_PX, TEXT_LINES).map((text) => ({
      text,
      size: TEXT_PX,
      weight: 600,
      part: 'text' as const,
    })),
  ];
  const lead = (size: number) => size * (size === TITLE_PX ? 1.12 : 1.2);
  const gap = rows.some((r) => r.part === 'text') && rows.some((r) => r.part === 'title') ? TEXT_PX * 0.4 : 0;
  const total = rows.reduce((sum, r) => sum + lead(r.size), 0) + gap;
  let y = BAND_PX + (BOARD_H_PX - BAND_PX - total) / 2;
  return rows.map((r, i) => {
    if (i > 0 && r.part === 'text' && rows[i - 1]!.part === 'title') y += gap;
    const middle = y + lead(r.size) / 2;
    y += lead(r.size);
    return { ...r, middle };
  });
}
