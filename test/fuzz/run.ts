/**
 * The long fuzz run: `npm run fuzz -- --messages 100000 --seed 7` starts a real hall in this process, sends
 * that many seeded messages over real sockets — a share of them (`--meeting-share`, 0 for the hall alone) at
 * the table of a three-party session the run schedules — and prints a summary (`--every-message` checks the
 * invariants after each message, `--burst N` after every N). It fails (exit code 1) on a broken invariant,
 * and also when the hall's log shows a stack trace, an error line or a bad frame logged in more than one
 * line. A failure prints its seed: add it to REGRESSION_SEEDS in test/integration/hostile.test.ts, where it
 * then runs on every test run.
 */
import { parseArgs } from 'node:util';
import { bootHall } from '../integration/helpers.ts';
import { FuzzFailure, MEETING_SHARE, runFuzz } from './hallFuzz.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    merchants: { type: 'string', default: '6' },
    officers: { type: 'string', default: '2' },
    // Share of the messages sent at a three-party session's table (0: the hall alone).
    'meeting-share': { type: 'string', default: String(MEETING_SHARE) },
    // Check the invariants after every message instead of every burst, as the regression seeds do.
    'every-message': { type: 'boolean', default: false },
    // Messages between two checks of the invariants.
    burst: { type: 'string', default: '40' },
  },
});
const seed = Number(values.seed);
const merchants = Number(values.merchants);
const officers = Number(values.officers);

// The hall's log is kept (not printed) to count the lines each bad frame costs.
const lines: string[] = [];
for (const level of ['log', 'warn', 'error', 'info'] as const) {
  console[level] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
}
process.env.LOG_LEVEL = '';
const hall = await bootHall({ HALL_MAX_CLIENTS: String(merchants + officers + 1), HALL_STAFF_SEATS: '0' });
const started = Date.now();
let code = 0;
try {
  const s = await runFuzz(hall, {
    seed,
    messages: Number(values.messages),
    merchants,
    officers,
    logLines: lines,
    checkEvery: values['every-message'] ? 'message' : 'burst',
    burst: Number(values.burst),
    meetingShare: Number(values['meeting-share']),
  });
  const m = s.meeting;
  // The invariants held; the run still fails when the log shows a stack trace or a bad frame cost more than a line.
  if (s.problems.length > 0) code = 1;
  process.stdout.write(
    [
      s.problems.length === 0 ? `fuzz seed ${s.seed}: passed` : `fuzz seed ${s.seed}: FAILED`,
      ...s.problems.map((p) => `  failed: ${p}`),
      `  messages sent          ${s.messages}`,
      `  refusals answered      ${s.refusals}`,
      `  connections dropped    ${s.drops}`,
      `  garbage frames sent    ${s.badFrames}`,
      `  invariant checks       ${s.checks}`,
      ...(m
        ? [
            `  at the meeting table   ${m.messages} messages (${m.httpMoves} over HTTP) in ${m.sessions} sessions, ${m.refusals} refusals`,
            `                         ${m.chatLines} chat lines and ${m.signalsRelayed} voice signals shown, ${m.removals} removed, ${m.doorRefusals} turned away at the door`,
          ]
        : []),
      `  shown out for a bad frame ${s.badFrameDrops}, log lines about them ${s.badFrameLogLines} (at most ${s.badFrameMostLines} each)`,
      `  stack-trace or library lines ${s.stackOrLibraryLines}, error lines ${s.errorLines}`,
      `  hall log lines         ${lines.length}`,
      `  time                   ${Math.round((Date.now() - started) / 1000)} s`,
      s.problems.length === 0 ? '' : `replay: npm run fuzz -- --seed ${seed} --messages ${s.messages}\n`,
    ].join('\n'),
  );
} catch (err) {
  code = 1;
  process.stdout.write(
    `${err instanceof FuzzFailure ? err.message : String(err)}\nreplay: npm run fuzz -- --seed ${seed}\n`,
  );
} finally {
  await hall.close();
}
process.exit(code);
