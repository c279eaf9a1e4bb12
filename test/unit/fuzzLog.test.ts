import { describe, expect, it } from 'vitest';
import { checkLog } from '../fuzz/logCheck.ts';

/** Session ids as Colyseus makes them (nine characters). */
const [A, B, C] = ['Xk3_9aQzP', 'r7Yt-2LmW', 'Q0pLs8ZxV'];
const dropped = (session: string) =>
  `2026-12-05T05:00:00.000Z warn hall.client.dropped session="${session}" reason="undecodable"`;

describe("the fuzz run's log check", () => {
  it('passes a log with one line per bad frame and no stack trace', () => {
    const lines = [dropped(A), dropped(B), `2026-12-05T05:00:00.000Z info hall.join session="${C}"`];
    expect(checkLog(lines, [A, B, C])).toEqual({
      badFrameDrops: 2,
      badFrameLogLines: 2,
      badFrameMostLines: 1,
      stackOrLibraryLines: 0,
      errorLines: 0,
      problems: [],
    });
  });

  it('fails a log where a bad frame cost two lines, naming the sender', () => {
    const report = checkLog([dropped(A), dropped(A), dropped(B)], [A, B]);
    expect(report.badFrameMostLines).toBe(2);
    expect(report.problems).toEqual([
      expect.stringMatching(/^a bad frame's sender \(Xk3_9aQzP\) was logged in 2 lines/),
    ]);
  });

  it('fails a log with a stack trace or a line Colyseus printed itself', () => {
    const trace = 'Error: boom\n    at onData (RoomMessages.mjs:120:5)\n    at emit (node:events:1:1)';
    const report = checkLog([dropped(A), trace, 'x colyseus something'], [A]);
    expect(report.stackOrLibraryLines).toBe(2);
    expect(report.problems).toEqual([
      expect.stringMatching(/^2 stack-trace or library lines in the log, first: Error: boom⏎/),
    ]);
  });

  it('fails a log with a line at error level, such as a handler that failed', () => {
    const failed = `2026-12-05T05:00:00.000Z error meeting.intent.failed session="${A}" intent="chat" reason="internal"`;
    const report = checkLog([dropped(A), failed], [A]);
    expect(report.errorLines).toBe(1);
    expect(report.problems).toEqual([
      expect.stringMatching(/^1 error lines in the log, first: .*meeting\.intent\.failed/),
    ]);
  });
});
