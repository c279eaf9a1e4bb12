import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Under CI a failed integration or browser test is tried once more (see vitest.config.ts). This lists, at the
 * end of the run, every test that needed it, so a test that fails now and then is seen and fixed, not hidden.
 */
export default class RetriedReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const tries = test.diagnostic()?.retryCount ?? 0;
    if (tries === 0) return;
    const file = relative(process.cwd(), test.module.moduleId);
    this.retried.push(`  ${file} > ${test.fullName}: ${test.result().state} on try ${tries + 1}`);
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) return;
    console.log(`\nTests that passed or failed only when tried again (${this.retried.length}):`);
    for (const line of this.retried) console.log(line);
  }
}
