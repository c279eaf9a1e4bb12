import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Generous: the embedded database alone can take 30 s to open on a busy two-core machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { LOG_LEVEL: 'silent' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // Software WebGL on two cores is slow; waits are for what a person would see, however long it takes.
          expect: { poll: { timeout: 20_000, interval: 100 } },
          globalSetup: ['test/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
