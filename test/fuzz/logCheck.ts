/**
 * What a fuzz run's log must show: no stack trace, no line Colyseus printed itself, no error line (a handler
 * that failed, a write that did not land: nothing a client sends may cause one), and at most one line for
 * each connection shown out for a bad frame (the frame is answered by dropping its sender, once).
 */
export interface LogReport {
  /** Connections shown out for a bad frame, and the log lines about that (one each when all is well). */
  badFrameDrops: number;
  badFrameLogLines: number;
  /** The most lines one bad frame's sender was logged with. */
  badFrameMostLines: number;
  /** Stack-trace lines and lines Colyseus printed itself (none when all is well). */
  stackOrLibraryLines: number;
  /** Lines the hall logged at error level (none when all is well). */
  errorLines: number;
  /** Why the log breaks the rules, one reason each, with a sample line; empty when it keeps them. */
  problems: string[];
}

const STACK_OR_LIBRARY = /^\s+at |\n\s+at | colyseus /;
/** A line of the hall's log (server/log.ts) at error level. */
const ERROR_LINE = /^\S+ error /;
/** The reasons a connection is shown out for a frame it sent. */
const BAD_FRAME = /undecodable|too_large|WITH_ERROR/;

/** Reads the hall's `lines` for the sessions that sent garbage frames (`garbageSessions`). */
export function checkLog(lines: readonly string[], garbageSessions: Iterable<string>): LogReport {
  const report: LogReport = {
    badFrameDrops: 0,
    badFrameLogLines: 0,
    badFrameMostLines: 0,
    stackOrLibraryLines: 0,
    errorLines: 0,
    problems: [],
  };
  let worst: { session: string; lines: string[] } | undefined;
  for (const session of new Set(garbageSessions)) {
    const about = lines.filter((l) => l.includes(session) && BAD_FRAME.test(l));
    if (about.length > 0) report.badFrameDrops++;
    report.badFrameLogLines += about.length;
    if (about.length > report.badFrameMostLines) {
      report.badFrameMostLines = about.length;
      worst = { session, lines: about };
    }
  }
  const traces = lines.filter((l) => STACK_OR_LIBRARY.test(l));
  report.stackOrLibraryLines = traces.length;
  const sample = (l: string) => l.slice(0, 300).replace(/\n/g, '⏎');
  if (traces.length > 0)
    report.problems.push(`${traces.length} stack-trace or library lines in the log, first: ${sample(traces[0]!)}`);
  const errors = lines.filter((l) => ERROR_LINE.test(l));
  report.errorLines = errors.length;
  if (errors.length > 0) report.problems.push(`${errors.length} error lines in the log, first: ${sample(errors[0]!)}`);
  if (worst && worst.lines.length > 1)
    report.problems.push(
      `a bad frame's sender (${worst.session}) was logged in ${worst.lines.length} lines, not one: ${worst.lines.map(sample).join(' | ')}`,
    );
  return report;
}
