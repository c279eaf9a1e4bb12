import { describe, expect, it } from 'vitest';
import {
  CALLS_PER_PAGE,
  callPages,
  currentCalls,
  HEADER_PX,
  NUMBER_PX,
  ROW_PX,
  rowMiddle,
  SCREEN_H,
  type ScreenDesk,
} from '../../client/hall/callingScreen.ts';

const desk = (over: Partial<ScreenDesk> = {}): ScreenDesk => ({
  open: true,
  paused: false,
  serving: '',
  calling: false,
  ...over,
});
const ORDER = ['desk-1', 'desk-2', 'desk-3', 'desk-4'];

describe('the calling screen', () => {
  it('shows each open desk’s number, the calls still waiting for their holder first, in the desks’ order', () => {
    const calls = currentCalls(
      {
        'desk-1': desk({ serving: 'R-001' }),
        'desk-2': desk(),
        'desk-3': desk({ serving: 'C-004', calling: true }),
        'desk-4': desk({ open: false, serving: 'G-002' }),
      },
      ORDER,
    );
    expect(calls).toEqual([
      { number: 'C-004', desk: 3, calling: true },
      { number: 'R-001', desk: 1, calling: false },
    ]);
  });

  it('shows a paused desk after the calls, and a paused desk still serving as serving', () => {
    const calls = currentCalls(
      {
        'desk-1': desk({ paused: true }),
        'desk-2': desk({ paused: true, serving: 'S-003' }),
        'desk-3': desk({ serving: 'C-004', calling: true }),
      },
      ORDER,
    );
    expect(calls).toEqual([
      { number: 'C-004', desk: 3, calling: true },
      { number: 'S-003', desk: 2, calling: false },
      { number: '', desk: 1, calling: false, paused: true },
    ]);
  });

  it('shows no desk that has nothing to call: closed, idle or unknown', () => {
    expect(currentCalls({ 'desk-1': desk(), 'desk-2': desk({ open: false }) }, ORDER)).toEqual([]);
  });

  it('turns over in pages when more calls than fit, and has one empty page when there are none', () => {
    const calls = ORDER.map((_, i) => ({ number: `R-00${i}`, desk: i + 1, calling: true }));
    expect(callPages(calls).map((p) => p.length)).toEqual([CALLS_PER_PAGE, ORDER.length - CALLS_PER_PAGE]);
    expect(callPages([])).toEqual([[]]);
  });

  it('fits its rows under the title band, each taller than its number', () => {
    expect(ROW_PX).toBeGreaterThan(NUMBER_PX);
    expect(rowMiddle(0) - ROW_PX / 2).toBe(HEADER_PX);
    expect(rowMiddle(CALLS_PER_PAGE - 1) + ROW_PX / 2).toBeCloseTo(SCREEN_H);
  });
});
