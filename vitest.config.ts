import { defineConfig } from 'vitest/config';

// Under CI (two cores, a real browser, real databases) a failed integration or browser test is tried once
// more; test/support/retriedReporter.ts lists at the end every test that needed it.
const retry = process.env.CI ? 1 : 0;

export default defineConfig({
  test: {
    // Two files at a time even on two cores: most integration time is spent waiting on sockets, databases and
    // child processes, not computing. (Vitest's own default would be one worker here.) Browser files still
    // run one at a time (fileParallelism below).
    maxWorkers: 2,
    reporters: ['default', './test/support/retriedReporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The seeded property runs take a second alone and several on a two-core machine busy with other work.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Generous: the embedded database alone can take 30 s to open on a busy two-core machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          retry,
          env: { LOG_LEVEL: 'silent' },
          globalSetup: ['test/integration/globalSetup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          retry,
          // Software WebGL on two cores is slow; waits are for what a person would see, however long it takes.
          expect: { poll: { timeout: 20_000, interval: 100 } },
          globalSetup: ['test/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
