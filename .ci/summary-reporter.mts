import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints `tests: N passed, N failed[, N skipped]` alone on the last line, for CI logs and
 * scripts to read. A test file that failed to load and an unhandled error count as failures,
 * so a run that vitest calls red never prints "0 failed".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of modules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedInModule++;
        else if (state === 'skipped') skipped++;
      }
      // Errors outside any test (syntax error, failing import, beforeAll hook) fail the file.
      if (failedInModule === 0 && module.errors().length > 0) failedInModule = 1;
      failed += failedInModule;
    }
    const parts = [`${passed} passed`, `${failed} failed`];
    if (skipped > 0) parts.push(`${skipped} skipped`);
    process.stdout.write(`\ntests: ${parts.join(', ')}\n`);
  }
}
